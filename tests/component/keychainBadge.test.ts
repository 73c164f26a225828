import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { KeychainStatus } from '../../shared/keychain';
import KeychainBadge from '../../renderer/src/components/KeychainBadge.vue';
import { useAppStore } from '../../renderer/src/stores/app';
import { installFakeApi, mountWith, until } from './helpers';

const available: KeychainStatus = { available: true, backend: 'Secret Service', checkedAt: '2026-01-01T10:00:00Z' };
const unavailable: KeychainStatus = {
  available: false,
  backend: 'Secret Service',
  checkedAt: '2026-01-01T10:00:00Z',
  reason: 'no_session_bus',
  detail: 'There is no D-Bus session bus.',
  fix: 'Start a session bus (dbus-run-session).',
};

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

async function mountBadge(statuses: KeychainStatus[], locale: 'en' | 'de' = 'en') {
  const queue = [...statuses];
  const api = installFakeApi({
    'keychain.status': () => ({ ok: true, value: queue.length > 1 ? queue.shift()! : queue[0]! }),
  });
  wrapper = mountWith(KeychainBadge, { locale });
  await useAppStore().loadKeychain();
  const badge = wrapper.get('[data-testid="keychain-badge"]');
  await until(() => expect(badge.attributes('data-state')).not.toBe('checking'));
  return { api, badge };
}

describe('keychain badge', () => {
  it('says "checking" before the core answers', () => {
    installFakeApi({});
    wrapper = mountWith(KeychainBadge);
    expect(wrapper.get('[data-testid="keychain-badge"]').text()).toBe('Keychain: checking…');
  });

  it('shows an available keychain', async () => {
    const { badge } = await mountBadge([available]);
    expect(badge.text()).toBe('Keychain: available');
    expect(badge.attributes('data-state')).toBe('available');
  });

  it('shows why the keychain is unavailable, with detail and fix in a keyboard-friendly popover', async () => {
    const { badge } = await mountBadge([unavailable]);
    expect(badge.text()).toBe('Keychain unavailable — no session bus');
    expect(badge.attributes('aria-expanded')).toBe('false');
    expect(wrapper!.find('[data-testid="keychain-details"]').exists()).toBe(false);

    await badge.trigger('click');
    // The popover takes focus once it is open: that is the end of opening it.
    await until(() => expect(document.activeElement).toBe(wrapper!.find('[data-testid="keychain-details"]').element));
    expect(badge.attributes('aria-expanded')).toBe('true');
    expect(badge.attributes('aria-controls')).toBe('keychain-details');
    expect(wrapper!.get('[data-testid="keychain-detail"]').text()).toBe(unavailable.detail);
    expect(wrapper!.get('[data-testid="keychain-fix"]').text()).toBe(unavailable.fix);

    await wrapper!.get('[data-testid="keychain-details"]').trigger('keydown', { key: 'Escape' });
    await until(() => expect(wrapper!.find('[data-testid="keychain-details"]').exists()).toBe(false));
    expect(document.activeElement).toBe(badge.element);
  });

  it('"Check again" asks the core to re-probe and shows the new state', async () => {
    const { api, badge } = await mountBadge([unavailable, available]);
    await badge.trigger('click');
    const recheck = await until(() => wrapper!.findAll('button').find((b) => b.text() === 'Check again') ?? false);
    await recheck.trigger('click');
    await until(() => expect(badge.text()).toBe('Keychain: available'));
    expect(api.callsTo('keychain.status').at(-1)).toEqual({ recheck: true });
  });

  it('speaks German', async () => {
    const { badge } = await mountBadge([unavailable], 'de');
    expect(badge.text()).toBe('Schlüsselbund nicht verfügbar — kein Sitzungsbus');
  });
});
