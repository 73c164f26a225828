import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  DONE_DRAFT_STATES,
  draftListQuerySchema,
  draftSaveRequestSchema,
  OPEN_DRAFT_STATES,
  readyServiceUser,
  type Draft,
  type DraftFields,
  type DraftListQuery,
  type DraftSaveRequest,
  type DraftState,
  type DraftSummary,
} from '../../../shared/drafts';
import { FRIENDLY_NAME_MAX, utcToday, type ServiceUserCreate } from '../../../shared/serviceUser';
import type { AuditLog } from '../audit/auditLog';
import { withStorageErrors } from '../db/errors';

type Db = Database.Database;

/** At most one `draft_changed` audit entry per draft per this window, unless the step changes. */
export const DRAFT_CHANGE_AUDIT_WINDOW_MS = 5 * 60_000;
/** Soft-deleted drafts are purged (hard-deleted) once they have been deleted this long. */
const DRAFT_PURGE_GRACE_MS = 24 * 60 * 60_000;
/** An untitled draft still being edited is deleted once it has not changed for this long. */
export const UNTITLED_DRAFT_TTL_MS = 7 * 24 * 60 * 60_000;

interface DraftStoreOptions {
  clock?: () => Date;
  audit: AuditLog;
  /** Override {@link DRAFT_CHANGE_AUDIT_WINDOW_MS}. */
  changeAuditWindowMs?: number;
  /** Override {@link DRAFT_PURGE_GRACE_MS}. */
  purgeGraceMs?: number;
  /** Override {@link UNTITLED_DRAFT_TTL_MS}. */
  untitledTtlMs?: number;
  newId?: () => string;
}

export interface DraftStore {
  /** Creates (no id) or updates a draft; bumps its revision. Unchanged content is not rewritten. */
  save(request: DraftSaveRequest): Draft;
  get(id: string): Draft;
  list(query: DraftListQuery): DraftSummary[];
  /** "Use as template": same fields, new id, step 0, state editing, name suffixed " copy". */
  duplicate(id: string): Draft;
  /** Soft delete; {@link undoDelete} brings it back during this session. */
  delete(id: string): { id: string };
  undoDelete(id: string): Draft;
  /** The most recently updated open draft (editing/ready/sending/failed), for "resume". */
  latestUnfinished(profileId?: string): DraftSummary | null;
  /** editing|failed → ready, after the fields pass the full service-user schema. */
  markReady(id: string): Draft;
  /**
   * editing|ready|failed → sending in one step, after the fields pass the full service-user
   * schema. A draft already sending is returned as it is (the resend of an unanswered attempt).
   * Records `create_requested`.
   */
  markSending(id: string): Draft;
  /** {@link markSending}, also returning the service user it checked in that transaction: what to send. */
  startSending(id: string): { draft: Draft; input: ServiceUserCreate };
  /** The service user these fields describe, checked for today; throws draft_not_ready otherwise. */
  serviceUserOf(fields: DraftFields): ServiceUserCreate;
  /** sending → created. Records `service_user_created`. */
  markCreated(id: string, serviceUserId: string, name: string): Draft;
  /** sending|created → created_token_lost. Records `create_token_lost`. */
  markCreatedTokenLost(id: string, serviceUserId: string, name: string): Draft;
  /** sending → failed with an error code. Records `create_failed`. */
  markFailed(id: string, code: string): Draft;
  /** Hard-deletes drafts soft-deleted longer than the grace period; returns how many. */
  purgeDeleted(): number;
  /**
   * Deletes (softly, recorded as `draft_deleted` with `reason: 'expired'`) every draft without a
   * name that is still being edited and unchanged for the untitled TTL; returns how many. A draft
   * that was sent, or has a name, never expires.
   */
  expireUntitled(): number;
}

/** Allowed state changes. Saving (editing the fields) moves ready/failed back to editing. */
const TRANSITIONS: Record<DraftState, readonly DraftState[]> = {
  editing: ['ready', 'sending'],
  ready: ['editing', 'sending'],
  sending: ['created', 'created_token_lost', 'failed'],
  failed: ['editing', 'ready', 'sending'],
  created: ['created_token_lost'],
  created_token_lost: [],
};
const EDITABLE: readonly DraftState[] = ['editing', 'ready', 'failed'];

interface DraftRow {
  id: string;
  profile_id: string;
  step: number;
  state: DraftState;
  failure_code: string | null;
  fields: string;
  created_service_user_id: string | null;
  created_service_user_name: string | null;
  created_by: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  revision: number;
  audit_at: string | null;
  audit_step: number | null;
}

function toDraft(row: DraftRow, fields = JSON.parse(row.fields) as DraftFields): Draft {
  return {
    id: row.id,
    profileId: row.profile_id,
    step: row.step,
    state: row.state,
    failureCode: row.failure_code,
    friendlyName: fields.friendlyName ? fields.friendlyName : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
    created:
      row.created_service_user_id !== null
        ? {
            serviceUserId: row.created_service_user_id,
            name: row.created_service_user_name ?? '',
            at: row.completed_at ?? row.updated_at,
            by: row.created_by ?? '',
          }
        : null,
    fields,
    deletedAt: row.deleted_at,
  };
}

function toSummary(row: DraftRow): DraftSummary {
  const { fields: _fields, deletedAt: _deleted, ...summary } = toDraft(row);
  return summary;
}

const likePattern = (text: string) => '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
const inList = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');

export function createDraftStore(db: Db, options: DraftStoreOptions): DraftStore {
  const clock = options.clock ?? (() => new Date());
  const audit = options.audit;
  const windowMs = options.changeAuditWindowMs ?? DRAFT_CHANGE_AUDIT_WINDOW_MS;
  const graceMs = options.purgeGraceMs ?? DRAFT_PURGE_GRACE_MS;
  const untitledTtlMs = options.untitledTtlMs ?? UNTITLED_DRAFT_TTL_MS;
  const newId = options.newId ?? randomUUID;
  /** Ids soft-deleted in this session: only these can be undone. */
  const deletedThisSession = new Set<string>();

  const getStmt = db.prepare('SELECT * FROM drafts WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO drafts (id, profile_id, step, state, fields, created_at, updated_at, revision, audit_at, audit_step)
     VALUES (@id, @profileId, @step, 'editing', @fields, @now, @now, 1, @now, @step)`,
  );
  const updateFieldsStmt = db.prepare(
    `UPDATE drafts SET step = @step, fields = @fields, state = 'editing', failure_code = NULL, updated_at = @now, revision = revision + 1,
       audit_at = coalesce(@auditAt, audit_at), audit_step = coalesce(@auditStep, audit_step)
     WHERE id = @id`,
  );
  // RETURNING: the row as written, without reading it again.
  const setStateStmt = db.prepare(
    `UPDATE drafts SET state = @state, failure_code = @failureCode, updated_at = @now, revision = revision + 1,
       created_service_user_id = coalesce(@suId, created_service_user_id),
       created_service_user_name = coalesce(@suName, created_service_user_name),
       created_by = coalesce(@by, created_by),
       completed_at = coalesce(@completedAt, completed_at)
     WHERE id = @id RETURNING *`,
  );
  const setDeletedStmt = db.prepare(
    'UPDATE drafts SET deleted_at = @deletedAt, updated_at = @now, revision = revision + 1 WHERE id = @id',
  );
  const purgeStmt = db.prepare('DELETE FROM drafts WHERE deleted_at IS NOT NULL AND deleted_at < ?');
  const staleUntitledStmt = db.prepare(
    `SELECT id, profile_id FROM drafts WHERE deleted_at IS NULL AND state = 'editing' AND updated_at < ?
       AND trim(coalesce(json_extract(fields, '$.friendlyName'), '')) = ''`,
  );
  const openNamesStmt = db
    .prepare(
      `SELECT json_extract(fields, '$.friendlyName') FROM drafts WHERE profile_id = ? AND deleted_at IS NULL AND state IN (${inList(OPEN_DRAFT_STATES)})`,
    )
    .pluck();
  const latestStmt = db.prepare(
    `SELECT * FROM drafts WHERE deleted_at IS NULL AND state IN (${inList(OPEN_DRAFT_STATES)}) AND (@profileId IS NULL OR profile_id = @profileId)
     ORDER BY updated_at DESC, rowid DESC LIMIT 1`,
  );

  const now = () => clock().toISOString();

  const load = (id: string, opts: { includeDeleted?: boolean } = {}): DraftRow => {
    const row = getStmt.get(id) as DraftRow | undefined;
    if (!row || (row.deleted_at !== null && !opts.includeDeleted))
      throw new AppError('not_found', 'This draft no longer exists.', { params: { id } });
    return row;
  };
  const reload = (id: string) => toDraft(getStmt.get(id) as DraftRow);
  const nameOf = (fields: DraftFields) => (fields.friendlyName ? fields.friendlyName : null);

  const saveTx = db.transaction((raw: DraftSaveRequest): Draft => {
    const req = draftSaveRequestSchema.parse(raw);
    const fieldsText = JSON.stringify(req.fields);
    const at = now();
    if (req.id === undefined) {
      const id = newId();
      insertStmt.run({ id, profileId: req.profileId, step: req.step, fields: fieldsText, now: at });
      audit.append({
        action: 'draft_created',
        profileId: req.profileId,
        target: id,
        details: { step: req.step, name: nameOf(req.fields) },
      });
      return reload(id);
    }
    const row = load(req.id);
    if (row.profile_id !== req.profileId) throw new AppError('conflict', 'This draft belongs to another connection.');
    if (!EDITABLE.includes(row.state)) {
      throw new AppError(
        'conflict',
        'This draft was already sent and can no longer be changed. Duplicate it to start a new one.',
        { params: { state: row.state } },
      );
    }
    if (req.expectedRevision !== undefined && req.expectedRevision !== row.revision) {
      throw new AppError('conflict', 'This draft was changed elsewhere. Reload it to see the latest version.', {
        params: { revision: row.revision },
      });
    }
    if (row.state === 'editing' && row.step === req.step && row.fields === fieldsText) return toDraft(row); // nothing new: no write
    // Coalescing rule: a `draft_changed` entry is written when the step differs from the one
    // in the last draft entry, or when the last one is at least `windowMs` old. Keystroke
    // autosaves in between are saved but not audited one by one.
    const due =
      row.audit_step !== req.step || row.audit_at === null || Date.parse(at) - Date.parse(row.audit_at) >= windowMs;
    updateFieldsStmt.run({
      id: row.id,
      step: req.step,
      fields: fieldsText,
      now: at,
      auditAt: due ? at : null,
      auditStep: due ? req.step : null,
    });
    if (due) {
      audit.append({
        action: 'draft_changed',
        profileId: row.profile_id,
        target: row.id,
        details: { step: req.step, revision: row.revision + 1, name: nameOf(req.fields) },
      });
    }
    return reload(row.id);
  });

  /**
   * The schema check of the fields a create sends, remembered for the last fields and day checked:
   * creation checks a draft before it asks for a client and again as it marks it sending (same
   * text, same answer). Keyed by the fields' JSON, which is the stored text itself.
   */
  let lastReady: { today: string; fieldsText: string; input: ServiceUserCreate } | undefined;
  const readyInput = (fieldsText: string, fields: DraftFields): ServiceUserCreate => {
    const today = utcToday(clock());
    if (lastReady?.today === today && lastReady.fieldsText === fieldsText) return lastReady.input;
    const input = readyServiceUser(fields, today);
    lastReady = { today, fieldsText, input };
    return input;
  };

  interface TransitionExtra {
    failureCode?: string | null;
    suId?: string;
    suName?: string;
    validate?: (row: DraftRow, fields: DraftFields) => void;
    idempotent?: boolean;
  }
  type RecordEntry = (row: DraftRow, fields: DraftFields) => void;

  // Built once: db.transaction() wraps its function anew on every call.
  const transitionTx = db.transaction(
    (id: string, to: DraftState, extra: TransitionExtra, record?: RecordEntry): Draft => {
      const row = load(id);
      const fields = JSON.parse(row.fields) as DraftFields;
      if (extra.idempotent && row.state === to) return toDraft(row, fields);
      if (!TRANSITIONS[row.state].includes(to)) {
        throw new AppError(
          'conflict',
          `A draft that is ${row.state.replace(/_/g, ' ')} cannot become ${to.replace(/_/g, ' ')}.`,
          { params: { from: row.state, to } },
        );
      }
      extra.validate?.(row, fields);
      const at = now();
      const done = to === 'created' || to === 'created_token_lost';
      const written = setStateStmt.get({
        id,
        state: to,
        failureCode: extra.failureCode ?? null,
        now: at,
        suId: extra.suId ?? null,
        suName: extra.suName ?? null,
        by: done ? audit.osUser : null,
        completedAt: done && row.completed_at === null ? at : null,
      }) as DraftRow;
      record?.(row, fields);
      return toDraft(written, fields);
    },
  );

  /**
   * One state change in one transaction. The fields are parsed once and handed to `validate`,
   * `record` and the returned draft (a state change never changes them).
   */
  const transition = (id: string, to: DraftState, extra: TransitionExtra = {}, record?: RecordEntry): Draft =>
    withStorageErrors(() => transitionTx(id, to, extra, record));

  /** Throws draft_not_ready, with an error per field, unless the fields make a service user today. */
  const checkReady = (row: DraftRow, fields: DraftFields) => void readyInput(row.fields, fields);

  /** editing|ready|failed → sending; `input` is undefined when the draft was sending already. */
  const toSending = (id: string) => {
    let input: ServiceUserCreate | undefined;
    const draft = transition(
      id,
      'sending',
      { validate: (row, fields) => void (input = readyInput(row.fields, fields)), idempotent: true },
      (row, fields) =>
        audit.append({
          action: 'create_requested',
          profileId: row.profile_id,
          target: id,
          details: { name: nameOf(fields) },
        }),
    );
    return { draft, input };
  };

  const store: DraftStore = {
    save: (request) => withStorageErrors(() => saveTx(request)),

    get: (id) => withStorageErrors(() => toDraft(load(id))),

    list: (raw) =>
      withStorageErrors(() => {
        const q = draftListQuerySchema.parse(raw);
        const states = q.status === 'open' ? OPEN_DRAFT_STATES : DONE_DRAFT_STATES;
        const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
        const order =
          q.sort === 'name'
            ? `coalesce(json_extract(fields, '$.friendlyName'), '') COLLATE NOCASE ${dir}, updated_at DESC`
            : q.sort === 'step'
              ? `step ${dir}, updated_at DESC`
              : `updated_at ${dir}`;
        const search = q.search ? "AND json_extract(fields, '$.friendlyName') LIKE @search ESCAPE '\\'" : '';
        const rows = db
          .prepare(
            `SELECT * FROM drafts WHERE profile_id = @profileId AND deleted_at IS NULL AND state IN (${inList(states)}) ${search} ORDER BY ${order}, id`,
          )
          .all({ profileId: q.profileId, ...(q.search ? { search: likePattern(q.search) } : {}) }) as DraftRow[];
        return rows.map(toSummary);
      }),

    duplicate: (id) =>
      withStorageErrors(() =>
        db.transaction(() => {
          const source = load(id);
          // Copied as stored, not re-parsed: a draft saved before a rule was tightened (a character
          // now refused, an impossible end date) must still copy. Dropping the field would lose what
          // the admin typed; the wizard flags it on the copy (as on the original) until it is fixed.
          const fields = JSON.parse(source.fields) as DraftFields;
          if (typeof fields.friendlyName === 'string' && fields.friendlyName)
            fields.friendlyName = copyName(
              fields.friendlyName,
              new Set(
                (openNamesStmt.all(source.profile_id) as (string | null)[])
                  .filter((n): n is string => !!n)
                  .map((n) => n.toLowerCase()),
              ),
            );
          const newDraftId = newId();
          insertStmt.run({
            id: newDraftId,
            profileId: source.profile_id,
            step: 0,
            fields: JSON.stringify(fields),
            now: now(),
          });
          audit.append({
            action: 'draft_created',
            profileId: source.profile_id,
            target: newDraftId,
            details: { step: 0, name: nameOf(fields), from: source.id },
          });
          return reload(newDraftId);
        })(),
      ),

    delete: (id) =>
      withStorageErrors(() =>
        db.transaction(() => {
          const row = load(id);
          if (row.state === 'sending')
            throw new AppError('conflict', 'This draft is being sent right now and cannot be deleted.');
          const at = now();
          setDeletedStmt.run({ id, deletedAt: at, now: at });
          audit.append({
            action: 'draft_deleted',
            profileId: row.profile_id,
            target: id,
            details: { name: nameOf(JSON.parse(row.fields) as DraftFields) },
          });
          deletedThisSession.add(id);
          return { id };
        })(),
      ),

    undoDelete: (id) =>
      withStorageErrors(() =>
        db.transaction(() => {
          const row = load(id, { includeDeleted: true });
          if (row.deleted_at === null) return toDraft(row);
          if (!deletedThisSession.has(id))
            throw new AppError('not_found', 'This draft was deleted earlier and can no longer be restored.', {
              params: { id },
            });
          setDeletedStmt.run({ id, deletedAt: null, now: now() });
          audit.append({
            action: 'draft_restored',
            profileId: row.profile_id,
            target: id,
            details: { name: nameOf(JSON.parse(row.fields) as DraftFields) },
          });
          deletedThisSession.delete(id);
          return reload(id);
        })(),
      ),

    latestUnfinished: (profileId) =>
      withStorageErrors(() => {
        const row = latestStmt.get({ profileId: profileId ?? null }) as DraftRow | undefined;
        return row ? toSummary(row) : null;
      }),

    markReady: (id) => transition(id, 'ready', { validate: checkReady }),

    markSending: (id) => toSending(id).draft,

    startSending: (id) => {
      const { draft, input } = toSending(id);
      // A draft sending already (a resend) was not checked again: its fields cannot have changed.
      return { draft, input: input ?? store.serviceUserOf(draft.fields) };
    },

    serviceUserOf: (fields) => readyInput(JSON.stringify(fields), fields),

    markCreated: (id, serviceUserId, name) =>
      transition(id, 'created', { suId: serviceUserId, suName: name }, (row) =>
        audit.append({
          action: 'service_user_created',
          profileId: row.profile_id,
          target: serviceUserId,
          details: { draftId: id, name },
        }),
      ),

    markCreatedTokenLost: (id, serviceUserId, name) =>
      transition(id, 'created_token_lost', { suId: serviceUserId, suName: name }, (row) =>
        audit.append({
          action: 'create_token_lost',
          profileId: row.profile_id,
          target: serviceUserId,
          outcome: 'failed',
          details: { draftId: id, name },
        }),
      ),

    markFailed: (id, code) =>
      transition(id, 'failed', { failureCode: code.slice(0, 64) }, (row, fields) =>
        audit.append({
          action: 'create_failed',
          profileId: row.profile_id,
          target: id,
          outcome: 'failed',
          details: { code: code.slice(0, 64), name: nameOf(fields) },
        }),
      ),

    purgeDeleted: () =>
      withStorageErrors(() => purgeStmt.run(new Date(clock().getTime() - graceMs).toISOString()).changes),

    expireUntitled: () =>
      withStorageErrors(() =>
        db.transaction(() => {
          const stale = staleUntitledStmt.all(new Date(clock().getTime() - untitledTtlMs).toISOString()) as Array<{
            id: string;
            profile_id: string;
          }>;
          const at = now();
          for (const row of stale) {
            setDeletedStmt.run({ id: row.id, deletedAt: at, now: at });
            audit.append({
              action: 'draft_deleted',
              profileId: row.profile_id,
              target: row.id,
              details: { name: null, reason: 'expired' },
            });
          }
          return stale.length;
        })(),
      ),
  };

  store.expireUntitled();
  store.purgeDeleted();
  return store;
}

/** "Name copy", "Name copy 2", ... — unique among `taken` (lowercase), within the name limit. */
export function copyName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; n < 1000; n++) {
    const suffix = n === 1 ? ' copy' : ` copy ${n}`;
    const candidate = name.slice(0, FRIENDLY_NAME_MAX - suffix.length).trimEnd() + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
  return name;
}
