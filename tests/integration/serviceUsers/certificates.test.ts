import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE } from '../../../electron/core/app';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import { AFTER_USER_END_DATE } from '../../../shared/certificates';
import type { OperationOutcome } from '../../../shared/manage';
import { startTestCore, type TestCore } from '../../support/core';
import { passwordTap } from '../../support/passwordTap';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

const P = 'sandbox';
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const CERT_PATH = /\/client-auth-certificate$/;

/**
 * Client certificates of a service user through core against the sandbox (issue 14): generated
 * once (intent first, the nickname checked free before the first send and matched after a lost
 * answer), revoked harmlessly, listed in the details and cached for the reminders.
 */
describe('client certificates through core against the sandbox', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let running = false;
  let t: TestCore;
  let userId: string;
  let userEndDate: string;
  let passwords: string[];

  beforeEach(async () => {
    tmp = makeTempDir();
    sandbox = await startSandbox({ seed: 21 });
    running = true;
    passwords = [];
    t = await startTestCore(tmp.dir, {
      externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
      fetch: passwordTap(passwords),
    });
    const user = sandbox.state.users.find(
      (u) => u.user_type === 'service' && u.status === 'ACTIVE' && u.end_date && u.end_date > daysFromNow(60),
    )!;
    userId = user.id;
    userEndDate = user.end_date!;
    await t.must('serviceUsers.refresh', { profileId: P });
  });
  afterEach(async () => {
    await t.core.close();
    if (running) await sandbox.close();
    tmp.cleanup();
  });

  const certificatesOf = (nickname?: string) =>
    sandbox.state.certificates.filter(
      (c) => c.user_id === userId && (nickname === undefined || c.nickname === nickname),
    );
  const audit = async () => (await t.must('audit.query', { limit: 500 })).entries;
  const posts = () => sandbox.requests.filter((r) => r.method === 'POST' && CERT_PATH.test(r.path)).length;
  const prepare = (nickname: string, endDate = daysFromNow(30)) =>
    t.must('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname, endDate },
    });
  const send = (operationId: string) => t.must('serviceUsers.sendOperation', { operationId });
  const row = (id: string) =>
    t.core.db.prepare('SELECT state, sent_name, unanswered FROM service_user_operations WHERE id = ?').get(id) as {
      state: string;
      sent_name: string | null;
      unanswered: number;
    };
  const cachedCertificates = () =>
    t.core.db
      .prepare('SELECT certificate_id, nickname, status FROM service_user_certificates WHERE user_id = ?')
      .all(userId) as { certificate_id: string; nickname: string; status: string }[];
  /** A certificate generated outside this app (the console, or a crashed app's request that landed). */
  const generateElsewhere = async (nickname: string) => {
    const res = await fetch(`${sandbox.url}/account/api/v1/user/${userId}/client-auth-certificate`, {
      method: 'POST',
      headers: { 'x-api-key': sandbox.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ nickname, end_date: daysFromNow(30), encryption: 'AES', signature_hash: 'SHA256' }),
    });
    expect(res.status).toBe(201);
  };
  const done = (outcome: OperationOutcome) => {
    if (outcome.state !== 'done') throw new Error(`not done: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('generates once: intent first, held (never in the audit log or on disk), cached, listed in the details', async () => {
    const op = await prepare('build server 1');
    expect(op.request).toMatchObject({ encryption: 'AES', signatureHash: 'SHA-256' }); // defaults filled in
    const outcome = done(await send(op.id));
    expect(outcome.operation.error).toBeUndefined();
    const held = outcome.certificate!;
    expect(held).toMatchObject({ serviceUserId: userId, nickname: 'build server 1', savedTo: null });
    expect(certificatesOf('build server 1')).toHaveLength(1);
    const issued = certificatesOf('build server 1')[0]!;
    expect(passwords).toHaveLength(1);
    const password = passwords[0]!;

    const entries = await audit();
    const actions = entries.map((e) => e.action).reverse();
    expect(actions.indexOf('certificate_requested')).toBeLessThan(actions.indexOf('certificate_generated'));
    expect(entries.find((e) => e.action === 'certificate_generated')).toMatchObject({
      target: userId,
      outcome: 'ok',
      details: {
        serviceUserId: userId,
        nickname: 'build server 1',
        certificateId: issued.id,
        fingerprint: issued.fingerprint_sha256,
        certificateEndDate: daysFromNow(30),
        encryption: 'AES',
        signatureHash: 'SHA-256',
      },
    });
    expect(JSON.stringify(entries)).not.toContain(password);
    expect(cachedCertificates()).toEqual([{ certificate_id: issued.id, nickname: 'build server 1', status: 'ACTIVE' }]);

    const details = await t.must('serviceUsers.details', { profileId: P, userId });
    expect(details.certificates).toEqual([
      expect.objectContaining({ id: issued.id, nickname: 'build server 1', fingerprint: issued.fingerprint_sha256 }),
    ]);
    expect(details.certificatesError).toBeUndefined();
    expect(details.savedCertificates).toEqual([]);
    expect(details.history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['certificate_requested', 'certificate_generated']),
    );

    expect(findSecretsOnDisk(tmp.dir, [password])).toEqual([]);
    expect(readFileSync(join(tmp.dir, LOG_FILE), 'utf8')).not.toContain(password);
  });

  it('saved before shown when a destination is given; the details list it as saved', async () => {
    const out = makeTempDir();
    try {
      const op = await prepare('saved one');
      const file = join(out.dir, 'saved-one.p12');
      const item = { service: 'Service User Desk test', account: 'saved one' };
      const outcome = done(
        await t.must('serviceUsers.sendOperation', { operationId: op.id, saveCertificateTo: { item, file } }),
      );
      expect(outcome.certificateSaveFailed).toBeUndefined();
      expect(outcome.certificate?.savedTo).toEqual({ item, file });
      expect(await t.keychain.get(item.service, item.account)).toBe(passwords[0]);
      const details = await t.must('serviceUsers.details', { profileId: P, userId });
      expect(details.savedCertificates).toEqual([
        expect.objectContaining({ nickname: 'saved one', file, item, fileExists: true, itemExists: true }),
      ]);
    } finally {
      out.cleanup();
    }
  });

  it("validation: the end date after the user's carries AFTER_USER_END_DATE; the nickname's charset", async () => {
    await t.must('serviceUsers.details', { profileId: P, userId });
    const late = new Date(Date.parse(`${userEndDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const after = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname: 'ci', endDate: late },
    });
    expect(after).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fieldErrors: [{ field: 'endDate', code: AFTER_USER_END_DATE }] },
    });
    const badName = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname: 'ci/prod', endDate: daysFromNow(10) },
    });
    // Refused at the boundary (the contract parses the one nickname schema too).
    expect(badName).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', fieldErrors: [{ field: expect.stringMatching(/nickname$/) }] },
    });
    expect(posts()).toBe(0);
  });

  it('a second request with one nickname is refused while the first is unsettled; a taken nickname is never sent', async () => {
    const first = await prepare('deploy');
    const again = await t.call('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname: 'deploy', endDate: daysFromNow(20) },
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fieldErrors: [{ field: 'nickname', code: 'duplicate_name' }] },
    });
    done(await send(first.id));

    // Settled, and the app knows DigiCert has it: refused at once (offline too), any case.
    expect(
      await t.call('serviceUsers.prepare', {
        profileId: P,
        userId,
        operation: { kind: 'createCertificate', nickname: 'DEPLOY', endDate: daysFromNow(20) },
      }),
    ).toMatchObject({ ok: false, error: { fieldErrors: [{ field: 'nickname', code: 'duplicate_name' }] } });

    // Taken in the console after the app last listed: refused before any POST.
    const second = await prepare('console made');
    await generateElsewhere('console made');
    const before = posts();
    const outcome = await send(second.id);
    expect(outcome).toMatchObject({
      state: 'failed',
      error: { code: 'duplicate_name', fieldErrors: [{ field: 'nickname', code: 'duplicate_name' }] },
    });
    expect(posts()).toBe(before);
    expect(row(second.id)).toMatchObject({ sent_name: null }); // never sent
    expect(certificatesOf('console made')).toHaveLength(1);
    expect(certificatesOf('deploy')).toHaveLength(1);
  });

  it('a dropped answer: found by its nickname, certificate_lost, never generated twice', async () => {
    const op = await prepare('lost one');
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: CERT_PATH });
    const outcome = done(await send(op.id));
    expect(outcome.certificate).toBeUndefined();
    expect(outcome.operation.error?.message).toMatch(/Revoke it and generate another/);
    expect(certificatesOf('lost one')).toHaveLength(1);
    expect((await audit()).find((e) => e.action === 'certificate_lost')).toMatchObject({
      outcome: 'failed',
      details: { nickname: 'lost one', certificateId: certificatesOf('lost one')[0]!.id },
    });
    expect(cachedCertificates().map((c) => c.nickname)).toContain('lost one');
    expect(await t.call('serviceUsers.sendOperation', { operationId: op.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(certificatesOf('lost one')).toHaveLength(1);
  });

  it('a dropped answer while the list cannot be read: stays sending; reconcile finds it', async () => {
    const op = await prepare('reconciled');
    // The check before the first send answers (a no-op fault, so the next one is the later list's).
    sandbox.faults.once({ kind: 'latency', latencyMs: 1 }, { method: 'GET', path: CERT_PATH });
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: CERT_PATH });
    sandbox.faults.once({ kind: 'server_error' }, { method: 'GET', path: CERT_PATH });
    const outcome = await send(op.id);
    expect(outcome.state).toBe('sending');
    expect(row(op.id)).toMatchObject({ state: 'sending', unanswered: 1 });
    const settled = await t.must('serviceUsers.reconcile', { profileId: P });
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ state: 'done', operation: { id: op.id, error: { code: expect.any(String) } } });
    expect(certificatesOf('reconciled')).toHaveLength(1);
  });

  it('a 503 before the commit: queued; sent again after looking: one certificate', async () => {
    const op = await prepare('after 503');
    sandbox.faults.once({ kind: 'maintenance' }, { method: 'POST', path: CERT_PATH });
    expect(await send(op.id)).toMatchObject({ state: 'queued' });
    expect(certificatesOf('after 503')).toHaveLength(0);
    const listedBefore = sandbox.requests.length;
    done(await send(op.id));
    // It looked (GET) before it sent again (POST).
    const since = sandbox.requests.slice(listedBefore).filter((r) => CERT_PATH.test(r.path));
    expect(since.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(certificatesOf('after 503')).toHaveLength(1);
  });

  it('a reset: not generated, failed, not discardable (a slow request may land); sent again: one', async () => {
    const op = await prepare('after reset');
    sandbox.faults.once({ kind: 'reset' }, { method: 'POST', path: CERT_PATH });
    expect(await send(op.id)).toMatchObject({ state: 'failed' });
    expect(row(op.id)).toMatchObject({ state: 'failed', unanswered: 1, sent_name: 'after reset' });
    expect(await t.call('serviceUsers.discard', { operationId: op.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    done(await send(op.id));
    expect(certificatesOf('after reset')).toHaveLength(1);
  });

  it('a crash with the operation left sending: reconcile finds it, or says it may be sent again', async () => {
    const gone = await prepare('crash absent');
    const made = await prepare('crash made');
    const crash = (id: string, nickname: string) =>
      t.core.db
        .prepare("UPDATE service_user_operations SET state = 'sending', sent_name = ? WHERE id = ?")
        .run(nickname, id);
    crash(gone.id, 'crash absent');
    crash(made.id, 'crash made');
    // The crashed app's request for "crash made" did reach DigiCert.
    await generateElsewhere('crash made');

    const settled = await t.must('serviceUsers.reconcile', { profileId: P });
    expect(settled.find((o) => o.operation.id === made.id)).toMatchObject({ state: 'done' });
    expect(settled.find((o) => o.operation.id === gone.id)).toMatchObject({
      state: 'failed',
      error: { message: expect.stringMatching(/did not generate/) },
    });
    done(await send(gone.id));
    expect(certificatesOf('crash absent')).toHaveLength(1);
    expect(certificatesOf('crash made')).toHaveLength(1);
  });

  it.each(['saved', 'stored elsewhere'] as const)(
    'recording "done" refused, the certificate %s, then a restart: reconcile records it done, never lost',
    async (how) => {
      const out = makeTempDir();
      try {
        const op = await prepare(`restarted ${how}`);
        // SQLite refuses to record the operation done (a full disk, say); the rest is written.
        t.core.db.exec(`CREATE TEMP TRIGGER refuse_done BEFORE UPDATE OF state ON service_user_operations
          WHEN NEW.state = 'done' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
        const held = done(await send(op.id)).certificate!;
        expect(row(op.id).state).toBe('sending');
        if (how === 'saved') {
          const to = {
            item: { service: 'Service User Desk test', account: how },
            file: join(out.dir, 'restarted.p12'),
          };
          await t.must('certificates.save', { handle: held.handle, to });
          await t.must('certificates.dismiss', { handle: held.handle });
        } else {
          await t.must('certificates.copyPassword', { handle: held.handle });
          await t.must('certificates.dismiss', { handle: held.handle, unsaved: 'stored_elsewhere' });
        }
        // A restart: the held certificate and everything else of the session are gone.
        await t.core.close();
        t = await startTestCore(tmp.dir, {
          externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
          fetch: passwordTap(passwords),
        });

        const settled = await t.must('serviceUsers.reconcile', { profileId: P });
        expect(settled.find((o) => o.operation.id === op.id)).toMatchObject({ state: 'done' });
        expect(row(op.id).state).toBe('done');
        expect((await audit()).map((e) => e.action)).not.toContain('certificate_lost');
        expect(certificatesOf(`restarted ${how}`)).toHaveLength(1);
      } finally {
        out.cleanup();
      }
    },
  );

  it('a 2xx without the password or file: certificate_lost at once', async () => {
    const op = await prepare('no secrets');
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 201, body: { id: 'c-no-secrets', nickname: 'no secrets' } } },
      { method: 'POST', path: CERT_PATH },
    );
    const outcome = done(await send(op.id));
    expect(outcome.certificate).toBeUndefined();
    expect(outcome.operation.error?.message).toMatch(/never reached this app/);
    expect((await audit()).find((e) => e.action === 'certificate_lost')).toMatchObject({
      details: { certificateId: 'c-no-secrets' },
    });
  });

  it('revoke: done and cached as revoked; again is harmless; a 404 counts only when the list agrees', async () => {
    done(await send((await prepare('to revoke')).id));
    const certificateId = certificatesOf('to revoke')[0]!.id;
    const revoke = () =>
      t.must('serviceUsers.prepare', {
        profileId: P,
        userId,
        operation: { kind: 'revokeCertificate', certificateId, nickname: 'to revoke' },
      });
    const revokePath = new RegExp(`/client-auth-certificate/${certificateId}/revoke$`);

    // 404 while DigiCert still lists it ACTIVE: a wrong path, not done.
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 404, body: { errors: [{ code: 'not_found', message: 'x' }] } } },
      { method: 'PUT', path: revokePath },
    );
    const wrong = await revoke();
    expect(await send(wrong.id)).toMatchObject({ state: 'failed', error: { code: 'not_found' } });
    expect(certificatesOf('to revoke')[0]!.status).toBe('ACTIVE');

    expect(await send(wrong.id)).toMatchObject({ state: 'done' });
    expect(certificatesOf('to revoke')[0]!.status).toBe('REVOKED');
    expect(cachedCertificates().find((c) => c.certificate_id === certificateId)?.status).toBe('REVOKED');
    expect((await audit()).find((e) => e.action === 'certificate_revoked')).toMatchObject({
      outcome: 'ok',
      details: { certificateId, nickname: 'to revoke' },
    });

    // Again: harmless. A 404 now that the list shows it REVOKED: done.
    expect(await send((await revoke()).id)).toMatchObject({ state: 'done' });
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 404, body: { errors: [{ code: 'not_found', message: 'x' }] } } },
      { method: 'PUT', path: revokePath },
    );
    expect(await send((await revoke()).id)).toMatchObject({ state: 'done' });
  });

  it('a certificate expiring in 7 days is a reminder at once; muted with its user; gone when revoked', async () => {
    const user = sandbox.state.users.find((u) => u.id === userId)!;
    done(await send((await prepare('soon', daysFromNow(7))).id));
    const certificateId = certificatesOf('soon')[0]!.id;
    const mine = async () => (await t.must('reminders.list', {})).filter((r) => r.userId === userId);
    expect(await mine()).toEqual([
      {
        profileId: P,
        profileName: 'Sandbox (local)',
        userId,
        friendlyName: user.friendly_name,
        endDate: daysFromNow(7),
        daysLeft: 7,
        certificate: { id: certificateId, nickname: 'soon' },
      },
    ]);
    await t.must('serviceUsers.mute', { profileId: P, userId, muted: true });
    expect(await mine()).toEqual([]);
    await t.must('serviceUsers.mute', { profileId: P, userId, muted: false });
    expect(await mine()).toHaveLength(1);
    const revoke = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'revokeCertificate', certificateId, nickname: 'soon' },
    });
    await send(revoke.id);
    expect(await mine()).toEqual([]);
  });

  it('details offline: the cached user, certificates null with the reason', async () => {
    await t.must('serviceUsers.details', { profileId: P, userId });
    await sandbox.close();
    running = false;
    const details = await t.must('serviceUsers.details', { profileId: P, userId });
    expect(details.certificates).toBeNull();
    expect(details.certificatesError?.code).toBeTruthy();
    expect(details.tokens).toBeNull();

    // Prepared offline: queued, not sent.
    const op = await prepare('offline draft');
    expect(await send(op.id)).toMatchObject({ state: 'queued' });
    expect(row(op.id)).toMatchObject({ state: 'queued', sent_name: null });
  });
});
