import { expect, test, type Page } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { VIEWS } from '../../renderer/src/views/registry';
import { listProfiles, openAddProfileForm } from './support/app';
import { harnessPerTest } from './support/sandboxCore';
import { openWizard } from './support/wizard';

/**
 * Issue 15: the layout on a 13-inch laptop and at high zoom. Reflow down to 320 CSS px in every
 * view of the registry (new views are covered without touching this file), the navigation behind a
 * menu button on narrow windows, the wizard's actions in reach, a status line that never moves
 * what is under the pointer, and the first-run card.
 */
type WithApi = { api: Api };

/** The page's globals that these checks use, typed here: the Node-side typecheck has no DOM lib. */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  className: unknown;
  parentElement: El | null;
  getBoundingClientRect(): Box;
  contains(other: unknown): boolean;
}
interface Win {
  innerWidth: number;
  innerHeight: number;
  scrollY: number;
  scrollTo(x: number, y: number): void;
  location: { hash: string };
  getComputedStyle(el: El): { overflowX: string };
  document: {
    documentElement: { clientWidth: number; scrollWidth: number };
    body: El & { querySelectorAll(selector: string): ArrayLike<El> };
    elementFromPoint(x: number, y: number): unknown;
  };
}

/** What shows that a view has its data (views not listed here: their heading and no loading line). */
const LOADED: Record<string, string> = {
  new: '[data-testid="friendly-name"]',
  drafts: '[data-testid="draft-item"]',
  audit: '[data-testid="audit-action"]',
  profiles: '[data-testid="profile-list"]',
  settings: '[data-testid="settings-language"]',
};

const harness = harnessPerTest();

async function start(page: Page): Promise<string> {
  await harness.open(page);
  const sandbox = (await listProfiles(page)).find((p) => p.kind === 'sandbox');
  expect(sandbox, 'the core offers a built-in sandbox profile').toBeTruthy();
  return sandbox!.id;
}

/** Something to list in Drafts and in the audit log. */
async function seedDraft(page: Page, profileId: string): Promise<void> {
  const saved = await page.evaluate(
    (id) =>
      (globalThis as unknown as WithApi).api.drafts.save({
        profileId: id,
        step: 0,
        fields: { friendlyName: 'layout-bot-with-a-rather-long-name-that-does-not-break-easily' },
      }),
    profileId,
  );
  expect(saved.ok).toBe(true);
}

async function showView(page: Page, id: string): Promise<void> {
  await page.evaluate((view) => ((globalThis as unknown as Win).location.hash = `#/${view}`), id);
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('main .view-loading')).toHaveCount(0);
  const loaded = LOADED[id];
  if (loaded) await expect(page.locator(loaded).first()).toBeVisible();
}

/** How far the page scrolls sideways, and the elements that stick out past the window's right edge. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const win = globalThis as unknown as Win;
    const document = win.document;
    const root = document.documentElement;
    const width = root.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a box that scrolls or clips on its own (a wide table may): not the page's overflow.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = win.getComputedStyle(p).overflowX;
        if (o !== 'visible' && p.getBoundingClientRect().right <= width + 1) clipped = true;
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}.${String(el.className)} (${Math.round(box.right)}px)`);
    }
    return { scroll: root.scrollWidth - width, out: out.slice(0, 8) };
  });

test('no horizontal scrolling at 320 CSS px in any view, and at 200 % of 1280×800', async ({ page }) => {
  const profileId = await start(page);
  await seedDraft(page, profileId);
  await openWizard(page);

  // The registry's views are the navigation's: a new view is checked here as soon as it is registered.
  const navIds = await page
    .locator('nav .nav-link')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-view')));
  expect(VIEWS.map((v) => v.id)).toEqual(expect.arrayContaining(navIds));

  for (const { width, height, language } of [
    { width: 320, height: 640, language: 'en' },
    { width: 640, height: 400, language: 'en' },
    { width: 320, height: 640, language: 'de' }, // longer words
  ]) {
    if (language === 'de') {
      // The status line at its fullest: offline, with Details, Bring sandbox online and Retry now.
      await page.evaluate(() => (globalThis as unknown as WithApi).api.sandbox.setRunning({ running: false }));
      await page.evaluate(
        (id) => (globalThis as unknown as WithApi).api.reference.refresh({ profileId: id }),
        profileId,
      );
      await expect(page.getByTestId('status-sandbox-online')).toBeVisible();
      await showView(page, 'settings');
      await page.getByTestId('settings-language').selectOption('de');
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    }
    await page.setViewportSize({ width, height });
    for (const view of VIEWS) {
      await showView(page, view.id);
      expect(await sideways(page), `${view.id} at ${width}×${height} (${language})`).toEqual({ scroll: 0, out: [] });
    }
  }
});

test('narrow window: the navigation folds behind the menu button (Escape closes it, focus returns)', async ({
  page,
}) => {
  await start(page);
  await page.setViewportSize({ width: 640, height: 400 });
  const toggle = page.getByTestId('nav-toggle');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Settings' }).focus();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  // Choosing a view closes the menu and lands on the view's heading.
  await page.keyboard.press('Enter');
  await nav.getByRole('link', { name: 'Drafts' }).click();
  await expect(nav).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Drafts' })).toBeFocused();

  // The header is not sticky here: it scrolls away with the page.
  await page.evaluate(() => ((globalThis as unknown as Win).location.hash = '#/new'));
  await expect(page.getByTestId('friendly-name')).toBeVisible();
  await page.evaluate(() => (globalThis as unknown as Win).scrollTo(0, 200));
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as Win).scrollY)).toBe(200);
  expect(await page.locator('.shell-header').evaluate((el) => el.getBoundingClientRect().top)).toBe(-200);

  // Wide again: the navigation is always there and the menu button is gone.
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect(toggle).toBeHidden();
  await expect(nav).toBeVisible();
});

/** What is at the middle of `selector`'s box: 'itself' when nothing covers it and it is inside the window. */
const uncovered = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const win = globalThis as unknown as Win;
    const box = el.getBoundingClientRect();
    if (box.bottom > win.innerHeight || box.right > win.innerWidth || box.top < 0 || box.left < 0)
      return `outside: ${JSON.stringify(box)} in ${win.innerWidth}×${win.innerHeight}`;
    const hit = win.document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) as El | null;
    if (hit && (el === hit || el.contains(hit))) return 'itself';
    return hit ? `${hit.tagName}.${String(hit.className)}` : 'nothing';
  });

test('the wizard: Next and Back in reach at 1280×720 and 200 %, the step indicator on one row at 1024×700', async ({
  page,
}) => {
  await start(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openWizard(page);
  // Step 1 is taller than the window: the action bar stays in view, uncovered.
  const formBottom = await page.getByTestId('wizard-form').evaluate((el) => el.getBoundingClientRect().bottom);
  expect(formBottom).toBeGreaterThan(720);
  await expect.poll(() => uncovered(page, '[data-testid="wizard-next"]')).toBe('itself');

  // At 200 % the page scrolls as a whole: once the admin is in the form, Next is on screen.
  await page.setViewportSize({ width: 640, height: 360 });
  await page.getByTestId('friendly-name').focus();
  await expect.poll(() => uncovered(page, '[data-testid="wizard-next"]')).toBe('itself');

  for (const locale of ['en', 'de'] as const) {
    await page.setViewportSize({ width: 1024, height: 700 });
    if (locale === 'de') {
      await page.locator('[data-view="settings"]').click();
      await page.getByLabel('Language').selectOption('de');
      await page.locator('[data-view="new"]').click();
      await expect(page.getByRole('heading', { level: 1, name: 'Neuer Servicebenutzer' })).toBeVisible();
    }
    await expect(page.locator('.wz-step')).toHaveCount(5);
    const tops = await page.locator('.wz-step').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
    expect(new Set(tops).size, `${locale}: one row`).toBe(1);
    await expect.poll(() => uncovered(page, '[data-testid="wizard-next"]')).toBe('itself');
    // The header's badges side by side, none over another.
    const boxes = await page
      .locator('.shell-header [data-testid="sandbox-badge"], .shell-header [data-testid="keychain-badge"]')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as Box));
    expect(boxes).toHaveLength(2);
    const [a, b] = boxes as [Box, Box];
    const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    expect(overlap, `${locale}: sandbox and keychain badges overlap`).toBe(false);
    expect(await uncovered(page, '.shell-header [data-testid="sandbox-badge"]'), locale).toBe('itself');
  }
});

test('the status line changes in place: "Add profile" does not move when the sandbox goes offline', async ({
  page,
}) => {
  const profileId = await start(page);
  const add = page.getByTestId('add-profile');
  await expect(page.getByTestId('status-quiet')).toContainText('Sandbox (local) answers');
  const before = await add.boundingBox();

  await page.evaluate(() => (globalThis as unknown as WithApi).api.sandbox.setRunning({ running: false }));
  await page.evaluate((id) => (globalThis as unknown as WithApi).api.reference.refresh({ profileId: id }), profileId);
  await expect(page.getByTestId('shell-offline-banner')).toBeVisible();
  expect(await add.boundingBox()).toEqual(before);

  // Its details open above it; the way back is in the status line too.
  await page.getByTestId('offline-details-toggle').click();
  await expect(page.getByTestId('offline-details')).toBeVisible();
  await expect(page.getByTestId('offline-details')).toContainText('does not answer');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('offline-details')).toBeHidden();
  await page.getByTestId('status-sandbox-online').click();
  await expect(page.getByTestId('back-online-banner')).toBeVisible();
  expect(await add.boundingBox()).toEqual(before);
  await openAddProfileForm(page);
});

test('the sandbox badge: its menu says what "Take sandbox offline" does; the picker shows names only', async ({
  page,
}) => {
  const profileId = await start(page);
  const switcher = page.getByTestId('profile-switcher');
  await expect(switcher.locator(`option[value="${profileId}"]`)).toHaveText('Sandbox (local)');

  const badge = page.locator('.shell-header').getByTestId('sandbox-badge');
  await expect(page.getByTestId('sandbox-switch')).toHaveAttribute('data-running', 'true');
  await expect(page.getByTestId('sandbox-toggle')).toHaveCount(0); // not on screen until asked for
  await badge.click();
  await expect(badge).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByTestId('sandbox-details');
  await expect(menu).toContainText('stops that stand-in tenant');
  await menu.getByTestId('sandbox-toggle').click();
  await expect(page.getByTestId('sandbox-switch')).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('shell-offline-banner')).toBeVisible();
  await expect(menu.getByTestId('sandbox-toggle')).toHaveText('Bring sandbox online');
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(badge).toBeFocused();
});

test('first run: the getting-started card leads to the sandbox wizard or the add-profile form', async ({ page }) => {
  await start(page);
  const card = page.getByTestId('getting-started');
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'New service user' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New service user' })).toBeVisible();
  await expect(page.getByTestId('friendly-name')).toBeVisible();

  await page.locator('[data-view="profiles"]').click();
  await card.getByTestId('getting-started-connect').click();
  await expect(page.getByTestId('profile-form')).toBeVisible();
  await expect(card).toBeHidden();
});
