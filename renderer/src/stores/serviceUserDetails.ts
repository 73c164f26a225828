import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CertificateDestination } from '../../../shared/certificates';
import type { KeychainItem, TokenInfo } from '../../../shared/creation';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { ManageOperation, OperationOutcome, OperationRequest, ServiceUserDetails } from '../../../shared/manage';
import { getApi, subscribe } from '../api';

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/**
 * One service user's details (`serviceUsers.details`) and the renderer's one door to the
 * operations on service users: prepare → send (after the admin confirmed), discard, the profile's
 * unsettled operations, reconcile. The details view and its components (edit, tokens, delete,
 * pending operations) act only through here.
 *
 * Core's `serviceUsers.changed` event reloads the details of the user shown (another window or an
 * operation settled by core's reconcile). Answers for another user than the one shown are dropped.
 */
export const useServiceUserDetailsStore = defineStore('serviceUserDetails', () => {
  const profileId = ref<string | null>(null);
  const userId = ref<string | null>(null);
  const details = shallowRef<ServiceUserDetails | null>(null);
  const loading = ref(false);
  const error = ref<AppErrorValue | null>(null);
  /** The shown user no longer exists (deleted here or elsewhere). */
  const gone = ref(false);
  /** The latest outcome of each operation sent from this window, by operation id. */
  const outcomes = ref<Record<string, OperationOutcome>>({});
  /** Operation ids with a send, discard or check under way. */
  const busy = ref<Record<string, 'send' | 'discard'>>({});
  /** The profile's unsettled operations (`serviceUsers.operations`), oldest first. */
  const profileOperations = shallowRef<ManageOperation[]>([]);
  const reconciling = ref(false);
  /**
   * Where a createCertificate sent from this window asked to be saved first, by operation id: when
   * that did not happen, the one-time screen asks again there. Names only, never a secret.
   */
  const certificateSaveTargets = shallowRef<Record<string, CertificateDestination>>({});

  let requestNo = 0;
  let unlisten: (() => void) | null = null;

  /** The shown user's unsettled operations (queued, sending, failed), oldest first. */
  const operations = computed<ManageOperation[]>(() => details.value?.operations ?? []);

  function listen(): void {
    if (unlisten) return;
    unlisten = subscribe('serviceUsers.changed', ({ profileId: id }) => {
      if (id === profileId.value && userId.value) void load();
    });
  }

  /** Shows `user` of `profile`: loads its details and follows core's changes to it. */
  async function open(profile: string, user: string): Promise<void> {
    if (profile !== profileId.value || user !== userId.value) {
      profileId.value = profile;
      userId.value = user;
      details.value = null;
      outcomes.value = {};
      certificateSaveTargets.value = {};
      gone.value = false;
    }
    listen();
    await load();
  }

  /** Forgets the shown user and stops following events (the view closed). */
  function close(): void {
    unlisten?.();
    unlisten = null;
    requestNo++;
    profileId.value = null;
    userId.value = null;
    details.value = null;
    error.value = null;
    gone.value = false;
    outcomes.value = {};
    certificateSaveTargets.value = {};
    busy.value = {};
  }

  /** (Re)reads the details of the shown user. */
  async function load(): Promise<void> {
    const profile = profileId.value;
    const user = userId.value;
    if (!profile || !user) return;
    const mine = ++requestNo;
    loading.value = true;
    try {
      const result = await getApi().serviceUsers.details({ profileId: profile, userId: user });
      if (mine !== requestNo) return;
      if (result.ok) {
        details.value = result.value;
        error.value = null;
        gone.value = false;
      } else {
        error.value = result.error;
        if (result.error.code === 'not_found') {
          gone.value = true;
          details.value = null;
        }
      }
    } finally {
      if (mine === requestNo) loading.value = false;
    }
  }

  /** Validates and queues an operation on the shown user (works offline); nothing is sent yet. */
  async function prepare(request: OperationRequest): Promise<Result<ManageOperation>> {
    const profile = profileId.value;
    const user = userId.value;
    if (!profile || !user) return { ok: false, error: { code: 'not_found', message: 'No service user is open.' } };
    const result = await getApi().serviceUsers.prepare({ profileId: profile, userId: user, operation: request });
    if (result.ok) await load();
    return result;
  }

  /**
   * Sends a queued operation once (after the admin confirmed). `saveTo`: for issueToken, the
   * keychain item the new token is written to before it is shown; `saveCertificateTo`: for
   * createCertificate, the keychain item and file the certificate is saved to first. The outcome is
   * kept in `outcomes`; the details (and the profile's pending list) are read again afterwards.
   */
  async function send(
    operationId: string,
    saveTo?: KeychainItem,
    saveCertificateTo?: CertificateDestination,
  ): Promise<Result<OperationOutcome>> {
    if (busy.value[operationId]) {
      return { ok: false, error: { code: 'conflict', message: 'This operation is already being sent.' } };
    }
    busy.value = { ...busy.value, [operationId]: 'send' };
    if (saveCertificateTo)
      certificateSaveTargets.value = { ...certificateSaveTargets.value, [operationId]: saveCertificateTo };
    try {
      const result = await getApi().serviceUsers.sendOperation({
        operationId,
        ...(saveTo ? { saveTo } : {}),
        ...(saveCertificateTo ? { saveCertificateTo } : {}),
      });
      if (result.ok) outcomes.value = { ...outcomes.value, [operationId]: result.value };
      await refreshAfterChange();
      return result;
    } finally {
      busy.value = without(busy.value, operationId);
    }
  }

  /** Removes a queued or failed operation (refused by core while it is sending). */
  async function discard(operationId: string): Promise<Result<{ discarded: true }>> {
    busy.value = { ...busy.value, [operationId]: 'discard' };
    try {
      const result = await getApi().serviceUsers.discard({ operationId });
      if (result.ok) outcomes.value = without(outcomes.value, operationId);
      await refreshAfterChange();
      return result;
    } finally {
      busy.value = without(busy.value, operationId);
    }
  }

  /** The unsettled operations of a profile (default: the shown one), oldest first. */
  async function loadOperations(profile: string | null = profileId.value): Promise<Result<ManageOperation[]>> {
    if (!profile) return { ok: true, value: [] };
    const result = await getApi().serviceUsers.operations({ profileId: profile });
    if (result.ok && profile === profileId.value) profileOperations.value = result.value;
    return result;
  }

  /** Asks DigiCert ONE how operations left "sent, answer not received" ended; nothing is resent blindly. */
  async function reconcile(profile: string | null = profileId.value): Promise<Result<OperationOutcome[]>> {
    if (!profile) return { ok: true, value: [] };
    reconciling.value = true;
    try {
      const result = await getApi().serviceUsers.reconcile({ profileId: profile });
      if (result.ok) {
        const next = { ...outcomes.value };
        for (const outcome of result.value) next[outcome.operation.id] = outcome;
        outcomes.value = next;
      }
      await refreshAfterChange();
      return result;
    } finally {
      reconciling.value = false;
    }
  }

  /** Forgets the shown outcome of an operation (the admin dismissed it). */
  function clearOutcome(operationId: string): void {
    outcomes.value = without(outcomes.value, operationId);
  }

  /**
   * An issued token whose answer held it where the app does not look: the admin's pick of the
   * held strings becomes a normal held token (then the one-time token screen).
   */
  async function pickCandidate(handle: string, path: string): Promise<Result<TokenInfo>> {
    return getApi().token.pickCandidate({ handle, path });
  }

  /** Drops such an answer for good (the admin found no token in it). */
  async function dismissAnswer(handle: string): Promise<AppErrorValue | null> {
    const result = await getApi().token.dismissAnswer({ handle });
    return result.ok || result.error.code === 'token_gone' ? null : result.error;
  }

  async function refreshAfterChange(): Promise<void> {
    await Promise.all([load(), loadOperations()]);
  }

  return {
    profileId,
    userId,
    details,
    loading,
    error,
    gone,
    outcomes,
    busy,
    certificateSaveTargets,
    operations,
    profileOperations,
    reconciling,
    open,
    close,
    load,
    prepare,
    send,
    discard,
    loadOperations,
    reconcile,
    clearOutcome,
    pickCandidate,
    dismissAnswer,
  };
});
