import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { withCertificateDialog } from '../../../electron/main/certificateDialog';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import type { AppEvent } from '../../../shared/ipc/events';
import type { OperationOutcome } from '../../../shared/manage';
import { startTestCore, type TestCore } from '../../support/core';
import { passwordTap } from '../../support/passwordTap';
import { makeTempDir } from '../../support/tmp';

const P = 'sandbox';
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The keeper as core wires it: the close guard, content protection and the renderer's event see held certificates. */
describe('held certificates in core', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let t: TestCore;
  let userId: string;
  const passwords: string[] = [];

  beforeAll(async () => {
    tmp = makeTempDir('sud-cert-core-');
    sandbox = await startSandbox({ seed: 21 });
    t = await startTestCore(tmp.dir, {
      externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
      fetch: passwordTap(passwords),
    });
    userId = sandbox.state.users.find(
      (u) => u.user_type === 'service' && u.status === 'ACTIVE' && u.end_date && u.end_date > daysFromNow(60),
    )!.id;
    await t.must('serviceUsers.refresh', { profileId: P });
  });
  afterAll(async () => {
    await t?.core.close();
    await sandbox?.close();
    tmp?.cleanup();
  });

  const generate = async (
    nickname: string,
    saveCertificateTo?: { item: { service: string; account: string }; file: string },
  ) => {
    const op = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname, endDate: daysFromNow(20) },
    });
    const outcome: OperationOutcome = await t.must('serviceUsers.sendOperation', {
      operationId: op.id,
      ...(saveCertificateTo ? { saveCertificateTo } : {}),
    });
    if (outcome.state !== 'done' || !outcome.certificate) throw new Error(`no certificate: ${JSON.stringify(outcome)}`);
    return outcome.certificate;
  };

  it('an unsaved certificate holds the close guard and content protection until it is dismissed', async () => {
    const events: AppEvent[] = [];
    const held: boolean[] = [];
    const offEvents = t.core.onEvent((e) => events.push(e));
    const offHeld = t.core.onSecretsHeldChanged((h) => held.push(h));

    const certificate = await generate('guarded 1');
    expect(t.core.hasUnsavedSecret()).toBe(true);
    expect(held.at(-1)).toBe(true);
    expect(events.filter((e) => e.name === 'certificates.changed').at(-1)?.payload).toEqual({ held: true, pending: 1 });
    expect((await t.must('certificates.pending', {})).map((c) => c.handle)).toEqual([certificate.handle]);

    // The renderer cannot drop it unasked.
    expect(await t.call('certificates.dismiss', { handle: certificate.handle })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await t.must('certificates.dismiss', { handle: certificate.handle, unsaved: 'discarded' });
    expect(t.core.hasUnsavedSecret()).toBe(false);
    expect(held.at(-1)).toBe(false);
    expect(events.filter((e) => e.name === 'certificates.changed').at(-1)?.payload).toEqual({
      held: false,
      pending: 0,
    });
    offEvents();
    offHeld();
  });

  it("main's save dialog opens only for a certificate create; other sends get core's own refusal", async () => {
    const choose = vi.fn(async () => null);
    const desktop = withCertificateDialog(t.core.handlers, choose, (id) => t.core.checkCertificateSend(id));
    const to = { item: { service: 'sud test certificate', account: 'dialog' }, file: 'dialog.p12' };
    const viaDesktop = (operationId: string) =>
      dispatch(desktop, 'serviceUsers.sendOperation', { operationId, saveCertificateTo: to }, t.core.log);
    const token = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'issueToken', name: 'dialog-check' },
    });
    const certificate = await t.must('serviceUsers.prepare', {
      profileId: P,
      userId,
      operation: { kind: 'createCertificate', nickname: 'dialog check', endDate: daysFromNow(20) },
    });
    try {
      const coreRefusal = await t.call('serviceUsers.sendOperation', { operationId: token.id, saveCertificateTo: to });
      expect(coreRefusal).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(await viaDesktop(token.id)).toEqual(coreRefusal);
      expect(await viaDesktop('no-such-operation')).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(choose).not.toHaveBeenCalled();

      // The certificate create: the dialog asks (cancelled: nothing sent, still prepared).
      expect(await viaDesktop(certificate.id)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(choose).toHaveBeenCalledTimes(1);
      expect((await t.must('serviceUsers.operations', { profileId: P })).map((o) => o.id)).toContain(certificate.id);
    } finally {
      await t.must('serviceUsers.discard', { operationId: token.id });
      await t.must('serviceUsers.discard', { operationId: certificate.id });
    }
  });

  it('a saved one no longer holds the close guard but stays on screen until closed', async () => {
    const out = makeTempDir('sud-cert-core-out-');
    try {
      const certificate = await generate('guarded 2', {
        item: { service: 'sud test certificate', account: 'guarded 2' },
        file: join(out.dir, 'guarded-2.p12'),
      });
      expect(certificate.savedTo).not.toBeNull();
      expect(t.core.hasUnsavedSecret()).toBe(false);
      expect(await t.must('certificates.pending', {})).toHaveLength(1);
      expect(t.keychain.items.get('sud test certificate\u0000guarded 2')).toBe(passwords.at(-1));
      await t.must('certificates.dismiss', { handle: certificate.handle });
      expect(await t.must('certificates.pending', {})).toEqual([]);
    } finally {
      out.cleanup();
    }
  });
});
