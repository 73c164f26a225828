import { AppError } from '../../../shared/errors';
import type { AppEvent } from '../../../shared/ipc/events';
import type { ExpiryReminder, ServiceUserList, ServiceUserListItem } from '../../../shared/manage';
import type { Settings } from '../../../shared/settings';
import type { AuditRecorder } from '../audit/recorder';
import type { Db } from '../db/database';
import { byUrgency, computeReminders, type ReminderCertificate } from './compute';
import { createNotifiedMemory } from './notified';

export type RemindersDueListener = (due: ExpiryReminder[]) => void;

export interface ReminderServiceDeps {
  db: Db;
  /** The service-user cache (serviceUsers/userCache.ts), the slice reminders use. */
  cache: {
    list(profileId: string): ServiceUserList;
    get(profileId: string, userId: string): { user: ServiceUserListItem } | undefined;
    setMuted(profileId: string, userId: string, muted: boolean): void;
    profilesWithCache(): string[];
    onChange(listener: (profileId: string) => void): () => void;
  };
  /** Each user's client certificates as last listed (serviceUsers/certificateCache.ts). */
  certificates: {
    list(profileId: string): ReminderCertificate[];
    onChange(listener: (profileId: string) => void): () => void;
  };
  profiles: { list(): { id: string; name: string }[] };
  settings: {
    get(): Pick<Settings, 'reminderLeadDays'>;
    onChange(listener: (changed: (keyof Settings)[]) => void): () => void;
  };
  audit: AuditRecorder;
  emit(event: AppEvent): void;
  clock: () => Date;
}

/**
 * At most this long between checks. Timers do not run while the machine sleeps: a laptop that
 * slept through midnight is checked within this time of waking instead of a day late.
 */
export const MAX_CHECK_INTERVAL_MS = 60 * 60 * 1000;

function msToNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

/**
 * Expiry reminders over every profile's cached service users and their client certificates.
 * Computed at start, when a new UTC day begins (daily while running), when a cache (users or
 * certificates) changes and when the lead times change; emits
 * `reminders.changed` whenever the list is different. Listeners of `onDue` (the desktop app's OS
 * notification) hear each user and each certificate once per lead threshold it crosses, across
 * restarts.
 */
export function createReminderService(deps: ReminderServiceDeps) {
  const { cache, clock } = deps;
  const notified = createNotifiedMemory(deps.db);
  const dueListeners = new Set<RemindersDueListener>();
  let last: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function compute(): ExpiryReminder[] {
    const leadDays = deps.settings.get().reminderLeadDays;
    const names = new Map(deps.profiles.list().map((p) => [p.id, p.name]));
    const now = clock();
    const reminders: ExpiryReminder[] = [];
    for (const profileId of cache.profilesWithCache()) {
      const name = names.get(profileId);
      if (name === undefined) continue; // the profile is being removed
      reminders.push(
        ...computeReminders(
          cache.list(profileId).users,
          leadDays,
          now,
          { id: profileId, name },
          deps.certificates.list(profileId),
        ),
      );
    }
    return reminders.sort(byUrgency);
  }

  function notifyDue(reminders: ExpiryReminder[]): void {
    if (dueListeners.size === 0) return; // nobody shows them: nothing counts as notified
    const due = notified.takeDue(reminders, deps.settings.get().reminderLeadDays);
    if (due.length === 0) return;
    for (const listener of [...dueListeners]) {
      try {
        listener(due);
      } catch {
        // The notification's failure is its own; the reminders stay listed in the app.
      }
    }
  }

  /** Computes the reminders now; emits `reminders.changed` when they differ from the last time. */
  function refresh(): ExpiryReminder[] {
    const reminders = compute();
    const key = JSON.stringify(reminders);
    if (key !== last) {
      last = key;
      deps.emit({ name: 'reminders.changed', payload: { count: reminders.length } });
    }
    notifyDue(reminders);
    return reminders;
  }

  /** Background checks must not throw: a storage error now is retried at the next check. */
  function check(): void {
    try {
      refresh();
    } catch {
      // The list is read again by `reminders.list`, which reports the error to the admin.
    }
  }

  function schedule(): void {
    if (closed) return;
    // A second past midnight UTC, when every "days left" moves on by one.
    const delay = Math.min(msToNextUtcDay(clock()) + 1000, MAX_CHECK_INTERVAL_MS);
    timer = setTimeout(() => {
      check();
      schedule();
    }, delay);
    timer.unref?.();
  }

  const offCache = cache.onChange(() => check());
  const offCertificates = deps.certificates.onChange(() => check());
  const offSettings = deps.settings.onChange((changed) => {
    if (changed.includes('reminderLeadDays')) check();
  });
  check();
  schedule();

  return {
    list: refresh,

    /** Mutes (or unmutes) one cached user's reminders; audited. */
    mute(profileId: string, userId: string, muted: boolean): { muted: boolean } {
      const cached = cache.get(profileId, userId);
      if (!cached) {
        throw new AppError('not_found', 'This service user is not in the saved list. Refresh the list and try again.');
      }
      cache.setMuted(profileId, userId, muted);
      deps.audit.record({
        action: 'reminder_muted',
        outcome: 'ok',
        profileId,
        target: userId,
        details: { userId, friendlyName: cached.user.friendlyName, muted },
      });
      check();
      return { muted };
    },

    /** Reminders that crossed a lead threshold not yet notified; checked at once for a new listener. */
    onDue(listener: RemindersDueListener): () => void {
      dueListeners.add(listener);
      check();
      return () => void dueListeners.delete(listener);
    },

    close(): void {
      closed = true;
      clearTimeout(timer);
      offCache();
      offCertificates();
      offSettings();
      dueListeners.clear();
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
