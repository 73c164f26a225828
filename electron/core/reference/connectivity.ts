import { isAppError, type ErrorCode } from '../../../shared/errors';
import type { Connectivity } from '../../../shared/reference';
import { NOT_SENT_CODES } from '../digicert/errors';

/** Errors that mean "DigiCert ONE did not answer" — as opposed to answering with a refusal. */
export const UNREACHABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...NOT_SENT_CODES,
  // Unlike NOT_SENT_CODES these may follow a commit, but DigiCert ONE did not answer all the same.
  'timeout',
  'connection_lost',
  'server_error',
]);

/**
 * For a profile the renderer is looking at ("watched"), the offline banner must appear within
 * REACHABILITY_BOUND_MS of DigiCert ONE going away, and go within it once DigiCert ONE is back.
 * Core's share of it is CORE_DETECTION_MS:
 * - going away: the next probe goes out at most ONLINE_PROBE_MS after the last answer and fails
 *   within PROBE_TIMEOUT_MS;
 * - coming back: offline attempts back off from BACKOFF_START_MS, but while watched never wait
 *   more than WATCHED_BACKOFF_MAX_MS; an attempt lasts at most PROBE_TIMEOUT_MS.
 * Core tells the renderer at once (the `connectivity.changed` event, shared/ipc/events.ts), so
 * CORE_DETECTION_MS must fit in the bound with room for delivery.
 */
export const REACHABILITY_BOUND_MS = 15_000;
export const ONLINE_PROBE_MS = 8_000;
export const PROBE_TIMEOUT_MS = 3_000;
const BACKOFF_START_MS = 2_000;
export const WATCHED_BACKOFF_MAX_MS = 8_000;
export const CORE_DETECTION_MS = Math.max(ONLINE_PROBE_MS, WATCHED_BACKOFF_MAX_MS) + PROBE_TIMEOUT_MS;
/** Unwatched profiles that went offline (say, with a queued create) are retried more slowly. */
export const BACKOFF_MAX_MS = 5 * 60_000;
/**
 * A profile stays watched this long after it was last asked for — and, while the renderer listens
 * for events (`setListening`), the profile it asked for last stays watched until it asks for another.
 */
export const WATCH_LEASE_MS = 60_000;

export type ConnectivityListener = (profileId: string, now: Connectivity, before: Connectivity) => void;

interface Entry {
  c: Connectivity;
  /** The next offline wait (before the watched cap). */
  delayMs: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When the armed timer fires (epoch ms). */
  dueAt?: number;
  watchedUntil: number;
  probe?: AbortController;
}

/**
 * Connectivity per profile, judged by whether DigiCert ONE answered — any call reports here
 * (`answered`, `unreachable`, `observe`), and the monitor checks on its own:
 * - online and watched: a cheap probe every ONLINE_PROBE_MS after the last answer;
 * - offline: a probe after an exponential backoff (capped while watched, see above);
 * - unknown, or online and unwatched: nothing.
 * Listeners hear every change of state, lastError or nextAttemptAt (not of checkedAt alone).
 */
export function createConnectivityMonitor(options: {
  clock: () => Date;
  /** One cheap request to DigiCert ONE for the profile: resolves when it answered, else throws its AppError. */
  probe: (profileId: string, signal: AbortSignal) => Promise<void>;
}) {
  const states = new Map<string, Entry>();
  const listeners = new Set<ConnectivityListener>();
  let stopped = false;
  /** The profile asked for last (`watch`): the one the renderer shows. */
  let focused: string | null = null;
  let listening = false;
  const now = () => options.clock().getTime();

  function entry(profileId: string): Entry {
    let e = states.get(profileId);
    if (!e) {
      e = {
        c: { state: 'unknown', checkedAt: null, lastError: null, nextAttemptAt: null },
        delayMs: BACKOFF_START_MS,
        watchedUntil: 0,
      };
      states.set(profileId, e);
    }
    return e;
  }

  const watched = (e: Entry) => e.watchedUntil > now() || (listening && focused !== null && states.get(focused) === e);

  function update(profileId: string, e: Entry, next: Connectivity): void {
    const before = e.c;
    e.c = next;
    if (
      before.state === next.state &&
      before.lastError === next.lastError &&
      before.nextAttemptAt === next.nextAttemptAt
    )
      return;
    for (const listener of listeners) {
      try {
        listener(profileId, { ...next }, { ...before });
      } catch {
        // A listener's failure is its own; the others still hear the change.
      }
    }
  }

  function arm(profileId: string, e: Entry, delayMs: number | undefined): void {
    clearTimeout(e.timer);
    e.timer = undefined;
    e.dueAt = undefined;
    if (delayMs === undefined || stopped) return;
    e.dueAt = now() + delayMs;
    e.timer = setTimeout(() => void check(profileId, e), delayMs);
    e.timer.unref?.();
  }

  /** The wait before the next offline attempt; doubles the one after it. */
  function nextOfflineWait(e: Entry): number {
    const wait = watched(e) ? Math.min(e.delayMs, WATCHED_BACKOFF_MAX_MS) : e.delayMs;
    e.delayMs = Math.min(e.delayMs * 2, BACKOFF_MAX_MS);
    return wait;
  }

  /** Arms the timer the state calls for, when none is armed. */
  function rearm(profileId: string, e: Entry): void {
    if (e.timer || e.probe) return;
    if (e.c.state === 'online' && watched(e)) {
      const last = e.c.checkedAt ? Date.parse(e.c.checkedAt) : 0;
      arm(profileId, e, Math.max(0, last + ONLINE_PROBE_MS - now()));
    } else if (e.c.state === 'offline') {
      const wait = nextOfflineWait(e);
      update(profileId, e, { ...e.c, nextAttemptAt: new Date(now() + wait).toISOString() });
      arm(profileId, e, wait);
    }
  }

  async function check(profileId: string, e: Entry): Promise<void> {
    e.timer = undefined;
    e.dueAt = undefined;
    if (states.get(profileId) !== e || stopped) return;
    if (e.c.state === 'online' && !watched(e)) return; // nobody looks: probing stops until watched again
    const controller = new AbortController();
    e.probe = controller;
    let outcome: { ok: true } | { ok: false; error: unknown };
    try {
      await options.probe(profileId, controller.signal);
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      if (e.probe === controller) e.probe = undefined;
    }
    if (controller.signal.aborted || states.get(profileId) !== e) return;
    if (outcome.ok) monitor.answered(profileId);
    else monitor.observe(profileId, outcome.error);
    // A failure that says nothing about reachability (not an AppError): look again later.
    if (!e.timer && e.c.state === 'online' && watched(e)) arm(profileId, e, ONLINE_PROBE_MS);
    else rearm(profileId, e);
  }

  const monitor = {
    get(profileId: string): Connectivity {
      return { ...entry(profileId).c };
    },

    /** The API answered (even with an error such as a refused key): reachable. */
    answered(profileId: string, error: ErrorCode | null = null): void {
      const e = entry(profileId);
      e.delayMs = BACKOFF_START_MS;
      update(profileId, e, {
        state: 'online',
        checkedAt: options.clock().toISOString(),
        lastError: error,
        nextAttemptAt: null,
      });
      arm(profileId, e, watched(e) ? ONLINE_PROBE_MS : undefined);
    },

    /** The API did not answer: offline, with the next attempt after the backoff. */
    unreachable(profileId: string, error: ErrorCode): void {
      const e = entry(profileId);
      const wait = nextOfflineWait(e);
      const at = now();
      update(profileId, e, {
        state: 'offline',
        checkedAt: new Date(at).toISOString(),
        lastError: error,
        nextAttemptAt: new Date(at + wait).toISOString(),
      });
      arm(profileId, e, wait);
    },

    /** Sorts a failed call's error: unreachable → offline; another AppError is an answer (a refusal). */
    observe(profileId: string, error: unknown): void {
      if (isAppError(error) && UNREACHABLE_CODES.has(error.code)) monitor.unreachable(profileId, error.code);
      else if (isAppError(error)) monitor.answered(profileId, error.code);
    },

    /** The renderer looks at this profile: keep checking it for WATCH_LEASE_MS from now. */
    watch(profileId: string): void {
      focused = profileId;
      const e = entry(profileId);
      e.watchedUntil = now() + WATCH_LEASE_MS;
      if (e.probe) return;
      if (e.c.state === 'offline' && e.dueAt !== undefined && e.dueAt - now() > WATCHED_BACKOFF_MAX_MS) {
        // An unwatched profile's long backoff: the watched cap applies from now on.
        const wait = WATCHED_BACKOFF_MAX_MS;
        update(profileId, e, { ...e.c, nextAttemptAt: new Date(now() + wait).toISOString() });
        arm(profileId, e, wait);
        return;
      }
      rearm(profileId, e);
    },

    /**
     * The renderer listens for changes (it no longer asks again and again): keep the profile it
     * asked for last watched past its lease. Off: the lease applies again.
     */
    setListening(on: boolean): void {
      listening = on;
      if (on && focused !== null && states.has(focused)) monitor.watch(focused);
    },

    /** Calls `listener` on every change; returns the unsubscribe function. */
    onChange(listener: ConnectivityListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    forget(profileId: string): void {
      const e = states.get(profileId);
      if (!e) return;
      clearTimeout(e.timer);
      e.probe?.abort();
      states.delete(profileId);
      if (focused === profileId) focused = null;
    },

    stop(): void {
      stopped = true;
      for (const e of states.values()) {
        clearTimeout(e.timer);
        e.probe?.abort();
      }
      listeners.clear();
    },
  };
  return monitor;
}

export type ConnectivityMonitor = ReturnType<typeof createConnectivityMonitor>;
