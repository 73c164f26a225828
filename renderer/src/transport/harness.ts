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

const NOT_REACHABLE: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'The app core is not reachable.' },
};
const UNREADABLE: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'The app core sent an unreadable answer.' },
};
/** WebSocket.OPEN (a number, so an injected stand-in needs no statics). */
const SOCKET_OPEN = 1;

/** `invoke` as one `POST /ipc/<channel>` with a JSON body: the fallback while no socket can be opened. */
function createHttpInvoke(secret: string, fetchFn: typeof fetch = (...args) => window.fetch(...args)): Invoke {
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
      return NOT_REACHABLE;
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
    return UNREADABLE;
  };
}

export interface HarnessInvokeDeps {
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
  /** The page's address, to resolve `./ipc` against (default: window.location). */
  location?: Pick<Location, 'href'>;
}

/**
 * `invoke` over the harness bridge's WebSocket (`GET /ipc`, as ipcRenderer.invoke is a message over
 * an open channel): `{ id, channel, payload }` out, `{ id, result }` back, matched by id. Connects on
 * the first call with a single-use bridge ticket (a WebSocket cannot send the secret header); calls
 * made meanwhile wait for it. When the socket closes, the calls still out resolve to "not
 * reachable" (never re-sent: the core may have done them, and a create must not run twice); the
 * next call connects again, so a harness restarted on the same port is usable without a reload.
 *
 * When no socket can be opened, that call goes as `POST /ipc/<channel>` instead: it then fails
 * exactly as the HTTP bridge does (not reachable when the harness is down, the refusal itself when
 * the secret is wrong) and the app still works wherever only plain HTTP gets through.
 */
export function createHarnessInvoke(secret: string, deps: HarnessInvokeDeps = {}): Invoke {
  const fetchFn = deps.fetch ?? ((...args: Parameters<typeof fetch>) => window.fetch(...args));
  const Socket = deps.WebSocket ?? window.WebSocket;
  const location = deps.location ?? window.location;
  const http = createHttpInvoke(secret, fetchFn);
  let nextId = 0;
  let current: Connection | null = null;
  let connecting: Promise<Connection | null> | null = null;

  async function open(): Promise<Connection | null> {
    const ticket = await fetchTicket(secret, fetchFn);
    if (!ticket) return null;
    const url = new URL(`./ipc?ticket=${encodeURIComponent(ticket)}`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws: WebSocket;
    try {
      ws = new Socket(url.href);
    } catch {
      return null;
    }
    // Each socket has its own calls: an old socket closing late must not settle a new one's.
    const connection: Connection = { ws, calls: new Map() };
    return new Promise((resolve) => {
      ws.onopen = () => {
        current = connection;
        resolve(connection);
      };
      ws.onmessage = (message: MessageEvent<unknown>) => deliver(connection, message.data);
      ws.onclose = () => {
        if (current === connection) current = null;
        const waiting = [...connection.calls.values()];
        connection.calls.clear();
        for (const settle of waiting) settle(NOT_REACHABLE);
        resolve(null); // no-op once it had opened
      };
    });
  }

  function connect(): Promise<Connection | null> {
    if (current && current.ws.readyState === SOCKET_OPEN) return Promise.resolve(current);
    connecting ??= open().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  function send(connection: Connection, channel: ChannelName, request: unknown): Promise<Result<unknown>> {
    const id = ++nextId;
    return new Promise((resolve) => {
      connection.calls.set(id, resolve);
      try {
        connection.ws.send(JSON.stringify({ id, channel, payload: request ?? {} }));
      } catch {
        connection.calls.delete(id);
        resolve(NOT_REACHABLE);
      }
    });
  }

  return (channel: ChannelName, request: unknown): Promise<Result<unknown>> => {
    // An open socket sends at once, as ipcRenderer.invoke does: an await here would let the page
    // render whatever the caller just changed before the call has even left.
    if (current && current.ws.readyState === SOCKET_OPEN) return send(current, channel, request);
    return connect().then((connection) => (connection ? send(connection, channel, request) : http(channel, request)));
  };
}

interface Connection {
  ws: WebSocket;
  /** Calls sent and not yet answered, by id. */
  calls: Map<number, (result: Result<unknown>) => void>;
}

/** Settles the call a socket message answers (`{ id, result }`); ignores anything else. */
function deliver(connection: Connection, data: unknown): void {
  let answer: unknown;
  try {
    answer = typeof data === 'string' ? JSON.parse(data) : null;
  } catch {
    answer = null;
  }
  if (!answer || typeof answer !== 'object') return;
  const { id, result } = answer as { id?: unknown; result?: unknown };
  const settle = typeof id === 'number' ? connection.calls.get(id) : undefined;
  if (!settle) return;
  connection.calls.delete(id as number);
  settle(isResult(result) ? result : UNREADABLE);
}

function isResult(value: unknown): value is Result<unknown> {
  if (!value || typeof value !== 'object') return false;
  const v = value as { ok?: unknown; error?: { code?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && !!v.error && typeof v.error.code === 'string';
}

/**
 * Trades the secret for a single-use bridge ticket (`POST /events/ticket`), which opens either the
 * IPC socket or the event stream; null when the harness refused or is not there.
 */
async function fetchTicket(secret: string, fetchFn: typeof fetch): Promise<string | null> {
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

  function reconnectLater(): void {
    setTimeout(() => void connect(), retryMs);
    retryMs = Math.min(retryMs * 2, EVENTS_RETRY_MAX_MS);
  }

  async function connect(): Promise<void> {
    const t = await fetchTicket(secret, fetchFn);
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
