import type { AppEventListener } from '../../shared/ipc/events';
import { IPC_EVENT_CHANNEL } from '../../shared/ipc/events';

/** The slice of a webContents events go to. */
export interface EventSink {
  readonly mainFrame: { readonly url: string } | null;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Forwards core's events to the app window: `webContents.send(IPC_EVENT_CHANNEL, name, payload)`,
 * only while the window shows the app (the preload turns them into `window.api.events`).
 * Returns the unsubscribe function.
 */
export function forwardEvents(
  subscribe: (listener: AppEventListener) => () => void,
  target: () => EventSink | null,
  isAppUrl: (url: string) => boolean,
): () => void {
  return subscribe((event) => {
    const contents = target();
    const url = contents?.mainFrame?.url;
    if (!contents || !url || !isAppUrl(url)) return;
    contents.send(IPC_EVENT_CHANNEL, event.name, event.payload);
  });
}
