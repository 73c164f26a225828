/// <reference types="vite/client" />
import type { Api } from '../shared/ipc/contract';

declare global {
  interface Window {
    /**
     * The app's only door to the outside: installed by the Electron preload (contextBridge), or by
     * `src/api.ts` with the browser-harness transport when no preload is present.
     */
    api: Api;
  }
}

export {};
