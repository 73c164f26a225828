import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, schemaVersion, type Db } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import type { Migration } from '../../../electron/core/db/migrations/types';
import { AppError } from '../../../shared/errors';
import { makeTempDir } from '../../support/db';

const LATEST = MIGRATIONS.length;
let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir('sud-migrate-');
  file = join(tmp.dir, 'app.sqlite');
});
afterEach(() => tmp.cleanup());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const schemaOf = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
const fixedClock = () => new Date('2026-03-01T10:00:00.000Z');

/** Data written at each schema version, and the check that it is still there later. */
const SEEDS: Record<number, { seed(db: Db): void; check(db: Db): void }> = {
  1: {
    seed(db) {
      db.prepare(
        "INSERT INTO profiles VALUES ('p1', 'Production', 'digicert', 'us', 'https://one.digicert.com', 'keychain', '2026-01-01', '2026-01-01')",
      ).run();
      db.prepare("INSERT INTO settings VALUES ('theme', '\"dark\"')").run();
    },
    check(db) {
      expect(db.prepare('SELECT name, kind, key_storage FROM profiles').all()).toEqual([
        { name: 'Production', kind: 'digicert', key_storage: 'keychain' },
      ]);
      expect(db.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('"dark"');
    },
  },
  2: {
    seed(db) {
      db.prepare(
        `INSERT INTO drafts (id, profile_id, step, state, fields, created_at, updated_at, revision) VALUES ('d1', 'p1', 2, 'ready', '{"friendlyName":"Bot"}', 'x', 'x', 7)`,
      ).run();
      db.prepare(
        `INSERT INTO audit_log (seq, at, os_user, action, outcome, prev_hash, hash) VALUES (1, '2026-01-01T00:00:00.000Z', 'alice', 'draft_created', 'ok', '${'0'.repeat(64)}', 'h1')`,
      ).run();
    },
    check(db) {
      expect(db.prepare('SELECT id, step, state, revision, fields FROM drafts').all()).toEqual([
        { id: 'd1', step: 2, state: 'ready', revision: 7, fields: '{"friendlyName":"Bot"}' },
      ]);
      expect(db.prepare('SELECT seq, action, hash FROM audit_log').all()).toEqual([
        { seq: 1, action: 'draft_created', hash: 'h1' },
      ]);
    },
  },
  4: {
    seed(db) {
      const insert = db.prepare(
        `INSERT INTO service_user_operations (id, profile_id, user_id, friendly_name, kind, request, sent_name, state, unanswered, created_at, updated_at)
         VALUES (?, 'p1', 'u1', 'Bot', 'issueToken', '{"kind":"issueToken","name":"ci"}', 'ci [abcde]', ?, 1, 't', 't')`,
      );
      // Same created_at: their order is the rowid's, which the rebuild in 006 keeps.
      insert.run('o-b', 'sending');
      insert.run('o-a', 'queued');
    },
    check(db) {
      expect(
        db
          .prepare(
            'SELECT id, kind, sent_name, state, unanswered FROM service_user_operations ORDER BY created_at, rowid',
          )
          .all(),
      ).toEqual([
        { id: 'o-b', kind: 'issueToken', sent_name: 'ci [abcde]', state: 'sending', unanswered: 1 },
        { id: 'o-a', kind: 'issueToken', sent_name: 'ci [abcde]', state: 'queued', unanswered: 1 },
      ]);
    },
  },
};

describe('openDatabase + migrations', () => {
  it('brings an empty (new) file to the latest version, in WAL mode', () => {
    const db = openDatabase({ file });
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['profiles', 'settings', 'drafts', 'audit_log', 'audit_head']));
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
    expect(triggers).toEqual(expect.arrayContaining(['audit_log_no_update', 'audit_log_no_delete']));
    db.close();
  });

  it('reopening at the latest version runs nothing and changes no schema', () => {
    const db = openDatabase({ file });
    const before = schemaOf(db);
    db.close();
    const again = openDatabase({ file });
    expect(schemaOf(again)).toEqual(before);
    again.close();
  });

  for (let target = 1; target <= LATEST; target++) {
    it(`migrates a version ${target - 1} database with data to ${LATEST}, keeping the data`, () => {
      const old = openDatabase({ file, migrations: MIGRATIONS.slice(0, target - 1) });
      expect(schemaVersion(old)).toBe(target - 1);
      for (let v = 1; v <= target - 1; v++) SEEDS[v]?.seed(old);
      old.close();

      const db = openDatabase({ file });
      expect(schemaVersion(db)).toBe(LATEST);
      for (let v = 1; v <= target - 1; v++) SEEDS[v]?.check(db);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  }

  it('migration 002 constrains draft states and fields JSON', () => {
    const db = openDatabase({ file });
    const insert = (state: string, fields: string) =>
      db
        .prepare(
          `INSERT INTO drafts (id, profile_id, state, fields, created_at, updated_at) VALUES (?, 'p', ?, ?, 'x', 'x')`,
        )
        .run(String(Math.random()), state, fields);
    expect(() => insert('editing', '{}')).not.toThrow();
    expect(() => insert('bogus', '{}')).toThrow(/CHECK/);
    expect(() => insert('editing', '{not json')).toThrow(/CHECK/);
    db.close();
  });

  it('migration 006 lets operations be certificate kinds and keeps certificates with their profile', () => {
    const db = openDatabase({ file });
    SEEDS[1]!.seed(db);
    const op = (id: string, kind: string) =>
      db
        .prepare(
          `INSERT INTO service_user_operations (id, profile_id, user_id, friendly_name, kind, request, state, created_at, updated_at)
           VALUES (?, 'p1', 'u1', 'Bot', ?, '{}', 'queued', 't', 't')`,
        )
        .run(id, kind);
    expect(() => op('c1', 'createCertificate')).not.toThrow();
    expect(() => op('c2', 'revokeCertificate')).not.toThrow();
    expect(() => op('c3', 'bogus')).toThrow(/CHECK/);
    expect(
      db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'service_user_operations'")
        .pluck()
        .all(),
    ).toContain('service_user_operations_profile');
    db.prepare(
      `INSERT INTO service_user_certificates (profile_id, user_id, certificate_id, nickname, not_after, status, fetched_at)
       VALUES ('p1', 'u1', 'c1', 'ci', '2027-01-01T23:59:59.000Z', 'ACTIVE', 't')`,
    ).run();
    db.prepare("DELETE FROM profiles WHERE id = 'p1'").run();
    expect(db.prepare('SELECT count(*) FROM service_user_certificates').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM service_user_operations').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database from a newer version and leaves it byte-for-byte untouched', () => {
    const db = new Database(file);
    db.exec('CREATE TABLE future (x TEXT)');
    db.pragma(`user_version = ${LATEST + 5}`);
    db.close();
    const before = sha(file);
    const filesBefore = readdirSync(tmp.dir);
    let error: unknown;
    try {
      openDatabase({ file });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('db_newer_version');
    expect((error as AppError).params).toEqual({ found: LATEST + 5, supported: LATEST });
    expect(sha(file)).toBe(before);
    expect(readdirSync(tmp.dir)).toEqual(filesBefore);
  });

  const expectCorruptReported = (bytesBefore: Buffer) => {
    let error: unknown;
    try {
      openDatabase({ file, clock: fixedClock });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('db_corrupt');
    const copy = (error as AppError).params!.copy as string;
    expect(copy).toBe(`${file}.corrupt-2026-03-01T10-00-00-000Z`);
    expect(readFileSync(copy).equals(bytesBefore)).toBe(true); // the preserved copy
    expect(readFileSync(file).equals(bytesBefore)).toBe(true); // the original, not overwritten
  };

  it('reports a file of garbage bytes as db_corrupt, keeps a copy and leaves the original alone', () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    writeFileSync(file, garbage);
    expectCorruptReported(garbage);
  });

  it('reports a truncated real database as db_corrupt, keeps a copy and leaves the original alone', () => {
    const db = openDatabase({ file });
    const insert = db.prepare(
      `INSERT INTO drafts (id, profile_id, fields, created_at, updated_at) VALUES (?, 'p1', ?, 'x', 'x')`,
    );
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`d${i}`, JSON.stringify({ description: 'x'.repeat(200) + i }));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(200 * 1024);
    truncateSync(file, Math.floor(size / 2));
    expectCorruptReported(readFileSync(file));
  });

  it('a migration that throws leaves user_version and the schema unchanged', () => {
    const db = openDatabase({ file });
    SEEDS[1]!.seed(db);
    const schemaBefore = schemaOf(db);
    db.close();
    const broken: Migration = {
      version: LATEST + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x TEXT); ALTER TABLE profiles ADD COLUMN extra TEXT;');
        d.prepare("INSERT INTO settings VALUES ('marker', '1')").run();
        throw new Error('boom in migration');
      },
    };
    expect(() => openDatabase({ file, migrations: [...MIGRATIONS, broken] })).toThrow(/boom in migration/);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(schemaOf(after)).toEqual(schemaBefore);
    expect(after.prepare("SELECT count(*) FROM settings WHERE key = 'marker'").pluck().get()).toBe(0);
    after.close();
    // and the app still opens it with the shipped migrations
    const ok = openDatabase({ file });
    SEEDS[1]!.check(ok);
    ok.close();
  });

  it('refuses a migration list with a gap', () => {
    const gap: Migration = { version: LATEST + 2, name: 'gap', up() {} };
    expect(() => openDatabase({ file, migrations: [...MIGRATIONS, gap] })).toThrow(/without gaps/);
    expect(existsSync(file)).toBe(true);
  });
});
