import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/errors';
import { CHANNELS } from '../../shared/ipc/contract';
import { dispatch, type Handlers } from '../core/ipc/dispatch';
import type { Logger } from '../core/log/logger';

export interface TrustedSenderPolicy {
  /** The main window's webContents id, or null while there is no window. */
  trustedWebContentsId(): number | null;
  /** Same-app test for the sending frame's URL (appUrl.ts). */
  isAppUrl(url: string): boolean;
}

const UNTRUSTED_SENDER: Result<never> = {
  ok: false,
  error: { code: 'untrusted_sender', message: 'The request did not come from the app window.' },
};

/** Why a sender is not trusted, or null when it is. Exported for tests. */
export function untrustedReason(event: IpcMainInvokeEvent, policy: TrustedSenderPolicy): string | null {
  const trustedId = policy.trustedWebContentsId();
  if (trustedId === null || event.sender?.id !== trustedId) return 'webContents';
  const frame = event.senderFrame;
  if (!frame) return 'frame gone';
  const top = event.sender.mainFrame;
  // A top frame has no parent; it must also be this webContents' own main frame.
  if (frame.parent !== null || !top || frame.processId !== top.processId || frame.routingId !== top.routingId)
    return 'subframe';
  if (!policy.isAppUrl(frame.url)) return 'origin';
  return null;
}

/**
 * Registers every contract channel with `ipcMain.handle` through ONE wrapper: the sender must be
 * the main window's top frame showing the app, then `dispatch` parses the payload with the
 * channel's zod schema and runs the handler. Returns a function that unregisters everything.
 */
export function registerIpc(
  ipcMain: IpcMain,
  handlers: Handlers,
  log: Logger,
  policy: TrustedSenderPolicy,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<Result<unknown>> => {
      const reason = untrustedReason(event, policy);
      if (reason !== null) {
        log.warn('rejected ipc from untrusted sender', { channel, reason });
        return UNTRUSTED_SENDER;
      }
      // Exactly one argument: the request. Anything else is not something our preload sends.
      if (args.length > 1)
        return { ok: false, error: { code: 'invalid_request', message: 'The request was not valid.' } };
      return dispatch(handlers, channel, args[0], log);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
