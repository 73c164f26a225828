import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { IPC_EVENT_CHANNEL } from '../../../shared/ipc/events';
import { fake, resetFake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

type ApiShape = Record<string, Record<string, (request?: unknown) => Promise<unknown>>>;

let api: ApiShape;
beforeAll(async () => {
  resetFake();
  await import('../../../electron/preload/index');
  api = fake().exposed.get('api') as ApiShape;
});

describe('preload', () => {
  it('exposes exactly one global: api', () => {
    expect([...fake().exposed.keys()]).toEqual(['api']);
  });

  it('api has exactly the contract domains and verbs, and events.on; all functions', () => {
    const expected: Record<string, string[]> = { events: ['on'] };
    for (const channel of CHANNELS) {
      const [domain, verb] = channel.split('.') as [string, string];
      (expected[domain] ??= []).push(verb);
    }
    expect(Object.keys(api).sort()).toEqual(Object.keys(expected).sort());
    for (const [domain, verbs] of Object.entries(expected)) {
      expect(Object.keys(api[domain]!).sort()).toEqual([...verbs].sort());
      for (const verb of verbs) expect(typeof api[domain]![verb]).toBe('function');
    }
  });

  it('nothing generic leaks: no invoke, send, on, ipcRenderer or process', () => {
    const text = JSON.stringify(Object.fromEntries(Object.entries(api).map(([d, v]) => [d, Object.keys(v)])));
    for (const word of ['invoke', 'send', 'ipcRenderer', 'process', 'env', 'require'])
      expect(text).not.toContain(`"${word}"`);
    expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
  });

  it('each verb invokes its own channel with the request (an empty object when omitted)', async () => {
    const invoke = fake().ipcRenderer.invoke;
    invoke.mockClear();
    for (const channel of CHANNELS) {
      const [domain, verb] = channel.split('.') as [string, string];
      invoke.mockClear();
      await api[domain]![verb]!({ probe: channel });
      expect(invoke).toHaveBeenCalledExactlyOnceWith(channel, { probe: channel });
    }
    invoke.mockClear();
    await api.app!.info!();
    expect(invoke).toHaveBeenCalledWith('app.info', {});
  });

  it('listens on IPC_EVENT_CHANNEL only, and nowhere else', () => {
    expect(fake().ipcRenderer.eventNames()).toEqual([IPC_EVENT_CHANNEL]);
    expect(fake().ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
  });

  it('events.on hands the handler the parsed payload of its event only, until unsubscribed', () => {
    const events = api.events as unknown as { on: (name: string, handler: (payload: unknown) => void) => () => void };
    const got: unknown[] = [];
    const off = events.on('tokens.changed', (payload) => got.push(payload));
    const push = (...args: unknown[]) =>
      fake().ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender: 'the ipcRenderer' }, ...args);

    push('tokens.changed', { held: true, pending: 2 });
    push('keychain.changed', { status: { available: true, backend: 'x', checkedAt: '2026-03-10T12:00:00.000Z' } }); // another event
    push('tokens.changed', { held: 'yes', pending: 2 }); // fails its schema: dropped
    push('tokens.changed', { held: true, pending: 1, extra: 'x' }); // unknown field: dropped
    push('no.such', { held: true, pending: 1 });
    off();
    push('tokens.changed', { held: false, pending: 0 });
    expect(got).toEqual([{ held: true, pending: 2 }]);
  });

  it('events.on refuses an unknown event name', () => {
    const events = api.events as unknown as { on: (name: string, handler: () => void) => () => void };
    expect(() => events.on('anything', () => undefined)).toThrow(TypeError);
  });
});
