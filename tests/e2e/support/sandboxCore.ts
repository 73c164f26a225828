import { expect, test, type Page } from '@playwright/test';
import type { Result } from '../../../shared/errors';
import type { Api } from '../../../shared/ipc/contract';
import type { ReferenceSnapshot } from '../../../shared/reference';
import type { Role } from '../../../shared/serviceUser';
import { openApp } from './app';
import { makeDataDir, startHarnessProcess, type RunningHarness } from './harness';

/** What specs driving core directly through the page's `api` share. */

export type WithApi = { api: Api };

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`core refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/**
 * Each test of the spec gets a fresh data folder (`seed` may put files in it first) and its own
 * harness, stopped and cleaned up after it; `open` starts that harness and opens the app on it;
 * `restart` stops it and opens the app on a new harness over the same data folder (what survives an
 * app restart).
 */
export function harnessPerTest(options: { seed?: (dataDir: string) => void } = {}) {
  let data: ReturnType<typeof makeDataDir>;
  let harness: RunningHarness | null = null;
  test.beforeEach(() => {
    data = makeDataDir();
    options.seed?.(data.dir);
  });
  test.afterEach(async () => {
    await harness?.stop();
    harness = null;
    data.cleanup();
  });
  async function open(page: Page): Promise<RunningHarness> {
    harness = await startHarnessProcess(data.dir);
    await openApp(page, harness.url);
    return harness;
  }
  return {
    open,
    async restart(page: Page): Promise<RunningHarness> {
      await harness?.stop();
      return open(page);
    },
  };
}

/**
 * Creates a service user in the sandbox through core (draft → ready → create) ending on `endDate`,
 * with the first role `role` picks (else the first role), and expects it created; answers its id.
 */
export async function createUserThroughCore(
  page: Page,
  profileId: string,
  friendlyName: string,
  endDate: string,
  options: { description?: string; role?: (role: Role) => boolean } = {},
): Promise<string> {
  const reference = unwrap<ReferenceSnapshot>(
    await page.evaluate((id) => (globalThis as unknown as WithApi).api.reference.refresh({ profileId: id }), profileId),
  );
  const account = reference.data!.accounts.find((a) => a.active)!;
  const role = options.role ? reference.data!.roles.find(options.role)! : reference.data!.roles[0]!;
  const outcome = await page.evaluate(
    async ({ profileId, fields }) => {
      const api = (globalThis as unknown as WithApi).api;
      const draft = await api.drafts.save({ profileId, step: 2, fields });
      if (!draft.ok) return draft;
      const ready = await api.creation.markReady({ draftId: draft.value.id });
      if (!ready.ok) return ready;
      return api.creation.create({ draftId: draft.value.id });
    },
    {
      profileId,
      fields: {
        friendlyName,
        ...(options.description === undefined ? {} : { description: options.description }),
        email: 'e2e@example.com',
        endDate,
        accountIds: [account.id],
        managers: [{ managerId: role.managerId, roleIds: [role.id] }],
      },
    },
  );
  const created = unwrap(outcome as Result<{ state: string; serviceUser?: { id: string } }>);
  expect(created.state).toBe('created');
  return created.serviceUser!.id;
}
