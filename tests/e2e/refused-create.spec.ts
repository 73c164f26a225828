import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { chooseRoles, fillDetails, next, openWizard } from './support/wizard';
import { harnessPerTest } from './support/sandboxCore';

/**
 * The wizard after DigiCert ONE refused a create, and names created in this session (issue 9 §3.2,
 * §3.3): the real renderer and core through the browser harness, against the built-in sandbox.
 */

type WithApi = { api: Api };

const harness = harnessPerTest();
test.beforeEach(async ({ page }) => {
  await harness.open(page);
  await openWizard(page);
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Details, one manager and its role, then Review with the token kept in memory (no keychain needed). */
async function toReview(page: Page, name: string): Promise<void> {
  await fillDetails(page, { name, managers: ['Software Trust'] });
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Signer']);
  await next(page, 'Review');
  const save = page.getByTestId('save-to-keychain');
  if ((await save.isEnabled()) && (await save.isChecked())) await save.uncheck();
}

test('after DigiCert refuses the name, the corrected draft autosaves and Create creates it', async ({ page }) => {
  const name = unique('refused-bot');
  await toReview(page, name);

  // Behind the wizard's back (another window, a colleague…), the same name gets created.
  await page.evaluate(async (n) => {
    const api = (globalThis as unknown as WithApi).api;
    const ref = await api.reference.get({ profileId: 'sandbox' });
    if (!ref.ok || !ref.value.data) throw new Error('no reference');
    const account = ref.value.data.accounts.find((a) => a.active)!;
    const role = ref.value.data.roles[0]!;
    const draft = await api.drafts.save({
      profileId: 'sandbox',
      step: 2,
      fields: {
        friendlyName: n,
        email: 'x@example.com',
        accountIds: [account.id],
        managers: [{ managerId: role.managerId, roleIds: [role.id] }],
      },
    });
    if (!draft.ok) throw new Error(draft.error.message);
    const created = await api.creation.create({ draftId: draft.value.id });
    if (!created.ok || created.value.state !== 'created') throw new Error('setup create failed');
    await api.token.dismiss({ handle: created.value.token.handle, unsaved: 'stored_elsewhere' });
  }, name);

  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
  await expect(page.getByTestId('friendly-name-error')).toHaveText('That name is already in use in DigiCert ONE.');

  const renamed = `${name}-2`;
  await page.getByTestId('friendly-name').fill(renamed);
  await expect(page.getByTestId('friendly-name-error')).toHaveCount(0);
  await expect(page.getByTestId('autosave')).toHaveAttribute('data-status', 'saved');
  await expect(page.getByTestId('wizard')).not.toContainText('changed elsewhere');

  await next(page, 'Roles and permissions');
  await next(page, 'Review');
  await expect(page.getByTestId('review-name')).toHaveText(renamed);
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('token-panel')).toBeVisible();
  await expect(page.getByTestId('step-heading')).toHaveText(`API token for “${renamed}”`);

  const names = await page.evaluate(async () => {
    const ref = await (globalThis as unknown as WithApi).api.reference.refresh({ profileId: 'sandbox' });
    return ref.ok ? (ref.value.data?.serviceUsers ?? []).map((u) => u.friendlyName) : [];
  });
  expect(names.filter((n) => n === name || n === renamed).sort()).toEqual([name, renamed].sort());
});

test('a name created in this session is flagged when typed again', async ({ page }) => {
  const name = unique('fresh-bot');
  await toReview(page, name);
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('token-panel')).toBeVisible();
  await page.getByTestId('stored-elsewhere').check();
  await page.getByTestId('token-close').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');

  await page.getByTestId('friendly-name').fill(name.toUpperCase());
  await page.getByTestId('friendly-name').blur(); // the error shows once the field is left
  await expect(page.getByTestId('friendly-name-error')).toContainText('already exists in this profile');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
});
