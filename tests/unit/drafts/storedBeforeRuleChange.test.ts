import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../electron/core/audit/auditLog';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { createDraftStore, type DraftStore } from '../../../electron/core/drafts/draftStore';
import { AppError } from '../../../shared/errors';
import { manualClock, openTempDb } from '../../support/db';

/**
 * Drafts saved by an older app, before free text refused control characters and end dates were
 * read strictly: a read path must never crash on them (as `internal`). They are written straight
 * into the SQLite file, as the older app left them, and the store is opened on that file afresh.
 */

const OLD_FIELDS = {
  friendlyName: 'Build\u200Bbot',
  description: 'CI \u202Egnp.exe',
  endDate: '2026-02-30',
  email: 'ops@example.com',
  accountIds: ['acc-1'],
  managers: [{ managerId: 'account_manager', roleIds: ['r1'] }],
  saveToKeychain: true,
  keychainItem: { service: 'svc\tname', account: 'build' },
};

let ctx: ReturnType<typeof openTempDb>;
let db: Db;
let store: DraftStore;

beforeEach(() => {
  ctx = openTempDb();
  ctx.db.close();
  const raw = new Database(ctx.file);
  raw
    .prepare(
      `INSERT INTO drafts (id, profile_id, step, state, fields, created_at, updated_at, revision, audit_at, audit_step)
       VALUES ('old-1', 'p1', 1, 'editing', ?, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z', 3, '2026-01-05T09:00:00.000Z', 1)`,
    )
    .run(JSON.stringify(OLD_FIELDS));
  raw.close();
  db = openDatabase({ file: ctx.file });
  const clock = manualClock('2026-03-01T10:00:00.000Z');
  store = createDraftStore(db, { clock: clock.now, audit: createAuditLog(db, { clock: clock.now, osUser: 'alice' }) });
});
afterEach(() => {
  if (db.open) db.close();
  ctx.cleanup();
});

describe('a draft stored before the text and date rules were tightened', () => {
  it('duplicates: everything the admin typed is copied as stored, the name suffixed', () => {
    const copy = store.duplicate('old-1');
    expect(copy).toMatchObject({ state: 'editing', step: 0, revision: 1, profileId: 'p1' });
    expect(copy.fields).toEqual({ ...OLD_FIELDS, friendlyName: 'Build\u200Bbot copy' });
    expect(store.get(copy.id).fields).toEqual(copy.fields);
  });

  it('opens and lists as stored', () => {
    expect(store.get('old-1').fields).toEqual(OLD_FIELDS);
    expect(store.list({ profileId: 'p1' }).map((d) => d.id)).toEqual(['old-1']);
  });

  it('the copy is refused as not ready, field by field (not as internal), until fixed', () => {
    const copy = store.duplicate('old-1');
    let error: unknown;
    try {
      store.markReady(copy.id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('draft_not_ready');
    expect((error as AppError).fieldErrors?.map((f) => f.field).sort()).toEqual([
      'description',
      'endDate',
      'friendlyName',
    ]);

    const fixed = store.save({
      id: copy.id,
      profileId: 'p1',
      step: 0,
      fields: {
        ...copy.fields,
        friendlyName: 'Build bot copy',
        description: 'CI signing',
        endDate: '2026-12-31',
        keychainItem: { service: 'svc name', account: 'build' },
      },
    });
    expect(store.markReady(fixed.id).state).toBe('ready');
  });
});
