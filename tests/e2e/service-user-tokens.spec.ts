import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createCore } from '../../electron/core/app';
import type { RunningSandbox } from '../../electron/core/connections/sandboxHost';
import { startHarness, type Harness } from '../../electron/harness/server';
import { SANDBOX_PREFIX, startSandbox } from '../../electron/sandbox';
import type { Result } from '../../shared/errors';
import type { Api } from '../../shared/ipc/contract';
import type { ReferenceSnapshot } from '../../shared/reference';
import { requireService } from '../support/skip';
import { findSecretsOnDisk } from '../support/tmp';
import { expectAccessible } from './support/a11y';
import { keychainStatus, openApp } from './support/app';
import { makeDataDir } from './support/harness';
import { secretToolClear, secretToolLookup } from './support/wizard';

/**
 * A service user's tokens end to end: the real renderer and core through the browser harness
 * against the built-in sandbox tenant. The harness runs in this process so the test can reach the
 * sandbox itself (its port and admin key exist only in memory) and ask it, as a script would,
 * which tokens work. Needs the real keychain (`dbus-run-session -- sh scripts/with-keyring.sh`).
 */
type WithApi = { api: Api };

let data: ReturnType<typeof makeDataDir>;
let harness: Harness | null = null;
let sandbox: RunningSandbox | null = null;
const itemsToClear: { service: string; account: string }[] = [];

test.beforeEach(() => {
  data = makeDataDir();
});
test.afterEach(async () => {
  await harness?.close();
  harness = null;
  sandbox = null;
  for (const item of itemsToClear.splice(0)) secretToolClear(item.service, item.account);
  data.cleanup();
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`core refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function start(page: Page): Promise<void> {
  const core = await createCore({ dataDir: data.dir, transport: 'harness', appVersion: '0.0.0-e2e', startSandbox });
  harness = await startHarness({ port: 0, dataDir: data.dir, core });
  sandbox = await core.sandbox.instance();
  if (!sandbox) throw new Error('the built-in sandbox did not start');
  await openApp(page, harness.url);
}

/** Asks the sandbox directly, with `key` as x-api-key (a script's view of a token). */
async function asKey(key: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox!.url}${SANDBOX_PREFIX}${path}`, { headers: { 'x-api-key': key } });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/**
 * Creates a service user in the sandbox through core, as the wizard does. Its token is saved to
 * `saveTo` when given; the value is returned (read the way the token screen reveals it).
 */
async function createUser(
  page: Page,
  friendlyName: string,
  saveTo?: { service: string; account: string },
): Promise<{ id: string; token: string }> {
  const reference = unwrap<ReferenceSnapshot>(
    await page.evaluate(() => (globalThis as unknown as WithApi).api.reference.refresh({ profileId: 'sandbox' })),
  );
  const account = reference.data!.accounts.find((a) => a.active)!;
  const role = reference.data!.roles.find((r) => r.managerId === 'account_manager') ?? reference.data!.roles[0]!;
  const created = await page.evaluate(
    async ({ fields, saveTo }) => {
      const api = (globalThis as unknown as WithApi).api;
      const draft = await api.drafts.save({ profileId: 'sandbox', step: 2, fields });
      if (!draft.ok) return draft;
      const ready = await api.creation.markReady({ draftId: draft.value.id });
      if (!ready.ok) return ready;
      const outcome = await api.creation.create({ draftId: draft.value.id, ...(saveTo ? { saveTo } : {}) });
      if (!outcome.ok) return outcome;
      if (outcome.value.state !== 'created') return { ok: false as const, error: { message: outcome.value.state } };
      const { handle, serviceUserId } = outcome.value.token;
      const revealed = await api.token.reveal({ handle });
      if (!revealed.ok) return revealed;
      await api.token.dismiss(saveTo ? { handle } : { handle, unsaved: 'stored_elsewhere' });
      return { ok: true as const, value: { id: serviceUserId, token: revealed.value.token } };
    },
    {
      fields: {
        friendlyName,
        description: 'Token rotation E2E',
        email: 'owner@example.com',
        accountIds: [account.id],
        managers: [{ managerId: role.managerId, roleIds: [role.id] }],
        saveToKeychain: !!saveTo,
        ...(saveTo ? { keychainItem: saveTo } : {}),
      },
      saveTo,
    },
  );
  if (!created.ok) throw new Error(`setup create failed: ${created.error.message}`);
  return created.value;
}

/** Opens the user's details the way an admin does: Service users → refresh → search → the row. */
async function openDetails(page: Page, name: string, id: string): Promise<void> {
  const switcher = page.getByTestId('profile-switcher');
  const value = await switcher.locator('option', { hasText: 'Sandbox (local)' }).getAttribute('value');
  await switcher.selectOption(value!);
  await page.locator('[data-view="service-users"]').click();
  await page.getByTestId('su-refresh').click();
  await page.getByTestId('su-search').fill(name);
  await page.locator(`[data-testid="su-row"][data-user-id="${id}"]`).click();
  await expect(page.getByTestId('tokens-section')).toBeVisible();
}

test('rotate a token into the keychain, the new one works, the old one is refused once revoked, and neither is on disk', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await start(page);
  const status = await keychainStatus(page);
  const missing = status.available ? null : `OS keychain unavailable (${status.reason}): ${status.detail}`;
  test.skip(!requireService('keychain', missing), 'needs the OS keychain');

  const name = unique('rotate-bot');
  const old = await createUser(page, name);
  // The token from the create works as the user's key, as a script would use it.
  const before = await asKey(old.token, '/user/me');
  expect(before.status).toBe(200);
  expect((before.body as { id: string }).id).toBe(old.id);

  await openDetails(page, name, old.id);
  await expect(page.locator('[data-testid="token-row"]')).toHaveCount(1);
  const oldTokenName = (await page.locator('[data-testid="token-row"]').getAttribute('data-token'))!;

  // Issue a new token, saved to a keychain item of our own before it is shown.
  const service = `SUD e2e rotate ${randomBytes(3).toString('hex')}`;
  itemsToClear.push({ service, account: name });
  await page.getByTestId('issue-token').click();
  const dialog = page.getByTestId('issue-token-dialog');
  await expect(dialog.getByTestId('issue-token-save')).toBeChecked();
  await expect(dialog.getByTestId('issue-token-keychain-account')).toHaveValue(name);
  await dialog.getByTestId('issue-token-keychain-service').fill(service);
  await expectAccessible(page, 'issue token dialog', '[data-testid="issue-token-dialog"]');
  const tokenName = await dialog.getByTestId('issue-token-name').inputValue();
  expect(tokenName).toContain(`${name} rotated `);
  await dialog.getByTestId('issue-token-submit').click();

  const screen = page.getByTestId('token-screen');
  await expect(screen.getByTestId('token-saved')).toContainText(service);
  await expect(screen.getByTestId('token-value')).toHaveAttribute('data-masked', 'true');
  await expect(screen.getByTestId('read-back-command').first()).toContainText('secret-tool lookup service');
  await screen.getByTestId('token-reveal').click();
  await expect(screen.getByTestId('token-value')).toHaveAttribute('data-masked', 'false');
  const fresh = (await screen.getByTestId('token-value').textContent())!.trim();
  await screen.getByTestId('token-hide').click();
  expect(fresh).not.toBe(old.token);
  expect(secretToolLookup(service, name)).toBe(fresh);
  await expectAccessible(page, 'token screen', '[data-testid="tokens-section"]');

  // The new token answers as the user; the old one still works until it is revoked.
  const me = await asKey(fresh, '/user/me');
  expect(me.status).toBe(200);
  expect((me.body as { id: string }).id).toBe(old.id);
  expect((await asKey(old.token, '/user/me')).status).toBe(200);

  // Close: the offer to revoke the old token (none ticked); revoke it by disabling.
  await screen.getByTestId('token-close').click();
  const offer = page.getByTestId('revoke-offer');
  await expect(offer).toBeVisible();
  const box = offer.locator(`[data-testid="revoke-offer-token"][data-token="${oldTokenName}"]`);
  await expect(box).not.toBeChecked();
  await expect(offer.getByTestId('revoke-offer-token')).toHaveCount(1); // the new token is not offered
  await expectAccessible(page, 'revoke offer', '[data-testid="revoke-offer"]');
  await box.check();
  await expect(offer.getByTestId('revoke-mode-disable')).toBeChecked();
  await offer.getByTestId('revoke-confirm').click();
  await expect(page.getByTestId('tokens-message').last()).toContainText(`Token “${oldTokenName}” was disabled.`);
  await expect(
    page.locator(`[data-testid="token-row"][data-token="${oldTokenName}"] [data-testid="token-status"]`),
  ).toHaveText('Disabled');

  expect((await asKey(old.token, '/user/me')).status).toBe(401);
  expect((await asKey(fresh, '/user/me')).status).toBe(200);

  // Neither value reached the SQLite file, its WAL, the log or anything else in the data folder.
  expect(findSecretsOnDisk(data.dir, [fresh, old.token])).toEqual([]);
  await harness!.close();
  harness = null;
  expect(findSecretsOnDisk(data.dir, [fresh, old.token])).toEqual([]);
});

test('delete a service user: typed name, its keychain item too, gone from the list and from DigiCert', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await start(page);
  const status = await keychainStatus(page);
  const missing = status.available ? null : `OS keychain unavailable (${status.reason}): ${status.detail}`;
  test.skip(!requireService('keychain', missing), 'needs the OS keychain');

  const name = unique('delete-bot');
  const item = { service: `SUD e2e delete ${randomBytes(3).toString('hex')}`, account: name };
  itemsToClear.push(item);
  const user = await createUser(page, name, item);
  expect(secretToolLookup(item.service, item.account)).toBe(user.token);

  await openDetails(page, name, user.id);
  await page.getByTestId('delete-user').click();
  const dialog = page.getByTestId('delete-user-dialog');
  const offered = dialog.locator(`[data-testid="delete-keychain-item"][data-service="${item.service}"]`);
  await expect(offered).not.toBeChecked();
  await offered.check();
  await expectAccessible(page, 'delete dialog', '[data-testid="delete-user-dialog"]');

  // A near miss is refused; nothing is sent.
  await dialog.getByTestId('delete-confirm-name').fill(name.toUpperCase());
  await dialog.getByTestId('delete-user-confirm').click();
  await expect(dialog.getByTestId('delete-confirm-error')).toHaveText('The name does not match.');
  expect((await asKey(sandbox!.adminKey, `/user/${user.id}`)).status).toBe(200);

  await dialog.getByTestId('delete-confirm-name').fill(name);
  await dialog.getByTestId('delete-user-confirm').click();
  await expect(page.getByTestId('service-users-view')).toBeVisible();
  await expect(page).toHaveURL(/#\/service-users/);

  // Gone from DigiCert (404), its token refused, gone from the list, and its keychain item deleted.
  expect((await asKey(sandbox!.adminKey, `/user/${user.id}`)).status).toBe(404);
  expect((await asKey(user.token, '/user/me')).status).toBe(401);
  await page.getByTestId('su-search').fill(name);
  await expect(page.locator(`[data-testid="su-row"][data-user-id="${user.id}"]`)).toHaveCount(0);
  await expect.poll(() => secretToolLookup(item.service, item.account)).toBeNull();
  await harness!.close();
  harness = null;
  expect(findSecretsOnDisk(data.dir, [user.token])).toEqual([]);
});
