import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { ManageOperation, ServiceUserDetails } from '../../shared/manage';
import type { ReferenceSnapshot } from '../../shared/reference';
import { daysUntilExpiry } from '../../shared/expiry';
import { utcToday } from '../../shared/serviceUser';
import { expectAccessible } from './support/a11y';
import { listProfiles, switchSandbox } from './support/app';
import { createUserThroughCore, harnessPerTest, unwrap, type WithApi } from './support/sandboxCore';

/**
 * Changing an existing service user against the sandbox through the harness: extend its end date
 * (seen in the list), change its roles (the difference on the review, admin-level flagged), and
 * an edit prepared while DigiCert ONE is unreachable, sent once when it is back. What the UI shows
 * is compared with what core answers.
 */
const harness = harnessPerTest();

function inDays(days: number, from = utcToday()): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const details = async (page: Page, profileId: string, userId: string) =>
  unwrap<ServiceUserDetails>(
    await page.evaluate(
      ({ profileId, userId }) => (globalThis as unknown as WithApi).api.serviceUsers.details({ profileId, userId }),
      { profileId, userId },
    ),
  );
const pending = async (page: Page, profileId: string) =>
  unwrap<ManageOperation[]>(
    await page.evaluate(
      (id) => (globalThis as unknown as WithApi).api.serviceUsers.operations({ profileId: id }),
      profileId,
    ),
  );

type WithDocument = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };

/** How far the page scrolls sideways at 320 × 640 CSS px (WCAG 1.4.10); the window is put back after. */
async function narrowOverflow(page: Page): Promise<number> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as WithDocument).document.documentElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  });
  if (before) await page.setViewportSize(before);
  return overflow;
}

/** Opens the service users list, refreshes it, and opens `name`'s details from its row. */
async function openFromList(page: Page, name: string): Promise<void> {
  await page.locator('[data-view="service-users"]').click();
  await page.getByTestId('su-refresh').click();
  await page.getByTestId('su-search').fill(name);
  const row = page.getByTestId('su-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(page.getByTestId('sd-title')).toHaveText(name);
}

async function setup(
  page: Page,
  endDate: string,
  description = '',
): Promise<{ profileId: string; userId: string; name: string }> {
  await harness.open(page);
  const [sandbox] = await listProfiles(page);
  const name = `edit-${randomBytes(4).toString('hex')}`;
  // With the Account Manager's "Default user" role.
  const userId = await createUserThroughCore(page, sandbox!.id, name, endDate, {
    description,
    role: (r) => r.name === 'Default user',
  });
  await openFromList(page, name);
  return { profileId: sandbox!.id, userId, name };
}

test('extend an end date by a preset from the current one; the list shows the new date', async ({ page }) => {
  const end = inDays(20);
  const { profileId, userId, name } = await setup(page, end);
  await expect(page.getByTestId('sd-end-date')).toContainText(end);
  // Not an entry of its own: the navigation shows "Service users" as where the admin is.
  await expect(page.locator('nav [data-view="service-users"]')).toHaveClass(/\bactive\b/);
  await expect.poll(() => narrowOverflow(page), { message: 'the details reflow at 320 px' }).toBe(0);

  await page.getByTestId('sd-edit-details-open').click();
  await expect(page.getByTestId('sd-presets-base')).toContainText(`from the current end date, ${end}`);
  await page.getByTestId('preset-90d').click();
  // Shown in the app's language (English: MM/DD/YYYY); the value sent stays YYYY-MM-DD.
  const [y, m, d] = inDays(90, end).split('-');
  await expect(page.getByTestId('end-date')).toHaveValue(`${m}/${d}/${y}`);
  await expect(page.getByTestId('expiry')).toContainText('(UTC)');
  await page.getByTestId('sd-edit-review').click();
  const row = page.getByTestId('sd-review-fields').locator('[data-field="endDate"]');
  await expect(row.getByTestId('sd-review-before')).toHaveText(end);
  await expect(row.getByTestId('sd-review-after')).toContainText(inDays(90, end));
  await expect.poll(() => narrowOverflow(page), { message: 'the review reflows at 320 px' }).toBe(0);
  await page.getByTestId('sd-review-confirm').click();

  await expect(page.getByTestId('sd-operation-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sd-end-date')).toContainText(inDays(90, end));
  expect((await details(page, profileId, userId)).user.endDate).toBe(inDays(90, end));

  await page.getByTestId('sd-back').click();
  await page.getByTestId('su-search').fill(name);
  const listed = page.getByTestId('su-row').filter({ hasText: name });
  await expect(listed.getByTestId('su-days')).toContainText(
    `${daysUntilExpiry(inDays(90, end), utcToday())} days left`,
  );
  await expect(listed.getByTestId('su-end')).not.toHaveAttribute('data-urgency', 'soon');
});

test('clear the description: sent as empty, the sandbox keeps none; leaving a typed edit asks first', async ({
  page,
}) => {
  const { profileId, userId } = await setup(page, inDays(60), 'Signs release builds');
  await expect(page.getByTestId('sd-description')).toHaveText('Signs release builds');

  // A typed edit is not dropped by the navigation without asking.
  await page.getByTestId('sd-edit-details-open').click();
  await page.getByTestId('description').fill('');
  await page.locator('nav [data-view="audit"]').click();
  const dialog = page.getByRole('dialog', { name: 'Leave without sending?' });
  await expect(dialog).toContainText('it will be lost');
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('description')).toHaveValue('');

  await page.getByTestId('sd-edit-review').click();
  const row = page.getByTestId('sd-review-fields').locator('[data-field="description"]');
  await expect(row.getByTestId('sd-review-after')).toHaveText('No description (removed)');
  await page.getByTestId('sd-review-confirm').click();
  await expect(page.getByTestId('sd-operation-status')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sd-description')).toHaveText('No description');
  expect((await details(page, profileId, userId)).user.description).toBe('');

  // Sent: nothing to ask about.
  await page.locator('nav [data-view="audit"]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
});

test('change roles: the review shows the difference with the admin-level role flagged', async ({ page }) => {
  test.setTimeout(120_000);
  const { profileId, userId } = await setup(page, inDays(60));
  const am = page.getByTestId('sd-roles').locator('[data-manager="Account Manager"]');
  await expect(am.locator('[data-role="Default user"]')).toBeVisible();
  await expect(page.getByTestId('tokens-section')).toBeVisible();
  await expectAccessible(page, 'service user details', 'main');

  await page.getByTestId('sd-edit-access-open').click();
  const form = page.getByTestId('sd-edit-access');
  await expect(form.locator('[data-role="Default user"]')).toBeChecked();
  await form.locator('[data-role="Default user"]').uncheck();
  await form.locator('[data-role="Account administrator"]').check();
  await page.getByTestId('sd-edit-review').click();

  const diff = page.getByTestId('sd-review-diff').locator('[data-manager="Account Manager"]');
  const added = diff.locator('[data-role="Account administrator"]');
  await expect(added).toHaveAttribute('data-change', 'added');
  await expect(added.getByTestId('admin-badge')).toBeVisible();
  await expect(diff.locator('[data-role="Default user"]')).toHaveAttribute('data-change', 'removed');
  await expect(page.getByTestId('sd-review-admin-warning')).toContainText('Account administrator');
  await expectAccessible(page, 'service user access review', 'main');
  expect(await pending(page, profileId)).toEqual([]); // nothing prepared before the confirm

  await page.getByTestId('sd-review-confirm').click();
  await expect(page.getByTestId('sd-operation-status')).toHaveAttribute('data-state', 'done');
  await expect(am.locator('[data-role="Account administrator"]')).toBeVisible();
  await expect(am.locator('[data-role="Default user"]')).toHaveCount(0);
  const after = await details(page, profileId, userId);
  const reference = unwrap<ReferenceSnapshot>(
    await page.evaluate((id) => (globalThis as unknown as WithApi).api.reference.get({ profileId: id }), profileId),
  );
  const roleNames = after.roles
    .flatMap((g) => g.roleIds)
    .map((id) => reference.data!.roles.find((r) => r.id === id)?.name);
  expect(roleNames).toEqual(['Account administrator']);
});

test('an edit prepared offline is sent once when the sandbox is back', async ({ page }) => {
  test.setTimeout(120_000);
  const end = inDays(10);
  const { profileId, userId } = await setup(page, end);

  await switchSandbox(page, false);
  await expect(page.getByTestId('sd-offline-note')).toBeVisible();
  await page.getByTestId('sd-edit-details-open').click();
  await page.getByTestId('preset-30d').click();
  await page.getByTestId('sd-edit-review').click();
  await expect(page.getByTestId('sd-review-offline')).toBeVisible();
  await expect(page.getByTestId('sd-review-confirm')).toHaveText('Prepare, send later');
  await page.getByTestId('sd-review-confirm').click();

  const status = page.getByTestId('sd-operation-status');
  await expect(status).toHaveAttribute('data-state', 'queued');
  await expect(page.getByTestId('sd-operation-offline')).toBeVisible();
  await expect(page.getByTestId('sd-operation-send')).toHaveCount(0);
  const queued = await pending(page, profileId);
  expect(queued.map((op) => [op.userId, op.state, op.request.kind])).toEqual([[userId, 'queued', 'update']]);

  // Back: Send is offered; nothing went out on its own.
  await switchSandbox(page, true);
  await expect(page.getByTestId('sd-operation-send')).toBeVisible();
  expect((await pending(page, profileId)).map((op) => op.state)).toEqual(['queued']);
  await page.getByTestId('sd-operation-send').click();
  await expect(status).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('sd-end-date')).toContainText(inDays(30, end));

  // Applied once: the tenant has the new date, the operation is no longer pending, one change audited.
  const after = await details(page, profileId, userId);
  expect(after.user.endDate).toBe(inDays(30, end));
  expect(after.operations).toEqual([]);
  expect(await pending(page, profileId)).toEqual([]);
  const changes = after.history.filter((e) => e.action === 'service_user_changed');
  expect(changes.map((e) => e.outcome)).toEqual(['ok']);
});
