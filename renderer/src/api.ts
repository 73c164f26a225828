import type { Api, Invoke } from '../../shared/ipc/contract';
import { buildApi } from '../../shared/ipc/contract';
import { createHarnessInvoke, takeHarnessSecret } from './transport/harness';

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
          error: { code: 'untrusted_sender', message: 'This page was opened without the harness address. Open the address the harness printed.' },
        });
    window.api = buildApi(invoke);
  }
  return window.api;
}
