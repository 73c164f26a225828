import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AppNav from '../../../renderer/src/components/AppNav.vue';
import ServiceUsersGrid from '../../../renderer/src/components/serviceUsers/list/ServiceUsersGrid.vue';
import { prepareRows } from '../../../renderer/src/components/serviceUsers/list/listModel';
import ServiceUsersView from '../../../renderer/src/views/ServiceUsersView.vue';
import SettingsView from '../../../renderer/src/views/SettingsView.vue';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { useRemindersStore } from '../../../renderer/src/stores/reminders';
import { useServiceUsersStore } from '../../../renderer/src/stores/serviceUsers';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { mountWith, until } from '../helpers';
import { fakeList, reminder, user, USERS } from './listFakes';

let w: VueWrapper | null = null;
afterEach(() => {
  useConnectivityStore().stop();
  useServiceUsersStore().stop();
  useRemindersStore().stop();
  w?.unmount();
  w = null;
  window.location.hash = '';
  window.localStorage.clear();
  document.body.innerHTML = '';
});

describe('navigation badge', () => {
  it('shows the reminder count, follows reminders.changed, and the link’s name says it', async () => {
    const users = USERS();
    const fake = fakeList({ reminders: [reminder(users[0]!, 10)] });
    w = mountWith(AppNav);
    const link = () => w!.get('[data-view="service-users"]');
    await until(() => expect(link().get('[data-testid="nav-badge"]').text()).toBe('1'));
    expect(link().attributes('aria-label')).toBe('Service users, 1 expiring');
    expect(link().get('[data-testid="nav-badge"]').attributes('aria-hidden')).toBe('true');

    fake.state.reminders = [reminder(users[0]!, 10), reminder(users[1]!, -3), reminder(users[4]!, 30)];
    fake.api.emit({ name: 'reminders.changed', payload: { count: 3 } });
    await until(() => expect(link().get('[data-testid="nav-badge"]').text()).toBe('3'));
    expect(link().attributes('aria-label')).toBe('Service users, 3 expiring');

    fake.state.reminders = [];
    fake.api.emit({ name: 'reminders.changed', payload: { count: 0 } });
    await until(() => expect(link().find('[data-testid="nav-badge"]').exists()).toBe(false));
    expect(link().text()).toBe('Service users');
    expect(link().attributes('aria-label')).toBeUndefined();
  });
});

describe('"Expiring soon" panel', () => {
  async function mountView(fake: ReturnType<typeof fakeList>) {
    window.location.hash = '#/service-users';
    w = mountWith(ServiceUsersView);
    await useProfilesStore().load();
    await until(() => {
      w!.get('[data-testid="su-count"]');
      expect(useRemindersStore().loaded).toBe(true);
      return fake.api.answeredAll();
    });
  }

  it('lists the reminders, most urgent first as core gives them, with Open and Mute; Mute can be undone', async () => {
    const users = USERS();
    const fake = fakeList({ reminders: [reminder(users[1]!, -3), reminder(users[0]!, 10)] });
    await mountView(fake);
    const items = () => w!.findAll('[data-testid="su-reminder"]');
    expect(items().map((i) => i.get('[data-testid="su-reminder-name"]').text())).toEqual(['alpha-signer', 'build-bot']);
    expect(items()[0]!.get('[data-testid="su-reminder-when"]').text()).toMatch(/^expired on .* · Expired 3 days ago$/);
    expect(items()[0]!.get('.su-reminder-text').classes()).toContain('su-end-expired');
    expect(items()[1]!.get('[data-testid="su-reminder-when"]').text()).toMatch(/^expires on .* · 10 days left$/);
    expect(items()[1]!.get('.su-reminder-text').classes()).toContain('su-end-soon');
    expect(items()[1]!.get('[data-testid="su-reminder-mute"]').attributes('aria-label')).toBe(
      'Mute reminders for build-bot',
    );

    await items()[1]!.get('[data-testid="su-reminder-mute"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="su-reminders-status"]').text()).toContain('Reminders for build-bot muted.'),
    );
    expect(fake.api.callsTo('serviceUsers.mute')).toEqual([{ profileId: 'p1', userId: 'u1', muted: true }]);
    expect(items().map((i) => i.get('[data-testid="su-reminder-name"]').text())).toEqual(['alpha-signer']);
    const undo = w!.get('[data-testid="su-reminder-undo"]');
    expect(document.activeElement).toBe(undo.element);

    fake.state.reminders = [reminder(users[1]!, -3), reminder(users[0]!, 10)];
    await undo.trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="su-reminders-status"]').text()).toBe('Reminders for build-bot are on again.'),
    );
    expect(fake.api.callsTo('serviceUsers.mute').at(-1)).toEqual({ profileId: 'p1', userId: 'u1', muted: false });
    expect(items()).toHaveLength(2);
  });

  it('a refused mute says why and keeps the reminder', async () => {
    const users = USERS();
    const fake = fakeList({
      reminders: [reminder(users[0]!, 10)],
      more: { 'serviceUsers.mute': () => ({ ok: false, error: { code: 'db_write_failed', message: 'x' } }) },
    });
    await mountView(fake);
    await w!.get('[data-testid="su-reminder-mute"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="su-reminders-error"]').text()).toBe(
        'The change could not be saved to the local database.',
      ),
    );
    expect(w!.findAll('[data-testid="su-reminder"]')).toHaveLength(1);
    expect(w!.find('[data-testid="su-reminder-undo"]').exists()).toBe(false);
  });

  it('says so when nothing expires soon', async () => {
    await mountView(fakeList({ reminders: [] }));
    expect(w!.get('[data-testid="su-reminders-none"]').text()).toBe('No service user or certificate expires soon.');
  });
});

describe('grid keyboard', () => {
  const rowsOf = (n: number) =>
    prepareRows(
      Array.from({ length: n }, (_, i) => user(`u${i}`, `bot-${i}`)),
      '2026-01-01',
      { account: (id) => id, manager: (id) => id },
    );

  it('one row is in the tab order; arrows, Home and End move it; Enter opens the row', async () => {
    const rows = rowsOf(200);
    w = mountWith(ServiceUsersGrid, { props: { rows, sort: 'name', direction: 'asc' } });
    const tabbable = () => w!.findAll('[data-testid="su-row"][tabindex="0"]');
    expect(tabbable().map((r) => r.attributes('data-index'))).toEqual(['0']);
    (tabbable()[0]!.element as HTMLElement).focus();
    await tabbable()[0]!.trigger('keydown', { key: 'ArrowDown' });
    await until(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('1'));
    await w!.get('[data-index="1"]').trigger('keydown', { key: 'ArrowUp' });
    await until(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('0'));
    await w!.get('[data-index="0"]').trigger('keydown', { key: 'End' });
    // The last row is rendered (scrolled into view) and focused.
    await until(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('199'));
    expect(w!.get('[data-index="199"]').attributes('aria-rowindex')).toBe('201');
    await w!.get('[data-index="199"]').trigger('keydown', { key: 'Home' });
    await until(() => expect((document.activeElement as HTMLElement).dataset.index).toBe('0'));

    await w!.get('[data-index="0"]').trigger('keydown', { key: 'Enter' });
    expect(w!.emitted('open')?.[0]?.[0]).toBe(rows[0]);
    await w!.get('[data-index="3"]').trigger('click');
    expect(w!.emitted('open')?.[1]?.[0]).toBe(rows[3]);
  });
});

describe('reminder lead times in Settings', () => {
  async function mountSettings(fake: ReturnType<typeof fakeList>) {
    w = mountWith(SettingsView);
    await useSettingsStore().load();
    await until(() => fake.api.answeredAll());
  }
  const input = () => w!.get('[data-testid="settings-lead-days"]');
  const error = () => w!.find('[data-testid="settings-lead-days-error"]');

  it('shows the saved lead times, refuses what is not valid, and saves largest first', async () => {
    const fake = fakeList();
    await mountSettings(fake);
    await until(() => expect((input().element as HTMLInputElement).value).toBe('30, 7, 1'));

    const tryValue = async (value: string) => {
      await input().setValue(value);
      await w!.get('[data-testid="settings-reminders"]').trigger('submit');
    };
    await tryValue('30, x');
    await until(() => expect(error().text()).toBe('Use whole numbers from 0 to 365, separated by commas.'));
    expect(input().attributes('aria-invalid')).toBe('true');
    await tryValue('400');
    await until(() => expect(error().text()).toBe('Use whole numbers from 0 to 365, separated by commas.'));
    await tryValue('');
    await until(() => expect(error().text()).toBe('Enter at least one number of days.'));
    await tryValue('1, 2, 3, 4, 5, 6');
    await until(() => expect(error().text()).toBe('Enter at most 5 numbers.'));
    await tryValue('7, 7');
    await until(() => expect(error().text()).toBe('Each number can be entered only once.'));
    expect(fake.api.callsTo('settings.set')).toEqual([]);

    await tryValue('1, 14,60');
    await until(() => expect(fake.api.callsTo('settings.set')).toEqual([{ reminderLeadDays: [60, 14, 1] }]));
    await until(() => expect((input().element as HTMLInputElement).value).toBe('60, 14, 1'));
    expect(error().exists()).toBe(false);
    expect(input().attributes('aria-invalid')).toBe('false');
    expect(useSettingsStore().settings.reminderLeadDays).toEqual([60, 14, 1]);
  });
});

describe('opening a reminder', () => {
  it('opens the user’s details; one of another profile is named with it and switches to that profile', async () => {
    const users = USERS();
    fakeList({
      reminders: [reminder(users[1]!, -3), reminder(users[0]!, 10, { profileId: 'p2', profileName: 'Staging' })],
    });
    window.location.hash = '#/service-users';
    w = mountWith(ServiceUsersView);
    await useProfilesStore().load();
    await until(() => expect(w!.findAll('[data-testid="su-reminder"]')).toHaveLength(2));
    const [mine, other] = w!.findAll('[data-testid="su-reminder"]');
    expect(mine!.get('[data-testid="su-reminder-name"]').text()).toBe('alpha-signer');
    expect(other!.get('[data-testid="su-reminder-name"]').text()).toBe('build-bot (Staging)');

    await mine!.get('[data-testid="su-reminder-open"]').trigger('click');
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'u2' });
    expect(window.localStorage.getItem('sud.currentProfileId')).not.toBe('p2');
    useNavStore().go('service-users');
    await other!.get('[data-testid="su-reminder-open"]').trigger('click');
    expect(useNavStore().current).toBe('service-user');
    expect(useNavStore().params).toEqual({ profile: 'p2', id: 'u1' });
    expect(window.localStorage.getItem('sud.currentProfileId')).toBe('p2'); // the profile switcher's choice
  });
});
