import type { ErrorCode } from '../../../shared/errors';
import type { Connectivity } from '../../../shared/reference';

/** Errors that mean "DigiCert ONE did not answer" — as opposed to answering with a refusal. */
export const UNREACHABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'offline',
  'dns_failed',
  'tls_failed',
  'timeout',
  'connection_lost',
  'maintenance',
  'server_error',
  'rate_limited',
]);

export const BACKOFF_START_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Connectivity per profile, judged by whether the API answered. While a profile is unreachable
 * the next attempt is scheduled with exponential backoff; `onRetry` runs the attempt.
 */
export function createConnectivityTracker(options: { clock: () => Date; onRetry: (profileId: string) => void }) {
  const states = new Map<string, Connectivity & { delayMs: number; timer?: NodeJS.Timeout }>();

  const initial = (): Connectivity & { delayMs: number } => ({ state: 'unknown', checkedAt: null, lastError: null, nextAttemptAt: null, delayMs: BACKOFF_START_MS });

  function entry(profileId: string) {
    let e = states.get(profileId);
    if (!e) states.set(profileId, (e = initial()));
    return e;
  }

  return {
    get(profileId: string): Connectivity {
      const { state, checkedAt, lastError, nextAttemptAt } = entry(profileId);
      return { state, checkedAt, lastError, nextAttemptAt };
    },

    /** The API answered (even with an error such as a refused key): reachable. */
    answered(profileId: string, error: ErrorCode | null = null): void {
      const e = entry(profileId);
      clearTimeout(e.timer);
      Object.assign(e, { state: 'online', checkedAt: options.clock().toISOString(), lastError: error, nextAttemptAt: null, delayMs: BACKOFF_START_MS, timer: undefined });
    },

    unreachable(profileId: string, error: ErrorCode): void {
      const e = entry(profileId);
      clearTimeout(e.timer);
      const now = options.clock();
      e.state = 'offline';
      e.checkedAt = now.toISOString();
      e.lastError = error;
      e.nextAttemptAt = new Date(now.getTime() + e.delayMs).toISOString();
      e.timer = setTimeout(() => options.onRetry(profileId), e.delayMs);
      e.timer.unref?.();
      e.delayMs = Math.min(e.delayMs * 2, BACKOFF_MAX_MS);
    },

    stop(): void {
      for (const e of states.values()) clearTimeout(e.timer);
    },
  };
}

export type ConnectivityTracker = ReturnType<typeof createConnectivityTracker>;
