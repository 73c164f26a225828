/**
 * The core's side of Create → token on screen, timed for the bench from outside the app: the
 * creation.create handler, the DigiCert create request inside it (to the body read), and the
 * keychain calls (save and read back) when the token is saved before it is shown. Nothing here is
 * part of the app; the bench hands these wrappers to createCore and the harness.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Handlers } from '../../electron/core/ipc/dispatch';
import { SOCKET_CALL_CHANNEL } from '../../electron/harness/server';
import type { SecretStore } from '../../electron/core/keychain/secretStore';

export interface CoreHopTimes {
  /** The harness from the call's arrival (Node's http diagnostics channel, or the harness's socket one) to the handler: body, JSON, schema. */
  harnessMs: number;
  /** The creation.create handler, from the parsed request to its answer. */
  handlerMs: number;
  /** POST /user to the sandbox, headers and body read. */
  digicertMs: number;
  /** Keychain calls (save, read back) inside the handler. */
  keychainMs: number;
}

export function createCoreHops() {
  const fresh = (): CoreHopTimes => ({ harnessMs: 0, handlerMs: 0, digicertMs: 0, keychainMs: 0 });
  let current = fresh();

  // One create is in flight at a time: the latest arrival is its own.
  let arrived = 0;
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (request.url?.endsWith('/ipc/creation.create')) arrived = performance.now();
  });
  // The page's calls come as WebSocket messages: the harness publishes each one's arrival.
  subscribe(SOCKET_CALL_CHANNEL, (message) => {
    const { channel, receivedAt } = message as { channel: string; receivedAt: number };
    if (channel === 'creation.create') arrived = receivedAt;
  });

  const timedFetch: typeof fetch = async (input, init) => {
    const isCreate = init?.method === 'POST' && /\/user$/.test(String(input));
    const start = performance.now();
    const response = await fetch(input, init);
    if (!isCreate) return response;
    const body = await response.arrayBuffer();
    current.digicertMs += performance.now() - start;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        current.keychainMs += performance.now() - start;
      }
    };

  return {
    fetch: timedFetch,
    keychain(store: SecretStore): SecretStore {
      return {
        backend: store.backend,
        get: timed((s: string, a: string) => store.get(s, a)),
        has: timed((s: string, a: string) => store.has(s, a)),
        set: timed((s: string, a: string, secret: string) => store.set(s, a, secret)),
        delete: timed((s: string, a: string) => store.delete(s, a)),
      };
    },
    handlers(handlers: Handlers): Handlers {
      const create = handlers['creation.create'];
      return {
        ...handlers,
        'creation.create': async (request) => {
          const start = performance.now();
          current = { ...fresh(), harnessMs: start - arrived };
          try {
            return await create(request);
          } finally {
            current.handlerMs = performance.now() - start;
          }
        },
      };
    },
    /** The times of the latest create. */
    last: (): CoreHopTimes => ({ ...current }),
  };
}
