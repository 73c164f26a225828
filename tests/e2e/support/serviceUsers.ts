import { expect, type Page } from '@playwright/test';
import type { Result } from '../../../shared/errors';
import type { Api } from '../../../shared/ipc/contract';
import type { ReferenceSnapshot } from '../../../shared/reference';

type WithApi = { api: Api };

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`core refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/**
 * Creates a service user of the built-in sandbox through core, as the wizard does (draft → ready →
 * create), with an Account Manager role, ending on `endDate`; its token is dismissed unsaved.
 * Answers the user's id.
 */
export async function createSandboxUser(page: Page, friendlyName: string, endDate: string): Promise<string> {
  const reference = unwrap<ReferenceSnapshot>(
    await page.evaluate(() => (globalThis as unknown as WithApi).api.reference.refresh({ profileId: 'sandbox' })),
  );
  const account = reference.data!.accounts.find((a) => a.active)!;
  const role = reference.data!.roles.find((r) => r.managerId === 'account_manager') ?? reference.data!.roles[0]!;
  const created = await page.evaluate(
    async (fields) => {
      const api = (globalThis as unknown as WithApi).api;
      const draft = await api.drafts.save({ profileId: 'sandbox', step: 2, fields });
      if (!draft.ok) return draft;
      const ready = await api.creation.markReady({ draftId: draft.value.id });
      if (!ready.ok) return ready;
      const outcome = await api.creation.create({ draftId: draft.value.id });
      if (!outcome.ok) return outcome;
      if (outcome.value.state !== 'created') return { ok: false as const, error: { message: outcome.value.state } };
      const { handle, serviceUserId } = outcome.value.token;
      await api.token.dismiss({ handle, unsaved: 'stored_elsewhere' });
      return { ok: true as const, value: serviceUserId };
    },
    {
      friendlyName,
      description: 'E2E service user',
      email: 'owner@example.com',
      endDate,
      accountIds: [account.id],
      managers: [{ managerId: role.managerId, roleIds: [role.id] }],
      saveToKeychain: false,
    },
  );
  if (!created.ok) throw new Error(`setup create failed: ${created.error.message}`);
  return created.value;
}

/** Opens a sandbox user's details the way an admin does: Service users → refresh → search → the row. */
export async function openSandboxUser(page: Page, name: string, id: string): Promise<void> {
  const switcher = page.getByTestId('profile-switcher');
  const value = await switcher.locator('option', { hasText: 'Sandbox (local)' }).getAttribute('value');
  await switcher.selectOption(value!);
  await page.locator('[data-view="service-users"]').click();
  await page.getByTestId('su-refresh').click();
  await page.getByTestId('su-search').fill(name);
  await page.locator(`[data-testid="su-row"][data-user-id="${id}"]`).click();
  await expect(page.getByTestId('sd-title')).toHaveText(name);
}
