/** Retry policy for reads: 429 and 503, honouring Retry-After, with capped exponential backoff. */

export interface RetryPolicy {
  /** Retries after the first attempt (default 3). */
  maxRetries: number;
  /** First backoff when the server gives no Retry-After (default 500 ms), doubled each retry. */
  baseDelayMs: number;
  /** Longest single wait (default 30 s). A Retry-After above it ends the retries at once. */
  maxDelayMs: number;
  /** Longest total wait over all retries of one call (default 60 s). */
  maxTotalDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalDelayMs: 60_000,
};

/**
 * Seconds to wait from a Retry-After value: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT") relative to `now`. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** Delay before retry number `retry` (0-based), or undefined when the policy says stop. */
export function retryDelayMs(
  retry: number,
  retryAfterSeconds: number | undefined,
  waitedMs: number,
  policy: RetryPolicy,
): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  let delay: number;
  if (retryAfterSeconds !== undefined) {
    delay = retryAfterSeconds * 1000;
    if (delay > policy.maxDelayMs) return undefined;
  } else {
    delay = Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
  }
  if (waitedMs + delay > policy.maxTotalDelayMs) return undefined;
  return delay;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A setTimeout sleep that rejects with the signal's reason when aborted. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
