import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { KeychainStatus } from '../../../shared/keychain';
import type { ManageOperation, OperationRequest } from '../../../shared/manage';
import { useAppStore } from '../../../renderer/src/stores/app';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { AVAILABLE, PROFILE } from '../fixtures';
import type { FakeHandlers } from '../helpers';

/** What the fake cores of a service user's details view share: answers, the operation queue, the stores. */

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message = code): Result<never> => ({
  ok: false,
  error: { code, message } as AppErrorValue,
});

/**
 * The operation channels but send, over `state.operations` kept in memory: prepare queues, discard
 * drops, operations lists what is not done, reconcile settles nothing.
 */
export function operationHandlers(state: { operations: ManageOperation[] }, friendlyName: string): FakeHandlers {
  let n = state.operations.length;
  return {
    'serviceUsers.operations': () => ok(state.operations.filter((op) => op.state !== 'done')),
    'serviceUsers.prepare': ({ userId, operation }: { userId: string; operation: OperationRequest }) => {
      const op: ManageOperation = {
        id: `op-${++n}`,
        profileId: PROFILE.id,
        userId,
        friendlyName,
        request: operation,
        state: 'queued',
        createdAt: '2026-03-01T10:00:00Z',
        updatedAt: '2026-03-01T10:00:00Z',
      };
      state.operations.push(op);
      return ok(op);
    },
    'serviceUsers.discard': ({ operationId }: { operationId: string }) => {
      state.operations = state.operations.filter((o) => o.id !== operationId);
      return ok({ discarded: true as const });
    },
    'serviceUsers.reconcile': () => ok([]),
  };
}

/**
 * A fresh pinia with the stores a details view reads set: the profile loaded, the keychain, DigiCert
 * ONE reachable or not, and the service user `userId` open in the navigation.
 */
export function detailsStores(
  userId: string,
  options: { keychain?: KeychainStatus; offline?: boolean; navParams?: Record<string, string> } = {},
): Pinia {
  const pinia = createPinia();
  setActivePinia(pinia);
  const profiles = useProfilesStore();
  profiles.profiles = [PROFILE];
  profiles.loaded = true;
  const app = useAppStore();
  app.keychain = options.keychain ?? AVAILABLE;
  app.info = { name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' };
  const connectivity = useConnectivityStore();
  connectivity.profileId = PROFILE.id;
  connectivity.snapshot = {
    profileId: PROFILE.id,
    data: null,
    connectivity: {
      state: options.offline ? 'offline' : 'online',
      checkedAt: '2026-03-01T10:00:00Z',
      lastError: options.offline ? 'offline' : null,
      nextAttemptAt: null,
    },
  };
  const nav = useNavStore();
  nav.current = 'service-user';
  nav.params = { profile: PROFILE.id, id: userId, ...options.navParams };
  return pinia;
}
