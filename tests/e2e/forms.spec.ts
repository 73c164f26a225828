import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Api } from '../../shared/ipc/contract';
import { listProfiles, openAddProfileForm } from './support/app';
import { harnessPerTest } from './support/sandboxCore';
import { openWizard } from './support/wizard';

/**
 * Forms as an admin meets them (issue 15 items 2, 6, 10, 11): Enter in a search box, when errors
 * show and how they look, which input makes a draft, where "resume" is offered.
 */
type WithApi = { api: Api };

const harness = harnessPerTest();

const draftCount = (page: Page) =>
  page.evaluate(async () => {
    const api = (globalThis as unknown as WithApi).api;
    const profiles = await api.profiles.list({});
    if (!profiles.ok) return -1;
    let n = 0;
    for (const p of profiles.value) {
      const list = await api.drafts.list({ profileId: p.id });
      if (list.ok) n += list.value.length;
    }
    return n;
  });

test('Enter in the account search does not submit the step', async ({ page }) => {
  await harness.open(page);
  await openWizard(page);
  const search = page.getByTestId('account-search');
  await search.fill('Contoso');
  await search.press('Enter');
  // Still on step 1, nothing flagged, nothing announced: the step was not submitted.
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
  await expect(page.locator('.field-error')).toHaveCount(0);
  await expect(page.getByTestId('wizard-announcement')).toHaveText('');
  // Next still submits the step (so the guard is only on the search box).
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('friendly-name-error')).toHaveText('Enter a friendly name.');
});

test('the app-wide rule: Enter in any search box never submits its form, unless the form is a search', async ({
  page,
}) => {
  await harness.open(page);
  // Two forms as any future view might build them: one around a search box, one that is a search.
  await page.evaluate(() => {
    type Form = {
      setAttribute(name: string, value: string): void;
      innerHTML: string;
      addEventListener(type: 'submit', listener: (e: { preventDefault(): void }) => void): void;
    };
    const document = (
      globalThis as unknown as { document: { createElement(tag: 'form'): Form; body: { append(f: Form): void } } }
    ).document;
    const counts = { plain: 0, search: 0 };
    (globalThis as unknown as { submits: typeof counts }).submits = counts;
    for (const kind of ['plain', 'search'] as const) {
      const form = document.createElement('form');
      if (kind === 'search') form.setAttribute('role', 'search');
      form.innerHTML = `<input type="search" data-testid="probe-${kind}" aria-label="probe"><button>Go</button>`;
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        counts[kind]++;
      });
      document.body.append(form);
    }
  });
  const submits = () => page.evaluate(() => (globalThis as unknown as { submits: object }).submits);
  await page.getByTestId('probe-search').fill('x');
  await page.getByTestId('probe-search').press('Enter');
  await expect.poll(submits).toEqual({ plain: 0, search: 1 });
  await page.getByTestId('probe-plain').fill('x');
  await page.getByTestId('probe-plain').press('Enter');
  await page.getByTestId('probe-search').press('Enter'); // a later event: by then the first was handled
  await expect.poll(submits).toEqual({ plain: 0, search: 2 });
});

test('an error shows once the field is left, then live; invalid fields carry a sign and a wider border', async ({
  page,
}) => {
  await harness.open(page);
  await openWizard(page);
  const email = page.getByTestId('email');
  await email.fill('o');
  await expect(email).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByTestId('email-error')).toHaveCount(0);

  await email.press('Tab');
  await expect(page.getByTestId('email-error')).toHaveText('Enter a valid email address, such as owner@example.com.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  const field = page.locator('.field', { has: email });
  await expect(field.getByTestId('field-invalid-icon')).toBeVisible();
  await expect(email).toHaveCSS('box-shadow', /inset/); // the second pixel of the red border

  await email.fill('owner@example.com');
  await expect(page.getByTestId('email-error')).toHaveCount(0);
  await expect(field.getByTestId('field-invalid-icon')).toHaveCount(0);
});

test('clicks and refused names make no draft; the resume offer shows only in the wizard', async ({ page }) => {
  await harness.open(page);
  await openWizard(page);
  await page.getByTestId('preset-none').click();
  await page.getByTestId('preset-90').click();
  await page.getByTestId('friendly-name').fill('bot@ci');
  await page.getByTestId('friendly-name').blur();
  await expect(page.getByTestId('friendly-name-error')).toBeVisible();
  // Leaving the wizard saves what is pending: still nothing.
  await page.getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drafts' })).toBeVisible();
  expect(await draftCount(page)).toBe(0);

  await page.locator('[data-view="new"]').click();
  await page.getByTestId('friendly-name').fill('resume-me-bot');
  await expect.poll(() => draftCount(page)).toBe(1);

  // The app opens again: the offer is made in "New service user", not over the other screens.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const [sandbox] = await listProfiles(page);
  await page.getByTestId('profile-switcher').selectOption(sandbox!.id);
  await page.getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drafts' })).toBeVisible();
  await expect(page.getByTestId('draft-item')).toHaveCount(1);
  await expect(page.getByTestId('resume-banner')).toHaveCount(0);
  await page.locator('[data-view="new"]').click();
  await expect(page.getByTestId('resume-banner')).toContainText('resume-me-bot');
  await page.getByTestId('resume-draft').click();
  await expect(page.getByTestId('friendly-name')).toHaveValue('resume-me-bot');
  await expect(page.getByTestId('resume-banner')).toHaveCount(0);
});

test('Add profile: Test key asks before saving; Escape cancels the form', async ({ page }) => {
  await harness.open(page);
  await page.getByRole('link', { name: 'Profiles' }).click();
  const form = await openAddProfileForm(page);
  await form.getByTestId('profile-name').fill('Production');
  // A closed loopback port refuses at once (a real region would wait on DNS on a machine without internet).
  await form.getByTestId('profile-region').selectOption('custom');
  await form.getByTestId('profile-base-url').fill('https://127.0.0.1:9');
  await form.getByTestId('profile-api-key').fill('not-a-real-key');
  await form.getByTestId('test-key').click();
  // No DigiCert ONE answers this key there: the answer is a failure, shown in the form; nothing saved.
  await expect(form.getByTestId('test-connection-result')).toContainText('failed', { timeout: 30_000 });
  expect((await listProfiles(page)).map((p) => p.name)).toEqual([expect.stringContaining('Sandbox')]);

  await form.getByTestId('profile-api-key').press('Escape');
  await expect(page.getByTestId('profile-form')).toHaveCount(0);
  await expect(page.getByTestId('add-profile')).toBeFocused();
});

test('audit export asks before replacing an existing file', async ({ page }) => {
  await harness.open(page);
  const folder = mkdtempSync(join(tmpdir(), 'sud-e2e-replace-')); // inside the harness's --export-dir
  try {
    const file = join(folder, 'audit.csv');
    writeFileSync(file, 'an older export');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-export-csv').click();
    await page.getByTestId('export-path').fill(file);
    await page.getByTestId('export-path').press('Enter');
    await expect(page.getByTestId('export-replace')).toContainText('audit.csv already exists.');
    await expect(page.getByTestId('export-replace-confirm')).toBeFocused();
    expect(readFileSync(file, 'utf8')).toBe('an older export');

    await page.getByTestId('export-replace-confirm').click();
    await expect(page.getByTestId('export-dialog')).toHaveCount(0);
    await expect(page.getByTestId('audit-export-result')).toContainText(file);
    expect(readFileSync(file, 'utf8')).not.toBe('an older export');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
