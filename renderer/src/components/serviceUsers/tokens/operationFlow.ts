import type { KeychainItem } from '../../../../../shared/creation';
import type { AppErrorValue } from '../../../../../shared/errors';
import type { ManageOperation, OperationOutcome, OperationRequest } from '../../../../../shared/manage';
import { getApi } from '../../../api';
import type { useServiceUserDetailsStore } from '../../../stores/serviceUserDetails';

type DetailsStore = ReturnType<typeof useServiceUserDetailsStore>;

/**
 * Where an action on a service user ended, as the admin must be told it:
 * done; prepared (offline: queued, nothing sent); failed (nothing carried out, or refused before
 * sending); sending (sent, answer unknown: core checks before anything is resent).
 */
export type FlowResult =
  | { kind: 'done'; outcome: Extract<OperationOutcome, { state: 'done' }> }
  | { kind: 'prepared'; operation: ManageOperation }
  | { kind: 'failed'; error: AppErrorValue; operation?: ManageOperation }
  | { kind: 'sending'; operation: ManageOperation; error: AppErrorValue };

/** Turns one send answer into what the admin is told. */
export function resultOfSend(
  operation: ManageOperation,
  answer: { ok: true; value: OperationOutcome } | { ok: false; error: AppErrorValue },
): FlowResult {
  if (!answer.ok) return { kind: 'failed', error: answer.error, operation };
  const outcome = answer.value;
  switch (outcome.state) {
    case 'done':
      return { kind: 'done', outcome };
    case 'queued':
      return { kind: 'prepared', operation: outcome.operation };
    case 'failed':
      return { kind: 'failed', error: outcome.error, operation: outcome.operation };
    case 'sending':
      return { kind: 'sending', operation: outcome.operation, error: outcome.error };
  }
}

/**
 * Prepares an operation on the shown user and, when DigiCert ONE is reachable, sends it at once
 * (the admin has just confirmed it). Offline it stays prepared (listed under pending operations).
 */
export async function prepareAndSend(
  store: DetailsStore,
  request: OperationRequest,
  options: { online: boolean; saveTo?: KeychainItem },
): Promise<FlowResult> {
  const prepared = await store.prepare(request);
  if (!prepared.ok) return { kind: 'failed', error: prepared.error };
  if (!options.online) return { kind: 'prepared', operation: prepared.value };
  return resultOfSend(prepared.value, await store.send(prepared.value.id, options.saveTo));
}

/**
 * Whether an operation of `profileId` can be sent now: the connectivity store judges the current
 * profile; another profile (not followed) is assumed reachable and the send answers for itself.
 */
export function canSendNow(connectivity: { profileId: string | null; offline: boolean }, profileId: string): boolean {
  return connectivity.profileId !== profileId || !connectivity.offline;
}

/** Deletes a keychain item this app saved a token of the user into (core refuses any other item). */
export async function deleteSavedItem(
  profileId: string,
  userId: string,
  item: KeychainItem,
): Promise<AppErrorValue | null> {
  const result = await getApi().serviceUsers.deleteSavedItem({ profileId, userId, item });
  return result.ok ? null : result.error;
}
