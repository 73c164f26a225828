import type { ExpiryReminder, ServiceUserListItem } from '../../../shared/manage';
import { daysUntilExpiry } from '../../../shared/expiry';
import { utcToday } from '../../../shared/serviceUser';

/** A user's client certificate as the reminders see it (serviceUsers/certificateCache.ts). */
export interface ReminderCertificate {
  userId: string;
  id: string;
  nickname: string;
  /** UTC ISO instant (or a date). */
  notAfter: string | null;
  status: string | null;
}

export interface ReminderProfile {
  id: string;
  name: string;
}

/** The threshold of an expired user: one more notification when it has expired. */
export const EXPIRED_THRESHOLD = -1;

/**
 * Reminders only make sense for users that still work or just stopped working by date. Statuses
 * arrive upper-cased: the caches are the one place they are normalised.
 */
const remindable = (status: string | undefined): boolean =>
  status === undefined || status === 'ACTIVE' || status === 'EXPIRED';

/** Most urgent first: fewest days left (longest expired on top), then by name. */
export function byUrgency(a: ExpiryReminder, b: ExpiryReminder): number {
  return (
    a.daysLeft - b.daysLeft ||
    a.friendlyName.localeCompare(b.friendlyName) ||
    a.profileName.localeCompare(b.profileName) ||
    a.userId.localeCompare(b.userId) ||
    (a.certificate?.nickname ?? '').localeCompare(b.certificate?.nickname ?? '') ||
    (a.certificate?.id ?? '').localeCompare(b.certificate?.id ?? '')
  );
}

/**
 * The expiry reminders of one profile's cached users at `now`: every active user whose end date is
 * within the largest lead time, or already past (listed as expired until the admin extends,
 * deletes or mutes it), and likewise every ACTIVE (or EXPIRED) client certificate of an active user
 * by its not-after (until it is revoked or replaced). Users without an end date are never listed; muted
 * users are never listed, nor are their certificates.
 */
export function computeReminders(
  users: readonly ServiceUserListItem[],
  leadDays: readonly number[],
  now: Date,
  profile: ReminderProfile,
  certificates: readonly ReminderCertificate[] = [],
): ExpiryReminder[] {
  const horizon = Math.max(...leadDays);
  const today = utcToday(now);
  const reminders: ExpiryReminder[] = [];
  const remind = (user: ServiceUserListItem, endDate: string, certificate?: ExpiryReminder['certificate']) => {
    const daysLeft = daysUntilExpiry(endDate, today);
    if (daysLeft === null || daysLeft > horizon) return;
    reminders.push({
      profileId: profile.id,
      profileName: profile.name,
      userId: user.id,
      friendlyName: user.friendlyName,
      endDate,
      daysLeft,
      ...(certificate ? { certificate } : {}),
    });
  };
  const byId = new Map<string, ServiceUserListItem>();
  for (const user of users) {
    byId.set(user.id, user);
    if (user.muted || !user.endDate || !remindable(user.status)) continue;
    remind(user, user.endDate);
  }
  for (const c of certificates) {
    const user = byId.get(c.userId);
    // A certificate of a gone, muted or no longer active user is not the admin's next task.
    if (!user || user.muted || (user.status !== undefined && user.status !== 'ACTIVE')) continue;
    // Like a user: listed while it still works, and once expired (until revoked or replaced).
    if (!c.notAfter || !remindable(c.status ?? undefined)) continue;
    remind(user, c.notAfter.slice(0, 10), { id: c.id, nickname: c.nickname });
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
