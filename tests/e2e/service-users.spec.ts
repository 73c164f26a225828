import { expect, test, type Page } from '@playwright/test';
import { daysUntilExpiry } from '../../shared/expiry';
import type { ExpiryReminder, ServiceUserList } from '../../shared/manage';
import { utcToday } from '../../shared/serviceUser';
import { expectAccessible } from './support/a11y';
import { listProfiles } from './support/app';
import { createUserThroughCore, harnessPerTest, unwrap, type WithApi } from './support/sandboxCore';

/**
 * The service users list against the sandbox through the harness: the seeded users, the
 * "expiring within 30 days" filter (in the address), the navigation badge, and a reminder for a
 * user created to expire tomorrow. What the UI shows is compared with what core answers.
 */
const harness = harnessPerTest();

const cachedList = async (page: Page, profileId: string) =>
  unwrap<ServiceUserList>(
    await page.evaluate((id) => (globalThis as unknown as WithApi).api.serviceUsers.list({ profileId: id }), profileId),
  );
const reminders = async (page: Page) =>
  unwrap<ExpiryReminder[]>(await page.evaluate(() => (globalThis as unknown as WithApi).api.reminders.list({})));

const names = (page: Page) => page.getByTestId('su-name');
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });

test('lists the seeded users, filters "expiring within 30 days", shows the badge and a reminder for tomorrow', async ({
  page,
}) => {
  test.setTimeout(120_000); // a create, two list fetches and axe in both themes
  await harness.open(page);
  const [sandbox] = await listProfiles(page);
  const link = page.locator('[data-view="service-users"]');

  // The first visit fetches the list (every page) into core's cache.
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Service users' })).toBeVisible();
  await expect(page.getByTestId('su-asof').locator('time')).toBeVisible();
  const list = await cachedList(page, sandbox!.id);
  expect(list.asOf).not.toBeNull();
  expect(list.users.length).toBeGreaterThan(5);
  await expect(page.getByTestId('su-count')).toHaveText(`${list.users.length} service users`);
  await expect(names(page)).toHaveText(list.users.map((u) => u.friendlyName).sort(byName));

  // Exactly the users whose end date is today or within 30 days (UTC), by the one rule.
  const today = utcToday();
  const expiring = list.users
    .filter((u) => {
      const days = u.endDate ? daysUntilExpiry(u.endDate, today) : null;
      return days !== null && days >= 0 && days <= 30 && u.status !== 'EXPIRED';
    })
    .map((u) => u.friendlyName)
    .sort(byName);
  expect(expiring.length).toBeGreaterThan(0);
  await page.getByTestId('su-filter-expiring').check();
  await expect(page).toHaveURL(/#\/service-users\?filter=expiring&days=30$/);
  await expect(names(page)).toHaveText(expiring);
  for (const end of await page.getByTestId('su-end').all()) {
    await expect(end).toHaveAttribute('data-urgency', 'soon');
  }
  await expectAccessible(page, 'service users, expiring within 30 days');

  // The address carries the filter: a reload (or a reminder's link) opens the same view.
  await page.reload();
  await expect(page.getByTestId('su-filter-expiring')).toBeChecked();
  await expect(names(page)).toHaveText(expiring);

  // The badge: core's reminder count, in the link's accessible name too.
  const before = (await reminders(page)).length;
  expect(before).toBeGreaterThan(0);
  await expect(link.getByTestId('nav-badge')).toHaveText(String(before));
  await expect(link).toHaveAccessibleName(`Service users, ${before} expiring`);

  // A user that expires tomorrow: after a refresh it is listed, reminded of, and counted.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await createUserThroughCore(page, sandbox!.id, 'e2e-expires-tomorrow', tomorrow);
  await page.getByTestId('su-refresh').click();
  await expect(page.getByTestId('su-refresh-status')).toHaveText(/^List refreshed: \d+ service users\.$/);
  await expect(names(page)).toHaveText([...expiring, 'e2e-expires-tomorrow'].sort(byName));
  const reminder = page.locator('[data-testid="su-reminder"]', { hasText: 'e2e-expires-tomorrow' });
  await expect(reminder).toBeVisible();
  await expect(reminder.getByTestId('su-reminder-when')).toHaveText(/^expires on .* · 1 day left$/);
  await expect(link.getByTestId('nav-badge')).toHaveText(String(before + 1));
  await expect(link).toHaveAccessibleName(`Service users, ${before + 1} expiring`);

  // Muting it takes it out of the reminders and the count; Undo brings it back.
  await reminder.getByTestId('su-reminder-mute').click();
  await expect(page.getByTestId('su-reminders-status')).toContainText('Reminders for e2e-expires-tomorrow muted.');
  await expect(reminder).toHaveCount(0);
  await expect(link.getByTestId('nav-badge')).toHaveText(String(before));
  await page.getByTestId('su-reminder-undo').click();
  await expect(reminder).toBeVisible();
  await expect(link.getByTestId('nav-badge')).toHaveText(String(before + 1));
});
