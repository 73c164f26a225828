import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../electron/core/ipc/dispatch';
import { MAX_PAYLOAD_BYTES } from '../../../electron/core/ipc/dispatch';
import type { Logger } from '../../../electron/core/log/logger';
import { appLocation } from '../../../electron/main/appUrl';
import { registerIpc, untrustedReason } from '../../../electron/main/ipc';
import { FakeWebContents, fake, resetFake, type FakeFrame } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const APP_URL = 'app://renderer/index.html';

/** Handlers that record every call and keep a tiny state the hostile payloads must not change. */
function recordingHandlers() {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const state = { profiles: 0, settingsChanged: 0 };
  const handlers: Record<string, (request: unknown) => unknown> = {};
  for (const channel of CHANNELS) {
    handlers[channel] = (request) => {
      calls.push({ channel, request });
      if (channel === 'profiles.add') state.profiles++;
      if (channel === 'settings.set') state.settingsChanged++;
      return { handled: channel };
    };
  }
  return { handlers: handlers as unknown as Handlers, calls, state };
}

function memoryLog(): Logger & { lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function setup(options: { devServerUrl?: string } = {}) {
  resetFake();
  const window = new FakeWebContents();
  const location = appLocation({ devServerUrl: options.devServerUrl });
  window.mainFrame.url = location.url;
  const recorded = recordingHandlers();
  const log = memoryLog();
  const ipcMain = fake().ipcMain;
  const dispose = registerIpc(ipcMain as never, recorded.handlers, log, {
    trustedWebContentsId: () => window.id,
    isAppUrl: location.isAppUrl,
  });
  const invoke = (
    channel: string,
    payload: unknown,
    event: { sender?: FakeWebContents; senderFrame?: FakeFrame | null } = {},
    ...extra: unknown[]
  ) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const sender = event.sender ?? window;
    const senderFrame = 'senderFrame' in event ? event.senderFrame : sender.mainFrame;
    return handler({ sender, senderFrame }, payload, ...extra) as Promise<{
      ok: boolean;
      error?: { code: string };
      value?: unknown;
    }>;
  };
  return { window, location, ...recorded, log, ipcMain, dispose, invoke };
}

describe('registerIpc', () => {
  beforeEach(() => resetFake());

  it('registers exactly the contract channels, and removes them again', () => {
    const { ipcMain, dispose } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('runs the handler for the trusted window with a valid request', async () => {
    const { invoke, calls } = setup();
    const result = await invoke('profiles.remove', { id: 'p1' });
    expect(result).toEqual({ ok: true, value: { handled: 'profiles.remove' } });
    expect(calls).toEqual([{ channel: 'profiles.remove', request: { id: 'p1' } }]);
  });

  it('accepts the dev-server origin in development', async () => {
    const { invoke, calls } = setup({ devServerUrl: 'http://localhost:5173/' });
    expect((await invoke('app.info', {})).ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  describe('untrusted senders never reach a handler', () => {
    const cases: Array<
      [string, (ctx: ReturnType<typeof setup>) => { sender?: FakeWebContents; senderFrame?: FakeFrame | null }, string]
    > = [
      [
        'another webContents (wrong id)',
        () => {
          const other = new FakeWebContents();
          other.mainFrame.url = APP_URL;
          return { sender: other };
        },
        'webContents',
      ],
      ['a subframe of the trusted window', ({ window }) => ({ senderFrame: window.subframe(APP_URL) }), 'subframe'],
      [
        'a frame claiming to be top but not the main frame',
        () => ({ senderFrame: { url: APP_URL, parent: null, processId: 99, routingId: 1 } }),
        'subframe',
      ],
      [
        'a foreign https origin in the main frame',
        ({ window }) => {
          window.mainFrame.url = 'https://evil.example/index.html';
          return {};
        },
        'origin',
      ],
      [
        'a file:// page (even the renderer build itself: the app is app://renderer)',
        ({ window }) => {
          window.mainFrame.url = 'file:///opt/sud/out/renderer/index.html';
          return {};
        },
        'origin',
      ],
      [
        'another host on the app scheme',
        ({ window }) => {
          window.mainFrame.url = 'app://renderer-evil/index.html';
          return {};
        },
        'origin',
      ],
      [
        'the app host on another port',
        ({ window }) => {
          window.mainFrame.url = 'app://renderer:8443/index.html';
          return {};
        },
        'origin',
      ],
      ['a frame that is gone (senderFrame null)', () => ({ senderFrame: null }), 'frame gone'],
      [
        'a data: URL',
        ({ window }) => {
          window.mainFrame.url = 'data:text/html,<script>1</script>';
          return {};
        },
        'origin',
      ],
    ];

    it.each(cases)('%s', async (_name, arrange, reason) => {
      const ctx = setup();
      const event = arrange(ctx);
      const result = await ctx.invoke('profiles.remove', { id: 'p1' }, event);
      expect(result).toEqual({ ok: false, error: { code: 'untrusted_sender', message: expect.any(String) } });
      expect(ctx.calls).toEqual([]);
      expect(ctx.log.lines).toContainEqual({
        level: 'warn',
        message: 'rejected ipc from untrusted sender',
        fields: { channel: 'profiles.remove', reason },
      });
    });

    it('a window that no longer exists trusts nobody', async () => {
      resetFake();
      const window = new FakeWebContents();
      window.mainFrame.url = APP_URL;
      const recorded = recordingHandlers();
      registerIpc(fake().ipcMain as never, recorded.handlers, memoryLog(), {
        trustedWebContentsId: () => null,
        isAppUrl: () => true,
      });
      const handler = fake().ipcMain.handlers.get('app.info')!;
      const result = (await handler({ sender: window, senderFrame: window.mainFrame }, {})) as {
        ok: boolean;
        error: { code: string };
      };
      expect(result.error.code).toBe('untrusted_sender');
      expect(recorded.calls).toEqual([]);
    });

    it('untrustedReason accepts only the trusted top frame on the app URL', () => {
      const { window, location } = setup();
      const policy = { trustedWebContentsId: () => window.id, isAppUrl: location.isAppUrl };
      expect(untrustedReason({ sender: window, senderFrame: window.mainFrame } as never, policy)).toBeNull();
    });
  });

  describe('hostile payloads from the trusted window change nothing', () => {
    const huge = 'x'.repeat(MAX_PAYLOAD_BYTES + 10);
    const cases: Array<[string, string, unknown]> = [
      ['wrong type for a field', 'profiles.remove', { id: 42 }],
      ['missing required field', 'profiles.remove', {}],
      ['extra key', 'profiles.remove', { id: 'p1', admin: true }],
      ['extra key on an empty request', 'app.info', { sneaky: 1 }],
      ['huge string in a field', 'profiles.remove', { id: huge }],
      ['long but under the size cap', 'profiles.remove', { id: 'x'.repeat(65) }],
      ['huge extra payload', 'app.info', { blob: huge }],
      ['__proto__ key (JSON.parse keeps it as own key)', 'settings.set', JSON.parse('{"__proto__":{"polluted":true}}')],
      ['constructor key', 'settings.set', { constructor: { prototype: { polluted: true } } }],
      ['prototype key', 'profiles.remove', { id: 'p1', prototype: { polluted: true } }],
      [
        'nested __proto__ in a valid field',
        'profiles.add',
        JSON.parse('{"name":"x","region":"us","apiKey":{"__proto__":{"polluted":true}}}'),
      ],
      ['string payload', 'profiles.remove', 'p1'],
      ['number payload', 'profiles.remove', 7],
      ['boolean payload', 'keychain.status', true],
      ['array payload', 'profiles.remove', ['p1']],
      ['array payload on an empty request', 'app.info', []],
      ['wrong type for optional flag', 'keychain.status', { recheck: 'yes' }],
      ['profile with every field wrong', 'profiles.add', { name: 1, region: 'mars', apiKey: null }],
      [
        'cyclic object',
        'profiles.remove',
        (() => {
          const o: Record<string, unknown> = { id: 'p1' };
          o.self = o;
          return o;
        })(),
      ],
      ['BigInt inside', 'profiles.remove', { id: 1n }],
    ];

    it.each(cases)('%s → invalid_request, handler never ran', async (_name, channel, payload) => {
      const { invoke, calls, state } = setup();
      const before = { ...state };
      const result = await invoke(channel, payload);
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('invalid_request');
      expect(calls).toEqual([]);
      expect(state).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
      // The error never echoes what was sent.
      expect(JSON.stringify(result)).not.toContain('xxxxxxxxxx');
    });

    it('a second argument is refused (the preload always sends exactly one)', async () => {
      const { invoke, calls } = setup();
      const result = await invoke('profiles.remove', { id: 'p1' }, {}, { id: 'p2' });
      expect(result.error?.code).toBe('invalid_request');
      expect(calls).toEqual([]);
    });

    it.each([
      ['unknown channel', 'profiles.drop'],
      ['prototype name as channel', '__proto__'],
      ['toString as channel', 'toString'],
      ['constructor as channel', 'constructor'],
      ['channel with a trailing space', 'app.info '],
    ])('%s has no handler at all', (_name, channel) => {
      const { ipcMain } = setup();
      expect(ipcMain.handlers.has(channel)).toBe(false);
    });
  });
});
