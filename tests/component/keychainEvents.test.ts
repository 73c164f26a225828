import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { KeychainStatus } from '../../shared/keychain';
import type { Result } from '../../shared/errors';
import KeychainBadge from '../../renderer/src/components/KeychainBadge.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { AVAILABLE, UNAVAILABLE } from './fixtures';
import { installFakeApi, mountWith, until } from './helpers';

/** The keychain as a later probe found it. */
const later = (status: KeychainStatus): KeychainStatus => ({ ...status, checkedAt: '2026-01-01T00:05:00Z' });

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

async function mountBadge(status: KeychainStatus) {
  const api = installFakeApi({ 'keychain.status': () => ({ ok: true, value: status }) });
  wrapper = mountWith(KeychainBadge);
  await useAppStore().loadKeychain();
  const badge = wrapper.get('[data-testid="keychain-badge"]');
  await until(() => expect(badge.attributes('data-state')).not.toBe('checking'));
  return { api, badge };
}

describe('keychain badge follows keychain.changed', () => {
  it('changes when core reports another state, without asking again', async () => {
    const { api, badge } = await mountBadge(UNAVAILABLE);
    expect(badge.text()).toBe('Keychain unavailable — no session bus');

    api.emit({ name: 'keychain.changed', payload: { status: later(AVAILABLE) } });
    await until(() => expect(badge.text()).toBe('Keychain: available'));

    api.emit({
      name: 'keychain.changed',
      payload: { status: { ...later(UNAVAILABLE), checkedAt: '2026-01-01T00:10:00Z' } },
    });
    await until(() => expect(badge.attributes('data-state')).toBe('unavailable'));
    expect(api.callsTo('keychain.status')).toHaveLength(1);
  });

  it('an answer from an older probe does not take back what an event reported meanwhile', async () => {
    let answer!: (result: Result<KeychainStatus>) => void;
    const api = installFakeApi({
      'keychain.status': () => new Promise<Result<KeychainStatus>>((resolve) => (answer = resolve)),
    });
    wrapper = mountWith(KeychainBadge);
    const loading = useAppStore().loadKeychain();
    await until(() => api.callsTo('keychain.status').length === 1);

    api.emit({ name: 'keychain.changed', payload: { status: later(AVAILABLE) } });
    const badge = wrapper.get('[data-testid="keychain-badge"]');
    await until(() => expect(useAppStore().keychain).toEqual(later(AVAILABLE)));
    answer({ ok: true, value: UNAVAILABLE });
    await loading;
    await until(() => expect(badge.attributes('data-state')).not.toBe('checking'));
    expect(badge.text()).toBe('Keychain: available');
  });

  it('subscribes once however often the status is read, and unsubscribes when the store is disposed', async () => {
    installFakeApi({ 'keychain.status': () => ({ ok: true, value: AVAILABLE }) });
    const offs: Array<ReturnType<typeof vi.fn>> = [];
    const events = window.api.events;
    const on = events.on.bind(events);
    const spy = vi.spyOn(events, 'on').mockImplementation((name, handler) => {
      const off = vi.fn(on(name, handler));
      offs.push(off);
      return off;
    });
    wrapper = mountWith(KeychainBadge);
    const app = useAppStore();
    await app.loadKeychain();
    await app.loadKeychain(true);
    expect(spy.mock.calls.map(([name]) => name)).toEqual(['keychain.changed']);

    app.$dispose();
    expect(offs[0]).toHaveBeenCalledTimes(1);
  });
});
