import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from '../core/creation/clipboard';

/** A raw platform clipboard format, written as is (Electron's `osclipboard` custom format). */
const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

const dword = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
};

/**
 * The markers that ask clipboard history, cloud sync and clipboard managers to leave a copy alone:
 * - Windows: ExcludeClipboardContentFromMonitorProcessing (its presence counts; DWORD 1 as KeePassXC
 *   writes it), CanIncludeInClipboardHistory = 0 (no Win+V history) and CanUploadToCloudClipboard
 *   = 0 (no cloud clipboard), both DWORD 0.
 * - macOS: org.nspasteboard.ConcealedType (nspasteboard.org; clipboard managers check presence).
 * - Linux: x-kde-passwordManagerHint = "secret" (Klipper, GNOME's and wl-clipboard's managers).
 * None is a guarantee — a clipboard manager may ignore them — which is why the core also clears the
 * clipboard after a countdown.
 */
function concealedMarkers(platform: NodeJS.Platform): Record<string, Uint8Array> {
  switch (platform) {
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dword(1),
        [osFormat('CanIncludeInClipboardHistory')]: dword(0),
        [osFormat('CanUploadToCloudClipboard')]: dword(0),
      };
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: new TextEncoder().encode('1') };
    default:
      return { [osFormat('x-kde-passwordManagerHint')]: new TextEncoder().encode('secret') };
  }
}

/**
 * The core's clipboard port on Electron's clipboard. `writeSecret` puts the text and the concealed
 * markers in ONE `clipboard.write` (one item, committed atomically), so no clipboard watcher ever
 * sees the text without them.
 */
export function electronClipboard(platform: NodeJS.Platform = process.platform): ClipboardPort {
  return {
    readText: () => clipboard.readText(),
    writeSecret: async (text) => {
      const markers = Object.entries(concealedMarkers(platform)).map(
        ([format, bytes]) => [format, new Blob([bytes])] as const,
      );
      await clipboard.write([new ClipboardItem({ 'text/plain': text, ...Object.fromEntries(markers) })]);
    },
    clear: () => clipboard.clear(),
  };
}
