import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClipboardGuard } from '../../../electron/core/creation/clipboardGuard';
import type { ClipboardPort } from '../../../electron/core/creation/clipboard';
import { electronClipboard } from '../../../electron/main/clipboard';
import { fake, resetFake, type FakeClipboardItem } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const TOKEN = 'sud-token-0123456789abcdef';
const raw = (name: string) => `electron application/osclipboard;format="${name}"`;

/** The one `clipboard.write` call: its items, each as MIME type → bytes (text as UTF-8). */
async function written(): Promise<Array<Record<string, number[]>>> {
  expect(fake().clipboard.write).toHaveBeenCalledTimes(1);
  const [items] = fake().clipboard.write.mock.calls[0]! as [FakeClipboardItem[]];
  return Promise.all(
    items.map(async (item) => {
      const entries = await Promise.all(
        Object.entries(item.items).map(async ([type, value]) => {
          const bytes =
            typeof value === 'string' ? new TextEncoder().encode(value) : new Uint8Array(await value.arrayBuffer());
          return [type, [...bytes]] as [string, number[]];
        }),
      );
      return Object.fromEntries(entries);
    }),
  );
}
const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe('electronClipboard: writeSecret marks the copy concealed, in the same write as the text', () => {
  beforeEach(() => resetFake());

  it('Windows: ExcludeClipboardContentFromMonitorProcessing, and DWORD 0 for clipboard history and cloud upload', async () => {
    await electronClipboard('win32').writeSecret(TOKEN);
    expect(await written()).toEqual([
      {
        'text/plain': utf8(TOKEN),
        [raw('ExcludeClipboardContentFromMonitorProcessing')]: [1, 0, 0, 0],
        [raw('CanIncludeInClipboardHistory')]: [0, 0, 0, 0],
        [raw('CanUploadToCloudClipboard')]: [0, 0, 0, 0],
      },
    ]);
  });

  it('macOS: org.nspasteboard.ConcealedType', async () => {
    await electronClipboard('darwin').writeSecret(TOKEN);
    const [item] = await written();
    expect(Object.keys(item!).sort()).toEqual([raw('org.nspasteboard.ConcealedType'), 'text/plain'].sort());
    expect(item!['text/plain']).toEqual(utf8(TOKEN));
    expect(item![raw('org.nspasteboard.ConcealedType')]!.length).toBeGreaterThan(0);
  });

  it.each(['linux', 'freebsd'] as const)('%s: x-kde-passwordManagerHint = secret', async (platform) => {
    await electronClipboard(platform).writeSecret(TOKEN);
    expect(await written()).toEqual([
      { 'text/plain': utf8(TOKEN), [raw('x-kde-passwordManagerHint')]: utf8('secret') },
    ]);
  });

  it('readText and clear go to the Electron clipboard', async () => {
    fake().clipboard.readText.mockResolvedValueOnce('on the board');
    const port = electronClipboard('linux');
    expect(await port.readText()).toBe('on the board');
    await port.clear();
    expect(fake().clipboard.clear).toHaveBeenCalledTimes(1);
  });
});

describe("core's clipboard guard copies tokens as secrets", () => {
  afterEach(() => vi.useRealTimers());

  it('copy goes through writeSecret, and the countdown clears only its own token', async () => {
    vi.useFakeTimers();
    let board = '';
    const port: ClipboardPort = {
      readText: () => board,
      writeSecret: vi.fn((text: string) => {
        board = text;
      }),
      clear: () => {
        board = '';
      },
    };
    const guard = createClipboardGuard({ clipboard: port, clock: () => new Date(0), seconds: 30 });
    await guard.copy(TOKEN);
    expect(port.writeSecret).toHaveBeenCalledWith(TOKEN);
    expect(board).toBe(TOKEN);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(board).toBe('');
  });
});
