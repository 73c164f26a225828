import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppErrorValue } from '../../../shared/errors';

export type Notice =
  | { id: number; kind: 'success' | 'info'; key: string; params?: Record<string, unknown> }
  | { id: number; kind: 'error'; error: AppErrorValue };

/**
 * Toasts, announced through the shell's aria-live regions. Stored as i18n keys / error values,
 * not text, so a language switch re-renders them.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const notices = ref<Notice[]>([]);
  let next = 1;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
    const timer = timers.get(id);
    if (timer) clearTimeout(timer);
    timers.delete(id);
  }

  function success(key: string, params?: Record<string, unknown>): number {
    const id = next++;
    notices.value = [...notices.value, { id, kind: 'success', key, ...(params ? { params } : {}) }];
    timers.set(
      id,
      setTimeout(() => dismiss(id), 6000),
    );
    return id;
  }

  /** Errors stay until dismissed: the admin may need time to read them. */
  function error(value: AppErrorValue): number {
    const id = next++;
    notices.value = [...notices.value, { id, kind: 'error', error: value }];
    return id;
  }

  return { notices, success, error, dismiss };
});
