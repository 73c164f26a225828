import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  AuditAction,
  AuditEntry,
  AuditExportResult,
  AuditFilter,
  AuditSigningKeyInfo,
  AuditVerifyResult,
} from '../../../shared/audit';
import type { AppErrorValue, Result } from '../../../shared/errors';
import { parseLocalDateTime } from '../../../shared/dates';
import { getApi } from '../api';

const AUDIT_PAGE_SIZE = 100;

/** The filters as the viewer's form holds them (UTC ISO instants, already converted). */
export interface AuditFilterValues {
  from: string | null;
  to: string | null;
  actions: AuditAction[];
  profileId: string | null;
  text: string;
}

/**
 * A `<input type="datetime-local">` value (local wall time) as the filter's UTC ISO instant: null
 * when empty, 'invalid' when it names no real day and time (strict: 30 February is refused, never
 * moved to March). `endOfMinute`: "to 17:00" includes 17:00:59.999.
 */
export function filterInstant(value: string, endOfMinute = false): string | null | 'invalid' {
  if (!value) return null;
  const date = parseLocalDateTime(value);
  if (!date) return 'invalid';
  if (endOfMinute && date.getSeconds() === 0) date.setSeconds(59, 999);
  return date.toISOString();
}

export const emptyAuditFilters = (): AuditFilterValues => ({
  from: null,
  to: null,
  actions: [],
  profileId: null,
  text: '',
});

/** The filter as the core's schema takes it: empty parts left out. */
function toAuditFilter(values: AuditFilterValues): AuditFilter {
  return {
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.actions.length ? { actions: [...values.actions] } : {}),
    ...(values.profileId ? { profileId: values.profileId } : {}),
    ...(values.text.trim() ? { text: values.text.trim() } : {}),
  };
}

/**
 * The audit log viewer: one page at a time (keyset cursor, newest first), never the whole log;
 * integrity check; export with the applied filters.
 */
export const useAuditStore = defineStore('audit', () => {
  const filters = ref<AuditFilterValues>(emptyAuditFilters());
  const entries = shallowRef<AuditEntry[]>([]);
  const nextCursor = ref<number | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const loaded = ref(false);
  const error = ref<AppErrorValue | null>(null);
  const verifying = ref(false);
  const verifyResult = shallowRef<AuditVerifyResult | null>(null);
  const verifyError = ref<AppErrorValue | null>(null);
  /** The signing key's fingerprint, shown so an auditor can compare it with an export's public key. */
  const signingKey = shallowRef<AuditSigningKeyInfo | null>(null);
  let requestNo = 0;

  async function loadSigningKey(): Promise<void> {
    const result = await getApi().audit.signingKey({});
    signingKey.value = result.ok ? result.value : null;
  }

  /** Applies filters and loads the first (newest) page. */
  async function load(next: AuditFilterValues = filters.value): Promise<void> {
    filters.value = { ...next, actions: [...next.actions] };
    const mine = ++requestNo;
    loading.value = true;
    try {
      const result = await getApi().audit.query({ ...toAuditFilter(filters.value), limit: AUDIT_PAGE_SIZE });
      if (mine !== requestNo) return;
      if (result.ok) {
        entries.value = result.value.entries;
        nextCursor.value = result.value.nextCursor;
        error.value = null;
      } else {
        error.value = result.error;
      }
      loaded.value = true;
    } finally {
      if (mine === requestNo) loading.value = false;
    }
  }

  /** The next (older) page after the cursor; returns how many entries came. */
  async function loadMore(): Promise<number> {
    if (nextCursor.value === null || loadingMore.value) return 0;
    const mine = requestNo;
    loadingMore.value = true;
    try {
      const result = await getApi().audit.query({
        ...toAuditFilter(filters.value),
        cursor: nextCursor.value,
        limit: AUDIT_PAGE_SIZE,
      });
      if (mine !== requestNo) return 0; // filters changed meanwhile
      if (!result.ok) {
        error.value = result.error;
        return 0;
      }
      entries.value = [...entries.value, ...result.value.entries];
      nextCursor.value = result.value.nextCursor;
      return result.value.entries.length;
    } finally {
      loadingMore.value = false;
    }
  }

  async function verify(): Promise<void> {
    verifying.value = true;
    verifyError.value = null;
    try {
      const result = await getApi().audit.verify({});
      if (result.ok) verifyResult.value = result.value;
      else {
        verifyResult.value = null;
        verifyError.value = result.error;
      }
    } finally {
      verifying.value = false;
    }
  }

  /** `overwrite` only after the admin said "Replace" for a file that exists. */
  async function exportTo(
    format: 'csv' | 'jsonl',
    destination: string,
    overwrite?: boolean,
  ): Promise<Result<AuditExportResult>> {
    return getApi().audit.export({
      ...toAuditFilter(filters.value),
      format,
      destination,
      ...(overwrite ? { overwrite: true } : {}),
    });
  }

  /** Export through main's native save dialog; a failure (not a cancel) is shown as the list's error. */
  async function exportWithDialog(format: 'csv' | 'jsonl', suggestedName: string): Promise<AuditExportResult | null> {
    const result = await exportTo(format, suggestedName);
    if (result.ok) return result.value;
    if (result.error.code !== 'cancelled') error.value = result.error;
    return null;
  }

  return {
    filters,
    entries,
    nextCursor,
    loading,
    loadingMore,
    loaded,
    error,
    verifying,
    verifyResult,
    verifyError,
    signingKey,
    loadSigningKey,
    load,
    loadMore,
    verify,
    exportTo,
    exportWithDialog,
  };
});
