import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ConnectionTest from '../../renderer/src/components/ConnectionTest.vue';
import { PROFILE as profile } from './fixtures';
import { installFakeApi, mountWith, until } from './helpers';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

describe('Test connection', () => {
  it('shows whose key it is, the accounts it sees and that it may create service users', async () => {
    const accounts = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, name: `Account ${i}` }));
    const api = installFakeApi({
      'profiles.test': () => ({
        ok: true,
        value: { profileId: 'p1', who: { id: 'u1', name: 'Ada Admin', email: null }, canManageUsers: true, accounts },
      }),
    });
    w = mountWith(ConnectionTest, { props: { profile } });
    await w.get('[data-testid="test-connection"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="test-connection-result"]').text()).toContain(
        'Connected with the API key of Ada Admin.',
      ),
    );
    expect(api.callsTo('profiles.test')).toEqual([{ id: 'p1' }]);
    const text = w.get('[data-testid="test-connection-result"]').text();
    expect(text).toContain('Sees 7 accounts: Account 0, Account 1, Account 2, Account 3, Account 4 and 2 more');
    expect(w.get('[data-testid="test-connection-may-create"]').attributes('data-may-create')).toBe('true');
  });

  it('says plainly when the key may not create service users, and shows a failure as an error', async () => {
    installFakeApi({
      'profiles.test': () => ({
        ok: true,
        value: {
          profileId: 'p1',
          who: { id: 'u2', name: null, email: 'audit@example.com' },
          canManageUsers: false,
          accounts: [],
        },
      }),
    });
    w = mountWith(ConnectionTest, { props: { profile } });
    await w.get('[data-testid="test-connection"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="test-connection-result"]').text()).toContain('may not create service users'),
    );
    w.unmount();

    installFakeApi({ 'profiles.test': () => ({ ok: false, error: { code: 'invalid_api_key', message: 'x' } }) });
    w = mountWith(ConnectionTest, { props: { profile }, locale: 'de' });
    await w.get('[data-testid="test-connection"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="test-connection-result"]').text()).toContain(
        'Der Verbindungstest ist fehlgeschlagen.',
      ),
    );
  });
});
