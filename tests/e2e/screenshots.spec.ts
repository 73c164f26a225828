import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { VIEWS } from '../../renderer/src/views/registry';
import { listProfiles, openAddProfileForm, openApp } from './support/app';
import { makeDataDir, startHarnessProcess } from './support/harness';
import { createSandboxUser, openSandboxUser } from './support/serviceUsers';
import { openWizard, secretToolClear } from './support/wizard';

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

/**
 * Every view of the registry at the sizes an admin's laptop has — 1280×720, 1024×700 and 200 % zoom
 * of 1280×720 (640×360 CSS px at twice the pixel density) — light and dark:
 * out/screenshots/views/<view>-<size>-<scheme>.png.
 */
const SIZES = [
  { name: '1280x720', viewport: { width: 1280, height: 720 }, scale: 1 },
  { name: '1024x700', viewport: { width: 1024, height: 700 }, scale: 1 },
  { name: 'zoom200', viewport: { width: 640, height: 360 }, scale: 2 },
] as const;

async function showView(page: Page, id: string): Promise<void> {
  await page.evaluate(
    (view) => ((globalThis as unknown as { location: { hash: string } }).location.hash = `#/${view}`),
    id,
  );
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main .view-loading')).toHaveCount(0);
}

test('every view at 1280×720, 1024×700 and 200 %, light and dark', async ({ browser }) => {
  test.setTimeout(180_000);
  const views = `${dir}views/`;
  mkdirSync(views, { recursive: true });
  const data = makeDataDir();
  const harness = await startHarnessProcess(data.dir);
  try {
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size.viewport, deviceScaleFactor: size.scale });
      const page = await context.newPage();
      // openApp waits for the navigation, which is behind the menu button at 200 %.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(harness.url);
      await expect(page.locator('main h1').first()).toBeVisible();
      if (size === SIZES[0]) {
        // Something to list in Drafts and in the audit log.
        const [sandbox] = await listProfiles(page);
        const saved = await page.evaluate(
          (profileId) =>
            (globalThis as unknown as { api: Api }).api.drafts.save({
              profileId,
              step: 0,
              fields: { friendlyName: 'screenshot-bot' },
            }),
          sandbox!.id,
        );
        expect(saved.ok).toBe(true);
        await openWizard(page);
      }
      for (const view of VIEWS) {
        await showView(page, view.id);
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.screenshot({ path: `${views}${view.id}-${size.name}-${scheme}.png` });
        }
      }
      await context.close();
    }
  } finally {
    await harness.stop();
    data.cleanup();
  }
});

/**
 * A client certificate (issue 14): the generate dialog and the one-time screen, light and dark:
 * out/screenshots/certificate-dialog-<scheme>.png and certificate-screen-<scheme>.png. With a
 * keychain the screen shows the certificate saved (facts, hand-over); without one, unsaved.
 */
test('client certificate: generate dialog and one-time screen (light and dark)', async ({ page }) => {
  test.setTimeout(90_000);
  mkdirSync(dir, { recursive: true });
  const data = makeDataDir();
  const harness = await startHarnessProcess(data.dir);
  const name = `screenshot-bot-${randomBytes(3).toString('hex')}`;
  const item = {
    service: `SUD screenshot certificate ${randomBytes(3).toString('hex')}`,
    account: `${name} · build-01`,
  };
  // The harness's export folder is the temp folder (support/harness.ts): the suggested file lands there.
  const file = join(tmpdir(), `${name}-build-01.p12`);
  try {
    await openApp(page, harness.url);
    const end = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    const id = await createSandboxUser(page, name, end);
    await openSandboxUser(page, name, id);
    await page.getByTestId('certificate-generate').click();
    const dialog = page.getByTestId('generate-certificate-dialog');
    await dialog.getByTestId('generate-certificate-nickname').fill('build-01');
    const service = dialog.getByTestId('generate-certificate-service');
    if (await service.count()) {
      await service.fill(item.service);
      await expect(dialog.getByTestId('generate-certificate-file')).toHaveValue(file);
    }
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `${dir}certificate-dialog-${scheme}.png` });
    }
    await dialog.getByTestId('generate-certificate-submit').click();
    const screen = page.getByTestId('certificate-screen');
    await expect(screen.getByTestId('certificate-facts')).toBeVisible();
    // Tall enough for the whole screen (facts, hand-over) without scrolling inside the view.
    await page.setViewportSize({ width: 1200, height: 2000 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screen.screenshot({ path: `${dir}certificate-screen-${scheme}.png` });
    }
  } finally {
    await harness.stop();
    secretToolClear(item.service, item.account);
    rmSync(file, { force: true });
    data.cleanup();
  }
});
