/**
 * OS notifications for expiry reminders: each user once per lead threshold, remembered in the
 * database file so a restart of the app does not notify again.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { createReminderService } from '../../../electron/core/reminders/reminderService';
import { createSettingsStore } from '../../../electron/core/settings/settingsStore';
import type { ExpiryReminder } from '../../../shared/manage';
import { makeTempDir, manualClock } from '../../support/db';
import { fakeCertificateCache } from '../../support/fakeCertificateCache';
import { fakeServiceUserCache } from '../../support/fakeServiceUserCache';

const DAY = 86_400_000;

describe('reminder notifications across restarts', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let clock: ReturnType<typeof manualClock>;
  let cache: ReturnType<typeof fakeServiceUserCache>;
  let certificates: ReturnType<typeof fakeCertificateCache>;

  beforeEach(() => {
    tmp = makeTempDir('sud-reminders-');
    file = join(tmp.dir, 'app.sqlite');
    clock = manualClock('2026-03-10T09:00:00.000Z');
    cache = fakeServiceUserCache();
    cache.put(
      'p1',
      { id: 'a', friendlyName: 'build-bot', description: '', status: 'ACTIVE', endDate: '2026-03-12' },
      { id: 'b', friendlyName: 'deploy-bot', description: '', status: 'ACTIVE', endDate: '2026-04-01' },
    );
    certificates = fakeCertificateCache();
  });
  afterEach(() => tmp.cleanup());

  /** One run of the app: opens the file, listens for due reminders, closes everything again. */
  function run(during?: (reminders: ReturnType<typeof createReminderService>) => void): string[][] {
    const db: Db = openDatabase({ file });
    const settings = createSettingsStore(db, { record: () => undefined });
    const reminders = createReminderService({
      db,
      cache,
      certificates,
      profiles: { list: () => [{ id: 'p1', name: 'Production' }] },
      settings,
      audit: { record: () => undefined },
      emit: () => undefined,
      clock: clock.now,
    });
    const due: string[][] = [];
    reminders.onDue((list: ExpiryReminder[]) =>
      due.push(list.map((r) => `${r.friendlyName}${r.certificate ? `/${r.certificate.nickname}` : ''}:${r.daysLeft}`)),
    );
    during?.(reminders);
    reminders.close();
    db.close();
    return due;
  }

  it('notifies once per threshold, not again after a restart', () => {
    expect(run()).toEqual([['build-bot:2', 'deploy-bot:22']]);
    expect(run()).toEqual([]); // same day, restarted

    clock.advance(DAY); // build-bot crosses the 1-day threshold
    expect(run()).toEqual([['build-bot:1']]);
    expect(run()).toEqual([]);

    clock.advance(2 * DAY); // build-bot expired
    expect(run((reminders) => reminders.list())).toEqual([['build-bot:-1']]);
    expect(run()).toEqual([]);
  });

  it('new lead times are followed after a restart, each threshold still once', () => {
    expect(run()).toEqual([['build-bot:2', 'deploy-bot:22']]);
    const db = openDatabase({ file });
    createSettingsStore(db, { record: () => undefined }).set({ reminderLeadDays: [30, 21, 7, 1] });
    db.close();
    clock.advance(DAY); // deploy-bot: 21 days left, a threshold that did not exist before
    expect(run()).toEqual([['build-bot:1', 'deploy-bot:21']]);
    expect(run()).toEqual([]);
  });

  it('a certificate is notified once per threshold, not again after a restart', () => {
    certificates.set('p1', {
      userId: 'b',
      id: 'c1',
      nickname: 'ci',
      notAfter: '2026-03-17T23:59:59.000Z',
      status: 'ACTIVE',
    });
    expect(run()).toEqual([['build-bot:2', 'deploy-bot/ci:7', 'deploy-bot:22']]);
    expect(run()).toEqual([]);
    clock.advance(6 * DAY); // the certificate: 1 day left
    expect(run()).toEqual([['build-bot:-4', 'deploy-bot/ci:1']]);
    expect(run()).toEqual([]);
  });
});
