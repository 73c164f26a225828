import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import {
  copyName,
  createDraftStore,
  DRAFT_CHANGE_AUDIT_WINDOW_MS,
  UNTITLED_DRAFT_TTL_MS,
  type DraftStore,
} from '../../../electron/core/drafts/draftStore';
import { openDatabase } from '../../../electron/core/db/database';
import type { DraftFields } from '../../../shared/drafts';
import { AppError } from '../../../shared/errors';
import { manualClock, openTempDb } from '../../support/db';

let ctx: ReturnType<typeof openTempDb>;
let clock: ReturnType<typeof manualClock>;
let audit: AuditLog;
let store: DraftStore;

const complete: DraftFields = {
  friendlyName: 'Build bot',
  description: 'CI signing',
  endDate: '2026-12-31',
  email: 'ops@example.com',
  accountIds: ['acc-1'],
  managers: [{ managerId: 'account_manager', roleIds: ['r1'] }],
  saveToKeychain: true,
};

beforeEach(() => {
  ctx = openTempDb();
  clock = manualClock('2026-03-01T10:00:00.000Z');
  audit = createAuditLog(ctx.db, { clock: clock.now, osUser: 'alice' });
  store = createDraftStore(ctx.db, { clock: clock.now, audit });
});
afterEach(() => ctx.cleanup());

const actions = () =>
  audit
    .query({ limit: 500 })
    .entries.reverse()
    .map((e) => e.action);
const create = (fields: DraftFields = { friendlyName: 'Build bot' }, profileId = 'p1') =>
  store.save({ profileId, step: 0, fields });

describe('save', () => {
  it('creates a draft (revision 1, editing) and records draft_created', () => {
    const d = create();
    expect(d).toMatchObject({
      profileId: 'p1',
      step: 0,
      state: 'editing',
      revision: 1,
      friendlyName: 'Build bot',
      fields: { friendlyName: 'Build bot' },
      deletedAt: null,
      created: null,
    });
    expect(d.createdAt).toBe('2026-03-01T10:00:00.000Z');
    const [entry] = audit.query({ limit: 1 }).entries;
    expect(entry).toMatchObject({
      action: 'draft_created',
      profileId: 'p1',
      target: d.id,
      details: { step: 0, name: 'Build bot' },
    });
  });

  it('updates in place and bumps the revision; get returns the stored draft', () => {
    const d = create();
    clock.advance(1000);
    const d2 = store.save({
      id: d.id,
      profileId: 'p1',
      step: 1,
      fields: { friendlyName: 'Build bot 2', email: 'a@b.c' },
    });
    expect(d2.revision).toBe(2);
    expect(d2.updatedAt).toBe('2026-03-01T10:00:01.000Z');
    expect(store.get(d.id)).toEqual(d2);
  });

  it('does not rewrite unchanged content (no revision bump)', () => {
    const d = create();
    expect(store.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: 'Build bot' } }).revision).toBe(1);
  });

  it('refuses a stale expectedRevision with conflict and keeps the newer content', () => {
    const d = create();
    store.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: 'newer' }, expectedRevision: 1 });
    expect(() =>
      store.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: 'older' }, expectedRevision: 1 }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(store.get(d.id).fields.friendlyName).toBe('newer');
  });

  it('refuses unknown ids, another profile, and invalid fields', () => {
    expect(() => store.save({ id: 'nope', profileId: 'p1', step: 0, fields: {} })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    const d = create();
    expect(() => store.save({ id: d.id, profileId: 'p2', step: 0, fields: {} })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => store.save({ profileId: 'p1', step: 0, fields: { friendlyName: 'x'.repeat(65) } })).toThrow();
    expect(() => store.save({ profileId: 'p1', step: 0, fields: { token: 'x' } as never })).toThrow();
  });

  it('coalesces draft_changed: one per step change or per window, not per keystroke', () => {
    const d = create({ friendlyName: '' });
    let name = '';
    for (const ch of 'Build bot') {
      name += ch;
      clock.advance(200);
      store.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: name } });
    }
    expect(actions()).toEqual(['draft_created']); // same step, within the window
    clock.advance(200);
    store.save({ id: d.id, profileId: 'p1', step: 1, fields: { friendlyName: name } });
    expect(actions()).toEqual(['draft_created', 'draft_changed']); // step changed
    clock.advance(DRAFT_CHANGE_AUDIT_WINDOW_MS - 1);
    store.save({ id: d.id, profileId: 'p1', step: 1, fields: { friendlyName: name, email: 'a' } });
    expect(actions()).toHaveLength(2); // window not yet over
    clock.advance(1);
    store.save({ id: d.id, profileId: 'p1', step: 1, fields: { friendlyName: name, email: 'ab' } });
    expect(actions()).toEqual(['draft_created', 'draft_changed', 'draft_changed']);
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      target: d.id,
      details: { step: 1, revision: store.get(d.id).revision },
    });
  });

  it('the coalescing window survives a restart (kept in the database)', () => {
    const d = create();
    clock.advance(1000);
    const store2 = createDraftStore(ctx.db, { clock: clock.now, audit });
    store2.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: 'x' } });
    expect(actions()).toEqual(['draft_created']);
  });

  it('keeps data across a close and reopen of the database file', () => {
    const d = create(complete);
    ctx.db.close();
    ctx.db = openDatabase({ file: ctx.file });
    const reopened = createDraftStore(ctx.db, {
      clock: clock.now,
      audit: createAuditLog(ctx.db, { clock: clock.now, osUser: 'alice' }),
    });
    expect(reopened.get(d.id).fields).toEqual(complete);
  });
});

describe('list and latestUnfinished', () => {
  it('lists a profile’s open drafts with search and sort', () => {
    const a = create({ friendlyName: 'alpha' });
    clock.advance(1000);
    const b = store.save({ profileId: 'p1', step: 3, fields: { friendlyName: 'Beta_bot' } });
    clock.advance(1000);
    const c = store.save({ profileId: 'p1', step: 1, fields: {} });
    create({ friendlyName: 'other profile' }, 'p2');
    expect(store.list({ profileId: 'p1' }).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    expect(store.list({ profileId: 'p1', sort: 'updated', direction: 'asc' }).map((d) => d.id)).toEqual([
      a.id,
      b.id,
      c.id,
    ]);
    expect(store.list({ profileId: 'p1', sort: 'name', direction: 'asc' }).map((d) => d.friendlyName)).toEqual([
      null,
      'alpha',
      'Beta_bot',
    ]);
    expect(store.list({ profileId: 'p1', sort: 'step', direction: 'desc' }).map((d) => d.step)).toEqual([3, 1, 0]);
    expect(store.list({ profileId: 'p1', search: 'BETA' }).map((d) => d.id)).toEqual([b.id]);
    expect(store.list({ profileId: 'p1', search: '_' }).map((d) => d.id)).toEqual([b.id]); // _ is literal, not a wildcard
    expect(store.list({ profileId: 'p1', search: '%' })).toEqual([]);
    expect(store.list({ profileId: 'p1' })[0]).not.toHaveProperty('fields');
  });

  it('latestUnfinished returns the most recently updated open draft, per profile or overall', () => {
    expect(store.latestUnfinished()).toBeNull();
    const a = create({ friendlyName: 'a' });
    clock.advance(1000);
    const b = create({ friendlyName: 'b' }, 'p2');
    expect(store.latestUnfinished()?.id).toBe(b.id);
    expect(store.latestUnfinished('p1')?.id).toBe(a.id);
    clock.advance(1000);
    store.delete(b.id);
    expect(store.latestUnfinished()?.id).toBe(a.id);
  });
});

describe('state transitions', () => {
  it('walks editing → ready → sending → created, recording each step; the draft becomes the record', () => {
    const d = create(complete);
    expect(store.markReady(d.id).state).toBe('ready');
    expect(store.markSending(d.id).state).toBe('sending');
    expect(store.latestUnfinished('p1')?.state).toBe('sending'); // an interrupted send is resumable
    clock.advance(5000);
    const done = store.markCreated(d.id, 'su-123', 'Build bot');
    expect(done.state).toBe('created');
    expect(done.created).toEqual({
      serviceUserId: 'su-123',
      name: 'Build bot',
      at: '2026-03-01T10:00:05.000Z',
      by: 'alice',
    });
    expect(store.list({ profileId: 'p1' })).toEqual([]);
    expect(store.list({ profileId: 'p1', status: 'created' }).map((x) => x.id)).toEqual([d.id]);
    expect(store.latestUnfinished()).toBeNull();
    expect(actions()).toEqual(['draft_created', 'create_requested', 'service_user_created']);
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      target: 'su-123',
      details: { draftId: d.id, name: 'Build bot' },
    });
  });

  it('markReady refuses incomplete fields with draft_not_ready and field errors', () => {
    const d = create({ friendlyName: 'bad name!' });
    try {
      store.markReady(d.id);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('draft_not_ready');
      expect((e as AppError).fieldErrors!.map((f) => f.field)).toEqual(
        expect.arrayContaining(['friendlyName', 'email', 'accountIds', 'managers']),
      );
    }
    expect(store.get(d.id).state).toBe('editing');
  });

  it('markReady checks the end date against the clock', () => {
    const d = create({ ...complete, endDate: '2026-02-28' });
    expect(() => store.markReady(d.id)).toThrow(expect.objectContaining({ code: 'draft_not_ready' }));
  });

  it('refuses illegal transitions with conflict and changes nothing', () => {
    const d = create(complete);
    expect(() => store.markCreated(d.id, 'x', 'y')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => store.markFailed(d.id, 'offline')).toThrow(expect.objectContaining({ code: 'conflict' }));
    store.markReady(d.id);
    store.markSending(d.id);
    expect(() => store.save({ id: d.id, profileId: 'p1', step: 0, fields: {} })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() => store.delete(d.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    store.markCreated(d.id, 'su', 'Build bot');
    expect(() => store.markReady(d.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => store.markSending(d.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => store.save({ id: d.id, profileId: 'p1', step: 0, fields: {} })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(store.get(d.id).state).toBe('created');
  });

  it('failed keeps the code, can be edited (back to editing) or retried via ready', () => {
    const d = create(complete);
    store.markReady(d.id);
    store.markSending(d.id);
    const failed = store.markFailed(d.id, 'duplicate_name');
    expect(failed).toMatchObject({ state: 'failed', failureCode: 'duplicate_name' });
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      action: 'create_failed',
      outcome: 'failed',
      details: { code: 'duplicate_name' },
    });
    const edited = store.save({
      id: d.id,
      profileId: 'p1',
      step: 0,
      fields: { ...complete, friendlyName: 'Build bot 2' },
    });
    expect(edited).toMatchObject({ state: 'editing', failureCode: null });
    expect(store.markReady(d.id).state).toBe('ready');
  });

  it('saving a ready draft sends it back to editing', () => {
    const d = create(complete);
    store.markReady(d.id);
    expect(store.save({ id: d.id, profileId: 'p1', step: 2, fields: complete }).state).toBe('editing');
  });

  it('created_token_lost from sending or from created, with the record', () => {
    const d = create(complete);
    store.markReady(d.id);
    store.markSending(d.id);
    const lost = store.markCreatedTokenLost(d.id, 'su-9', 'Build bot');
    expect(lost).toMatchObject({ state: 'created_token_lost', created: { serviceUserId: 'su-9', by: 'alice' } });
    const e = create(complete);
    store.markReady(e.id);
    store.markSending(e.id);
    store.markCreated(e.id, 'su-10', 'Build bot');
    expect(store.markCreatedTokenLost(e.id, 'su-10', 'Build bot').state).toBe('created_token_lost');
    expect(actions().filter((a) => a === 'create_token_lost')).toHaveLength(2);
  });

  it('markSending goes from editing, ready or failed to sending in one step, checking the fields', () => {
    const editing = create(complete);
    const sent = store.markSending(editing.id);
    expect(sent).toMatchObject({ state: 'sending', revision: 2 }); // one write, no "ready" in between
    const ready = create(complete);
    store.markReady(ready.id);
    expect(store.markSending(ready.id).state).toBe('sending');
    store.markFailed(ready.id, 'offline');
    expect(store.markSending(ready.id)).toMatchObject({ state: 'sending', failureCode: null });
    expect(actions().filter((a) => a === 'create_requested')).toHaveLength(3);

    const incomplete = create({ friendlyName: 'Half done' });
    expect(() => store.markSending(incomplete.id)).toThrow(expect.objectContaining({ code: 'draft_not_ready' }));
    expect(store.get(incomplete.id)).toMatchObject({ state: 'editing', revision: 1 });
  });

  it('markSending leaves a draft that is already sending as it is, without a second entry', () => {
    const d = create(complete);
    const sending = store.markSending(d.id);
    clock.advance(1000);
    expect(store.markSending(d.id)).toEqual(sending);
    expect(actions().filter((a) => a === 'create_requested')).toHaveLength(1);
  });

  it('markSending is atomic: when recording fails, the draft stays as it was', () => {
    const d = create(complete);
    vi.spyOn(audit, 'append').mockImplementationOnce(() => {
      throw new Error('disk gone');
    });
    expect(() => store.markSending(d.id)).toThrow('disk gone');
    expect(store.get(d.id)).toMatchObject({ state: 'editing', revision: 1 });
  });

  it('each transition answers the draft as stored afterwards', () => {
    const d = create(complete);
    const steps = [
      () => store.markReady(d.id),
      () => store.markSending(d.id),
      () => store.markFailed(d.id, 'offline'),
      () => store.startSending(d.id).draft,
      () => store.markCreated(d.id, 'su-1', 'Build bot'),
      () => store.markCreatedTokenLost(d.id, 'su-1', 'Build bot'),
    ];
    for (const step of steps) {
      clock.advance(1000);
      expect(step()).toEqual(store.get(d.id));
    }
    expect(store.get(d.id)).toMatchObject({ state: 'created_token_lost', revision: 7 });
  });

  it('startSending answers the service user it checked, as the fields are stored at that moment', () => {
    const d = create(complete);
    // Checked once before a client is asked for...
    expect(store.serviceUserOf(store.get(d.id).fields).friendlyName).toBe('Build bot');
    // ...then edited meanwhile: what is sent is what was committed as sending.
    store.save({ id: d.id, profileId: 'p1', step: 4, fields: { ...complete, friendlyName: '  Deploy bot ' } });
    const { draft, input } = store.startSending(d.id);
    expect(draft).toMatchObject({ state: 'sending', friendlyName: '  Deploy bot ' });
    expect(input).toMatchObject({ friendlyName: 'Deploy bot', email: 'ops@example.com', accountIds: ['acc-1'] });
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      action: 'create_requested',
      details: { name: '  Deploy bot ' },
    });
    // A resend (already sending) answers the same service user without a second entry.
    expect(store.startSending(d.id).input).toEqual(input);
    expect(actions().filter((a) => a === 'create_requested')).toHaveLength(1);
  });

  it('the remembered check follows the day: fields fine today are refused tomorrow', () => {
    const d = create({ ...complete, endDate: '2026-03-01' });
    expect(store.serviceUserOf(store.get(d.id).fields).endDate).toBe('2026-03-01');
    clock.set('2026-03-02T00:00:01.000Z');
    expect(() => store.serviceUserOf(store.get(d.id).fields)).toThrow(
      expect.objectContaining({ code: 'draft_not_ready' }),
    );
    expect(() => store.startSending(d.id)).toThrow(expect.objectContaining({ code: 'draft_not_ready' }));
    expect(store.get(d.id)).toMatchObject({ state: 'editing', revision: 1 });
  });

  it('each transition bumps the revision', () => {
    const d = create(complete);
    expect(store.markReady(d.id).revision).toBe(2);
    expect(store.markSending(d.id).revision).toBe(3);
  });
});

describe('duplicate', () => {
  it('copies the fields into a new editing draft at step 0 with a " copy" name', () => {
    const d = create(complete);
    store.markReady(d.id);
    store.markSending(d.id);
    store.markCreated(d.id, 'su', 'Build bot');
    const copy = store.duplicate(d.id);
    expect(copy.id).not.toBe(d.id);
    expect(copy).toMatchObject({
      state: 'editing',
      step: 0,
      revision: 1,
      created: null,
      fields: { ...complete, friendlyName: 'Build bot copy' },
    });
    expect(store.duplicate(d.id).friendlyName).toBe('Build bot copy 2');
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({ action: 'draft_created', details: { from: d.id } });
  });

  it('copyName stays within 64 characters and avoids taken names case-insensitively', () => {
    const long = 'x'.repeat(64);
    expect(copyName(long, new Set())).toHaveLength(64);
    expect(copyName('A', new Set(['a copy']))).toBe('A copy 2');
  });

  it('an empty name stays empty', () => {
    const d = create({ email: 'a@b.c' });
    expect(store.duplicate(d.id).fields).toEqual({ email: 'a@b.c' });
  });
});

describe('delete and undo', () => {
  it('soft-deletes, hides from list/get, and undo restores within the session', () => {
    const d = create();
    expect(store.delete(d.id)).toEqual({ id: d.id });
    expect(store.list({ profileId: 'p1' })).toEqual([]);
    expect(() => store.get(d.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    const back = store.undoDelete(d.id);
    expect(back).toMatchObject({ id: d.id, deletedAt: null, fields: { friendlyName: 'Build bot' } });
    expect(store.list({ profileId: 'p1' }).map((x) => x.id)).toEqual([d.id]);
    expect(actions()).toEqual(['draft_created', 'draft_deleted', 'draft_restored']);
  });

  it('undo is not available to a later session, and old deletions are purged on open', () => {
    const d = create();
    store.delete(d.id);
    const later = createDraftStore(ctx.db, { clock: clock.now, audit });
    expect(() => later.undoDelete(d.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(ctx.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(1); // still inside the grace period
    clock.advance(24 * 60 * 60_000 + 1);
    createDraftStore(ctx.db, { clock: clock.now, audit });
    expect(ctx.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
  });

  it('purge keeps drafts that are not deleted', () => {
    create();
    clock.advance(365 * 24 * 60 * 60_000);
    expect(store.purgeDeleted()).toBe(0);
    expect(store.list({ profileId: 'p1' })).toHaveLength(1);
  });
});

describe('untitled drafts expire', () => {
  it('an untitled draft unchanged for the TTL is deleted on open (on record); named, recent or sent ones stay', () => {
    const untitled = create({ endDate: '' });
    const blankName = create({ friendlyName: '   ', email: 'x' });
    const named = create({ friendlyName: 'Build bot' });
    const sent = create({ ...complete, friendlyName: '' });
    ctx.db.prepare("UPDATE drafts SET state = 'failed' WHERE id = ?").run(sent.id);
    clock.advance(UNTITLED_DRAFT_TTL_MS - 1);
    const recent = create({ description: '' }); // younger than the TTL when the next store opens
    createDraftStore(ctx.db, { clock: clock.now, audit });
    expect(store.list({ profileId: 'p1' }).map((d) => d.id)).toHaveLength(5); // nothing old enough yet
    clock.advance(2);
    const later = createDraftStore(ctx.db, { clock: clock.now, audit });
    expect(new Set(later.list({ profileId: 'p1' }).map((d) => d.id))).toEqual(new Set([named.id, sent.id, recent.id]));
    for (const id of [untitled.id, blankName.id])
      expect(() => later.get(id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    const expired = audit
      .query({ limit: 50 })
      .entries.filter((e) => e.action === 'draft_deleted')
      .map((e) => [e.target, e.details]);
    expect(expired).toEqual(
      expect.arrayContaining([
        [untitled.id, { name: null, reason: 'expired' }],
        [blankName.id, { name: null, reason: 'expired' }],
      ]),
    );
    expect(expired).toHaveLength(2);
    expect(later.expireUntitled()).toBe(0); // once only
  });
});

describe('secrets', () => {
  it('never writes draft field values into the audit log', () => {
    const d = create({ ...complete, description: 'SECRET-DESCRIPTION', email: 'secret-mail@example.com' });
    store.markReady(d.id);
    const all = JSON.stringify(audit.query({ limit: 500 }).entries);
    expect(all).not.toContain('SECRET-DESCRIPTION');
    expect(all).not.toContain('secret-mail');
  });
});
