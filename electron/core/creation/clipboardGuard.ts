import { CLIPBOARD_CLEAR_SECONDS } from '../../../shared/creation';
import type { ClipboardPort } from './clipboard';

/**
 * Writes a token to the clipboard, marked concealed (`writeSecret`), and clears it after a
 * countdown — only if the clipboard still holds that token (the admin may have copied something
 * else since). Clears on quit likewise.
 */
export function createClipboardGuard(options: { clipboard: ClipboardPort; clock: () => Date; seconds?: number }) {
  const seconds = options.seconds ?? CLIPBOARD_CLEAR_SECONDS;
  let current: { value: string; timer: NodeJS.Timeout } | undefined;

  async function clearIfOurs(): Promise<boolean> {
    if (!current) return false;
    const value = current.value;
    clearTimeout(current.timer);
    current = undefined;
    if ((await options.clipboard.readText()) === value) {
      await options.clipboard.clear();
      return true;
    }
    return false;
  }

  return {
    async copy(value: string): Promise<{ clearsAt: string; seconds: number }> {
      if (current) clearTimeout(current.timer);
      await options.clipboard.writeSecret(value);
      const timer = setTimeout(() => void clearIfOurs(), seconds * 1000);
      timer.unref?.();
      current = { value, timer };
      return { clearsAt: new Date(options.clock().getTime() + seconds * 1000).toISOString(), seconds };
    },
    clearIfOurs,
  };
}
