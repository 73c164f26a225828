import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { requireService } from '../support/skip';
import { findSecretsOnDisk } from '../support/tmp';
import { keychainStatus, switchSandbox } from './support/app';
import { harnessPerTest } from './support/sandboxCore';
import {
  chooseRoles,
  fillDetails,
  next,
  openWizard,
  revealToken,
  secretToolClear,
  secretToolLookup,
} from './support/wizard';

/**
 * Issue 6 end to end: DigiCert ONE (the sandbox) is unreachable when the admin starts; the wizard
 * works from the cached reference data under an offline banner; the draft is queued; the tenant
 * comes back; the queued draft is created once and its token lands in the OS keychain.
 */
const harness = harnessPerTest();

test('offline start, a draft from the cache, queued; back online it is created and its token is in the keychain', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const h = await harness.open(page);
  const status = await keychainStatus(page);
  const keychainOk = requireService(
    'keychain',
    status.available ? null : `OS keychain unavailable (${status.reason}): ${status.detail}`,
  );

  // An earlier session fetched the tenant's accounts and roles (the cache); now it is unreachable.
  await openWizard(page);
  await switchSandbox(page, false);
  await page.reload();
  await openWizard(page);
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — data as of');

  // The whole wizard from cached data: accounts, managers, roles, the uniqueness hint.
  const name = `queued-${randomBytes(4).toString('hex')}`;
  await page.getByTestId('friendly-name').fill('ci-signer_prod');
  await page.getByTestId('friendly-name').blur(); // the error shows once the field is left
  await expect(page.getByTestId('friendly-name-error')).toContainText('already exists in this profile');
  await fillDetails(page, { name, managers: ['Account Manager', 'Software Trust'] });
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Default user', 'Signer']);
  await next(page, 'Review');
  await expect(page.getByTestId('wizard-create')).toHaveCount(0);
  await page.getByTestId('wizard-mark-ready').click();
  await expect(page.getByTestId('wizard-notice')).toContainText('marked ready to create');

  // DigiCert ONE is back: the queued draft is offered, and created after the admin confirms.
  await switchSandbox(page, true);
  await page.locator('[data-view="drafts"]').click();
  const item = page.locator(`[data-testid="draft-item"][data-name="${name}"]`);
  await expect(item).toHaveAttribute('data-state', 'ready');
  await item.getByTestId('draft-create').click();
  await page.getByRole('dialog').getByTestId('confirm').click();

  await expect(page.getByTestId('token-panel')).toBeVisible({ timeout: 20_000 });
  const token = await revealToken(page);
  const service = 'DigiCert ONE service user token (Sandbox (local) · sandbox)';
  try {
    if (keychainOk) {
      await expect(page.getByTestId('token-saved')).toContainText(service);
      expect(secretToolLookup(service, name)).toBe(token);
    }
    // Created exactly once in the tenant.
    const users = await page.evaluate(async () => {
      const api = (globalThis as unknown as { api: import('../../shared/ipc/contract').Api }).api;
      const ref = await api.reference.refresh({ profileId: 'sandbox' });
      return ref.ok ? (ref.value.data?.serviceUsers.map((u) => u.friendlyName) ?? []) : [];
    });
    expect(users.filter((u) => u === name)).toHaveLength(1);
    expect(findSecretsOnDisk(h.dataDir, [token])).toEqual([]);
  } finally {
    secretToolClear(service, name);
  }
});
