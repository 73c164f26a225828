import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
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

  it('api has exactly the contract domains and verbs, all functions', () => {
    const expected: Record<string, string[]> = {};
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
    for (const word of ['invoke', 'send', 'ipcRenderer', 'process', 'env', 'require']) expect(text).not.toContain(`"${word}"`);
    expect(Object.getPrototypeOf(api)).toBe(Object.prototype);
  });

  it('each verb invokes its own channel with the request (an empty object when omitted)', async () => {
    const invoke = fake().ipcRenderer.invoke;
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
});
