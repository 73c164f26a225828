import type { ExpiryReminder } from '../../../shared/manage';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';
import { crossedThreshold } from './compute';

/** The row in `settings` (not a user setting: settingsStore reads only the keys it knows). */
export const NOTIFIED_KEY = 'reminders.notified';

/**
 * Per user (profile id + user id) and per certificate (+ its id): the end date it was notified for
 * and the last threshold notified.
 */
type Memory = Record<string, { endDate: string; threshold: number }>;

const keyOf = (r: Pick<ExpiryReminder, 'profileId' | 'userId' | 'certificate'>) =>
  JSON.stringify(r.certificate ? [r.profileId, r.userId, r.certificate.id] : [r.profileId, r.userId]);

/**
 * Which reminders were already notified, in SQLite so a restart does not notify them again. Each
 * user and each certificate is notified once per lead threshold it crosses (and once when it has
 * expired); a new end date starts over. Those no longer reminded (extended, deleted, muted,
 * revoked) are forgotten.
 */
export function createNotifiedMemory(db: Db) {
  const select = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );

  function read(): Memory {
    try {
      const value: unknown = JSON.parse(select.get(NOTIFIED_KEY) ?? '{}');
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Memory) : {};
    } catch {
      return {}; // damaged: at worst one notification again
    }
  }

  return {
    /** The reminders that crossed a threshold not yet notified; from now on they count as notified. */
    takeDue(reminders: readonly ExpiryReminder[], leadDays: readonly number[]): ExpiryReminder[] {
      const before = read();
      const after: Memory = {};
      const due: ExpiryReminder[] = [];
      for (const reminder of reminders) {
        const threshold = crossedThreshold(reminder.daysLeft, leadDays);
        const known = before[keyOf(reminder)];
        const notified = known?.endDate === reminder.endDate ? known.threshold : undefined;
        if (notified === undefined || threshold < notified) due.push(reminder);
        after[keyOf(reminder)] = { endDate: reminder.endDate, threshold: Math.min(threshold, notified ?? threshold) };
      }
      const value = JSON.stringify(after);
      if (value !== JSON.stringify(before)) withStorageErrors(() => upsert.run(NOTIFIED_KEY, value));
      return due;
    },
  };
}
