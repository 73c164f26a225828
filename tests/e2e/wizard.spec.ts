import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { requireService } from '../support/skip';
import { findSecretsOnDisk } from '../support/tmp';
import { keychainStatus } from './support/app';
import {
  chooseRoles,
  expectAccessible,
  fillDetails,
  next,
  openWizard,
  revealToken,
  secretToolClear,
  secretToolLookup,
} from './support/wizard';
import { harnessPerTest } from './support/sandboxCore';

/**
 * The creation wizard end to end: the real renderer and core through the browser harness, against
 * the built-in "Sandbox (local)" profile (a local imitation of DigiCert ONE's Account Manager API).
 */

const shots = fileURLToPath(new URL('../../out/screenshots/', import.meta.url));
type WithApi = { api: Api };

const harness = harnessPerTest();

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

test('create a service user with two managers, the token saved to the keychain before it is shown, read back, and nowhere on disk', async ({
  page,
}) => {
  const h = await harness.open(page);
  const status = await keychainStatus(page);
  const keychainOk = requireService(
    'keychain',
    status.available ? null : `OS keychain unavailable (${status.reason}): ${status.detail}`,
  );
  await openWizard(page);
  await expectAccessible(page, 'details (empty)');

  // Step 1, with its inline rules first.
  const name = unique('e2e-bot');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('friendly-name-error')).toHaveText('Enter a friendly name.');
  await expect(page.getByTestId('friendly-name')).toBeFocused();
  await expectAccessible(page, 'details (errors)');
  await page.getByTestId('friendly-name').fill('ci-signer_prod'); // seeded in the sandbox tenant
  await expect(page.getByTestId('friendly-name-error')).toContainText('already exists in this profile');
  await fillDetails(page, { name });
  await expect(page.getByTestId('friendly-name-error')).toHaveCount(0);
  await expect(page.getByTestId('expiry')).toContainText('(UTC)');
  await expect(page.getByTestId('autosave')).toHaveAttribute('data-status', 'saved');
  expect(page.url()).toMatch(/#\/new\?draft=/);

  // Step 2: roles for both managers.
  await next(page, 'Roles and permissions');
  await expect(page.locator('fieldset[data-manager]')).toHaveCount(2);
  await expectAccessible(page, 'roles');
  await chooseRoles(page, ['Default user']);
  await page.getByTestId('wizard-next').click();
  await expect(page.locator('fieldset[data-manager="Trust Lifecycle"] [data-testid="roles-error"]')).toHaveText(
    'Choose at least one role for this manager.',
  );
  await chooseRoles(page, ['Auditor']);
  await next(page, 'Review');

  // Step 3: review, with "save to keychain" on by default when the keychain works.
  await expect(page.getByTestId('review-name')).toHaveText(name);
  await expect(page.getByTestId('review-roles')).toContainText('Account Manager');
  await expect(page.getByTestId('review-roles')).toContainText('Trust Lifecycle');
  const save = page.getByTestId('save-to-keychain');
  const service = `SUD e2e ${randomBytes(3).toString('hex')}`;
  if (keychainOk) {
    await expect(save).toBeChecked();
    await expect(page.getByTestId('keychain-service')).toHaveValue(
      'DigiCert ONE service user token (Sandbox (local) · sandbox)',
    );
    await expect(page.getByTestId('keychain-account')).toHaveValue(name);
    await page.getByTestId('keychain-service').fill(service);
  } else {
    await expect(save).toBeDisabled();
  }
  await expectAccessible(page, 'review');
  await page.screenshot({ path: `${shots}wizard-review-light.png`, fullPage: true });

  // Step 4 → 5: create; the token arrives already in the keychain.
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('token-panel')).toBeVisible();
  await expect(page.getByTestId('step-heading')).toHaveText(`API token for “${name}”`);
  await expect(page.getByTestId('token-value')).toHaveAttribute('data-masked', 'true');
  await expectAccessible(page, 'token');
  const token = await revealToken(page);
  expect(token).toMatch(/^[0-9a-f]+_[0-9a-f]+$/);

  if (keychainOk) {
    try {
      await expect(page.getByTestId('token-saved')).toContainText(service);
      await expect(page.getByTestId('read-back-command').first()).toContainText('secret-tool lookup service');
      expect(secretToolLookup(service, name)).toBe(token);
      // The read-back command shown is exactly what works in a shell.
      const command = (await page.getByTestId('read-back-command').first().textContent())!;
      expect(execFileSync('sh', ['-c', command], { encoding: 'utf8', timeout: 10_000 })).toBe(token);
    } finally {
      secretToolClear(service, name);
    }
  }

  // Saved (or not possible here): close and let main forget it.
  if (!keychainOk) await page.getByTestId('stored-elsewhere').check();
  await page.getByTestId('token-close').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');

  // The token never reached the SQLite file, its WAL, the logs or anything else in the data folder.
  expect(findSecretsOnDisk(h.dataDir, [token])).toEqual([]);
  await h.stop();
  expect(findSecretsOnDisk(h.dataDir, [token])).toEqual([]);
});

test("DigiCert's duplicate_name lands on the friendly-name field", async ({ page }) => {
  await harness.open(page);
  const keychain = await keychainStatus(page);
  await openWizard(page);
  const name = unique('dup-bot');
  await fillDetails(page, { name, managers: ['Software Trust'] });
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Signer']);
  await next(page, 'Review');
  // No keychain item for a token that is never issued. (Not a forced click: that can land on the
  // sticky Back/Create bar over the checkbox. Without a keychain the box is off and disabled.)
  const save = page.getByTestId('save-to-keychain');
  if (keychain.available) await save.uncheck();
  else await expect(save).toBeDisabled();
  await expect(save).not.toBeChecked();

  // Behind the wizard's back (another window, a colleague…), the same name gets created.
  await page.evaluate(async (n) => {
    const api = (globalThis as unknown as WithApi).api;
    const draft = await api.drafts.save({
      profileId: 'sandbox',
      step: 2,
      fields: { friendlyName: n, email: 'x@example.com', accountIds: [], managers: [], saveToKeychain: false },
    });
    if (!draft.ok) throw new Error(draft.error.message);
    const ref = await api.reference.get({ profileId: 'sandbox' });
    if (!ref.ok || !ref.value.data) throw new Error('no reference');
    const account = ref.value.data.accounts.find((a) => a.active)!;
    const role = ref.value.data.roles[0]!;
    const saved = await api.drafts.save({
      id: draft.value.id,
      profileId: 'sandbox',
      step: 2,
      fields: {
        friendlyName: n,
        email: 'x@example.com',
        accountIds: [account.id],
        managers: [{ managerId: role.managerId, roleIds: [role.id] }],
        saveToKeychain: false,
      },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const created = await api.creation.create({ draftId: draft.value.id });
    if (!created.ok || created.value.state !== 'created') throw new Error('setup create failed');
    await api.token.dismiss({ handle: created.value.token.handle, unsaved: 'stored_elsewhere' });
  }, name);

  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
  await expect(page.getByTestId('friendly-name-error')).toHaveText('That name is already in use in DigiCert ONE.');
  await expect(page.getByTestId('friendly-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('friendly-name')).toBeFocused();
  await expect(page.getByTestId('wizard-form-error')).toBeVisible();
  await expectAccessible(page, 'duplicate name');
  await page.getByTestId('friendly-name').fill(`${name}-2`);
  await expect(page.getByTestId('friendly-name-error')).toHaveCount(0);
});

test('the close guard, the copy countdown and the clipboard clear', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1200, height: 1300 });
  const h = await harness.open(page);
  await openWizard(page);
  const name = unique('guard-bot');
  await fillDetails(page, { name, managers: ['Account Manager'] });
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Default user']);
  await next(page, 'Review');
  const save = page.getByTestId('save-to-keychain');
  if (await save.isChecked()) await save.uncheck();
  await page.getByTestId('wizard-create').click();
  await expect(page.getByTestId('token-panel')).toBeVisible();
  await expect(page.getByTestId('token-saved')).toHaveCount(0);

  // Copy: through main by handle, a visible countdown from 30 s; the clipboard holds the token.
  const token = await revealToken(page);
  await page.getByTestId('token-copy').click();
  await expect.poll(() => h.clipboardText()).toBe(token);
  const countdown = page.getByTestId('copy-countdown');
  await expect(countdown).toBeVisible();
  const first = Number(await countdown.getAttribute('data-remaining'));
  expect(first).toBeGreaterThan(25);
  expect(first).toBeLessThanOrEqual(30);
  await expect(page.getByTestId('copy-status')).toContainText('The clipboard is cleared in');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${shots}wizard-token-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // Leaving the page while the token is unsaved asks first (the harness stands in for the window's close guard).
  let beforeUnloadAsked = false;
  page.once('dialog', async (dialog) => {
    beforeUnloadAsked = dialog.type() === 'beforeunload';
    await dialog.dismiss();
  });
  await page.close({ runBeforeUnload: true }).catch(() => undefined);
  await expect.poll(() => beforeUnloadAsked).toBe(true);
  expect(page.isClosed()).toBe(false);

  // Close asks for confirmation while unsaved; "Keep it open" keeps it.
  await page.getByTestId('token-close').click();
  const dialog = page.getByRole('dialog', { name: 'Close without saving the token?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'close dialog');
  await page.screenshot({ path: `${shots}wizard-close-guard-light.png` });
  await dialog.getByRole('button', { name: 'Keep it open' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('token-panel')).toBeVisible();

  // The countdown runs out: the page says so and the clipboard is empty (the clear-only-if-still-
  // ours rule is proven by core integration tests).
  await expect(page.getByTestId('copy-status')).toHaveText('The clipboard was cleared.', { timeout: 40_000 });
  // Core clears on its own timer; the page's countdown may finish a moment before it.
  await expect.poll(() => h.clipboardText()).toBe('');

  // "Close and discard", confirmed: main forgets the token and the audit log says it was discarded unsaved.
  await page.getByTestId('token-close').click();
  await page.getByRole('dialog').getByTestId('confirm').click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
  const pending = await page.evaluate(() => (globalThis as unknown as WithApi).api.token.pending({}));
  expect(pending.ok && pending.value).toEqual([]);
  const audit = await page.evaluate(() =>
    (globalThis as unknown as WithApi).api.audit.query({ actions: ['token_dismissed_unsaved'] }),
  );
  expect(audit.ok && audit.value.entries.map((e) => [e.target, e.details])).toEqual([
    [name, expect.objectContaining({ disposition: 'discarded' })],
  ]);
});

test('the wizard in German, every step accessible', async ({ page }) => {
  await harness.open(page);
  await page.evaluate(() => (globalThis as unknown as WithApi).api.settings.set({ language: 'de' }));
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Hauptmenü' })).toBeVisible();
  await openWizard(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Servicebenutzer' })).toBeVisible();
  await expect(page.getByTestId('step-heading')).toHaveText('Angaben zum Servicebenutzer');
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('friendly-name-error')).toHaveText('Geben Sie einen Anzeigenamen ein.');
  await expect(page.getByTestId('email-error')).toHaveText('Geben Sie eine E-Mail-Adresse ein.');
  await expect(page.getByTestId('accounts-error')).toHaveText('Wählen Sie mindestens ein Konto.');
  await expectAccessible(page, 'de details');
  await page.screenshot({ path: `${shots}wizard-details-de-light.png`, fullPage: true });
  await fillDetails(page, { name: unique('de-bot'), managers: ['Account Manager'] });
  await next(page, 'Rollen und Berechtigungen');
  await expect(page.getByTestId('least-privilege')).toContainText('Minimale Rechte');
  await chooseRoles(page, ['Account administrator']);
  await expectAccessible(page, 'de roles');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${shots}wizard-roles-de-dark.png`, fullPage: true });
  await next(page, 'Überprüfen');
  await expect(page.getByTestId('review-warnings')).toContainText('Rollen mit Administratorrechten');
  await expectAccessible(page, 'de review');
});

test('keyboard only: through the steps with visible focus', async ({ page }) => {
  await harness.open(page);
  await openWizard(page);
  await page.getByTestId('friendly-name').focus();
  await page.keyboard.type(unique('kbd-bot'));
  await page.keyboard.press('Tab'); // description
  await page.keyboard.type('Typed with the keyboard');
  await page.getByTestId('email').focus();
  await page.keyboard.type('owner@example.com');
  await page.getByTestId('account-search').focus();
  await page.keyboard.type('Contoso Production');
  await page.keyboard.press('Tab'); // "Select shown"
  await page.keyboard.press('Enter');
  await page.locator('[data-manager="Account Manager"]').focus();
  await page.keyboard.press('Space');
  const focusRing = await page
    .locator('[data-manager="Account Manager"]')
    .evaluate(
      (el) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el)
          .outlineStyle,
    );
  expect(focusRing).not.toBe('none');
  await page.getByTestId('email').focus();
  await page.keyboard.press('Enter'); // submits the step
  await expect(page.getByTestId('step-heading')).toHaveText('Roles and permissions');
  await expect(page.getByTestId('step-heading')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-role="Default user"]')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.locator('[data-role="Default user"]')).toBeChecked();
});

test('offline: the banner, the wizard from cached data, "Mark ready to create"; screenshots of every step, light and dark', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1200, height: 1500 });
  await harness.open(page);
  await openWizard(page);
  const shoot = async (name: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${shots}wizard-${name}-${scheme}.png` });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
  await page.getByTestId('friendly-name').fill('Jenkins build agent');
  await page.getByTestId('email').fill('owner@');
  await page.getByTestId('account-search').fill('contoso');
  await page.locator('[data-account="Contoso Production"]').check();
  await page.getByTestId('preset-30').click();
  await shoot('details');

  // The tenant goes away: the banner, and the wizard keeps working from the cache.
  await page.evaluate(() => (globalThis as unknown as WithApi).api.sandbox.setRunning({ running: false }));
  await page.getByTestId('reference-refresh').click();
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — data as of');
  await expect(page.getByTestId('friendly-name-error')).toContainText(
    'already exists in this profile (saved data as of',
  );
  await page.getByTestId('friendly-name').fill(unique('offline-bot'));
  await page.getByTestId('email').fill('owner@example.com');
  await page.locator('[data-manager="Account Manager"]').check();
  await page.locator('[data-manager="Trust Lifecycle"]').check();
  await shoot('offline');
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Account administrator', 'Auditor']);
  await shoot('roles');
  await next(page, 'Review');
  await expect(page.getByTestId('wizard-create')).toHaveCount(0);
  await expectAccessible(page, 'offline review');
  await shoot('review-offline');
  await page.getByTestId('wizard-mark-ready').click();
  await expect(page.getByTestId('wizard-notice')).toContainText('marked ready to create');
  const draftId = new URL(page.url()).hash.split('draft=')[1]!;
  const draft = await page.evaluate((id) => (globalThis as unknown as WithApi).api.drafts.get({ id }), draftId);
  expect(draft.ok && draft.value.state).toBe('ready');
});

test.beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});
