/**
 * Fault switches for the sandbox tenant. A fault applies to the requests it matches:
 * - `faults.set(fault, match?)`: every matching request until `faults.clear()` / `set(null)`;
 * - `faults.once(fault, {times, ...match})`: the next `times` (default 1) matching requests;
 * - per request, header `x-sandbox-fault: <kind>` (+ `x-sandbox-retry-after`,
 *   `x-sandbox-latency-ms`). The sandbox binds 127.0.0.1 only, so any local caller may use it.
 * Once-faults win over the persistent one; the header wins over both.
 * `reply` (set from code only) answers with a given status and JSON body instead of the tenant:
 * an answer shape that breaks a wire assumption.
 */

const FAULT_KINDS = [
  'latency', // answer normally after `latencyMs`
  'rate_limited', // 429 (+ Retry-After when `retryAfter` is set)
  'maintenance', // 503 (+ Retry-After when `retryAfter` is set)
  'server_error', // 500
  'malformed_json', // 200, content-type JSON, truncated body
  'html', // 200, an HTML page (a proxy's login or error page)
  'empty', // 200, empty body
  'reset', // destroy the socket before answering (nothing is changed)
  'commit_then_drop', // do the work (e.g. create the user), then destroy the socket unanswered
  'reply', // answer `reply` (status + JSON body) without asking the tenant; not via the header
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Delay before the fault (or the normal answer) in ms. */
  latencyMs?: number;
  /** Retry-After header value, verbatim: seconds ("2") or an HTTP date. */
  retryAfter?: string;
  /** For `reply`: the answer to give (no body: an empty one). */
  reply?: { status: number; body?: unknown };
}

export interface FaultMatch {
  method?: string;
  /** Matched against the path without the query: exact string or RegExp. */
  path?: string | RegExp;
}

interface OnceEntry {
  fault: Fault;
  match: FaultMatch;
  left: number;
}

export interface Faults {
  set(fault: Fault | null, match?: FaultMatch): void;
  once(fault: Fault, options?: FaultMatch & { times?: number }): void;
  clear(): void;
  /** How many once-faults are still waiting for their requests (tests wait for 0). */
  queued(): number;
  /** The fault to apply to a request (consumes a once-fault). */
  take(method: string, path: string, headers: Record<string, string | string[] | undefined>): Fault | undefined;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function createFaults(): Faults {
  let persistent: { fault: Fault; match: FaultMatch } | undefined;
  let queue: OnceEntry[] = [];
  return {
    set(fault, match = {}) {
      persistent = fault ? { fault, match } : undefined;
    },
    once(fault, options = {}) {
      const { times = 1, ...match } = options;
      queue.push({ fault, match, left: times });
    },
    clear() {
      persistent = undefined;
      queue = [];
    },
    queued: () => queue.reduce((n, e) => n + e.left, 0),
    take(method, path, headers) {
      const named = header(headers, 'x-sandbox-fault');
      if (named && named !== 'reply' && (FAULT_KINDS as readonly string[]).includes(named)) {
        const fault: Fault = { kind: named as FaultKind };
        const retryAfter = header(headers, 'x-sandbox-retry-after');
        const latency = Number(header(headers, 'x-sandbox-latency-ms'));
        if (retryAfter) fault.retryAfter = retryAfter;
        if (Number.isFinite(latency) && latency > 0) fault.latencyMs = Math.min(latency, 60_000);
        return fault;
      }
      const entry = queue.find((e) => matches(e.match, method, path));
      if (entry) {
        entry.left -= 1;
        if (entry.left <= 0) queue = queue.filter((e) => e !== entry);
        return entry.fault;
      }
      if (persistent && matches(persistent.match, method, path)) return persistent.fault;
      return undefined;
    },
  };
}
