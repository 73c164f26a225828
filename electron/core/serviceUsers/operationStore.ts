import { randomUUID } from 'node:crypto';
import { AppError, type AppErrorValue } from '../../../shared/errors';
import type { AuditAction, AuditDetails, AuditOutcome } from '../../../shared/audit';
import type { ManageOperation, OperationKind, OperationRequest, OperationState } from '../../../shared/manage';
import type { AuditLog } from '../audit/auditLog';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

/** An operation as core keeps it: what the renderer sees, plus what settling it needs. */
export interface StoredOperation extends ManageOperation {
  /**
   * The exact name it was requested with, found by it after a lost answer: issueToken (set when
   * prepared), createCertificate (its nickname, set when first sent: null means never sent).
   */
  sentName: string | null;
  /** An attempt got no answer: DigiCert is asked what happened before anything is sent again. */
  unanswered: boolean;
  /** What DigiCert answered when done (e.g. the issued token's id). */
  result: Record<string, string> | null;
}

interface Row {
  id: string;
  profile_id: string;
  user_id: string;
  friendly_name: string;
  kind: OperationKind;
  request: string;
  sent_name: string | null;
  state: OperationState;
  unanswered: 0 | 1;
  error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

function toOperation(row: Row): StoredOperation {
  const op: StoredOperation = {
    id: row.id,
    profileId: row.profile_id,
    userId: row.user_id,
    friendlyName: row.friendly_name,
    request: JSON.parse(row.request) as OperationRequest,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentName: row.sent_name,
    unanswered: row.unanswered === 1,
    result: row.result === null ? null : (JSON.parse(row.result) as Record<string, string>),
  };
  if (row.error !== null) op.error = JSON.parse(row.error) as AppErrorValue;
  return op;
}

/** What the renderer sees of an operation. */
export function publicOperation(op: StoredOperation): ManageOperation {
  const { sentName: _sentName, unanswered: _unanswered, result: _result, ...visible } = op;
  return visible;
}

/**
 * Whether an earlier attempt of a token issue or a certificate generation may have created it: it
 * got no answer, or a 503 (a gateway may answer so after DigiCert carried the request out). A
 * certificate's nickname is recorded when it is first sent: without it nothing went out.
 */
function mayHaveCreated(op: StoredOperation): boolean {
  const kind = op.request.kind;
  if (kind !== 'issueToken' && kind !== 'createCertificate') return false;
  if (op.unanswered) return true;
  return op.error?.code === 'maintenance' && (kind === 'issueToken' || op.sentName !== null);
}

/** One audit entry written in the same transaction as a state change. */
export interface AuditNote {
  action: AuditAction;
  outcome?: AuditOutcome;
  details?: AuditDetails;
}

/**
 * Operations on existing service users in SQLite. Every state change and its audit entry commit
 * together, so the log never says more (or less) than the table.
 */
export function createOperationStore(db: Db, deps: { audit: Pick<AuditLog, 'append'>; clock: () => Date }) {
  const now = () => deps.clock().toISOString();
  const getStmt = db.prepare<[string], Row>('SELECT * FROM service_user_operations WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO service_user_operations (id, profile_id, user_id, friendly_name, kind, request, sent_name, state, created_at, updated_at)
     VALUES (@id, @profileId, @userId, @friendlyName, @kind, @request, @sentName, 'queued', @at, @at)`,
  );
  const updateStmt = db.prepare(
    `UPDATE service_user_operations
        SET state = @state, unanswered = @unanswered, error = @error, result = @result, updated_at = @at
      WHERE id = @id`,
  );
  const deleteStmt = db.prepare('DELETE FROM service_user_operations WHERE id = ?');
  const sentNameStmt = db.prepare('UPDATE service_user_operations SET sent_name = ? WHERE id = ?');
  const unsettledStmt = db.prepare<[string], Row>(
    "SELECT * FROM service_user_operations WHERE profile_id = ? AND state <> 'done' ORDER BY created_at, rowid",
  );
  const unsettledForUserStmt = db.prepare<[string, string], Row>(
    "SELECT * FROM service_user_operations WHERE profile_id = ? AND user_id = ? AND state <> 'done' ORDER BY created_at, rowid",
  );

  const entry = (op: StoredOperation, note: AuditNote) =>
    deps.audit.append({
      action: note.action,
      outcome: note.outcome ?? 'ok',
      profileId: op.profileId,
      target: op.userId,
      details: { operationId: op.id, kind: op.request.kind, name: op.friendlyName, ...note.details },
    });

  function get(id: string): StoredOperation {
    const row = withStorageErrors(() => getStmt.get(id));
    if (!row) throw new AppError('not_found', 'This operation no longer exists.');
    return toOperation(row);
  }

  const transition = db.transaction(
    (
      id: string,
      change: { state: OperationState; unanswered?: boolean; error?: AppErrorValue | null; result?: object | null },
      note?: AuditNote,
    ): StoredOperation => {
      const before = get(id);
      // Settled is final: a stale copy (a second reconcile, a send meanwhile) must not rewrite it.
      if (before.state === 'done') throw new AppError('conflict', 'This operation is already done.');
      const unanswered = change.unanswered ?? before.unanswered;
      const error = change.error === undefined ? (before.error ?? null) : change.error;
      const result = change.result === undefined ? before.result : change.result;
      updateStmt.run({
        id,
        state: change.state,
        unanswered: unanswered ? 1 : 0,
        error: error === null ? null : JSON.stringify(error),
        result: result === null ? null : JSON.stringify(result),
        at: now(),
      });
      const after = get(id);
      if (note) entry(after, note);
      return after;
    },
  );

  const createTx = db.transaction(
    (
      input: Omit<StoredOperation, 'id' | 'state' | 'createdAt' | 'updatedAt' | 'unanswered' | 'result'>,
      note: AuditNote,
    ) => {
      const id = randomUUID();
      insertStmt.run({
        id,
        profileId: input.profileId,
        userId: input.userId,
        friendlyName: input.friendlyName,
        kind: input.request.kind,
        request: JSON.stringify(input.request),
        sentName: input.sentName,
        at: now(),
      });
      const op = get(id);
      entry(op, note);
      return op;
    },
  );

  const markSendingTx = db.transaction((id: string, note?: AuditNote, sentName?: string) => {
    if (sentName !== undefined) sentNameStmt.run(sentName, id);
    return transition(
      id,
      { state: 'sending', error: null, ...(get(id).state === 'sending' ? { unanswered: true } : {}) },
      note,
    );
  });

  const discardTx = db.transaction((id: string) => {
    const op = get(id);
    if (op.state !== 'sending' && mayHaveCreated(op)) {
      // An earlier attempt may have created it: discarding would forget a token or certificate that may exist.
      throw new AppError(
        'conflict',
        op.request.kind === 'issueToken'
          ? 'A token may already have been issued by an earlier attempt. Send it again: the app looks for that token first and never issues it twice.'
          : 'A certificate may already have been generated by an earlier attempt. Send it again: the app looks for that certificate first and never generates it twice.',
      );
    }
    if (op.state !== 'queued' && op.state !== 'failed') {
      throw new AppError(
        'conflict',
        op.state === 'sending'
          ? 'This operation was sent and its outcome is not known yet. It is checked with DigiCert ONE before anything else happens.'
          : 'This operation is already done.',
      );
    }
    deleteStmt.run(id);
    entry(op, { action: 'operation_discarded', details: { state: op.state } });
  });

  return {
    get,
    /** Stores a prepared operation as `queued` and records `operation_prepared`. */
    create: (input: Parameters<typeof createTx>[0], note: AuditNote): StoredOperation =>
      withStorageErrors(() => createTx(input, note)),
    /**
     * Records the intent before the request goes out. One already `sending` (a crash mid-request)
     * may have been acted on: it counts as unanswered from now on. `sentName`: recorded with the
     * intent (createCertificate's nickname).
     */
    markSending: (id: string, note?: AuditNote, sentName?: string) =>
      withStorageErrors(() => markSendingTx(id, note, sentName)),
    /** Sent, no answer, and DigiCert could not be asked: stays `sending` until settled. */
    markUnanswered: (id: string, error: AppErrorValue, note?: AuditNote) =>
      withStorageErrors(() => transition(id, { state: 'sending', unanswered: true, error }, note)),
    markDone: (id: string, note: AuditNote, extra: { result?: object; error?: AppErrorValue } = {}) =>
      withStorageErrors(() =>
        transition(id, { state: 'done', error: extra.error ?? null, result: extra.result ?? null }, note),
      ),
    markFailed: (id: string, error: AppErrorValue, note: AuditNote) =>
      withStorageErrors(() => transition(id, { state: 'failed', error }, note)),
    /** Back to `queued` (DigiCert could not be reached, nothing went out). */
    markQueued: (id: string, error: AppErrorValue, note?: AuditNote) =>
      withStorageErrors(() => transition(id, { state: 'queued', error }, note)),
    discard: (id: string): void => withStorageErrors(() => discardTx(id)),
    /** Not yet done (queued, sending, failed), oldest first. */
    unsettled: (profileId: string): StoredOperation[] =>
      withStorageErrors(() => unsettledStmt.all(profileId).map(toOperation)),
    unsettledForUser: (profileId: string, userId: string): StoredOperation[] =>
      withStorageErrors(() => unsettledForUserStmt.all(profileId, userId).map(toOperation)),
  };
}

export type OperationStore = ReturnType<typeof createOperationStore>;
