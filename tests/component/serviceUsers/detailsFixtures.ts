import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { AuditEntry } from '../../../shared/audit';
import type { Result } from '../../../shared/errors';
import type {
  ManageOperation,
  OperationOutcome,
  OperationRequest,
  SavedTokenItem,
  ServiceUserDetails,
  ServiceUserListItem,
} from '../../../shared/manage';
import type { ReferenceSnapshot } from '../../../shared/reference';
import { createAppI18n, type Locale } from '../../../renderer/src/i18n';
import ServiceUserView from '../../../renderer/src/views/ServiceUserView.vue';
import { useAppStore } from '../../../renderer/src/stores/app';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { AVAILABLE, PROFILE } from '../fixtures';
import { installFakeApi, until, type FakeHandlers } from '../helpers';
import { referenceData } from '../wizard/fixtures';

export { PROFILE, until };

export const TODAY = new Date().toISOString().slice(0, 10);

/** `TODAY` plus `days` ('YYYY-MM-DD', UTC). */
export function inDays(days: number, from = TODAY): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function user(over: Partial<ServiceUserListItem> = {}): ServiceUserListItem {
  return {
    id: 'su-1',
    friendlyName: 'ci-signer_prod',
    description: 'Signs release builds',
    email: 'owner@example.com',
    status: 'ACTIVE',
    endDate: inDays(20),
    accountIds: ['acc-0001'],
    managerIds: ['account_manager', 'trust_lifecycle'],
    roleIds: ['r-am-user', 'r-tlm-auditor'],
    createdAt: '2026-01-01T00:00:00Z',
    muted: false,
    ...over,
  };
}

function snapshotOf(state: 'online' | 'offline', checkedAt: string): ReferenceSnapshot {
  return {
    profileId: PROFILE.id,
    data: referenceData(),
    connectivity: { state, checkedAt, lastError: state === 'offline' ? 'offline' : null, nextAttemptAt: null },
  };
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/**
 * A fake core for one service user: details built from `user` (roles from its roleIds), operations
 * kept in memory (prepare queues, send answers `send(op)` — by default done, applying an update to
 * the user). `connectivity` is what reference.get answers; `goOnline()` also emits the event.
 */
export function detailsCore(
  options: {
    user?: ServiceUserListItem;
    state?: 'online' | 'offline';
    history?: AuditEntry[];
    savedTokenItems?: SavedTokenItem[];
    send?: (op: ManageOperation) => OperationOutcome | Promise<OperationOutcome>;
    extra?: FakeHandlers;
  } = {},
) {
  let current = options.user ?? user();
  let state = options.state ?? 'online';
  let checkedAt = '2026-03-01T10:00:00.000Z';
  let operations: ManageOperation[] = [];
  let n = 0;
  const reference = referenceData();

  function rolesOf(u: ServiceUserListItem): ServiceUserDetails['roles'] {
    const groups = new Map<string, string[]>((u.managerIds ?? []).map((id) => [id, []]));
    for (const id of u.roleIds ?? []) {
      const managerId = reference.roles.find((r) => r.id === id)?.managerId ?? '(unknown)';
      groups.set(managerId, [...(groups.get(managerId) ?? []), id]);
    }
    return [...groups].map(([managerId, roleIds]) => ({ managerId, roleIds }));
  }

  function details(): ServiceUserDetails {
    return {
      profileId: PROFILE.id,
      user: current,
      roles: rolesOf(current),
      tokens: state === 'online' ? [] : null,
      ...(state === 'offline' ? { tokensError: { code: 'offline' as const, message: 'offline' } } : {}),
      asOf: '2026-03-01T09:00:00.000Z',
      history: options.history ?? [],
      certificates: null,
      savedCertificates: [],
      savedTokenItems: options.savedTokenItems ?? [],
      operations: operations.filter((op) => op.userId === current.id),
    };
  }

  function apply(op: ManageOperation): void {
    if (op.request.kind !== 'update') return;
    const change = op.request.change as Record<string, unknown>;
    const managers = change.managers as { managerId: string; roleIds: string[] }[] | undefined;
    current = {
      ...current,
      ...(change.endDate ? { endDate: change.endDate as string } : {}),
      ...(change.description !== undefined ? { description: change.description as string } : {}),
      ...(change.email ? { email: change.email as string } : {}),
      ...(change.accountIds ? { accountIds: change.accountIds as string[] } : {}),
      ...(managers
        ? { managerIds: managers.map((m) => m.managerId), roleIds: managers.flatMap((m) => m.roleIds) }
        : {}),
    };
  }

  const handlers: FakeHandlers = {
    'app.info': () =>
      ok({ name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' as const }),
    'keychain.status': () => ok(AVAILABLE),
    'profiles.list': () => ok([PROFILE]),
    'reference.get': () => ok(snapshotOf(state, checkedAt)),
    'reference.refresh': () => ok(snapshotOf(state, checkedAt)),
    'token.pending': () => ok([]),
    'serviceUsers.details': () => ok(details()),
    'serviceUsers.operations': () => ok(operations),
    'serviceUsers.prepare': ({ userId, operation }: { userId: string; operation: OperationRequest }) => {
      const at = new Date(Date.parse('2026-03-01T10:00:00Z') + ++n * 1000).toISOString();
      const op: ManageOperation = {
        id: `op-${n}`,
        profileId: PROFILE.id,
        userId,
        friendlyName: current.friendlyName,
        request: operation,
        state: 'queued',
        createdAt: at,
        updatedAt: at,
      };
      operations = [...operations, op];
      return ok(op);
    },
    'serviceUsers.sendOperation': async ({ operationId }: { operationId: string }) => {
      const op = operations.find((o) => o.id === operationId);
      if (!op) return { ok: false, error: { code: 'not_found', message: 'gone' } };
      const updatedAt = new Date(Date.parse(op.updatedAt) + 500).toISOString();
      const outcome: OperationOutcome = options.send
        ? await options.send({ ...op, updatedAt })
        : { state: 'done', operation: { ...op, state: 'done', updatedAt } };
      if (outcome.state === 'done') {
        apply(op);
        operations = operations.filter((o) => o.id !== operationId);
      } else {
        operations = operations.map((o) => (o.id === operationId ? outcome.operation : o));
      }
      return ok(outcome);
    },
    'serviceUsers.discard': ({ operationId }: { operationId: string }) => {
      operations = operations.filter((o) => o.id !== operationId);
      return ok({ discarded: true as const });
    },
    'serviceUsers.reconcile': () => ok([]),
    ...options.extra,
  };
  const api = installFakeApi(handlers);
  return {
    ...api,
    get user() {
      return current;
    },
    get operations() {
      return operations;
    },
    /** DigiCert ONE answers again: what core tells the renderer. */
    goOnline() {
      state = 'online';
      checkedAt = '2026-03-01T10:05:00.000Z';
      api.emit({
        name: 'connectivity.changed',
        payload: {
          profileId: PROFILE.id,
          connectivity: { state: 'online', checkedAt, lastError: null, nextAttemptAt: null },
        },
      });
    },
  };
}

/** Mounts the details view at `#/service-user?profile=p1&id=su-1` with the profile known, once it shows the user. */
export async function mountDetails(options: { locale?: Locale; userId?: string } = {}): Promise<VueWrapper> {
  window.location.hash = `#/service-user?profile=${PROFILE.id}&id=${options.userId ?? 'su-1'}`;
  const pinia = createPinia();
  setActivePinia(pinia);
  const profiles = useProfilesStore();
  profiles.profiles = [PROFILE];
  profiles.loaded = true;
  const app = useAppStore();
  app.keychain = AVAILABLE;
  app.info = { name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' };
  const i18n = createAppI18n(options.locale ?? 'en');
  const wrapper = mount(ServiceUserView, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await until(
    () => wrapper.find('[data-testid="sd-facts"]').exists() || wrapper.find('[data-testid="sd-gone"]').exists(),
  );
  return wrapper;
}

export const byTestId = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
export const findTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);
