import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Result } from '../../../shared/errors';
import type { ExpiryReminder } from '../../../shared/manage';
import { getApi, subscribe } from '../api';

/**
 * Expiry reminders over every profile (`reminders.list`, computed in core from the caches) and
 * their count for the navigation badge. Core's `reminders.changed` event keeps both live.
 */
export const useRemindersStore = defineStore('reminders', () => {
  const reminders = shallowRef<ExpiryReminder[]>([]);
  const count = ref(0);
  const loaded = ref(false);
  let unlisten: (() => void) | null = null;
  /** Answers can cross; only the newest read is applied. */
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    const result = await getApi().reminders.list({});
    if (mine !== generation) return;
    if (result.ok) {
      reminders.value = result.value;
      count.value = result.value.length;
    }
    loaded.value = true;
  }

  /** Reads once and follows `reminders.changed` from now on (idempotent). */
  function start(): void {
    if (unlisten) return;
    unlisten = subscribe('reminders.changed', ({ count: n }) => {
      count.value = n; // the badge follows at once; the list is read again
      void load();
    });
    void load();
  }

  function stop(): void {
    unlisten?.();
    unlisten = null;
  }

  async function mute(
    reminder: Pick<ExpiryReminder, 'profileId' | 'userId'>,
    muted: boolean,
  ): Promise<Result<{ muted: boolean }>> {
    const result = await getApi().serviceUsers.mute({ profileId: reminder.profileId, userId: reminder.userId, muted });
    if (result.ok) await load();
    return result;
  }

  return { reminders, count, loaded, load, start, stop, mute };
});
