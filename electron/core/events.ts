import type { AppEvent, AppEventListener } from '../../shared/ipc/events';

/**
 * Core's events for the renderer (shared/ipc/events.ts): services emit, the transports listen
 * (Electron main, the harness's server-sent events). `onListening` hears when the first listener
 * comes and the last one goes.
 */
export function createEventHub(options: { onListening?: (listening: boolean) => void } = {}) {
  const listeners = new Set<AppEventListener>();
  return {
    emit(event: AppEvent): void {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // A transport's failure is its own; the other listeners still get the event.
        }
      }
    },
    on(listener: AppEventListener): () => void {
      listeners.add(listener);
      if (listeners.size === 1) options.onListening?.(true);
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) options.onListening?.(false);
      };
    },
  };
}
