import { expect, test } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { expectAccessible } from './support/a11y';
import { listProfiles } from './support/app';
import { harnessPerTest } from './support/sandboxCore';
import { openWizard } from './support/wizard';

/**
 * Every view of the navigation, the whole page (navigation and its selected item included), with
 * no serious axe violations in the light and the dark theme, in English and German — also with the theme pinned in
 * Settings against the system's. The wizard's steps and dialogs are checked in wizard.spec.ts.
 */
type WithApi = { api: Api };

/** The navigation's views in order, with their page headings: a new view must be added here. */
const VIEWS = [
  ['service-users', 'Service users'],
  ['new', 'New service user'],
  ['drafts', 'Drafts'],
  ['audit', 'Audit log'],
  ['profiles', 'Profiles'],
  ['settings', 'Settings'],
] as const;

const harness = harnessPerTest();

test('every view, light and dark, and with the theme pinned in Settings', async ({ page }) => {
  test.setTimeout(240_000); // two axe runs per view, per pin and per language: slow on a busy machine
  await harness.open(page);
  const [sandbox] = await listProfiles(page);
  // Something to list in Drafts and in the audit log.
  const saved = await page.evaluate(
    (profileId) =>
      (globalThis as unknown as WithApi).api.drafts.save({ profileId, step: 0, fields: { friendlyName: 'a11y-bot' } }),
    sandbox!.id,
  );
  expect(saved.ok).toBe(true);
  await openWizard(page);

  const links = page.locator('nav .nav-link');
  await expect(links).toHaveCount(VIEWS.length);
  expect(await links.evaluateAll((els) => els.map((el) => el.getAttribute('data-view')))).toEqual(
    VIEWS.map(([id]) => id),
  );

  const loaded: Record<(typeof VIEWS)[number][0], string> = {
    'service-users': '[data-testid="su-row"]',
    new: '[data-testid="step-heading"]',
    drafts: '[data-testid="draft-item"]',
    audit: '[data-testid="audit-action"]',
    profiles: '[data-testid="profile-list"]',
    settings: '[data-testid="settings-language"]',
  };
  for (const [id, heading] of VIEWS) {
    await page.locator(`[data-view="${id}"]`).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.locator(`[data-view="${id}"]`)).toHaveAttribute('aria-current', 'page');
    await expect(page.locator(loaded[id]).first()).toBeVisible();
    await expectAccessible(page, id);
  }

  // Pinned in Settings, the theme wins over the system's (both are tried for each pin).
  for (const theme of ['dark', 'light'] as const) {
    await page.getByTestId(`settings-theme-${theme}`).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectAccessible(page, `settings, theme pinned ${theme}`);
  }
  await page.getByTestId('settings-theme-system').check();

  // The same views in German (longer words, translated labels), both themes again.
  await page.getByTestId('settings-language').selectOption('de');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  for (const [id] of VIEWS) {
    await page.locator(`[data-view="${id}"]`).click();
    await expect(page.locator(`[data-view="${id}"]`)).toHaveAttribute('aria-current', 'page');
    await expect(page.locator(loaded[id]).first()).toBeVisible();
    await expectAccessible(page, `${id} (de)`);
  }
});
