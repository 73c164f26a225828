import type { Handlers } from '../ipc/dispatch';
import type { ReminderService } from './reminderService';

export function createReminderHandlers(
  reminders: ReminderService,
): Pick<Handlers, 'reminders.list' | 'serviceUsers.mute'> {
  return {
    'reminders.list': () => reminders.list(),
    'serviceUsers.mute': ({ profileId, userId, muted }) => reminders.mute(profileId, userId, muted),
  };
}
