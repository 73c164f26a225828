import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { expectAccessible } from './support/a11y';
import { listProfiles } from './support/app';
import { harnessPerTest } from './support/sandboxCore';

/** Issue 15 item 4: the audit log readable at 1280×800, in English and German, light and dark. */
const shots = fileURLToPath(new URL('../../out/screenshots/', import.meta.url));
type WithApi = { api: Api };

const harness = harnessPerTest();
test.beforeEach(() => {
  mkdirSync(shots, { recursive: true });
});

async function saveDraft(page: Page, profileId: string, name: string, step: number): Promise<string> {
  const result = await page.evaluate(
    ({ profileId, name, step }) =>
      (globalThis as unknown as WithApi).api.drafts.save({ profileId, step, fields: { friendlyName: name } }),
    { profileId, name, step },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value.id;
}

test.use({ viewport: { width: 1280, height: 800 } });

test('audit log: full width, names with ids, translated details, sortable, collapsible filters; axe en+de', async ({
  page,
}) => {
  test.setTimeout(120_000); // four axe runs
  await harness.open(page);
  const [sandbox] = await listProfiles(page);
  // Saved at the wizard's third step (0-based 2 in the log).
  const draftId = await saveDraft(page, sandbox!.id, 'e2e-readable-bot', 2);
  // A connection test of the sandbox: recorded under its stored English name and address.
  const tested = await page.evaluate((id) => (globalThis as unknown as WithApi).api.profiles.test({ id }), sandbox!.id);
  expect(tested.ok).toBe(true);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const row = page.locator('[data-testid="audit-row"][data-action="draft_created"]').first();

  // The newest rows are in view at 1280×800, the filters collapsed until asked for.
  await expect(page.getByTestId('audit-filters')).toBeHidden();
  await expect(page.getByTestId('audit-row').first()).toBeInViewport();
  const toggle = page.getByTestId('audit-filters-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(page.getByTestId('audit-filters')).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();

  // The table uses the window's width, not the old 880 px cap.
  const table = await page.getByTestId('audit-table').boundingBox();
  expect(table!.width).toBeGreaterThan(950);

  // The target by name, the id on hover and copyable; details as labels; the step as the UI counts it.
  const name = row.getByTestId('audit-target-name');
  await expect(name).toHaveText('e2e-readable-bot');
  await expect(name).toHaveAttribute('title', draftId);
  await expect(row.getByRole('button', { name: `Copy ID ${draftId}` })).toBeVisible();
  await expect(row.locator('[data-key="step"] dd')).toHaveText('3 of 5');
  await expect(row.locator('[data-key="step"] dt')).toHaveText('Step');
  await expect(row.getByTestId('audit-details')).not.toContainText('step:');

  // Sortable, and says so.
  const actionHeader = page.getByTestId('audit-col-action');
  await expect(page.getByTestId('audit-col-seq')).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'Sort by Action' }).click();
  await expect(actionHeader).toHaveAttribute('aria-sort', 'ascending');
  const actions = await page.getByTestId('audit-action').allTextContents();
  expect(actions).toEqual([...actions].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  await expectAccessible(page, 'audit log (en)', '[data-testid="audit-view"]');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${shots}audit-readable-en-light.png` });

  // German: the same, with no column squeezed so ids break every few characters.
  await page.evaluate(() => (globalThis as unknown as WithApi).api.settings.set({ language: 'de' }));
  await page.reload();
  await page.locator('[data-view="audit"]').click();
  const rowDe = page.locator('[data-testid="audit-row"][data-action="draft_created"]').first();
  await expect(rowDe.locator('[data-key="step"] dd')).toHaveText('3 von 5');
  // The sandbox by its German name and address, in rows and on hover (issue 15 item 9).
  const testedDe = page.locator('[data-testid="audit-row"][data-action="connection_tested"]').first();
  await expect(testedDe.getByTestId('audit-target-name')).toHaveText('Sandbox (lokal)');
  await expect(testedDe.getByTestId('audit-target-name')).toHaveAttribute('title', 'http://127.0.0.1 (lokale Sandbox)');
  const auditHtml = await page.getByTestId('audit-view').innerHTML();
  expect(auditHtml).not.toContain('local sandbox');
  expect(auditHtml).not.toContain('Sandbox (local)');
  const target = await rowDe.getByTestId('audit-target').boundingBox();
  expect(target!.width).toBeGreaterThanOrEqual(140);
  // Every column fits in the window: the table does not scroll sideways.
  const wrap = page.locator('.rec-audit-wrap');
  expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  await expectAccessible(page, 'audit log (de)', '[data-testid="audit-view"]');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: `${shots}audit-readable-de-dark.png` });
});
