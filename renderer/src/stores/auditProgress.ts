import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditOperation, AuditProgress } from '../../../shared/audit';
import { getApi, subscribe } from '../api';

/**
 * How far the running audit verification or export is (core's `audit.progress` events), and its
 * cancel. A run the admin cancels ends with `cancelled`, which the views treat as no error.
 */
export const useAuditProgressStore = defineStore('auditProgress', () => {
  const progress = ref<Partial<Record<AuditOperation, AuditProgress>>>({});
  const cancelling = ref<Partial<Record<AuditOperation, boolean>>>({});
  let unsubscribe: (() => void) | null = null;

  /** Follows the events while a view shows the controls; returns the stop function. */
  function follow(): () => void {
    unsubscribe ??= subscribe('audit.progress', (p) => {
      progress.value = { ...progress.value, [p.operation]: p };
    });
    return () => {
      unsubscribe?.();
      unsubscribe = null;
    };
  }

  /** Forgets the last run's figures (call when a new one starts). */
  function reset(operation: AuditOperation): void {
    progress.value = { ...progress.value, [operation]: undefined };
    cancelling.value = { ...cancelling.value, [operation]: false };
  }

  async function cancel(operation: AuditOperation): Promise<void> {
    cancelling.value = { ...cancelling.value, [operation]: true };
    await getApi().audit.cancel({ operation });
  }

  return { progress, cancelling, follow, reset, cancel };
});
