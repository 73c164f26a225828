import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ServiceUsersView from '../../../renderer/src/views/ServiceUsersView.vue';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { useServiceUsersStore } from '../../../renderer/src/stores/serviceUsers';
import { useRemindersStore } from '../../../renderer/src/stores/reminders';
import { mountWith, until } from '../helpers';
import { ASOF, fakeList, inDays, snapshot, user, USERS } from './listFakes';

let w: VueWrapper | null = null;
afterEach(() => {
  useConnectivityStore().stop();
  useServiceUsersStore().stop();
  useRemindersStore().stop();
  w?.unmount();
  w = null;
  window.location.hash = '';
  document.body.innerHTML = '';
});

type Fake = ReturnType<typeof fakeList>;

/** Mounts the view and waits until the list is shown and core has answered everything it was asked. */
async function mountList(fake: Fake) {
  window.location.hash = window.location.hash || '#/service-users';
  w = mountWith(ServiceUsersView);
  await useProfilesStore().load();
  await until(() => {
    w!.get('[data-testid="su-count"]');
    expect(useConnectivityStore().snapshot).not.toBeNull();
    return fake.api.answeredAll();
  });
  return w;
}
const rows = (x: VueWrapper) => x.findAll('[data-testid="su-row"]');
const names = (x: VueWrapper) => rows(x).map((r) => r.get('[data-testid="su-name"]').text());
const row = (x: VueWrapper, id: string) => x.get(`[data-testid="su-row"][data-user-id="${id}"]`);
const count = (x: VueWrapper) => x.get('[data-testid="su-count"]').text();

describe('Service users list', () => {
  it('shows every column: name, status, end date with days left, accounts by name, managers, created', async () => {
    const fake = fakeList();
    await mountList(fake);
    expect(fake.api.callsTo('serviceUsers.list')).toEqual([{ profileId: 'p1' }]);
    expect(fake.api.callsTo('serviceUsers.refresh')).toEqual([]); // the cache has an as-of: no fetch on its own
    expect(names(w!)).toEqual(['alpha-signer', 'build-bot', 'deploy-bot', 'forever-bot', 'Zeta-bot']);
    expect(count(w!)).toBe('5 service users');

    const soon = row(w!, 'u1');
    expect(soon.get('[data-testid="su-status"]').text()).toBe('Active');
    expect(soon.get('[data-testid="su-end"]').attributes('data-urgency')).toBe('soon');
    expect(soon.get('[data-testid="su-end"]').classes()).toContain('su-end-soon');
    expect(soon.get('[data-testid="su-days"]').text()).toBe('· 10 days left');
    expect(soon.get('[data-testid="su-end"]').text()).toContain('⚠');
    expect(soon.text()).toContain('Main'); // account a1 by its name from the reference cache
    expect(soon.text()).toContain('Account Manager');

    const expired = row(w!, 'u2');
    expect(expired.get('[data-testid="su-status"]').text()).toBe('Expired');
    expect(expired.get('[data-testid="su-end"]').classes()).toContain('su-end-expired');
    expect(expired.get('[data-testid="su-days"]').text()).toBe('· Expired 3 days ago');
    expect(expired.get('[data-testid="su-end"]').text()).toContain('⛔');
    expect(expired.text()).toContain('a2'); // unknown to the reference cache: its id

    expect(row(w!, 'u3').get('[data-testid="su-end"]').attributes('data-urgency')).toBe('ok');
    expect(row(w!, 'u3').text()).toContain('Account Manager, st');
    expect(row(w!, 'u4').get('[data-testid="su-end"]').text()).toBe('No end date');
    expect(row(w!, 'u5').get('[data-testid="su-days"]').text()).toBe('· 30 days left');

    const asOf = w!.get('[data-testid="su-asof"] time');
    expect(asOf.attributes('datetime')).toBe(ASOF);
    expect(w!.get('[data-testid="su-asof"]').text()).toMatch(/^As of /);
  });

  it('says "expires today" on the end date and "expired today" never before the next day', async () => {
    const fake = fakeList({ users: [user('t', 'today-bot', { endDate: inDays(0) })] });
    await mountList(fake);
    expect(row(w!, 't').get('[data-testid="su-days"]').text()).toBe('· Expires today');
    expect(row(w!, 't').get('[data-testid="su-end"]').attributes('data-urgency')).toBe('soon');
  });

  it('searches by name as you type (no debounce) and filters by expiry, manager and account', async () => {
    const fake = fakeList();
    await mountList(fake);
    await w!.get('[data-testid="su-search"]').setValue('BOT');
    expect(names(w!)).toEqual(['build-bot', 'deploy-bot', 'forever-bot', 'Zeta-bot']);
    expect(count(w!)).toBe('4 of 5 service users');
    await w!.get('[data-testid="su-search"]').setValue('');

    await w!.get('[data-testid="su-filter-expiring"]').setValue(true);
    expect(names(w!)).toEqual(['build-bot', 'Zeta-bot']);
    expect(window.location.hash).toBe('#/service-users?filter=expiring&days=30');
    await w!.get('[data-testid="su-days"]').setValue('10');
    expect(names(w!)).toEqual(['build-bot']);
    expect(window.location.hash).toBe('#/service-users?filter=expiring&days=10');
    await w!.get('[data-testid="su-days"]').setValue('');
    expect(names(w!)).toEqual(['build-bot']); // an empty field keeps the last number

    await w!.get('[data-testid="su-filter-expired"]').setValue(true);
    expect(names(w!)).toEqual(['alpha-signer']);
    await w!.get('[data-testid="su-filter-none"]').setValue(true);
    expect(names(w!)).toEqual(['forever-bot']);
    expect(window.location.hash).toBe('#/service-users?filter=none');

    await w!.get('[data-testid="su-filter-all"]').setValue(true);
    const managers = w!.findAll('[data-testid="su-manager"] option').map((o) => o.text());
    expect(managers).toEqual(['Any', 'Account Manager', 'st']);
    await w!.get('[data-testid="su-manager"]').setValue('st');
    expect(names(w!)).toEqual(['deploy-bot']);
    await w!.get('[data-testid="su-manager"]').setValue('');
    await w!.get('[data-testid="su-account"]').setValue('a2');
    expect(names(w!)).toEqual(['alpha-signer']);
    expect(window.location.hash).toBe('#/service-users?account=a2');

    await w!.get('[data-testid="su-search"]').setValue('nothing-like-this');
    expect(w!.get('[data-testid="su-empty"]').text()).toBe('No service user matches the search and filters.');
    await w!.get('[data-testid="su-clear"]').trigger('click');
    expect(names(w!)).toHaveLength(5);
    expect(window.location.hash).toBe('#/service-users');
  });

  it('opens with the filter from the address, and follows the address when it changes', async () => {
    window.location.hash = '#/service-users?filter=expiring&days=30';
    const fake = fakeList();
    await mountList(fake);
    expect(names(w!)).toEqual(['build-bot', 'Zeta-bot']);
    expect((w!.get('[data-testid="su-filter-expiring"]').element as HTMLInputElement).checked).toBe(true);

    useNavStore().go('service-users', { filter: 'expired' });
    await until(() => expect(names(w!)).toEqual(['alpha-signer']));
  });

  it('sorts by each column, both ways, with aria-sort on the sorted header', async () => {
    const fake = fakeList();
    await mountList(fake);
    const header = (key: string) => w!.get(`[data-testid="su-sort-${key}"]`).element.parentElement!;
    expect(header('name').getAttribute('aria-sort')).toBe('ascending');
    expect(header('endDate').getAttribute('aria-sort')).toBeNull();

    await w!.get('[data-testid="su-sort-name"]').trigger('click');
    expect(header('name').getAttribute('aria-sort')).toBe('descending');
    expect(names(w!)).toEqual(['Zeta-bot', 'forever-bot', 'deploy-bot', 'build-bot', 'alpha-signer']);

    await w!.get('[data-testid="su-sort-endDate"]').trigger('click');
    expect(header('endDate').getAttribute('aria-sort')).toBe('ascending');
    expect(header('name').getAttribute('aria-sort')).toBeNull();
    // Soonest first; no end date last.
    expect(names(w!)).toEqual(['alpha-signer', 'build-bot', 'Zeta-bot', 'deploy-bot', 'forever-bot']);
    expect(window.location.hash).toBe('#/service-users?sort=endDate&dir=asc');
    await w!.get('[data-testid="su-sort-endDate"]').trigger('click');
    expect(names(w!)).toEqual(['forever-bot', 'deploy-bot', 'Zeta-bot', 'build-bot', 'alpha-signer']);

    await w!.get('[data-testid="su-sort-accounts"]').trigger('click');
    expect(names(w!).slice(0, 1)).toEqual(['alpha-signer']); // 'a2' before 'Main'
    await w!.get('[data-testid="su-sort-status"]').trigger('click');
    expect(names(w!)[0]).not.toBe('alpha-signer'); // ACTIVE before EXPIRED
    expect(names(w!).at(-1)).toBe('alpha-signer');
    await w!.get('[data-testid="su-sort-managers"]').trigger('click');
    expect(names(w!).at(-1)).toBe('deploy-bot'); // 'Account Manager, st' after 'Account Manager'
    await w!.get('[data-testid="su-sort-created"]').trigger('click');
    expect(header('created').getAttribute('aria-sort')).toBe('ascending');
  });

  it('a row opens the details of that user (click, or Enter on the focused row)', async () => {
    const fake = fakeList();
    await mountList(fake);
    await row(w!, 'u3').trigger('click');
    expect(useNavStore().current).toBe('service-user');
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'u3' });
    expect(window.location.hash).toBe('#/service-user?profile=p1&id=u3');
    useNavStore().go('service-users');
    await row(w!, 'u5').trigger('keydown', { key: 'Enter' });
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'u5' });
  });

  it('offline: shows the saved list with its age, says why it cannot refresh, and refresh is disabled', async () => {
    const fake = fakeList({ reference: () => snapshot('offline') });
    await mountList(fake);
    await until(() => w!.get('[data-testid="su-offline"]'));
    expect(names(w!)).toHaveLength(5);
    expect(w!.get('[data-testid="su-asof"] time').attributes('datetime')).toBe(ASOF);
    expect(w!.get('[data-testid="su-offline"]').text()).toContain('cannot be refreshed now');
    const refresh = w!.get('[data-testid="su-refresh"]');
    expect(refresh.attributes('disabled')).toBeDefined();
    expect(refresh.attributes('aria-describedby')).toBe('su-offline');
    expect(fake.api.callsTo('serviceUsers.refresh')).toEqual([]);
  });

  it('a list never fetched is fetched once when DigiCert ONE is reachable; Refresh fetches again', async () => {
    const fake = fakeList({ users: [], asOf: null, refreshed: USERS() });
    await mountList(fake);
    await until(() => expect(names(w!)).toHaveLength(5));
    expect(fake.api.callsTo('serviceUsers.refresh')).toEqual([{ profileId: 'p1' }]);
    expect(w!.get('[data-testid="su-refresh-status"]').text()).toBe('List refreshed: 5 service users.');
    await w!.get('[data-testid="su-refresh"]').trigger('click');
    await until(() => expect(fake.api.callsTo('serviceUsers.refresh')).toHaveLength(2));
  });

  it('a failed refresh keeps the saved list and says why', async () => {
    const fake = fakeList({
      more: { 'serviceUsers.refresh': () => ({ ok: false, error: { code: 'access_denied', message: 'no' } }) },
    });
    await mountList(fake);
    await w!.get('[data-testid="su-refresh"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="su-refresh-error"]').text()).toBe(
        'The list could not be refreshed: The API key is not allowed to do this.',
      ),
    );
    expect(names(w!)).toHaveLength(5);
  });

  it('follows serviceUsers.changed for its profile', async () => {
    const fake = fakeList();
    await mountList(fake);
    fake.state.list = { ...fake.state.list, users: [user('n', 'new-bot')] };
    fake.api.emit({ name: 'serviceUsers.changed', payload: { profileId: 'other', asOf: ASOF } });
    fake.api.emit({ name: 'serviceUsers.changed', payload: { profileId: 'p1', asOf: ASOF } });
    await until(() => expect(names(w!)).toEqual(['new-bot']));
    expect(fake.api.callsTo('serviceUsers.list')).toHaveLength(2);
  });

  it('at 5,000 users renders only the rows in view, with the full size in aria-rowcount', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => user(`u${i}`, `bot-${String(i).padStart(4, '0')}`));
    const fake = fakeList({ users: many });
    await mountList(fake);
    expect(count(w!)).toBe('5000 service users');
    expect(w!.get('[data-testid="su-grid"]').attributes('aria-rowcount')).toBe('5001');
    expect(rows(w!).length).toBeGreaterThan(10);
    expect(rows(w!).length).toBeLessThan(60);
    expect(rows(w!)[0]!.attributes('aria-rowindex')).toBe('2');
    await w!.get('[data-testid="su-search"]').setValue('bot-4999');
    expect(names(w!)).toEqual(['bot-4999']);
    expect(rows(w!)[0]!.attributes('aria-rowindex')).toBe('2');
  });
});
