import type { ExpiryReminder, ServiceUserListItem } from '../../../shared/manage';
import { daysUntilExpiry } from '../../../shared/expiry';
import { utcToday } from '../../../shared/serviceUser';

export interface ReminderProfile {
  id: string;
  name: string;
}

/** The threshold of an expired user: one more notification when it has expired. */
export const EXPIRED_THRESHOLD = -1;

/** Reminders only make sense for users that still work or just stopped working by date. */
function remindable(status: string | undefined): boolean {
  if (status === undefined) return true;
  const upper = status.toUpperCase();
  return upper === 'ACTIVE' || upper === 'EXPIRED';
}

/** Most urgent first: fewest days left (longest expired on top), then by name. */
export function byUrgency(a: ExpiryReminder, b: ExpiryReminder): number {
  return (
    a.daysLeft - b.daysLeft ||
    a.friendlyName.localeCompare(b.friendlyName) ||
    a.profileName.localeCompare(b.profileName) ||
    a.userId.localeCompare(b.userId)
  );
}

/**
 * The expiry reminders of one profile's cached users at `now`: every active user whose end date is
 * within the largest lead time, or already past (listed as expired until the admin extends,
 * deletes or mutes it). Users without an end date and muted users are never listed.
 */
export function computeReminders(
  users: readonly ServiceUserListItem[],
  leadDays: readonly number[],
  now: Date,
  profile: ReminderProfile,
): ExpiryReminder[] {
  const horizon = Math.max(...leadDays);
  const today = utcToday(now);
  const reminders: ExpiryReminder[] = [];
  for (const user of users) {
    if (user.muted || !user.endDate || !remindable(user.status)) continue;
    const daysLeft = daysUntilExpiry(user.endDate, today);
    if (daysLeft === null || daysLeft > horizon) continue;
    reminders.push({
      profileId: profile.id,
      profileName: profile.name,
      userId: user.id,
      friendlyName: user.friendlyName,
      endDate: user.endDate,
      daysLeft,
    });
  }
  return reminders.sort(byUrgency);
}

/**
 * The lead threshold a reminder has crossed last: the smallest lead time not below its days left,
 * or EXPIRED_THRESHOLD once it has expired. Smaller is later; each one is notified once.
 */
export function crossedThreshold(daysLeft: number, leadDays: readonly number[]): number {
  if (daysLeft < 0) return EXPIRED_THRESHOLD;
  return Math.min(...leadDays.filter((lead) => lead >= daysLeft));
}
