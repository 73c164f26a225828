import type { Result } from '../../../shared/errors';
import type { ChannelName, Invoke } from '../../../shared/ipc/contract';
import { createEventRouter, type EventsApi } from '../../../shared/ipc/events';
import { HARNESS_SECRET_HEADER } from '../../../shared/harness';

const STORAGE_KEY = 'sud.harnessSecret';
const SECRET_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Reads the per-run secret the harness prints as `#secret=<hex>`: keeps it in sessionStorage (so a
 * reload still works) and strips it from the address bar and history.
 */
export function takeHarnessSecret(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
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
export function createHarnessInvoke(
  secret: string,
  fetchFn: typeof fetch = (...args) => window.fetch(...args),
): Invoke {
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

/** The first wait before reconnecting the event stream; it doubles up to EVENTS_RETRY_MAX_MS. */
export const EVENTS_RETRY_MIN_MS = 500;
export const EVENTS_RETRY_MAX_MS = 8_000;

export interface HarnessEventsDeps {
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

/**
 * `window.api.events` over the harness bridge: core's events as server-sent events from
 * `GET /events`. EventSource cannot send the secret header, so each connection first trades it
 * for a single-use ticket (`POST /events/ticket`). Connects on the first subscription; when the
 * stream breaks it reconnects with a new ticket, waiting longer each time it fails.
 */
export function createHarnessEvents(secret: string, deps: HarnessEventsDeps = {}): EventsApi {
  const fetchFn = deps.fetch ?? ((...args: Parameters<typeof fetch>) => window.fetch(...args));
  const Source = deps.EventSource ?? window.EventSource;
  const router = createEventRouter();
  let started = false;
  let retryMs = EVENTS_RETRY_MIN_MS;

  async function ticket(): Promise<string | null> {
    try {
      const response = await fetchFn('./events/ticket', {
        method: 'POST',
        headers: { [HARNESS_SECRET_HEADER]: secret },
        credentials: 'omit',
        cache: 'no-store',
      });
      const body = (await response.json()) as { ok?: boolean; value?: { ticket?: unknown } };
      return body.ok && typeof body.value?.ticket === 'string' ? body.value.ticket : null;
    } catch {
      return null;
    }
  }

  function reconnectLater(): void {
    setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, EVENTS_RETRY_MAX_MS);
  }

  async function connect(): Promise<void> {
    const t = await ticket();
    if (!t) {
      reconnectLater();
      return;
    }
    const source = new Source(`./events?ticket=${encodeURIComponent(t)}`);
    source.onopen = () => {
      retryMs = EVENTS_RETRY_MIN_MS;
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let event: { name?: unknown; payload?: unknown } | null;
      try {
        event = JSON.parse(message.data) as { name?: unknown; payload?: unknown } | null;
      } catch {
        return;
      }
      if (event && typeof event === 'object') router.deliver(event.name, event.payload);
    };
    // EventSource would retry with the same (now used) ticket: close it and start over.
    source.onerror = () => {
      source.close();
      reconnectLater();
    };
  }

  return {
    on(name, handler) {
      const off = router.on(name, handler);
      if (!started) {
        started = true;
        void connect();
      }
      return off;
    },
  };
}
