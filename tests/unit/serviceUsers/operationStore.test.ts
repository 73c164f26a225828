import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import type { Db } from '../../../electron/core/db/database';
import { createServiceUserHistory } from '../../../electron/core/serviceUsers/history';
import { createOperationStore, publicOperation } from '../../../electron/core/serviceUsers/operationStore';
import { tokenNameFor } from '../../../electron/core/serviceUsers/operations';
import { TOKEN_NAME_MAX, tokenNameSchema } from '../../../shared/manage';
import { manualClock, openTempDb } from '../../support/db';

function addProfile(db: Db, id: string) {
  db.prepare(
    `INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at)
     VALUES (?, ?, 'digicert', 'us', 'https://one.example', 'session', 'now', 'now')`,
  ).run(id, `Profile ${id}`);
}

describe('the operation store (real SQLite file)', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let audit: AuditLog;
  let store: ReturnType<typeof createOperationStore>;
  const clock = manualClock('2026-12-01T10:00:00.000Z');

  beforeEach(() => {
    tmp = openTempDb();
    addProfile(tmp.db, 'p1');
    audit = createAuditLog(tmp.db, { clock: clock.now, osUser: 'tester' });
    store = createOperationStore(tmp.db, { audit, clock: clock.now });
  });
  afterEach(() => tmp.cleanup());

  const prepared = () =>
    store.create(
      {
        profileId: 'p1',
        userId: 'u1',
        friendlyName: 'build bot',
        request: { kind: 'issueToken', name: 'ci' },
        sentName: 'ci [abcde]',
      },
      { action: 'operation_prepared', details: { tokenName: 'ci [abcde]' } },
    );

  it('records each state change together with its audit entry, naming the user as target', () => {
    const op = prepared();
    expect(op).toMatchObject({ state: 'queued', sentName: 'ci [abcde]', unanswered: false });
    clock.advance(1000);
    store.markSending(op.id, { action: 'token_issue_requested', details: { tokenName: 'ci [abcde]' } });
    const lost = store.markUnanswered(op.id, { code: 'connection_lost', message: 'no answer' });
    expect(lost).toMatchObject({ state: 'sending', unanswered: true, error: { code: 'connection_lost' } });
    const done = store.markDone(op.id, { action: 'token_issued' }, { result: { tokenId: 't1' } });
    expect(done).toMatchObject({ state: 'done', unanswered: true, result: { tokenId: 't1' } });
    expect(done.error).toBeUndefined();
    expect(done.updatedAt).toBe('2026-12-01T10:00:01.000Z');

    const entries = audit.query({ limit: 10 }).entries.reverse();
    expect(entries.map((e) => [e.action, e.target, e.details?.operationId])).toEqual([
      ['operation_prepared', 'u1', op.id],
      ['token_issue_requested', 'u1', op.id],
      ['token_issued', 'u1', op.id],
    ]);
    expect(store.unsettled('p1')).toEqual([]);
  });

  it('an issueToken that got no answer once cannot be discarded after it failed (a token may exist)', () => {
    const op = prepared();
    store.markSending(op.id);
    store.markUnanswered(op.id, { code: 'connection_lost', message: 'no answer' });
    store.markFailed(op.id, { code: 'connection_lost', message: 'not found' }, { action: 'token_issued' });
    expect(() => store.discard(op.id)).toThrow(/may already have been issued/);
    expect(store.get(op.id).state).toBe('failed');
  });

  it('a 503 may follow a commit: a sent certificate create or token issue cannot be discarded after it', () => {
    const maintenance = { code: 'maintenance', message: 'DigiCert ONE is unavailable.' } as const;
    const certificate = (sentName: string | null) =>
      store.create(
        {
          profileId: 'p1',
          userId: 'u1',
          friendlyName: 'build bot',
          request: { kind: 'createCertificate', nickname: 'ci', endDate: '2026-12-31' },
          sentName,
        },
        { action: 'operation_prepared' },
      );
    const sent = certificate(null);
    store.markSending(sent.id, undefined, 'ci');
    store.markQueued(sent.id, maintenance);
    expect(() => store.discard(sent.id)).toThrow(/may already have been generated/);

    const token = prepared();
    store.markSending(token.id);
    store.markQueued(token.id, maintenance);
    expect(() => store.discard(token.id)).toThrow(/may already have been issued/);

    // Never sent (no nickname recorded), or refused outright: discarded as before.
    const unsent = certificate(null);
    store.markQueued(unsent.id, maintenance);
    store.discard(unsent.id);
    const refused = certificate(null);
    store.markSending(refused.id, undefined, 'ci');
    store.markFailed(refused.id, { code: 'validation_failed', message: 'no' }, { action: 'certificate_generated' });
    store.discard(refused.id);
    expect(store.unsettled('p1').map((o) => o.id)).toEqual([sent.id, token.id]);
  });

  it('marking an operation sending that was left sending (a crash) makes it unanswered', () => {
    const op = prepared();
    expect(store.markSending(op.id).unanswered).toBe(false);
    expect(store.markSending(op.id).unanswered).toBe(true);
  });

  it('a state change whose audit entry cannot be written does not happen', () => {
    const op = prepared();
    expect(() => store.markSending(op.id, { action: 'no_such_action' as never })).toThrow();
    expect(store.get(op.id).state).toBe('queued');
  });

  it('discards queued and failed operations only, on record; the renderer never sees the sent name', () => {
    const op = prepared();
    expect(publicOperation(op)).not.toHaveProperty('sentName');
    expect(publicOperation(op)).not.toHaveProperty('unanswered');
    store.markSending(op.id);
    expect(() => store.discard(op.id)).toThrow(/outcome is not known/);
    store.markFailed(op.id, { code: 'access_denied', message: 'no' }, { action: 'token_issued', outcome: 'failed' });
    store.discard(op.id);
    expect(() => store.get(op.id)).toThrow(/no longer exists/);
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({ action: 'operation_discarded', target: 'u1' });
  });

  it('unsettled operations come oldest first, per profile and per user', () => {
    const a = prepared();
    clock.advance(1000);
    const b = store.create(
      { profileId: 'p1', userId: 'u2', friendlyName: 'other', request: { kind: 'delete' }, sentName: null },
      { action: 'operation_prepared' },
    );
    expect(store.unsettled('p1').map((o) => o.id)).toEqual([a.id, b.id]);
    expect(store.unsettledForUser('p1', 'u2').map((o) => o.id)).toEqual([b.id]);
  });

  it('operations and their users go with their profile', () => {
    prepared();
    tmp.db.prepare("DELETE FROM profiles WHERE id = 'p1'").run();
    expect(store.unsettled('p1')).toEqual([]);
  });
});

describe("a service user's history and saved keychain items (from the audit log)", () => {
  it('finds entries by target and by details.serviceUserId; an item deleted by the app is no longer offered', () => {
    const tmp = openTempDb();
    try {
      addProfile(tmp.db, 'p1');
      const clock = manualClock();
      const audit = createAuditLog(tmp.db, { clock: clock.now, osUser: 'tester' });
      const history = createServiceUserHistory(tmp.db);
      const item = { service: 'svc', account: 'bot' };
      const add = (action: Parameters<AuditLog['append']>[0]['action'], target: string, details = {}) => {
        clock.advance(1000);
        audit.append({ action, profileId: 'p1', target, details });
      };
      add('service_user_created', 'u1', { draftId: 'd1', name: 'bot' });
      add('token_saved_to_keychain', 'bot', { serviceUserId: 'u1', ...item });
      add('token_saved_to_keychain', 'other', { serviceUserId: 'u2', service: 'svc', account: 'other' });
      add('token_overwrote_keychain_item', 'bot', { serviceUserId: 'u1', ...item });
      add('token_saved_to_keychain', 'bot', { serviceUserId: 'u1', service: 'svc2', account: 'bot' });

      expect(history.history('p1', 'u1').map((e) => e.action)).toEqual([
        'token_saved_to_keychain',
        'token_overwrote_keychain_item',
        'token_saved_to_keychain',
        'service_user_created',
      ]);
      expect(history.savedItems('p1', 'u1').map((s) => s.item)).toEqual([{ service: 'svc2', account: 'bot' }, item]);
      add('keychain_item_deleted', 'u1', { serviceUserId: 'u1', ...item, existed: true });
      expect(history.savedItems('p1', 'u1').map((s) => s.item)).toEqual([{ service: 'svc2', account: 'bot' }]);
      expect(history.savedItems('p1', 'u2').map((s) => s.item.account)).toEqual(['other']);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('the name a requested token is given', () => {
  it("is the admin's name plus a short unique suffix, within the token name limit", () => {
    const names = new Set(Array.from({ length: 200 }, () => tokenNameFor('ci')));
    expect(names.size).toBe(200);
    for (const name of names) expect(name).toMatch(/^ci \[[a-z2-9]{5}\]$/);
    const long = tokenNameFor('x'.repeat(TOKEN_NAME_MAX));
    expect(long.length).toBeLessThanOrEqual(TOKEN_NAME_MAX);
    expect(tokenNameSchema.safeParse(long).success).toBe(true);
  });
});
