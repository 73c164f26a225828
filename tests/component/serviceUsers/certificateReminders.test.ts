import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { Locale } from '../../../renderer/src/i18n';
import ServiceUsersView from '../../../renderer/src/views/ServiceUsersView.vue';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { useRemindersStore } from '../../../renderer/src/stores/reminders';
import { useServiceUsersStore } from '../../../renderer/src/stores/serviceUsers';
import { mountWith, until } from '../helpers';
import { fakeList, inDays, reminder, USERS } from './listFakes';

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

/** A reminder for a certificate of `users[i]`: its own end date, the user's id and name. */
function certificateReminder(i: number, daysLeft: number, nickname: string, extra = {}) {
  const u = USERS()[i]!;
  return reminder(u, daysLeft, {
    endDate: inDays(daysLeft),
    certificate: { id: `cert-${nickname}`, nickname },
    ...extra,
  });
}

async function mountView(fake: ReturnType<typeof fakeList>, locale: Locale = 'en') {
  window.location.hash = '#/service-users';
  w = mountWith(ServiceUsersView, { locale });
  await useProfilesStore().load();
  await until(() => {
    w!.get('[data-testid="su-count"]');
    expect(useRemindersStore().loaded).toBe(true);
    return fake.api.answeredAll();
  });
}

const rows = () => w!.findAll('[data-testid="su-reminder"]');
const dateOf = (days: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${inDays(days)}T00:00:00Z`),
  );

describe('certificate reminders in "Expiring soon"', () => {
  it('name the certificate and its user, beside the user’s own reminder (en)', async () => {
    const users = USERS();
    const fake = fakeList({
      reminders: [
        certificateReminder(0, -2, 'old box'),
        certificateReminder(0, 12, 'build server'),
        reminder(users[0]!, 10),
        certificateReminder(2, 1, 'nightly'),
        certificateReminder(2, 0, 'today'),
      ],
    });
    await mountView(fake);
    expect(rows()).toHaveLength(5);
    const names = rows().map((r) => r.get('[data-testid="su-reminder-name"]').text());
    expect(names).toEqual([
      'Certificate “old box” of build-bot expired 2 days ago',
      'Certificate “build server” of build-bot expires in 12 days',
      'build-bot',
      'Certificate “nightly” of deploy-bot expires tomorrow',
      'Certificate “today” of deploy-bot expires today',
    ]);
    expect(rows()[1]!.get('[data-testid="su-reminder-when"]').text()).toBe(`valid until ${dateOf(12, 'en')}`);
    // The list's colours and icons, as for users.
    expect(rows()[0]!.get('.su-reminder-text').classes()).toContain('su-end-expired');
    expect(rows()[1]!.get('.su-reminder-text').classes()).toContain('su-end-soon');
    expect(rows()[1]!.attributes('data-certificate-id')).toBe('cert-build server');
    expect(rows()[2]!.attributes('data-certificate-id')).toBeUndefined();
    expect(rows()[1]!.get('[data-testid="su-reminder-open"]').attributes('aria-label')).toBe(
      'Open build-bot (certificate “build server”)',
    );
    expect(rows()[2]!.get('[data-testid="su-reminder-open"]').attributes('aria-label')).toBe('Open build-bot');
  });

  it('in German', async () => {
    const fake = fakeList({
      reminders: [
        certificateReminder(0, -1, 'alt'),
        certificateReminder(0, 7, 'build server'),
        certificateReminder(2, 1, 'nightly'),
      ],
    });
    await mountView(fake, 'de');
    const names = rows().map((r) => r.get('[data-testid="su-reminder-name"]').text());
    expect(names).toEqual([
      'Zertifikat „alt“ von build-bot ist vor 1 Tag abgelaufen',
      'Zertifikat „build server“ von build-bot läuft in 7 Tagen ab',
      'Zertifikat „nightly“ von deploy-bot läuft morgen ab',
    ]);
    expect(rows()[1]!.get('[data-testid="su-reminder-when"]').text()).toBe(`gültig bis ${dateOf(7, 'de')}`);
    expect(rows()[1]!.get('[data-testid="su-reminder-open"]').attributes('aria-label')).toBe(
      'build-bot öffnen (Zertifikat „build server“)',
    );
  });

  it('one of another profile names the profile; Open goes to the user’s details', async () => {
    const fake = fakeList({
      reminders: [
        certificateReminder(1, 5, 'signer', { profileId: 'p2', profileName: 'Staging' }),
        certificateReminder(0, 9, 'build server'),
      ],
    });
    await mountView(fake);
    const [other, mine] = rows();
    expect(other!.get('[data-testid="su-reminder-name"]').text()).toBe(
      'Certificate “signer” of alpha-signer (Staging) expires in 5 days',
    );
    await mine!.get('[data-testid="su-reminder-open"]').trigger('click');
    expect(useNavStore().current).toBe('service-user');
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'u1' });
  });
});
