import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import type { CertificateHolder } from '../../../electron/core/certificates/certificateOperations';
import { checkDestination } from '../../../electron/core/certificates/certificateSaver';
import type { Db } from '../../../electron/core/db/database';
import {
  createDigicertClient,
  type CertificateList,
  type DigicertClient,
  type GeneratedCertificate,
} from '../../../electron/core/digicert/client';
import { timeoutError } from '../../../electron/core/digicert/errors';
import { ADMIN_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import type { SecretStore } from '../../../electron/core/keychain/secretStore';
import type { Logger } from '../../../electron/core/log/logger';
import { createCertificateCache } from '../../../electron/core/serviceUsers/certificateCache';
import { createServiceUserHistory } from '../../../electron/core/serviceUsers/history';
import { createOperationStore, type OperationStore } from '../../../electron/core/serviceUsers/operationStore';
import { createOperationService } from '../../../electron/core/serviceUsers/operations';
import { createServiceUserCache } from '../../../electron/core/serviceUsers/userCache';
import type { CertificateDestination, ClientCertificate, HeldCertificate } from '../../../shared/certificates';
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
  let held: { handle: string; saved: boolean; operationId: string }[];
  let saveFails: boolean;
  /** Answers to the next list calls, in order; then `listed` as it is then. */
  let lists: (() => Promise<CertificateList>)[];
  /** When set, list answers are this raw A24 body, read by the real client. */
  let listBody: unknown;
  /** Values in the (fake) keychain, by `service|account`. */
  let keychainValues: Map<string, string>;
  /** Makes recording `done` fail (SQLite refused) while set. */
  let doneFails: boolean;
  let store: OperationStore;
  let certificateCache: ReturnType<typeof createCertificateCache>;
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
    lists = [];
    listBody = undefined;
    keychainValues = new Map();
    doneFails = false;
    // The real client's reading of a list answer (A24), over a fetch that answers `listBody`.
    const reader = createDigicertClient({
      baseUrl: 'https://one.example.test/',
      apiKey: 'stubkey0123456789abcdef_0123456789abcdef0123456789abcdef',
      fetch: () =>
        Promise.resolve(
          new Response(JSON.stringify(listBody), { status: 200, headers: { 'content-type': 'application/json' } }),
        ),
      sleep: () => Promise.resolve(),
      clock: clock.now,
    });
    const client = {
      listCertificates: (userId: string) => {
        calls.push(`GET ${userId}`);
        const next = lists.shift();
        if (next) return next();
        if (listBody !== undefined) return reader.listCertificates(userId);
        return Promise.resolve({ certificates: [...listed], skipped: 0 });
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
    const keychain = {
      get: (service: string, account: string) => Promise.resolve(keychainValues.get(`${service}|${account}`) ?? null),
    } as unknown as SecretStore;
    const holder: CertificateHolder = {
      hold: (g, about) => {
        calls.push(`HOLD ${g.certificate.id}`);
        const handle = `${held.length}`.padStart(32, 'a');
        held.push({ handle, saved: false, operationId: about.operationId });
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
      // The keeper's own checks (certificateSaver.ts), over the fake keychain.
      checkDestination: async (to) => {
        calls.push('CHECK');
        await checkDestination(keychain, to, null);
      },
      list: () => held.map((h) => ({ handle: h.handle, operationId: h.operationId }) as unknown as HeldCertificate),
      // Nothing of the certificate screen is on record here (the integration test has the real audit log).
      reachedApp: () => false,
    };
    const real = createOperationStore(tmp.db, { audit, clock: clock.now });
    store = {
      ...real,
      markDone: (...args) => {
        if (doneFails) throw new AppError('db_write_failed', 'The database refused the write.');
        return real.markDone(...args);
      },
    };
    const history = createServiceUserHistory(tmp.db);
    certificateCache = createCertificateCache(tmp.db);
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
      certificateCache,
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
    expect(calls).toEqual(['CHECK', 'GET u1', 'POST u1', 'HOLD id-ci', 'SAVE']);
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
    expect(held).toEqual([{ handle: expect.any(String), saved: false, operationId: op.id }]);
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
  /** Sent, no answer, and the look after it could not ask DigiCert: left `sending`. */
  async function leftSending(nickname: string) {
    const op = prepare(nickname);
    creates.push(() => {
      throw timeoutError(true);
    });
    lists.push(
      () => Promise.resolve({ certificates: [...listed], skipped: 0 }),
      () => Promise.reject(new AppError('offline', 'No network.')),
    );
    expect(await service.send(op.id)).toMatchObject({ state: 'sending' });
    return op;
  }

  const posts = () => calls.filter((c) => c.startsWith('POST')).length;

  it('a reconcile that waited while a send settled an operation leaves it alone (never rewritten as lost)', async () => {
    const a = await leftSending('a');
    const b = await leftSending('b');
    // The reconcile's look for `a` hangs until released.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    lists.push(() => gate.then(() => ({ certificates: [...listed], skipped: 0 })));
    const getsBefore = calls.filter((c) => c.startsWith('GET')).length;
    const reconciling = service.reconcile('p1');
    await vi.waitFor(() => expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(getsBefore + 1));
    // Meanwhile `b` is sent again: generated, held, done; the admin saves and dismisses it.
    creates.push(() => generated('b'));
    expect(await service.send(b.id)).toMatchObject({ state: 'done', certificate: { handle: expect.any(String) } });
    held.splice(0);
    release();
    const outcomes = await reconciling;
    expect(outcomes.map((o) => o.operation.id)).toEqual([a.id]);
    expect(store.get(b.id)).toMatchObject({ state: 'done', result: { certificateId: 'id-b' } });
    expect(store.get(b.id).error).toBeUndefined();
    expect(actions()).not.toContain('certificate_lost');
  });

  it('a settled operation is never changed again by the store', () => {
    const op = prepare('ci');
    store.markSending(op.id);
    store.markDone(op.id, { action: 'certificate_generated' });
    expect(() => store.markDone(op.id, { action: 'certificate_lost', outcome: 'failed' })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(() =>
      store.markFailed(op.id, { code: 'offline', message: 'x' }, { action: 'certificate_generated' }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(store.get(op.id).state).toBe('done');
  });

  it('a list naming the nickname `name`: the earlier attempt is found, never generated again', async () => {
    const op = prepare('ci');
    creates.push(() => {
      listBody = [{ id: 'id-ci', name: 'ci', status: 'ACTIVE' }];
      throw timeoutError(true);
    });
    const outcome = await service.send(op.id);
    expect(outcome).toMatchObject({
      state: 'done',
      operation: { error: { message: expect.stringMatching(/Revoke it/) } },
    });
    expect(actions().at(-1)).toBe('certificate_lost');
    await expect(service.send(op.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(posts()).toBe(1);
  });

  it('a list with an item the app cannot read: "cannot tell", it stays sending and is not sent again', async () => {
    const op = prepare('ci');
    creates.push(() => {
      listBody = [{ id: 'id-ci', label: 'ci' }];
      throw timeoutError(true);
    });
    expect(await service.send(op.id)).toMatchObject({ state: 'sending' });
    const again = await service.send(op.id);
    expect(again).toMatchObject({
      state: 'sending',
      error: { code: 'unexpected_response', message: expect.stringMatching(/cannot tell/) },
    });
    expect(await service.reconcile('p1')).toMatchObject([{ state: 'sending' }]);
    expect(posts()).toBe(1);
    expect(store.get(op.id).state).toBe('sending');
  });

  it('before a first send, a list with an unreadable item refuses the send (the nickname may be taken)', async () => {
    listBody = [{ id: 'c-9', label: 'whatever' }];
    const op = prepare('ci');
    await expect(service.send(op.id)).rejects.toMatchObject({ code: 'unexpected_response' });
    expect(posts()).toBe(0);
    expect(store.get(op.id).state).toBe('queued');
  });

  describe('a destination save would refuse is refused before anything is sent', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sud-dest-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const destinations: [string, () => CertificateDestination, string][] = [
      [
        "one of the app's own keychain items",
        () => ({ item: { service: ADMIN_KEY_SERVICE, account: 'p1' }, file: join(dir, 'a.p12') }),
        'keychain_item_reserved',
      ],
      [
        'an existing file (not to be replaced)',
        () => {
          writeFileSync(join(dir, 'there.p12'), 'old');
          return { item: { service: 'ci', account: 'bot' }, file: join(dir, 'there.p12') };
        },
        'certificate_file_exists',
      ],
      [
        'a name that cannot be quoted',
        () => ({ item: { service: 'ci\nrm -rf', account: 'bot' }, file: join(dir, 'a.p12') }),
        'invalid_request',
      ],
      [
        'an item holding another value (not to be replaced)',
        () => {
          keychainValues.set('ci|bot', 'someone else');
          return { item: { service: 'ci', account: 'bot' }, file: join(dir, 'a.p12') };
        },
        'keychain_item_exists',
      ],
    ];
    it.each(destinations)('%s', async (_name, destination, code) => {
      const op = prepare('ci');
      creates.push(() => generated('ci'));
      await expect(service.send(op.id, undefined, destination())).rejects.toMatchObject({ code });
      expect(calls).toEqual(['CHECK']);
      expect(store.get(op.id)).toMatchObject({ state: 'queued', sentName: null });
    });
  });

  it('saveCertificateTo on an operation that generates no certificate is refused', async () => {
    const op = service.prepare('p1', 'u1', { kind: 'revokeCertificate', certificateId: 'c1', nickname: 'ci' });
    await expect(
      service.send(op.id, undefined, { item: { service: 's', account: 'a' }, file: '/x.p12' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(calls).toEqual([]);
  });

  it('recording done failed: a later look finds the certificate held, records it done, never lost', async () => {
    const op = prepare('ci');
    creates.push(() => generated('ci'));
    doneFails = true;
    const outcome = await service.send(op.id);
    expect(outcome).toMatchObject({ state: 'done', certificate: { handle: expect.any(String) } });
    expect(store.get(op.id).state).toBe('sending');
    doneFails = false;
    const [settled] = await service.reconcile('p1');
    expect(settled).toMatchObject({ state: 'done', certificate: { operationId: op.id } });
    expect(store.get(op.id)).toMatchObject({ state: 'done' });
    expect(store.get(op.id).error).toBeUndefined();
    expect(actions()).not.toContain('certificate_lost');
    expect(posts()).toBe(1);
  });

  it('recording done failed and the certificate was dismissed since: still never lost', async () => {
    const op = prepare('ci');
    creates.push(() => generated('ci'));
    doneFails = true;
    await service.send(op.id);
    doneFails = false;
    held.splice(0);
    await service.reconcile('p1');
    expect(store.get(op.id).state).toBe('done');
    expect(actions()).not.toContain('certificate_lost');
  });
  it('a certificate without an id (not in the answer, not listed yet) is neither cached nor audited as ""', async () => {
    const op = prepare('ci');
    creates.push(() => ({
      certificate: { id: '', nickname: 'ci', status: 'ACTIVE' },
      password: 'not-a-real-password-123',
      pkcs12: new Uint8Array([1, 2, 3]),
    }));
    expect(await service.send(op.id)).toMatchObject({ state: 'done' });
    expect(store.get(op.id).result).toEqual({});
    const generatedEntry = audit.query({ limit: 50 }).entries.find((e) => e.action === 'certificate_generated')!;
    expect(generatedEntry.details).not.toHaveProperty('certificateId');
    expect(certificateCache.forUser('p1', 'u1')).toEqual([]);
  });
});
