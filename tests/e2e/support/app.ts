import { expect, type Page } from '@playwright/test';
import { AsyncEntry } from '@napi-rs/keyring';
import type { Result } from '../../../shared/errors';
import type { Api } from '../../../shared/ipc/contract';
import type { KeychainStatus } from '../../../shared/keychain';
import type { Profile } from '../../../shared/profiles';
import { PROFILE_KEY_SERVICE } from '../../../electron/core/profiles/profileStore';

type WithApi = { api: Api };

/** Calls the same `window.api` the UI uses (the harness transport), to learn what the core says. */
export async function keychainStatus(page: Page): Promise<KeychainStatus> {
  const result = await page.evaluate(() => (globalThis as unknown as WithApi).api.keychain.status({}));
  return unwrap(result);
}

export async function listProfiles(page: Page): Promise<Profile[]> {
  const result = await page.evaluate(() => (globalThis as unknown as WithApi).api.profiles.list({}));
  return unwrap(result);
}

/**
 * Opens the add-profile form. A status line can appear above the button while it is being clicked
 * (the profile just added is checked and found offline) and move it from under the pointer; the
 * click is then made again until the form is open.
 */
export async function openAddProfileForm(page: Page) {
  const form = page.getByTestId('profile-form');
  await expect(async () => {
    if (!(await form.isVisible())) await page.getByTestId('add-profile').click();
    await expect(form).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  return form;
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`core refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** The admin key of a profile as the OS keychain holds it (the same item the core writes). */
export async function keyInKeychain(profileId: string): Promise<string | null> {
  const entry = new AsyncEntry(PROFILE_KEY_SERVICE, profileId, { linux: { store: 'secret-service' } });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('keychain read timed out')), 10_000),
  );
  return (await Promise.race([entry.getPassword(), timeout])) ?? null;
}

export async function openApp(page: Page, url: string): Promise<void> {
  // No transitions (the CSS honours reduced motion): a theme switch is complete at once, so a
  // screenshot or an axe check right after emulateMedia sees the final colours.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: /Main|Hauptmenü/ })).toBeVisible();
}

/** Takes the built-in sandbox tenant offline or back online from the header's sandbox badge menu. */
export async function switchSandbox(page: Page, running: boolean): Promise<void> {
  const badge = page.locator('.shell-header').getByTestId('sandbox-badge');
  if ((await badge.getAttribute('aria-expanded')) !== 'true') await badge.click();
  await page.getByTestId('sandbox-details').getByTestId('sandbox-toggle').click();
  await expect(page.getByTestId('sandbox-switch')).toHaveAttribute('data-running', String(running));
  await badge.click();
  await expect(page.getByTestId('sandbox-details')).toHaveCount(0);
}

export const profileCard = (page: Page, name: string) => page.locator(`li.profile-item[data-profile="${name}"]`);
