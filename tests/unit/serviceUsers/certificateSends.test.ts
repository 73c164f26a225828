import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import type { CertificateHolder } from '../../../electron/core/certificates/certificateOperations';
import type { Db } from '../../../electron/core/db/database';
import type { DigicertClient, GeneratedCertificate } from '../../../electron/core/digicert/client';
import { timeoutError } from '../../../electron/core/digicert/errors';
import type { Logger } from '../../../electron/core/log/logger';
import { createCertificateCache } from '../../../electron/core/serviceUsers/certificateCache';
import { createServiceUserHistory } from '../../../electron/core/serviceUsers/history';
import { createOperationStore } from '../../../electron/core/serviceUsers/operationStore';
import { createOperationService } from '../../../electron/core/serviceUsers/operations';
import { createServiceUserCache } from '../../../electron/core/serviceUsers/userCache';
import type { ClientCertificate, HeldCertificate } from '../../../shared/certificates';
import { AppError } from '../../../shared/errors';
import { manualClock, openTempDb } from '../../support/db';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function addProfile(db: Db, id: string) {
  db.prepare(
    `INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at)
     VALUES (?, ?, 'digicert', 'us', 'https://one.example', 'session', 'now', 'now')`,
  ).run(id, `Profile ${id}`);
}

/**
 * The order of requests of a certificate operation, with a scripted client: what is asked before
 * a send, what a duplicate-nickname answer means, and where a generated certificate goes first.
 */
describe('certificate operations, step by step (scripted DigiCert)', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let audit: AuditLog;
  let calls: string[];
  /** What DigiCert lists for the user. */
  let listed: ClientCertificate[];
  /** Answers to the next createCertificate calls, in order. */
  let creates: (() => GeneratedCertificate)[];
  let held: { handle: string; saved: boolean }[];
  let saveFails: boolean;
  let service: ReturnType<typeof createOperationService>;
  const clock = manualClock('2026-06-01T10:00:00.000Z');

  const generated = (nickname: string): GeneratedCertificate => {
    const certificate = { id: `id-${nickname}`, nickname, status: 'ACTIVE', notAfter: '2026-07-01T23:59:59.000Z' };
    listed.push(certificate);
    return { certificate, password: 'not-a-real-password-123', pkcs12: new Uint8Array([1, 2, 3]) };
  };

  beforeEach(() => {
    tmp = openTempDb();
    addProfile(tmp.db, 'p1');
    audit = createAuditLog(tmp.db, { clock: clock.now, osUser: 'tester' });
    calls = [];
    listed = [];
    creates = [];
    held = [];
    saveFails = false;
    const client = {
      listCertificates: (userId: string) => {
        calls.push(`GET ${userId}`);
        return Promise.resolve([...listed]);
      },
      createCertificate: (userId: string) => {
        calls.push(`POST ${userId}`);
        const next = creates.shift();
        if (!next) return Promise.reject(new Error('unexpected create'));
        try {
          return Promise.resolve(next());
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    } as unknown as DigicertClient;
    const holder: CertificateHolder = {
      hold: (g, about) => {
        calls.push(`HOLD ${g.certificate.id}`);
        const handle = `${held.length}`.padStart(32, 'a');
        held.push({ handle, saved: false });
        return {
          handle,
          ...about,
          savedTo: null,
          facts: null,
          suggested: {},
          readBack: null,
          handOver: null,
        } as unknown as HeldCertificate;
      },
      save: (handle) => {
        calls.push('SAVE');
        if (saveFails) return Promise.reject(new AppError('disk_full', 'The disk is full.'));
        held.find((h) => h.handle === handle)!.saved = true;
        return Promise.resolve({ handle, savedTo: { file: '/x.p12' } } as unknown as HeldCertificate);
      },
    };
    const store = createOperationStore(tmp.db, { audit, clock: clock.now });
    const history = createServiceUserHistory(tmp.db);
    service = createOperationService({
      store,
      cache: createServiceUserCache(tmp.db, clock.now),
      history,
      clientFor: () => Promise.resolve(client),
      reference: { observe() {}, answered() {} },
      profiles: { get: () => ({}) as never },
      referenceCache: { get: () => null },
      vault: {} as never,
      saveToken: (() => Promise.reject(new Error('no tokens here'))) as never,
      certificates: holder,
      certificateCache: createCertificateCache(tmp.db),
      keychain: {} as never,
      audit: { record: () => undefined },
      log: quiet,
      clock: clock.now,
      onChange: () => undefined,
    });
  });
  afterEach(() => tmp.cleanup());

  const prepare = (nickname: string) =>
    service.prepare('p1', 'u1', { kind: 'createCertificate', nickname, endDate: '2026-07-01' });
  const actions = () =>
    audit
      .query({ limit: 50 })
      .entries.map((e) => e.action)
      .reverse();

  it('first send: the nickname is checked free, the intent recorded, then held before done, then saved', async () => {
    const op = prepare('ci');
    creates.push(() => generated('ci'));
    const outcome = await service.send(op.id, undefined, { item: { service: 's', account: 'a' }, file: '/x.p12' });
    expect(calls).toEqual(['GET u1', 'POST u1', 'HOLD id-ci', 'SAVE']);
    expect(outcome).toMatchObject({ state: 'done', certificate: { savedTo: { file: '/x.p12' } } });
    expect(actions()).toEqual(['operation_prepared', 'certificate_requested', 'certificate_generated']);
    expect(JSON.stringify(audit.query({ limit: 50 }))).not.toContain('not-a-real-password');
  });

  it('a failed save keeps the certificate held unsaved and says why', async () => {
    saveFails = true;
    const op = prepare('ci');
    creates.push(() => generated('ci'));
    const outcome = await service.send(op.id, undefined, { item: { service: 's', account: 'a' }, file: '/x.p12' });
    expect(outcome).toMatchObject({
      state: 'done',
      certificate: { savedTo: null },
      certificateSaveFailed: { error: { code: 'disk_full' } },
    });
    expect(held).toEqual([{ handle: expect.any(String), saved: false }]);
  });

  it('a duplicate answer to a first send is a plain failure on the nickname field', async () => {
    const op = prepare('ci');
    creates.push(() => {
      throw new AppError('duplicate_name', 'exists');
    });
    const outcome = await service.send(op.id);
    expect(outcome).toMatchObject({ state: 'failed', error: { fieldErrors: [{ field: 'nickname' }] } });
    expect(actions()).not.toContain('certificate_lost');
  });

  it('a duplicate answer to a resend after a lost answer: the late first attempt is found, certificate_lost', async () => {
    const op = prepare('ci');
    // Sent; no answer; the list does not show it yet (still being generated).
    creates.push(() => {
      throw timeoutError(true);
    });
    expect(await service.send(op.id)).toMatchObject({ state: 'failed' });
    // It lands after the check of the resend: DigiCert answers the resend "duplicate".
    creates.push(() => {
      generated('ci');
      throw new AppError('duplicate_name', 'exists');
    });
    const outcome = await service.send(op.id);
    expect(calls).toEqual(['GET u1', 'POST u1', 'GET u1', 'GET u1', 'POST u1', 'GET u1']);
    expect(outcome).toMatchObject({
      state: 'done',
      operation: { error: { message: expect.stringMatching(/Revoke it/) } },
    });
    expect(actions().at(-1)).toBe('certificate_lost');
    expect(held).toEqual([]);
  });
});
