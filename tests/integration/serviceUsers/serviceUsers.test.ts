import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LOG_FILE } from '../../../electron/core/app';
import { DATABASE_FILE_NAME } from '../../../electron/core/db/database';
import { UNREACHABLE_CODES } from '../../../electron/core/reference/connectivity';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import type { AppEvent } from '../../../shared/ipc/events';
import type { OperationOutcome } from '../../../shared/manage';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

const P = 'sandbox';
const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A core against a sandbox tenant of its own (started here, so tests can switch faults and read state). */
describe('managing service users through core against the sandbox', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let tenantDir: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let running = false;
  let t: TestCore;
  let events: AppEvent[];

  const open = async (apiKey?: string) => {
    t = await startTestCore(tmp.dir, {
      externalSandbox: { baseUrl: sandbox.url, apiKey: apiKey ?? sandbox.adminKey },
    });
    events = [];
    t.core.onEvent((e) => events.push(e));
  };

  beforeEach(async () => {
    tmp = makeTempDir();
    tenantDir = makeTempDir();
    sandbox = await startSandbox({
      seed: 11,
      extraServiceUsers: 230,
      maxPageSize: 40,
      stateFile: join(tenantDir.dir, 'tenant.json'),
    });
    running = true;
    await open();
  });
  afterEach(async () => {
    await t.core.close();
    if (running) await sandbox.close();
    tmp.cleanup();
    tenantDir.cleanup();
  });

  /** DigiCert ONE goes away. */
  const goOffline = async () => {
    await sandbox.close();
    running = false;
  };

  const serviceUsers = () => sandbox.state.users.filter((u) => u.user_type === 'service');
  /** A seeded service user with an end date far enough out to extend and shorten. */
  const someUser = () =>
    serviceUsers().find((u) => u.status === 'ACTIVE' && (!u.end_date || u.end_date > daysFromNow(60)))!;
  const tokensOf = (userId: string) => sandbox.state.tokenHashes.filter((tk) => tk.userId === userId);
  const audit = async () => (await t.must('audit.query', { limit: 500 })).entries;
  const asCaller = (key: string) =>
    fetch(`${sandbox.url}/account/api/v1/user/me`, { headers: { 'x-api-key': key } }).then(async (r) => ({
      status: r.status,
      body: r.ok ? ((await r.json()) as { id: string }) : undefined,
    }));

  async function run(userId: string, operation: Parameters<TestCore['must']>[1] & object) {
    const op = await t.must('serviceUsers.prepare', { profileId: P, userId, operation } as never);
    return t.must('serviceUsers.sendOperation', { operationId: op.id });
  }

  it('refresh fetches every page into the cache; list answers it offline with its "as of"', async () => {
    expect(await t.must('serviceUsers.list', { profileId: P })).toEqual({ profileId: P, users: [], asOf: null });

    const fresh = await t.must('serviceUsers.refresh', { profileId: P });
    expect(fresh.users).toHaveLength(serviceUsers().length);
    expect(serviceUsers().length).toBeGreaterThan(200); // several pages of 40
    expect(new Set(fresh.users.map((u) => u.id))).toEqual(new Set(serviceUsers().map((u) => u.id)));
    expect(fresh.asOf).not.toBeNull();
    expect(events).toContainEqual({ name: 'serviceUsers.changed', payload: { profileId: P, asOf: fresh.asOf } });
    const refreshed = (await audit()).filter((e) => e.action === 'service_users_refreshed');
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]!.details).toEqual({ count: fresh.users.length });

    await goOffline();
    const offline = await t.call('serviceUsers.refresh', { profileId: P });
    expect(!offline.ok && UNREACHABLE_CODES.has(offline.error.code)).toBe(true);
    const cached = await t.must('serviceUsers.list', { profileId: P });
    expect(cached.asOf).toBe(fresh.asOf);
    expect(cached.users).toHaveLength(fresh.users.length);
  });

  it('details online: the user, its tokens (no values), roles per manager; offline: the cached user without tokens', async () => {
    await t.must('reference.refresh', { profileId: P });
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = serviceUsers().find((u) => u.application_codes.length >= 2 && tokensOf(u.id).length > 0) ?? someUser();
    const details = await t.must('serviceUsers.details', { profileId: P, userId: user.id });
    expect(details.user).toMatchObject({ id: user.id, friendlyName: user.friendly_name, muted: false });
    expect(details.tokens?.map((tk) => tk.id).sort()).toEqual(
      tokensOf(user.id)
        .map((tk) => tk.id)
        .sort(),
    );
    expect(JSON.stringify(details.tokens)).not.toMatch(/"(token|value|api_token)"/);
    const ref = (await t.must('reference.get', { profileId: P })).data!;
    for (const group of details.roles) {
      for (const roleId of group.roleIds) {
        expect(ref.roles.find((r) => r.id === roleId)?.managerId).toBe(group.managerId);
      }
    }
    expect(details.roles.flatMap((g) => g.roleIds).sort()).toEqual([...user.role_ids].sort());
    expect(details.operations).toEqual([]);

    await goOffline();
    const offline = await t.must('serviceUsers.details', { profileId: P, userId: user.id });
    expect(offline.user.id).toBe(user.id);
    expect(offline.tokens).toBeNull();
    expect(UNREACHABLE_CODES.has(offline.tokensError!.code)).toBe(true);
    expect(offline.asOf).toBe(details.asOf);
  });

  it('update: validated like the wizard, sent once, cached, audited with what changed', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    const past = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: { endDate: '2020-01-01' } },
    });
    expect(!past.ok && past.error.code).toBe('validation_failed');
    expect(!past.ok && past.error.fieldErrors?.map((f) => f.field)).toEqual(['endDate']);
    const nothing = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: {} },
    });
    expect(!nothing.ok && nothing.error.code).toBe('validation_failed');

    const endDate = daysFromNow(400);
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: { endDate, description: 'extended by a test' } },
    });
    expect(op.state).toBe('queued');
    expect(await t.must('serviceUsers.operations', { profileId: P })).toEqual([op]);
    const outcome = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(outcome.state).toBe('done');
    expect(outcome.state === 'done' && outcome.user?.endDate).toBe(endDate);
    expect(sandbox.state.users.find((u) => u.id === user.id)).toMatchObject({
      end_date: endDate,
      description: 'extended by a test',
    });
    expect((await t.must('serviceUsers.list', { profileId: P })).users.find((u) => u.id === user.id)?.endDate).toBe(
      endDate,
    );
    expect(await t.must('serviceUsers.operations', { profileId: P })).toEqual([]);
    const again = await t.call('serviceUsers.sendOperation', { operationId: op.id });
    expect(!again.ok && again.error.code).toBe('conflict');

    const entries = await audit();
    expect(entries.find((e) => e.action === 'operation_prepared')?.details).toMatchObject({
      kind: 'update',
      changed: ['description', 'endDate'],
      endDate,
    });
    expect(entries.find((e) => e.action === 'service_user_changed')).toMatchObject({
      target: user.id,
      outcome: 'ok',
      details: expect.objectContaining({ endDate, operationId: op.id }),
    });
    const history = (await t.must('serviceUsers.details', { profileId: P, userId: user.id })).history;
    expect(history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['operation_prepared', 'service_user_changed']),
    );
    expect(sandbox.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(user.id))).toHaveLength(1);
  });

  it('delete: gone in DigiCert and from the cache; deleting it again is done (404)', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    const first = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'delete' },
    });
    const second = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'delete' },
    });
    expect((await t.must('serviceUsers.sendOperation', { operationId: first.id })).state).toBe('done');
    expect(sandbox.state.users.some((u) => u.id === user.id)).toBe(false);
    expect((await t.must('serviceUsers.list', { profileId: P })).users.some((u) => u.id === user.id)).toBe(false);
    expect((await t.must('serviceUsers.sendOperation', { operationId: second.id })).state).toBe('done');
    const deleted = (await audit()).filter((e) => e.action === 'service_user_deleted');
    expect(deleted.map((e) => [e.target, e.outcome])).toEqual([
      [user.id, 'ok'],
      [user.id, 'ok'],
    ]);
    const gone = await t.call('serviceUsers.details', { profileId: P, userId: user.id });
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });

  it('rotation: issue into the keychain before it is shown, it works; revoke the old one; saved items and their deletion', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    const item = { service: 'DigiCert ONE service user token (rotation test)', account: user.friendly_name! };
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'issueToken', name: 'ci rotated' },
    });
    const outcome = await t.must('serviceUsers.sendOperation', { operationId: op.id, saveTo: item });
    if (outcome.state !== 'done' || !outcome.token) throw new Error(`not issued: ${JSON.stringify(outcome)}`);
    expect(outcome.token).toMatchObject({ operationId: op.id, serviceUserId: user.id, savedTo: item });
    expect(outcome.token.draftId).toBeUndefined();
    const value = await t.keychain.get(item.service, item.account);
    expect(value).toBeTruthy();
    expect((await t.must('token.reveal', { handle: outcome.token.handle })).token).toBe(value);
    expect(await asCaller(value!)).toEqual({ status: 200, body: expect.objectContaining({ id: user.id }) });
    const issued = tokensOf(user.id).filter((tk) => tk.name.startsWith('ci rotated ['));
    expect(issued).toHaveLength(1);

    // Rotate again, then revoke the first: the sandbox refuses it, the newer one still works.
    const next = await run(user.id, { kind: 'issueToken', name: 'ci rotated again' });
    if (next.state !== 'done' || !next.token) throw new Error('not issued');
    const nextValue = (await t.must('token.reveal', { handle: next.token.handle })).token;
    await t.must('token.dismiss', { handle: next.token.handle, unsaved: 'stored_elsewhere' });
    const first = issued[0]!;
    const revoked = await run(user.id, {
      kind: 'revokeToken',
      tokenId: first.id,
      tokenName: first.name,
      mode: 'disable',
    });
    expect(revoked.state).toBe('done');
    expect(tokensOf(user.id).find((tk) => tk.id === first.id)?.status).toBe('DISABLED');
    expect((await asCaller(value!)).status).toBe(401);
    expect((await asCaller(nextValue)).status).toBe(200);
    const deleted = await run(user.id, {
      kind: 'revokeToken',
      tokenId: first.id,
      tokenName: first.name,
      mode: 'delete',
    });
    expect(deleted.state).toBe('done');
    expect(tokensOf(user.id).some((tk) => tk.id === first.id)).toBe(false);
    expect((await audit()).filter((e) => e.action === 'token_revoked').map((e) => e.details?.mode)).toEqual([
      'delete',
      'disable',
    ]);

    // Whether the saved item is still there is asked without reading the token (SecretStore.has).
    const read = vi.spyOn(t.keychain, 'get');
    const details = await t.must('serviceUsers.details', { profileId: P, userId: user.id });
    expect(details.savedTokenItems).toEqual([{ item, savedAt: expect.any(String), exists: true }]);
    expect(
      read.mock.calls.filter(([service, account]) => service === item.service && account === item.account),
    ).toEqual([]);
    read.mockRestore();
    expect(details.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['token_issue_requested', 'token_issued', 'token_saved_to_keychain', 'token_revealed']),
    );
    const other = await t.call('serviceUsers.deleteSavedItem', {
      profileId: P,
      userId: user.id,
      item: { service: item.service, account: 'someone else' },
    });
    expect(!other.ok && other.error.code).toBe('not_found');
    expect(await t.must('serviceUsers.deleteSavedItem', { profileId: P, userId: user.id, item })).toEqual({
      deleted: true,
    });
    expect(await t.keychain.get(item.service, item.account)).toBeNull();
    expect((await t.must('serviceUsers.details', { profileId: P, userId: user.id })).savedTokenItems).toEqual([]);

    await t.must('token.dismiss', { handle: outcome.token.handle });
    const entries = await audit();
    expect(JSON.stringify(entries)).not.toContain(value!);
    expect(JSON.stringify(entries)).not.toContain(nextValue);
    expect(findSecretsOnDisk(tmp.dir, [value!, nextValue, sandbox.adminKey])).toEqual([]);
    const log = readFileSync(join(tmp.dir, LOG_FILE), 'utf8');
    expect(log).not.toContain(value!);
    expect(log).not.toContain(nextValue);
  });

  it("a token end date after the user's is refused before anything is sent", async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = serviceUsers().find((u) => u.end_date && u.end_date > today())!;
    const late = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'issueToken', name: 'too long', endDate: '2999-01-01' },
    });
    expect(!late.ok && late.error.fieldErrors?.map((f) => f.field)).toEqual(['endDate']);
  });

  it('a limited key gets access_denied: failed, truthfully, nothing changed', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    await t.core.close();
    await open(sandbox.limitedKey);
    const user = someUser();
    const before = user.end_date;
    const outcome = await run(user.id, { kind: 'update', change: { endDate: daysFromNow(500) } });
    expect(outcome.state).toBe('failed');
    expect(outcome.state === 'failed' && outcome.error.code).toBe('access_denied');
    expect(sandbox.state.users.find((u) => u.id === user.id)?.end_date).toBe(before);
    const [pending] = await t.must('serviceUsers.operations', { profileId: P });
    expect(pending).toMatchObject({ state: 'failed', error: expect.objectContaining({ code: 'access_denied' }) });
    expect((await t.must('serviceUsers.discard', { operationId: pending!.id })).discarded).toBe(true);
    expect((await audit()).some((e) => e.action === 'operation_discarded')).toBe(true);
  });

  it('lost answers: a repeated PUT is harmless; an issued token is found by its name and never issued twice', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();

    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'PUT' });
    const endDate = daysFromNow(200);
    const changed = await run(user.id, { kind: 'update', change: { endDate } });
    expect(changed.state).toBe('done');
    expect(sandbox.state.users.find((u) => u.id === user.id)?.end_date).toBe(endDate);

    const before = tokensOf(user.id).length;
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: /api-access-token$/ });
    const lost = await run(user.id, { kind: 'issueToken', name: 'lost answer' });
    expect(lost.state).toBe('done');
    expect(lost.state === 'done' && lost.token).toBeFalsy();
    expect(lost.operation.error?.message).toMatch(/issued, but its value never reached/);
    expect(tokensOf(user.id)).toHaveLength(before + 1);
    expect((await audit()).find((e) => e.action === 'token_issue_lost')).toMatchObject({
      target: user.id,
      outcome: 'failed',
    });

    // A reset before the server acted: not issued, so it may be sent again — once.
    sandbox.faults.once({ kind: 'reset' }, { method: 'POST', path: /api-access-token$/ });
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'issueToken', name: 'after reset' },
    });
    const first = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(first.state).toBe('failed');
    const second = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(second.state === 'done' && !!second.token).toBe(true);
    expect(tokensOf(user.id).filter((tk) => tk.name.startsWith('after reset ['))).toHaveLength(1);
    if (second.state === 'done' && second.token)
      await t.must('token.dismiss', { handle: second.token.handle, unsaved: 'discarded' });
  });

  it('a change is refused while an earlier one to the same user is still being checked', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'PUT', times: 2 });
    sandbox.faults.once({ kind: 'reset' }, { method: 'GET' });
    const a = await run(user.id, { kind: 'update', change: { endDate: daysFromNow(200) } });
    expect(a.state).toBe('sending');
    const b = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: { endDate: daysFromNow(100) } },
    });
    expect(!b.ok && b.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/still being checked/) });
    const del = await t.call('serviceUsers.prepare', { profileId: P, userId: user.id, operation: { kind: 'delete' } });
    expect(!del.ok && del.error.code).toBe('conflict');
  });

  it('an operation left "sending" by a crash is unanswered: turned away on retry it stays sending, not discardable', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: { endDate: daysFromNow(150) } },
    });
    await t.core.close();
    // What a crash after the intent was committed leaves behind.
    const db = new Database(join(tmp.dir, DATABASE_FILE_NAME));
    db.prepare("UPDATE service_user_operations SET state = 'sending' WHERE id = ?").run(op.id);
    db.close();
    // Turned away unprocessed from the start (so nothing settles it in the background first).
    sandbox.faults.set({ kind: 'maintenance' });
    await open();
    const retry = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(retry.state === 'sending' && retry.error.code).toBe('maintenance');
    const discard = await t.call('serviceUsers.discard', { operationId: op.id });
    expect(!discard.ok && discard.error.code).toBe('conflict');
    sandbox.faults.set(null);
  });

  it('an issueToken tried before (503) looks for its token before it is sent again', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    sandbox.faults.once({ kind: 'maintenance' }, { method: 'POST', path: /api-access-token$/ });
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'issueToken', name: 'after 503' },
    });
    const first = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(first.state).toBe('queued');
    const from = sandbox.requests.length;
    const second = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(second.state === 'done' && !!second.token).toBe(true);
    const after = sandbox.requests.slice(from).filter((r) => /api-access-token/.test(r.path));
    expect(after.map((r) => r.method)).toEqual(['GET', 'POST']);
    if (second.state === 'done' && second.token)
      await t.must('token.dismiss', { handle: second.token.handle, unsaved: 'discarded' });
  });

  it('a revoke answered 404 is done only when the token is really gone', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = serviceUsers().find((u) => tokensOf(u.id).length > 0)!;
    const token = tokensOf(user.id)[0]!;
    const revoke = { kind: 'revokeToken', tokenId: token.id, tokenName: token.name, mode: 'delete' } as const;
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 404, body: { errors: [{ code: 'not_found' }] } } },
      {
        method: 'DELETE',
      },
    );
    const wrong = await run(user.id, revoke);
    expect(wrong.state).toBe('failed');
    expect(tokensOf(user.id).some((tk) => tk.id === token.id)).toBe(true);
    expect((await run(user.id, revoke)).state).toBe('done');
    expect(tokensOf(user.id).some((tk) => tk.id === token.id)).toBe(false);
    const again = await run(user.id, revoke);
    expect(again.state === 'done' && again.operation.error).toBeFalsy();
    expect(again.state).toBe('done');
  });

  it('a create that ended "token not received" gets a new token by rotation, no refresh needed', async () => {
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: /\/user$/ });
    const draft = await t.must('drafts.save', {
      profileId: P,
      step: 2,
      fields: await validFields(t, 'lost token bot'),
    });
    const created = await t.must('creation.create', { draftId: draft.id });
    if (created.state !== 'created_token_lost') throw new Error(created.state);

    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: created.serviceUserId,
      operation: { kind: 'issueToken', name: 'replacement' },
    });
    expect(op.friendlyName).toBe('lost token bot');
    const outcome = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    if (outcome.state !== 'done' || !outcome.token) throw new Error(outcome.state);
    expect(outcome.token).toMatchObject({ serviceUserId: created.serviceUserId, friendlyName: 'lost token bot' });
    const { token } = await t.must('token.reveal', { handle: outcome.token.handle });
    expect(await asCaller(token)).toEqual({
      status: 200,
      body: expect.objectContaining({ id: created.serviceUserId }),
    });
    await t.must('token.dismiss', { handle: outcome.token.handle, unsaved: 'stored_elsewhere' });
  });

  it('reconcile settles an operation left "sending" when DigiCert could not be asked', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = someUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: /api-access-token$/ });
    sandbox.faults.once({ kind: 'reset' }, { method: 'GET', path: /api-access-token$/ });
    const pending: OperationOutcome = await run(user.id, { kind: 'issueToken', name: 'unsettled' });
    expect(pending.state).toBe('sending');
    expect((await t.must('serviceUsers.operations', { profileId: P }))[0]?.state).toBe('sending');
    const discard = await t.call('serviceUsers.discard', { operationId: pending.operation.id });
    expect(!discard.ok && discard.error.code).toBe('conflict');

    // The reset made the profile look offline; when its probe finds it again, core settles in the
    // background too: whichever comes first settles it, the other finds nothing left.
    const outcomes = await t.must('serviceUsers.reconcile', { profileId: P });
    for (const o of outcomes) expect(o).toMatchObject({ state: 'done', operation: { id: pending.operation.id } });
    await vi.waitFor(async () => expect(await t.must('serviceUsers.operations', { profileId: P })).toEqual([]), {
      timeout: 15_000,
      interval: 50,
    });
    expect(tokensOf(user.id).filter((tk) => tk.name.startsWith('unsettled ['))).toHaveLength(1);
    expect((await audit()).filter((e) => e.action === 'token_issue_lost')).toHaveLength(1);
  });
});

describe('an operation prepared offline (the built-in sandbox switched off)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;
  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir);
  });
  afterEach(async () => {
    await t.core.close();
    tmp.cleanup();
  });

  it('stays queued while DigiCert cannot be reached and is sent once when it returns', async () => {
    await t.must('serviceUsers.refresh', { profileId: P });
    const user = (await t.sandbox()).state.users.find(
      (u) => u.user_type === 'service' && u.status === 'ACTIVE' && (!u.end_date || u.end_date > daysFromNow(60)),
    )!;
    await t.must('sandbox.setRunning', { running: false });
    const endDate = daysFromNow(300);
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId: user.id,
      operation: { kind: 'update', change: { endDate } },
    });
    expect(op.state).toBe('queued');
    const offline = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(offline.state).toBe('queued');
    expect(offline.operation.error?.code).toBe('offline');
    expect((await t.must('serviceUsers.operations', { profileId: P })).map((o) => o.state)).toEqual(['queued']);

    await t.must('sandbox.setRunning', { running: true });
    const back = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    expect(back.state).toBe('done');
    const sandbox = await t.sandbox();
    expect(sandbox.state.users.find((u) => u.id === user.id)?.end_date).toBe(endDate);
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(await t.must('serviceUsers.operations', { profileId: P })).toEqual([]);
  });
});
