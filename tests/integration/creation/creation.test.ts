import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE } from '../../../electron/core/app';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

describe('creating a service user through core against the sandbox', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;

  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir, { clipboardClearSeconds: 1 });
  });
  afterEach(async () => {
    await t.core.close();
    tmp.cleanup();
  });

  const draftOf = async (name: string) =>
    t.must('drafts.save', { profileId: 'sandbox', step: 2, fields: await validFields(t, name) });

  it('offers the built-in sandbox profile on first start, marked as such', async () => {
    const profiles = await t.must('profiles.list', {});
    expect(profiles).toEqual([expect.objectContaining({ id: 'sandbox', kind: 'sandbox', keyStorage: 'none' })]);
  });

  it('creates with two managers; the token is held by handle, revealed only on request, and never on disk', async () => {
    const draft = await draftOf('release-signer_2026');
    const outcome = await t.must('creation.create', { draftId: draft.id });
    expect(outcome.state).toBe('created');
    if (outcome.state !== 'created') return;
    expect(JSON.stringify(outcome)).not.toMatch(/[0-9a-f]{26}_[0-9a-f]{64}/);
    expect(outcome.token.savedTo).toBeNull();

    const sandbox = await t.sandbox();
    const made = sandbox.state.users.filter((u) => u.friendly_name === 'release-signer_2026');
    expect(made).toHaveLength(1);
    expect(made[0]!.application_codes).toHaveLength(2);

    const { token } = await t.must('token.reveal', { handle: outcome.token.handle });
    expect(token).toMatch(/^[0-9a-f]{26}_[0-9a-f]{64}$/);
    expect((await t.must('drafts.get', { id: draft.id })).state).toBe('created');
    expect((await t.must('token.pending', {})).map((p) => p.handle)).toEqual([outcome.token.handle]);
    expect(t.core.hasUnsavedSecret()).toBe(true);

    const audit = await t.must('audit.query', { limit: 50 });
    const actions = audit.entries.map((e) => e.action);
    for (const action of ['create_requested', 'service_user_created', 'token_revealed']) {
      expect(
        actions.filter((a) => a === action),
        action,
      ).toHaveLength(1);
    }

    expect(findSecretsOnDisk(tmp.dir, [token, sandbox.adminKey])).toEqual([]);
    const log = readFileSync(join(tmp.dir, LOG_FILE), 'utf8');
    expect(log).not.toContain(token);
  });

  it('with "save to keychain" the token is in the keychain before it is shown, verified, with read-back commands', async () => {
    const draft = await draftOf('backup agent');
    const item = { service: 'DigiCert ONE service user token (Sandbox (local) · sandbox)', account: 'backup agent' };
    const outcome = await t.must('creation.create', { draftId: draft.id, saveTo: item });
    if (outcome.state !== 'created') throw new Error(outcome.state);
    expect(outcome.token.savedTo).toEqual(item);
    expect(outcome.token.readBack?.linux).toBe(
      `secret-tool lookup service 'DigiCert ONE service user token (Sandbox (local) · sandbox)' username 'backup agent'`,
    );
    const stored = await t.keychain.get(item.service, item.account);
    const sandbox = await t.sandbox();
    expect(stored).toMatch(/^[0-9a-f]{26}_[0-9a-f]{64}$/);
    expect(sandbox.state.tokenHashes.length).toBeGreaterThan(0);
    expect(t.core.hasUnsavedSecret()).toBe(false);
    expect((await t.must('token.dismiss', { handle: outcome.token.handle })).dismissed).toBe(true);
    expect(findSecretsOnDisk(tmp.dir, [stored!])).toEqual([]);
  });

  it('a duplicate friendly name fails on the name field and creates nothing', async () => {
    const existing = (await t.sandbox()).state.users.find((u) => u.user_type === 'service')!.friendly_name!;
    const draft = await draftOf(existing);
    const before = (await t.sandbox()).state.users.length;
    const outcome = await t.must('creation.create', { draftId: draft.id });
    expect(outcome.state).toBe('failed');
    if (outcome.state !== 'failed') return;
    expect(outcome.error.code).toBe('duplicate_name');
    expect(outcome.error.fieldErrors?.[0]?.field).toBe('friendlyName');
    expect((await t.sandbox()).state.users.length).toBe(before);
    expect((await t.must('drafts.get', { id: draft.id })).state).toBe('failed');
  });

  it("a draft carrying the wizard's own options (keychain choice and names) is ready and creates", async () => {
    const fields = {
      ...(await validFields(t, 'with options')),
      saveToKeychain: true,
      keychainItem: { service: 'ci-tokens', account: 'with options' },
    };
    const draft = await t.must('drafts.save', { profileId: 'sandbox', step: 2, fields });
    expect((await t.must('creation.markReady', { draftId: draft.id })).state).toBe('ready');
    const outcome = await t.must('creation.create', { draftId: draft.id, saveTo: fields.keychainItem });
    expect(outcome.state).toBe('created');
    expect(await t.keychain.get('ci-tokens', 'with options')).toMatch(/^[0-9a-f]{26}_[0-9a-f]{64}$/);
  });

  it('an incomplete draft is refused before anything is sent, with field errors', async () => {
    const draft = await t.must('drafts.save', { profileId: 'sandbox', step: 0, fields: { friendlyName: 'bad/name' } });
    const res = await t.call('creation.create', { draftId: draft.id });
    expect(!res.ok && res.error.code).toBe('draft_not_ready');
    const fields = !res.ok ? res.error.fieldErrors?.map((f) => f.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['friendlyName', 'email', 'accountIds', 'managers']));
    expect((await t.sandbox()).requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('commit-then-drop: the user exists, the draft says token lost, and a retry sends nothing', async () => {
    const draft = await draftOf('dropped answer');
    const sandbox = await t.sandbox();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST' });
    const outcome = await t.must('creation.create', { draftId: draft.id });
    expect(outcome.state).toBe('created_token_lost');
    expect(sandbox.state.users.filter((u) => u.friendly_name === 'dropped answer')).toHaveLength(1);
    expect((await t.must('drafts.get', { id: draft.id })).state).toBe('created_token_lost');
    const retry = await t.call('creation.create', { draftId: draft.id });
    expect(!retry.ok && retry.error.code).toBe('conflict');
    expect(sandbox.state.users.filter((u) => u.friendly_name === 'dropped answer')).toHaveLength(1);
  });

  it('a reset before the server acted: checked by name, found absent, and a later retry creates once', async () => {
    const draft = await draftOf('reset once');
    const sandbox = await t.sandbox();
    sandbox.faults.once({ kind: 'reset' }, { method: 'POST' });
    const first = await t.must('creation.create', { draftId: draft.id });
    expect(first.state).toBe('failed');
    const second = await t.must('creation.create', { draftId: draft.id });
    expect(second.state).toBe('created');
    expect(sandbox.state.users.filter((u) => u.friendly_name === 'reset once')).toHaveLength(1);
  });

  it('offline: the cached data still serves the wizard, the banner state is offline, and a queued draft is created when back', async () => {
    await t.must('reference.refresh', { profileId: 'sandbox' });
    const draft = await draftOf('queued offline');
    await t.must('sandbox.setRunning', { running: false });
    const snapshot = await t.must('reference.refresh', { profileId: 'sandbox' });
    expect(snapshot.connectivity.state).toBe('offline');
    expect(snapshot.data?.accounts.length).toBeGreaterThan(0);
    const ready = await t.must('creation.markReady', { draftId: draft.id });
    expect(ready.state).toBe('ready');
    const offline = await t.call('creation.create', { draftId: draft.id });
    expect(!offline.ok && offline.error.code).toBe('offline');
    expect((await t.must('drafts.get', { id: draft.id })).state).toBe('ready');

    await t.must('sandbox.setRunning', { running: true });
    expect((await t.must('reference.refresh', { profileId: 'sandbox' })).connectivity.state).toBe('online');
    const created = await t.must('creation.create', { draftId: draft.id });
    expect(created.state).toBe('created');
  });

  it('copy clears the clipboard after the countdown only if it still holds the token; close clears it too', async () => {
    const outcome = await t.must('creation.create', { draftId: (await draftOf('clipboard one')).id });
    if (outcome.state !== 'created') throw new Error(outcome.state);
    const { token } = await t.must('token.reveal', { handle: outcome.token.handle });
    // The countdown is a timer: fake it (only it; the sandbox and the database keep real time).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const copied = await t.must('token.copy', { handle: outcome.token.handle });
      expect(copied.seconds).toBe(1);
      expect(t.clipboard.text).toBe(token);
      await vi.advanceTimersByTimeAsync(999);
      expect(t.clipboard.text).toBe(token);
      await vi.advanceTimersByTimeAsync(1);
      expect(t.clipboard.text).toBe('');

      await t.must('token.copy', { handle: outcome.token.handle });
      t.clipboard.text = 'something the admin copied later';
      const looked = vi.spyOn(t.clipboard, 'readText');
      await vi.advanceTimersByTimeAsync(1000);
      expect(looked).toHaveBeenCalledOnce(); // the countdown ran out and looked, and left it alone
      expect(t.clipboard.text).toBe('something the admin copied later');
    } finally {
      vi.useRealTimers();
    }

    await t.must('token.copy', { handle: outcome.token.handle });
    await t.core.close();
    expect(t.clipboard.text).toBe('');
    t = await startTestCore(tmp.dir);
  });

  it('close guard: an unsaved token cannot be dismissed without the admin confirming', async () => {
    const outcome = await t.must('creation.create', { draftId: (await draftOf('guarded')).id });
    if (outcome.state !== 'created') throw new Error(outcome.state);
    const refused = await t.call('token.dismiss', { handle: outcome.token.handle });
    expect(!refused.ok && refused.error.code).toBe('conflict');
    expect(t.core.hasUnsavedSecret()).toBe(true);
    await t.must('token.dismiss', { handle: outcome.token.handle, unsaved: 'discarded' });
    expect(t.core.hasUnsavedSecret()).toBe(false);
    const gone = await t.call('token.reveal', { handle: outcome.token.handle });
    expect(!gone.ok && gone.error.code).toBe('token_gone');
    const audit = await t.must('audit.query', { limit: 50 });
    const dismissed = audit.entries.find((e) => e.action === 'token_dismissed_unsaved');
    expect(dismissed?.details).toMatchObject({ disposition: 'discarded' });
  });

  it('test connection says whose key it is, which accounts it sees and whether it may create', async () => {
    const result = await t.must('profiles.test', { id: 'sandbox' });
    expect(result.canManageUsers).toBe(true);
    expect(result.accounts.length).toBeGreaterThan(0);
    expect(result.who.id).toBeTruthy();
  });
});
