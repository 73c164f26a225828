import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { seedState } from '../../electron/sandbox/seed';
import { saveState } from '../../electron/sandbox/state';
import { harnessPerTest } from './support/sandboxCore';
import { openWizard } from './support/wizard';

/**
 * The account picker against a tenant of 5,008 accounts (issue 15 item 5): the search matches names
 * and account numbers, never internal ids; "Select all N matches"; Enter in the search picks the
 * top match and does not submit step 1; the review step opens the whole list.
 */
const state = seedState({ now: new Date(), extraAccounts: 5000 });

const harness = harnessPerTest({
  // The built-in sandbox loads its tenant from the data folder: give it 5,008 accounts.
  seed(dataDir) {
    mkdirSync(join(dataDir, 'sandbox'), { recursive: true });
    saveState(join(dataDir, 'sandbox', 'tenant.json'), state);
  },
});

test('5,008 accounts: search, select all matches, Enter picks, review opens the full list', async ({ page }) => {
  await harness.open(page);
  await openWizard(page);
  const search = page.getByTestId('account-search');
  const count = page.getByTestId('account-count');
  await expect(count).toContainText('5,008 accounts');
  // A virtual list: only the rows in view are in the page, and scrolling brings the others.
  expect(await page.locator('[data-testid="account-list"] li').count()).toBeLessThan(60);
  await page.getByTestId('account-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.locator('[data-account="Generated account 5000"]')).toBeVisible();

  // "4" is in every internal id; it must match only names (and account numbers starting with 4).
  await search.fill('4');
  const expected = state.accounts.filter(
    (a) => a.name.includes('4') || (a.friendly_identifier ?? '').startsWith('4'),
  ).length;
  expect(expected).toBeLessThan(state.accounts.length);
  await expect(count).toContainText(`${expected.toLocaleString('en-US')} account`);
  await search.fill(state.accounts[0]!.id);
  await expect(count).toContainText('No account matches');
  const number = state.accounts[1234]!.friendly_identifier!;
  await search.fill(number);
  await expect(page.locator('[data-testid="account-list"] li')).toHaveCount(1);
  await expect(page.locator(`[data-account="${state.accounts[1234]!.name}"]`)).toBeVisible();

  // Select all matches of a search, far more than fit on screen.
  await search.fill('generated account 00');
  await page.getByTestId('account-select-matches').click();
  await expect(page.getByTestId('account-count')).toContainText('99 selected');

  // Enter in the search box picks the top match and leaves the step as it is.
  await search.fill('Contoso Production');
  await search.press('Enter');
  await expect(count).toContainText('100 selected');
  await expect(page.getByTestId('step-heading')).toHaveText('Service user details');
  await expect(page.getByTestId('friendly-name-error')).toHaveCount(0);
  await expect(search).toBeFocused();

  await page.getByTestId('friendly-name').fill('account-search-e2e');
  await page.getByTestId('email').fill('owner@example.com');
  await page.locator('[data-manager="Account Manager"]').check();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Roles and permissions');
  await page.locator('[data-role]').first().check();
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('step-heading')).toHaveText('Review');

  const review = page.getByTestId('review-accounts');
  await expect(review).toContainText('and 80 more');
  const toggle = page.getByTestId('review-accounts-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const all = page.getByTestId('review-accounts-all');
  await expect(all).toContainText('Generated account 0099');
  await expect(all).toContainText('Contoso Production');
  expect((await all.innerText()).split('\n').filter((l) => l.trim())).toHaveLength(100);
});
