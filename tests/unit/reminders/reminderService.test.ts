import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../../electron/core/audit/recorder';
import { createReminderService, MAX_CHECK_INTERVAL_MS } from '../../../electron/core/reminders/reminderService';
import { createSettingsStore } from '../../../electron/core/settings/settingsStore';
import type { AppEvent } from '../../../shared/ipc/events';
import type { ExpiryReminder } from '../../../shared/manage';
import { openTempDb } from '../../support/db';
import { fakeCertificateCache } from '../../support/fakeCertificateCache';
import { fakeServiceUserCache } from '../../support/fakeServiceUserCache';

const DAY = 86_400_000;
const bot = (id: string, endDate?: string) => ({
  id,
  friendlyName: `bot-${id}`,
  description: '',
  status: 'ACTIVE',
  ...(endDate ? { endDate } : {}),
});

describe('reminder service', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let cache: ReturnType<typeof fakeServiceUserCache>;
  let certificates: ReturnType<typeof fakeCertificateCache>;
  let audit: AuditRecord[];
  let settings: ReturnType<typeof createSettingsStore>;
  let events: AppEvent[];
  let service: ReturnType<typeof createReminderService> | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T12:00:00Z') });
    tmp = openTempDb();
    cache = fakeServiceUserCache();
    certificates = fakeCertificateCache();
    audit = [];
    settings = createSettingsStore(tmp.db, { record: (entry) => void audit.push(entry) });
    events = [];
  });
  afterEach(() => {
    service?.close();
    service = undefined;
    vi.useRealTimers();
    tmp.cleanup();
  });

  function start() {
    service = createReminderService({
      db: tmp.db,
      cache,
      certificates,
      profiles: { list: () => [{ id: 'p1', name: 'Production' }] },
      settings,
      audit: { record: (entry) => void audit.push(entry) },
      emit: (event) => void events.push(event),
      clock: () => new Date(),
    });
    return service;
  }
  const changes = () => events.filter((e) => e.name === 'reminders.changed').map((e) => e.payload);
  const summary = (list: ExpiryReminder[]) => list.map((r) => `${r.userId}:${r.daysLeft}`);

  it('computes at start and emits the count', () => {
    cache.put('p1', bot('a', '2026-03-11'), bot('b', '2026-03-20'), bot('c', '2026-05-01'), bot('d'));
    const reminders = start();
    expect(changes()).toEqual([{ count: 2 }]);
    expect(summary(reminders.list())).toEqual(['a:1', 'b:10']);
    expect(reminders.list()[0]).toMatchObject({ profileName: 'Production', friendlyName: 'bot-a' });
    expect(changes()).toHaveLength(1); // asking again changes nothing
  });

  it('checks again daily while running: a new day moves every reminder on', () => {
    cache.put('p1', bot('a', '2026-03-11'), bot('late', '2026-04-10'));
    const reminders = start();
    expect(summary(reminders.list())).toEqual(['a:1']);

    vi.advanceTimersByTime(6 * 60 * 60 * 1000); // same UTC day: nothing new
    expect(changes()).toEqual([{ count: 1 }]);

    vi.advanceTimersByTime(DAY); // past midnight UTC: 'late' enters, 'a' expires today
    expect(changes()).toEqual([{ count: 1 }, { count: 2 }]);
    expect(summary(reminders.list())).toEqual(['a:0', 'late:30']);

    vi.advanceTimersByTime(DAY); // same count, other content: emitted too
    expect(changes()).toEqual([{ count: 1 }, { count: 2 }, { count: 2 }]);
    expect(summary(reminders.list())).toEqual(['a:-1', 'late:29']);
  });

  it('catches up within the check interval when the clock jumps (the machine slept through midnight)', () => {
    cache.put('p1', bot('a', '2026-03-11'));
    start();
    vi.setSystemTime(new Date('2026-03-12T08:00:00Z')); // timers did not run meanwhile
    vi.advanceTimersByTime(MAX_CHECK_INTERVAL_MS);
    expect(changes()).toEqual([{ count: 1 }, { count: 1 }]);
  });

  it('recomputes when a cache changes', () => {
    const reminders = start();
    expect(changes()).toEqual([{ count: 0 }]);
    cache.put('p1', bot('a', '2026-03-15'));
    expect(changes()).toEqual([{ count: 0 }, { count: 1 }]);
    expect(summary(reminders.list())).toEqual(['a:5']);
  });

  it('recomputes when the lead times change, not on other settings', () => {
    cache.put('p1', bot('a', '2026-03-15'), bot('b', '2026-03-30'));
    start();
    settings.set({ theme: 'dark' });
    expect(changes()).toEqual([{ count: 2 }]);
    settings.set({ reminderLeadDays: [7] });
    expect(changes()).toEqual([{ count: 2 }, { count: 1 }]);
  });

  it('mute leaves a user out, is audited, and unmute brings it back', () => {
    cache.put('p1', bot('a', '2026-03-11'), bot('b', '2026-03-12'));
    const reminders = start();
    expect(reminders.mute('p1', 'a', true)).toEqual({ muted: true });
    expect(summary(reminders.list())).toEqual(['b:2']);
    expect(changes().at(-1)).toEqual({ count: 1 });
    expect(audit.at(-1)).toEqual({
      action: 'reminder_muted',
      outcome: 'ok',
      profileId: 'p1',
      target: 'a',
      details: { userId: 'a', friendlyName: 'bot-a', muted: true },
    });

    reminders.mute('p1', 'a', false);
    expect(summary(reminders.list())).toEqual(['a:1', 'b:2']);
    expect(audit.at(-1)?.details).toMatchObject({ muted: false });
  });

  it('refuses to mute a user that is not in the cache', () => {
    const reminders = start();
    expect(() => reminders.mute('p1', 'ghost', true)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(audit).toEqual([]);
  });

  it('leaves out profiles that are gone', () => {
    cache.put('gone', bot('a', '2026-03-11'));
    expect(start().list()).toEqual([]);
  });

  it('onDue: each user once per threshold it crosses, and once more when expired', () => {
    cache.put('p1', bot('a', '2026-03-12'), bot('b', '2026-03-25'), bot('c'));
    const reminders = start();
    const due: string[][] = [];
    reminders.onDue((list) => due.push(summary(list)));
    expect(due).toEqual([['a:2', 'b:15']]); // a crossed 7, b crossed 30

    cache.put('p1', bot('c', '2026-04-01')); // a cache change: only the newcomer
    expect(due).toEqual([['a:2', 'b:15'], ['c:22']]);

    vi.advanceTimersByTime(DAY); // a: 1 day left, crosses the 1-day threshold
    expect(due).toEqual([['a:2', 'b:15'], ['c:22'], ['a:1']]);
    vi.advanceTimersByTime(DAY); // a: 0 days left, still the 1-day threshold
    expect(due).toHaveLength(3);
    vi.advanceTimersByTime(DAY); // a expired
    expect(due.at(-1)).toEqual(['a:-1']);
    vi.advanceTimersByTime(DAY);
    expect(due).toHaveLength(4);
  });

  it('onDue: an extended end date starts over; a muted user is not notified', () => {
    cache.put('p1', bot('a', '2026-03-12'), bot('m', '2026-03-11'));
    const reminders = start();
    reminders.mute('p1', 'm', true);
    const due: string[][] = [];
    reminders.onDue((list) => due.push(summary(list)));
    expect(due).toEqual([['a:2']]);
    cache.put('p1', bot('a', '2026-04-01'));
    expect(due).toEqual([['a:2'], ['a:22']]);
  });

  it('nothing counts as notified while no one listens', () => {
    cache.put('p1', bot('a', '2026-03-12'));
    const reminders = start();
    vi.advanceTimersByTime(DAY);
    const due: string[][] = [];
    reminders.onDue((list) => due.push(summary(list)));
    expect(due).toEqual([['a:1']]);
  });

  it('a failing listener does not stop the others or the checks', () => {
    cache.put('p1', bot('a', '2026-03-12'));
    const reminders = start();
    const seen: string[][] = [];
    reminders.onDue(() => {
      throw new Error('notification failed');
    });
    reminders.onDue((list) => seen.push(summary(list)));
    vi.advanceTimersByTime(DAY);
    expect(seen).toEqual([['a:1']]);
    expect(changes().at(-1)).toEqual({ count: 1 });
  });

  describe('client certificates', () => {
    /** A certificate of user `userId` whose not-after is `days` from the fake now (2026-03-10). */
    const cert = (userId: string, id: string, days: number, status: string | null = 'ACTIVE') => ({
      userId,
      id,
      nickname: `ci ${id}`,
      notAfter: new Date(Date.parse('2026-03-10T23:59:59Z') + days * DAY).toISOString(),
      status,
    });
    const certSummary = (list: ExpiryReminder[]) =>
      list.map((r) =>
        r.certificate ? `${r.userId}/${r.certificate.nickname}:${r.daysLeft}` : `${r.userId}:${r.daysLeft}`,
      );

    it('an ACTIVE certificate expiring in 7 days is a reminder with the user fields; revoked ones are not', () => {
      cache.put('p1', bot('a', '2027-01-01'));
      certificates.set('p1', cert('a', 'c1', 7), cert('a', 'c2', 3, 'REVOKED'), cert('a', 'c3', 40));
      const list = start().list();
      expect(list).toEqual([
        {
          profileId: 'p1',
          profileName: 'Production',
          userId: 'a',
          friendlyName: 'bot-a',
          endDate: '2026-03-17',
          daysLeft: 7,
          certificate: { id: 'c1', nickname: 'ci c1' },
        },
      ]);
    });

    it('a muted user mutes its certificates; a certificate of a user not in the list is left out', () => {
      cache.put('p1', bot('a', '2027-01-01'), bot('m', '2027-01-01'));
      certificates.set('p1', cert('a', 'c1', 7), cert('m', 'c2', 7), cert('gone', 'c3', 7));
      const reminders = start();
      expect(certSummary(reminders.list())).toEqual(['a/ci c1:7', 'm/ci c2:7']);
      reminders.mute('p1', 'm', true);
      expect(certSummary(reminders.list())).toEqual(['a/ci c1:7']);
    });

    it('reminders.changed follows the certificate cache', () => {
      cache.put('p1', bot('a', '2027-01-01'));
      start();
      expect(changes()).toEqual([{ count: 0 }]);
      certificates.set('p1', cert('a', 'c1', 7));
      expect(changes()).toEqual([{ count: 0 }, { count: 1 }]);
      certificates.set('p1', cert('a', 'c1', 7, 'REVOKED'));
      expect(changes()).toEqual([{ count: 0 }, { count: 1 }, { count: 0 }]);
    });

    it('onDue: each certificate once per threshold, apart from its user and from each other', () => {
      cache.put('p1', bot('a', '2026-03-12'));
      certificates.set('p1', cert('a', 'c1', 7), cert('a', 'c2', 7));
      const reminders = start();
      const due: string[][] = [];
      reminders.onDue((list) => due.push(certSummary(list)));
      expect(due).toEqual([['a:2', 'a/ci c1:7', 'a/ci c2:7']]);
      certificates.set('p1', cert('a', 'c1', 7), cert('a', 'c2', 7)); // fetched again: nothing new
      expect(due).toHaveLength(1);
      vi.advanceTimersByTime(DAY); // a: 1 day left (crosses 1); the certificates: 6 days (still 7)
      expect(due).toEqual([['a:2', 'a/ci c1:7', 'a/ci c2:7'], ['a:1']]);
      vi.advanceTimersByTime(5 * DAY); // the certificates: 1 day left
      expect(due.at(-1)).toEqual(['a/ci c1:1', 'a/ci c2:1']);
      vi.advanceTimersByTime(DAY);
      expect(due.at(-1)).toEqual(['a/ci c1:1', 'a/ci c2:1']);
    });
  });

  it('close stops the daily check and the listeners', () => {
    cache.put('p1', bot('a', '2026-03-12'));
    const reminders = start();
    const due = vi.fn();
    reminders.onDue(due);
    reminders.close();
    vi.advanceTimersByTime(3 * DAY);
    cache.put('p1', bot('b', '2026-03-13'));
    expect(changes()).toEqual([{ count: 1 }]);
    expect(due).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
