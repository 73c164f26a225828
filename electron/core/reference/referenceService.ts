import { isAppError } from '../../../shared/errors';
import type { ConnectionTest, ReferenceData, ReferenceSnapshot } from '../../../shared/reference';
import type { AuditRecorder } from '../audit/recorder';
import type { ClientFactory } from '../connections/clients';
import type { DigicertClient } from '../digicert/client';
import type { ProfileStore } from '../profiles/profileStore';
import { createConnectivityMonitor, PROBE_TIMEOUT_MS, UNREACHABLE_CODES } from './connectivity';
import type { ReferenceCache } from './referenceStore';

/**
 * Reference data (accounts, managers, roles, existing service users) per profile: served from the
 * SQLite cache, refreshed from DigiCert ONE on demand, on first use and when connectivity returns.
 * Asking for a profile (get, refresh) also watches it: its reachability is then probed on its own
 * (connectivity.ts), so going offline and coming back are noticed while the app is open.
 */
export function createReferenceService(deps: {
  cache: ReferenceCache;
  clientFor: ClientFactory;
  profiles: ProfileStore;
  audit: AuditRecorder;
  clock: () => Date;
  /** Called when a profile that was unreachable answers again (e.g. to settle queued creates). */
  onReachable?: (profileId: string) => void;
  /** A client for a key that belongs to no profile yet ("Test key" before saving). */
  clientForKey?: (baseUrl: string, apiKey: string) => DigicertClient;
}) {
  const inFlight = new Map<string, Promise<ReferenceSnapshot>>();
  const refreshListeners = new Set<(profileId: string, refreshedAt: string) => void>();
  const connectivity = createConnectivityMonitor({
    clock: deps.clock,
    // GET /user/me: one small read that any valid key may make; no retries, a short timeout.
    probe: async (profileId, signal) => {
      const client = await deps.clientFor(profileId);
      await client.getMe({ signal, timeoutMs: PROBE_TIMEOUT_MS, maxRetries: 0 });
    },
  });
  // Back online, however it was noticed (probe, refresh, a create): fetch the data again, then
  // let the caller settle what waited for the server (queued creates).
  connectivity.onChange((profileId, now, before) => {
    if (before.state !== 'offline' || now.state !== 'online') return;
    load(profileId).then(
      (s) => {
        if (s.connectivity.state === 'online') deps.onReachable?.(profileId);
      },
      () => undefined,
    );
  });

  const snapshot = (profileId: string): ReferenceSnapshot => ({
    profileId,
    data: deps.cache.get(profileId),
    connectivity: connectivity.get(profileId),
  });

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
      serviceUsers: users.map((u) => ({
        id: u.id,
        friendlyName: u.friendlyName,
        status: u.status,
        ...(u.endDate ? { endDate: u.endDate } : {}),
      })),
      refreshedAt: deps.clock().toISOString(),
    };
  }

  /** Fetches the profile's data (one fetch at a time per profile). */
  function load(profileId: string): Promise<ReferenceSnapshot> {
    deps.profiles.get(profileId);
    let pending = inFlight.get(profileId);
    if (pending) return pending;
    pending = (async () => {
      try {
        const data = await fetchAll(profileId);
        deps.cache.put(profileId, data);
        connectivity.answered(profileId);
        for (const listener of [...refreshListeners]) {
          try {
            listener(profileId, data.refreshedAt);
          } catch {
            // A listener's failure is its own: the fetch succeeded.
          }
        }
      } catch (error) {
        connectivity.observe(profileId, error);
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
      connectivity.watch(profileId);
      const current = snapshot(profileId);
      if (current.connectivity.state === 'unknown') {
        return load(profileId).catch(() => snapshot(profileId));
      }
      return current;
    },

    /** Fetches now (the admin's "Refresh" / "Retry now"). */
    refresh(profileId: string): Promise<ReferenceSnapshot> {
      deps.profiles.get(profileId);
      connectivity.watch(profileId);
      return load(profileId);
    },

    /** Sorts an error from DigiCert into "unreachable" (offline) or "answered with a refusal". */
    observe: (profileId: string, error: unknown) => connectivity.observe(profileId, error),
    answered: (profileId: string) => connectivity.answered(profileId),
    /** Every connectivity change of every profile (for pushing them to the renderer). */
    onConnectivityChange: connectivity.onChange,
    /** Fresh data of a profile is in the cache (for pushing it to the renderer). */
    onRefreshed(listener: (profileId: string, refreshedAt: string) => void): () => void {
      refreshListeners.add(listener);
      return () => refreshListeners.delete(listener);
    },
    /** The renderer listens for events: the profile it asked for last stays watched (connectivity.ts). */
    setListening: connectivity.setListening,

    async testConnection(profileId: string): Promise<ConnectionTest> {
      const profile = deps.profiles.get(profileId);
      try {
        const client = await deps.clientFor(profileId);
        const [me, accounts] = await Promise.all([client.getMe(), client.listAccounts()]);
        connectivity.answered(profileId);
        deps.audit.record({
          action: 'connection_tested',
          profileId,
          profileName: profile.name,
          target: profile.baseUrl,
          outcome: 'ok',
          details: { canManageUsers: me.canManageUsers, accounts: accounts.length },
        });
        return {
          profileId,
          who: { id: me.id, name: me.name ?? null, email: me.email ?? null },
          canManageUsers: me.canManageUsers,
          accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
        };
      } catch (error) {
        connectivity.observe(profileId, error);
        deps.audit.record({
          action: 'connection_tested',
          profileId,
          profileName: profile.name,
          target: profile.baseUrl,
          outcome: 'failed',
          details: { code: isAppError(error) ? error.code : 'internal' },
        });
        throw error;
      }
    },

    /**
     * "Test key" before a profile exists: who the key belongs to, whether it may manage users, its
     * accounts. Nothing is stored or recorded; the key goes no further than this call's client.
     */
    async testKey(baseUrl: string, apiKey: string): Promise<Omit<ConnectionTest, 'profileId'>> {
      if (!deps.clientForKey) throw new Error('testKey needs clientForKey');
      const client = deps.clientForKey(baseUrl, apiKey);
      // One after the other, without retries: a refused key answers at once, and nothing of this
      // call keeps running (or logging) after the admin has their answer.
      const me = await client.getMe({ maxRetries: 0 });
      const accounts = await client.listAccounts({ maxRetries: 0 });
      return {
        who: { id: me.id, name: me.name ?? null, email: me.email ?? null },
        canManageUsers: me.canManageUsers,
        accounts: accounts.map((a) => ({ id: a.id, name: a.name })),
      };
    },

    forget(profileId: string): void {
      deps.cache.forget(profileId);
      connectivity.forget(profileId);
    },

    close: () => connectivity.stop(),
  };
}

export type ReferenceService = ReturnType<typeof createReferenceService>;
