import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { keyInKeychain, keychainStatus, listProfiles, openAddProfileForm, profileCard } from './support/app';
import { harnessPerTest } from './support/sandboxCore';

const API_KEY = 'e2e-admin-key-7d41c0a9f3b2';
const NEW_KEY = 'e2e-admin-key-replaced-55aa10';

const harness = harnessPerTest();

test('the harness secret leaves the address bar, and the page works without it after reload', async ({ page }) => {
  await harness.open(page);
  expect(page.url()).not.toContain('secret');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Profiles' })).toBeVisible();
  await expect(page.getByTestId('keychain-badge')).not.toHaveAttribute('data-state', 'checking');
  await expect(page.getByTestId('profile-list')).toBeVisible();
});

test('keychain badge says what keychain.status says', async ({ page }) => {
  await harness.open(page);
  const status = await keychainStatus(page);
  const badge = page.getByTestId('keychain-badge');
  if (status.available) {
    await expect(badge).toHaveText('Keychain: available');
    await expect(badge).toHaveAttribute('data-state', 'available');
  } else {
    await expect(badge).toHaveText(/^Keychain unavailable — .+/);
    await expect(badge).toHaveAttribute('data-state', 'unavailable');
    // Keyboard: open the details, read the detail and the fix, close with Escape.
    await badge.focus();
    await page.keyboard.press('Enter');
    await expect(badge).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('keychain-detail')).toHaveText(status.detail);
    await expect(page.getByTestId('keychain-fix')).toHaveText(status.fix);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('keychain-details')).toBeHidden();
    await expect(badge).toBeFocused();
  }
});

test('add, survive a restart, edit and remove a profile (keychain or session-only, whichever this machine has)', async ({
  page,
}) => {
  await harness.open(page);
  const status = await keychainStatus(page);
  test.info().annotations.push({
    type: 'keychain',
    description: status.available ? 'available' : `unavailable (${status.reason})`,
  });

  // --- Add, keyboard only; the shared zod rules show up first.
  await openAddProfileForm(page);
  const form = page.getByTestId('profile-form');
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  await form.getByTestId('profile-save').press('Enter');
  await expect(form.getByText('Enter a name for this connection.')).toBeVisible();
  await expect(form.getByText('Enter the API key.')).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toHaveAttribute('aria-invalid', 'true');

  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Demo US');
  await form.getByLabel('Region').selectOption('us-demo');
  const keyField = form.getByLabel('Administrator API key');
  await expect(keyField).toHaveAttribute('type', 'password');
  await expect(keyField).toHaveAttribute('autocomplete', 'off');
  await expect(keyField).toHaveAttribute('spellcheck', 'false');
  await keyField.fill(API_KEY);

  if (status.available) {
    await expect(form.getByTestId('keychain-unavailable-notice')).toHaveCount(0);
  } else {
    await expect(form.getByTestId('keychain-unavailable-notice')).toBeVisible();
    await form.getByLabel('Keep the key for this session only').check();
  }
  await keyField.press('Enter');
  await expect(page.getByTestId('toasts')).toContainText('Profile “Demo US” added.');
  const card = profileCard(page, 'Demo US');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('profile-region-text')).toHaveText('United States (demo)');
  await expect(card).toContainText('https://demo.one.digicert.com');
  await expect(card.getByTestId('profile-key-storage')).toHaveAttribute(
    'data-storage',
    status.available ? 'keychain' : 'session',
  );
  await expect(page.getByTestId('profile-switcher')).toHaveValue(/.+/);

  const added = (await listProfiles(page)).find((p) => p.name === 'Demo US');
  expect(added?.kind).toBe('digicert');
  if (status.available) expect(await keyInKeychain(added!.id)).toBe(API_KEY);
  expect(JSON.stringify(await listProfiles(page))).not.toContain(API_KEY);

  // --- Custom deployment: the URL field appears and is checked.
  await openAddProfileForm(page);
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Private');
  await form.getByLabel('Region').selectOption('custom');
  const url = form.getByLabel('Address of your DigiCert ONE deployment');
  await url.fill('http://one.example.com/path');
  await url.blur();
  await expect(form.getByText('Enter an https address such as https://one.example.com (no path).')).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);

  // --- Restart the harness on the same data folder: the profile is still there.
  await harness.restart(page);
  await expect(profileCard(page, 'Demo US')).toBeVisible();
  const afterRestart = (await listProfiles(page)).find((p) => p.name === 'Demo US');
  expect(afterRestart?.id).toBe(added!.id);

  // --- Edit: rename and move region; a blank key field keeps the key.
  await profileCard(page, 'Demo US').getByRole('button', { name: 'Edit Demo US' }).click();
  const edit = page.getByTestId('profile-form');
  await expect(edit.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Demo US');
  await expect(edit.getByText('Leave blank to keep the current key.')).toBeVisible();
  await edit.getByRole('textbox', { name: 'Name', exact: true }).fill('Demo EU');
  await edit.getByLabel('Region').selectOption('nl-demo');
  await edit.getByTestId('profile-save').click();
  await expect(page.getByTestId('toasts')).toContainText('Profile “Demo EU” saved.');
  const renamed = profileCard(page, 'Demo EU');
  await expect(renamed.getByTestId('profile-region-text')).toHaveText('Netherlands (EU, demo)');
  await expect(renamed).toContainText('https://demo.one.nl.digicert.com');
  if (status.available) {
    expect(await keyInKeychain(added!.id)).toBe(API_KEY);
    // Replace the key.
    await renamed.getByRole('button', { name: 'Edit Demo EU' }).click();
    await page.getByTestId('profile-form').getByLabel('Replace API key').fill(NEW_KEY);
    await page.getByTestId('profile-form').getByTestId('profile-save').click();
    await expect(page.getByTestId('toasts')).toContainText('Profile “Demo EU” saved.');
    await expect.poll(() => keyInKeychain(added!.id)).toBe(NEW_KEY);
  }

  // --- Remove, with a confirmation that says the keychain item goes too.
  await renamed.getByRole('button', { name: 'Remove Demo EU' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove profile?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Its API key is deleted from the OS keychain too.');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Remove profile' }).click();
  await expect(page.getByTestId('toasts')).toContainText('Profile “Demo EU” removed.');
  await expect(renamed).toHaveCount(0);
  expect((await listProfiles(page)).filter((p) => p.kind !== 'sandbox')).toEqual([]);
  if (status.available) expect(await keyInKeychain(added!.id)).toBeNull();
});

test('a sandbox profile is marked as not connected to DigiCert wherever profiles appear', async ({ page }) => {
  await harness.open(page);
  const sandbox = (await listProfiles(page)).find((p) => p.kind === 'sandbox');
  expect(sandbox, 'the core offers a built-in sandbox profile').toBeTruthy();
  const card = profileCard(page, sandbox!.name);
  await expect(card.getByTestId('sandbox-badge')).toHaveText('Sandbox — not connected to DigiCert');
  // Built in: it can be tested, but not edited or removed.
  await expect(card.getByRole('button')).toHaveText(['Test connection']);
  await expect(card.getByTestId('profile-built-in')).toBeVisible();
  const switcher = page.getByTestId('profile-switcher');
  // The option is the name; the badge beside the picker carries the status.
  await expect(switcher.locator(`option[value="${sandbox!.id}"]`)).toHaveText(sandbox!.name);
  await switcher.selectOption(sandbox!.id);
  await expect(page.locator('.profile-switcher').getByTestId('sandbox-badge')).toBeVisible();
});

test('German: chosen in Settings, and by default when the system language is German', async ({ page, browser }) => {
  const h = await harness.open(page);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  await page.getByLabel('Language').selectOption('de');
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await page.getByRole('button', { name: 'Profil hinzufügen' }).click();
  const form = page.getByTestId('profile-form');
  await expect(form.getByLabel('Administrator-API-Schlüssel')).toBeVisible();
  await expect(form.getByLabel('Region')).toBeVisible();
  await form.getByTestId('profile-save').click();
  await expect(form.getByText('Geben Sie einen Namen für diese Verbindung ein.')).toBeVisible();
  await expect(page.getByTestId('keychain-badge')).toHaveText(/^Schlüsselbund/);

  // The choice is stored by the core: a fresh page on the same harness is German too.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  // The built-in sandbox's stored English name and address are shown in German (issue 15 item 9).
  const sandboxCard = profileCard(page, 'Sandbox (local)');
  await expect(sandboxCard.locator('.profile-name')).toContainText('Sandbox (lokal)');
  await expect(sandboxCard.getByTestId('profile-address')).toHaveText('http://127.0.0.1 (lokale Sandbox)');
  await expect(page.getByTestId('profile-switcher').locator('option', { hasText: 'Sandbox (lokal)' })).toHaveCount(1);

  // Dates are typed in the app's language, not the browser's: TT.MM.JJJJ and 24-hour time.
  await page.getByRole('link', { name: 'Protokoll' }).click();
  await page.getByTestId('audit-filters-toggle').click();
  const from = page.getByTestId('audit-from');
  await expect(from).toHaveAttribute('placeholder', 'TT.MM.JJJJ HH:MM');
  await from.fill('1.3.2026 17:05');
  await from.blur();
  await expect(from).toHaveValue('01.03.2026 17:05');
  await expect(from).not.toHaveAttribute('aria-invalid', 'true');

  // Back to "system"; a browser whose language is German shows German by default.
  await page.getByRole('link', { name: 'Einstellungen' }).click();
  await page.getByLabel('Sprache').selectOption('system');
  const german = await browser.newContext({ locale: 'de-DE' });
  const dePage = await german.newPage();
  await dePage.goto(h.url);
  await expect(dePage.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
  await expect(dePage.getByRole('link', { name: 'Einstellungen' })).toBeVisible();
  await german.close();
});

test('no serious accessibility violations in the shell, the profile form and settings', async ({ page }) => {
  await harness.open(page);
  await openAddProfileForm(page);
  await page.getByTestId('profile-save').click();
  await expect(page.getByText('Enter a name for this connection.')).toBeVisible();
  await expectAccessible(page, 'profiles with the form');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expectAccessible(page, 'settings');
});

test('"Test connection" on the built-in sandbox says whose key it is and that it may create service users', async ({
  page,
}) => {
  await harness.open(page);
  const card = profileCard(page, 'Sandbox (local)');
  await card.getByTestId('test-connection').click();
  const result = card.getByTestId('test-connection-result');
  await expect(result).toContainText('Connected with the API key of');
  await expect(result).toContainText(/Sees \d+ accounts?:/);
  await expect(card.getByTestId('test-connection-may-create')).toHaveAttribute('data-may-create', 'true');
});
