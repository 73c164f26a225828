import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';
import { expectAccessible as expectAccessibleIn } from './a11y';

/** Steps through the creation wizard as an admin does (shared by the wizard and offline specs). */

/** Selects the built-in sandbox profile and opens "New service user". */
export async function openWizard(page: Page): Promise<void> {
  const switcher = page.getByTestId('profile-switcher');
  // The built-in sandbox's name is shown in the UI language (the German spec runs through here too).
  const sandbox = switcher.locator('option', { hasText: /^Sandbox \((local|lokal)\)$/ });
  await expect(sandbox).toHaveCount(1);
  const value = await sandbox.getAttribute('value');
  await switcher.selectOption(value!);
  await page.locator('[data-view="new"]').click();
  await expect(page.getByTestId('step-heading')).toBeVisible();
  await expect(page.getByTestId('friendly-name')).toBeVisible();
}

/** No serious or critical axe violations inside the wizard, light and dark. */
export const expectAccessible = (page: Page, label: string) =>
  expectAccessibleIn(page, label, '[data-testid="wizard"]');

export interface Details {
  name: string;
  managers?: string[];
  accounts?: string[];
}

export async function fillDetails(page: Page, details: Details): Promise<void> {
  await page.getByTestId('friendly-name').fill(details.name);
  await page.getByTestId('description').fill('Created by the wizard E2E');
  await page.getByTestId('preset-90').click();
  await page.getByTestId('email').fill('owner@example.com');
  for (const account of details.accounts ?? ['Contoso Production']) {
    await page.getByTestId('account-search').fill(account);
    await page.locator(`[data-account="${account}"]`).check();
  }
  await page.getByTestId('account-search').fill('');
  for (const manager of details.managers ?? ['Account Manager', 'Trust Lifecycle'])
    await page.locator(`[data-manager="${manager}"]`).check();
}

export async function chooseRoles(page: Page, roles: string[]): Promise<void> {
  for (const role of roles) await page.locator(`[data-role="${role}"]`).check();
}

export async function next(page: Page, expected: string): Promise<void> {
  await page.getByTestId('wizard-next').click();
  await expect(page.getByTestId('step-heading')).toHaveText(expected);
  await expect(page.getByTestId('step-heading')).toBeFocused();
}

/** The token text, fetched the way an admin sees it: Reveal, read, Hide. */
export async function revealToken(page: Page): Promise<string> {
  await page.getByTestId('token-reveal').click();
  const value = page.getByTestId('token-value');
  await expect(value).toHaveAttribute('data-masked', 'false');
  const token = (await value.textContent())!.trim();
  await page.getByTestId('token-hide').click();
  await expect(value).toHaveAttribute('data-masked', 'true');
  return token;
}

export function secretToolLookup(service: string, account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', account], {
      encoding: 'utf8',
      timeout: 10_000,
    });
  } catch {
    return null;
  }
}
export function secretToolClear(service: string, account: string): void {
  try {
    execFileSync('secret-tool', ['clear', 'service', service, 'username', account], { timeout: 10_000 });
  } catch {
    // nothing stored
  }
}
