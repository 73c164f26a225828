import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openAddProfileForm, openApp } from './support/app';
import { makeDataDir, startHarnessProcess } from './support/harness';

/** Screenshots of the real UI, light and dark, for review: out/screenshots/*.png. Asserts little. */
const dir = fileURLToPath(new URL('../../out/screenshots/', import.meta.url));

test('screenshots (light and dark)', async ({ page }) => {
  mkdirSync(dir, { recursive: true });
  const data = makeDataDir();
  const harness = await startHarnessProcess(data.dir);
  try {
    await openApp(page, harness.url);
    for (const [name, region] of [
      ['Production US', 'us'],
      ['Demo Switzerland', 'ch-demo'],
    ] as const) {
      await openAddProfileForm(page);
      const form = page.getByTestId('profile-form');
      await form.getByLabel('Name', { exact: true }).fill(name);
      await form.getByLabel('Region').selectOption(region);
      await form.getByTestId('profile-api-key').fill('screenshot-key-0123456789');
      const sessionOnly = form.getByTestId('profile-session-only');
      if (await sessionOnly.count()) await sessionOnly.check();
      await form.getByTestId('profile-save').click();
      await expect(page.locator(`li[data-profile="${name}"]`)).toBeVisible();
    }
    await page.getByRole('button', { name: 'Dismiss' }).first().waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.getByTestId('keychain-badge').click();
      await page.screenshot({ path: `${dir}profiles-${scheme}.png` });
      await page.keyboard.press('Escape');
      await openAddProfileForm(page);
      await page.getByTestId('profile-form').getByLabel('Region').selectOption('custom');
      await page.getByTestId('profile-save').click();
      await page.getByTestId('profile-base-url').focus();
      await page.screenshot({ path: `${dir}add-form-${scheme}.png`, fullPage: true });
      await page.getByRole('button', { name: 'Cancel' }).click();
    }
    await page
      .locator('li[data-profile="Demo Switzerland"]')
      .getByRole('button', { name: 'Remove Demo Switzerland' })
      .click();
    await page.screenshot({ path: `${dir}remove-dialog-dark.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('de');
    await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible();
    await page.screenshot({ path: `${dir}settings-de-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await page
      .locator('li[data-profile="Production US"]')
      .getByRole('button', { name: 'Production US bearbeiten' })
      .click();
    await page.screenshot({ path: `${dir}edit-de-light.png`, fullPage: true });
  } finally {
    await harness.stop();
    data.cleanup();
  }
});
