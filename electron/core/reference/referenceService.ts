import { isAppError } from '../../../shared/errors';
import type { ConnectionTest, ReferenceData, ReferenceSnapshot } from '../../../shared/reference';
import type { AuditRecorder } from '../auditPort';
import type { ClientFactory } from '../connections/clients';
import type { ProfileStore } from '../profiles/profileStore';
import { createConnectivityTracker, UNREACHABLE_CODES } from './connectivity';
import type { ReferenceCache } from './referenceStore';

/**
 * Reference data (accounts, managers, roles, existing service users) per profile: served from the
 * SQLite cache, refreshed from DigiCert ONE on demand, on first use and when connectivity returns.
 */
export function createReferenceService(deps: {
  cache: ReferenceCache;
  clientFor: ClientFactory;
  profiles: ProfileStore;
  audit: AuditRecorder;
  clock: () => Date;
  /** Called when a profile that was unreachable answers again (e.g. to settle queued creates). */
  onReachable?: (profileId: string) => void;
}) {
  const inFlight = new Map<string, Promise<ReferenceSnapshot>>();
  const connectivity = createConnectivityTracker({
    clock: deps.clock,
    onRetry: (profileId) => void refresh(profileId).catch(() => undefined),
  });

  const snapshot = (profileId: string): ReferenceSnapshot => ({
    profileId,
    data: deps.cache.get(profileId),
    connectivity: connectivity.get(profileId),
  });

  /** Sorts an error from DigiCert into "unreachable" (offline) or "answered with a refusal". */
  function observe(profileId: string, error: unknown): void {
    if (isAppError(error) && UNREACHABLE_CODES.has(error.code)) connectivity.unreachable(profileId, error.code);
    else if (isAppError(error)) connectivity.answered(profileId, error.code);
  }

  async function fetchAll(profileId: string): Promise<ReferenceData> {
    const client = await deps.clientFor(profileId);
    const [accounts, managers, roles, users] = await Promise.all([
      client.listAccounts(),
      client.listManagers(),
      client.listRoles(),
      client.listServiceUsers(),
    ]);
    return {
      accounts,
      managers,
      roles,
      serviceUsers: users.map((u) => ({ id: u.id, friendlyName: u.friendlyName, status: u.status, ...(u.endDate ? { endDate: u.endDate } : {}) })),
      refreshedAt: deps.clock().toISOString(),
    };
  }

  function refresh(profileId: string): Promise<ReferenceSnapshot> {
    deps.profiles.get(profileId);
    let pending = inFlight.get(profileId);
    if (pending) return pending;
    const wasOffline = connectivity.get(profileId).state === 'offline';
    pending = (async () => {
      try {
        deps.cache.put(profileId, await fetchAll(profileId));
        connectivity.answered(profileId);
        if (wasOffline) deps.onReachable?.(profileId);
      } catch (error) {
        observe(profileId, error);
        // Unreachable: answer the cached snapshot (with offline connectivity). A refusal such as
        // a revoked key is the admin's to see.
        if (!(isAppError(error) && UNREACHABLE_CODES.has(error.code))) throw error;
      } finally {
        inFlight.delete(profileId);
      }
      return snapshot(profileId);
    })();
    inFlight.set(profileId, pending);
    return pending;
  }

  return {
    /** The cached snapshot; fetched first when this profile has never been fetched or checked. */
    async get(profileId: string): Promise<ReferenceSnapshot> {
      deps.profiles.get(profileId);
      const current = snapshot(profileId);
      if (current.connectivity.state === 'unknown') {
        return refresh(profileId).catch(() => snapshot(profileId));
      }
      return current;
    },

    refresh,

    observe,
    answered: (profileId: string) => connectivity.answered(profileId),

    async testConnection(profileId: string): Promise<ConnectionTest> {
      const profile = deps.profiles.get(profileId);
      try {
        const client = await deps.clientFor(profileId);
        const [me, accounts] = await Promise.all([client.getMe(), client.listAccounts()]);
        connectivity.answered(profileId);
        deps.audit.record({ action: 'connection_tested', profileId, profileName: profile.name, target: profile.baseUrl, outcome: 'ok', details: { canManageUsers: me.canManageUsers, accounts: accounts.length } });
        return {
          profileId,
          who: { id: me.id, name: me.name ?? null, email: me.email ?? null },
          canManageUsers: me.canManageUsers,
          accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
        };
      } catch (error) {
        observe(profileId, error);
        deps.audit.record({ action: 'connection_tested', profileId, profileName: profile.name, target: profile.baseUrl, outcome: 'failed', details: { code: isAppError(error) ? error.code : 'internal' } });
        throw error;
      }
    },

    forget(profileId: string): void {
      deps.cache.forget(profileId);
    },

    close: () => connectivity.stop(),
  };
}

export type ReferenceService = ReturnType<typeof createReferenceService>;
