/**
 * The sandboxed preload: exposes exactly `window.api` — one function per contract channel (see
 * shared/ipc/contract.ts) and `events.on(name, handler)` for what core pushes (shared/ipc/events.ts).
 * Nothing generic: no raw ipcRenderer, no `invoke(anyChannel)`, no process.env. Main re-checks the
 * sender and parses every payload anyway; pushed events are parsed here before any handler sees them.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Result } from '../../shared/errors';
import { buildApi } from '../../shared/ipc/contract';
import { createEventRouter, IPC_EVENT_CHANNEL } from '../../shared/ipc/events';

const events = createEventRouter();
// Handlers get the payload only, never Electron's event object (it would reach ipcRenderer).
ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => events.deliver(name, payload));

const api = buildApi((channel, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>, events);

contextBridge.exposeInMainWorld('api', api);
