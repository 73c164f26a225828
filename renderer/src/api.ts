import type { Api, Invoke } from '../../shared/ipc/contract';
import { buildApi } from '../../shared/ipc/contract';
import type { EventName, EventPayload, EventsApi } from '../../shared/ipc/events';
import { createHarnessEvents, createHarnessInvoke, takeHarnessSecret } from './transport/harness';

/**
 * The one place the renderer gets its API from. In Electron the preload has put `window.api` in
 * place; in the browser harness nothing has, so the harness transport is installed here.
 */
export function getApi(): Api {
  if (!('api' in window) || !window.api) {
    const secret = takeHarnessSecret();
    const invoke: Invoke = secret
      ? createHarnessInvoke(secret)
      : async () => ({
          ok: false,
          error: {
            code: 'untrusted_sender',
            message: 'This page was opened without the harness address. Open the address the harness printed.',
          },
        });
    const events: EventsApi = secret ? createHarnessEvents(secret) : { on: () => () => undefined };
    window.api = buildApi(invoke, events);
  }
  return window.api;
}

/**
 * Follows one of core's events (shared/ipc/events.ts), whichever the transport (Electron IPC,
 * the harness's server-sent events). Returns the unsubscribe function.
 */
export function subscribe<N extends EventName>(name: N, handler: (payload: EventPayload<N>) => void): () => void {
  return getApi().events.on(name, handler);
}
