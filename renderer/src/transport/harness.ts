import type { Result } from '../../../shared/errors';
import type { ChannelName, Invoke } from '../../../shared/ipc/contract';
import { HARNESS_SECRET_HEADER } from '../../../shared/harness';

const STORAGE_KEY = 'sud.harnessSecret';
const SECRET_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Reads the per-run secret the harness prints as `#secret=<hex>`: keeps it in sessionStorage (so a
 * reload still works) and strips it from the address bar and history.
 */
export function takeHarnessSecret(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = hash.get('secret');
  if (fromHash !== null) {
    if (SECRET_PATTERN.test(fromHash)) storage.setItem(STORAGE_KEY, fromHash);
    window.history.replaceState(null, '', loc.pathname + loc.search);
  }
  const stored = storage.getItem(STORAGE_KEY);
  return stored && SECRET_PATTERN.test(stored) ? stored : null;
}

/** `invoke` over the harness bridge: `POST /ipc/<channel>` with a JSON body, answered by the real core. */
export function createHarnessInvoke(secret: string, fetchFn: typeof fetch = (...args) => window.fetch(...args)): Invoke {
  return async (channel: ChannelName, request: unknown): Promise<Result<unknown>> => {
    let response: Response;
    try {
      response = await fetchFn(`./ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [HARNESS_SECRET_HEADER]: secret },
        body: JSON.stringify(request ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return { ok: false, error: { code: 'internal', message: 'The app core is not reachable.' } };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (isResult(body)) return body;
    if (response.status === 401 || response.status === 403) {
      return { ok: false, error: { code: 'untrusted_sender', message: 'The app core refused the request.' } };
    }
    return { ok: false, error: { code: 'internal', message: 'The app core sent an unreadable answer.' } };
  };
}

function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { code?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && !!v.error && typeof v.error.code === 'string';
}
