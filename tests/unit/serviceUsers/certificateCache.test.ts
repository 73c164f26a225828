import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/database';
import { createCertificateCache, type CertificateCache } from '../../../electron/core/serviceUsers/certificateCache';
import type { ClientCertificate } from '../../../shared/certificates';
import { openTempDb } from '../../support/db';

function addProfile(db: Db, id: string) {
  db.prepare(
    `INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at)
     VALUES (?, ?, 'digicert', 'us', 'https://one.example', 'session', 'now', 'now')`,
  ).run(id, `Profile ${id}`);
}

const cert = (id: string, extra: Partial<ClientCertificate> = {}): ClientCertificate => ({
  id,
  nickname: `ci ${id}`,
  notAfter: '2027-01-01T23:59:59.000Z',
  status: 'ACTIVE',
  fingerprint: 'AA:BB',
  ...extra,
});

describe('the certificate cache (real SQLite file)', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let cache: CertificateCache;
  let changes: string[];

  beforeEach(() => {
    tmp = openTempDb();
    addProfile(tmp.db, 'p1');
    addProfile(tmp.db, 'p2');
    cache = createCertificateCache(tmp.db);
    changes = [];
    cache.onChange((p) => changes.push(p));
  });
  afterEach(() => tmp.cleanup());

  it("a fetch replaces the user's rows and announces only a real change", () => {
    cache.replaceForUser('p1', 'u1', [cert('c1'), cert('c2', { status: 'REVOKED' })], 't1');
    cache.replaceForUser('p1', 'u2', [cert('c3')], 't1');
    expect(cache.forUser('p1', 'u1')).toEqual([
      { userId: 'u1', id: 'c1', nickname: 'ci c1', notAfter: '2027-01-01T23:59:59.000Z', status: 'ACTIVE' },
      { userId: 'u1', id: 'c2', nickname: 'ci c2', notAfter: '2027-01-01T23:59:59.000Z', status: 'REVOKED' },
    ]);
    expect(changes).toEqual(['p1', 'p1']);

    cache.replaceForUser('p1', 'u1', [cert('c1'), cert('c2', { status: 'REVOKED' })], 't2');
    expect(changes).toHaveLength(2); // the same list read again is no change

    cache.replaceForUser('p1', 'u1', [cert('c2', { status: 'REVOKED' })], 't3');
    expect(cache.forUser('p1', 'u1').map((c) => c.id)).toEqual(['c2']);
    expect(cache.list('p1').map((c) => `${c.userId}/${c.id}`)).toEqual(['u1/c2', 'u2/c3']);
    expect(changes).toHaveLength(3);
  });

  it('a generated certificate is added at once; a revoke marks it; nothing but the listed facts is kept', () => {
    cache.add('p1', 'u1', cert('c1', { notAfter: undefined, status: undefined }), 't1');
    expect(cache.forUser('p1', 'u1')).toEqual([
      { userId: 'u1', id: 'c1', nickname: 'ci c1', notAfter: null, status: null },
    ]);
    cache.markRevoked('p1', 'u1', 'c1');
    expect(cache.forUser('p1', 'u1')[0]!.status).toBe('REVOKED');
    cache.markRevoked('p1', 'u1', 'unknown');
    expect(changes).toEqual(['p1', 'p1']);
    const columns = tmp.db.prepare('SELECT * FROM service_user_certificates').all();
    expect(JSON.stringify(columns)).not.toContain('AA:BB');
  });

  it('a gone user and a removed profile take their certificates with them', () => {
    cache.replaceForUser('p1', 'u1', [cert('c1')], 't');
    cache.replaceForUser('p1', 'u2', [cert('c2')], 't');
    cache.replaceForUser('p2', 'u1', [cert('c3')], 't');
    cache.removeUser('p1', 'u1');
    expect(cache.list('p1').map((c) => c.id)).toEqual(['c2']);
    cache.forget('p1');
    expect(cache.list('p1')).toEqual([]);
    tmp.db.prepare("DELETE FROM profiles WHERE id = 'p2'").run();
    expect(cache.list('p2')).toEqual([]);
  });
});
