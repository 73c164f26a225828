/**
 * The sandboxed preload: exposes exactly `window.api` (one function per contract channel, see
 * shared/ipc/contract.ts). Nothing generic: no raw ipcRenderer, no `invoke(anyChannel)`, no
 * process.env. Main re-checks the sender and parses every payload anyway.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Result } from '../../shared/errors';
import { buildApi } from '../../shared/ipc/contract';

const api = buildApi((channel, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>);

contextBridge.exposeInMainWorld('api', api);
