import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import { canonicalEntry, canonicalJson, GENESIS_HASH, isSecretKey } from '../../../electron/core/audit/canonical';
import { AppError } from '../../../shared/errors';
import type { AuditDetails } from '../../../shared/audit';
import { manualClock, openTempDb } from '../../support/db';
import { tamper } from '../../support/tamper';
import { openDatabase, type Db } from '../../../electron/core/db/database';

let ctx: ReturnType<typeof openTempDb>;
let clock: ReturnType<typeof manualClock>;
let audit: AuditLog;

beforeEach(() => {
  ctx = openTempDb();
  clock = manualClock();
  audit = createAuditLog(ctx.db, { clock: clock.now, osUser: 'alice', chunkSize: 7 });
});
afterEach(() => ctx.cleanup());

function fill(n: number, log = audit) {
  for (let i = 0; i < n; i++) {
    clock.advance(1000);
    log.append({
      action: i % 3 === 0 ? 'service_user_created' : 'draft_changed',
      profileId: i % 2 ? 'p1' : 'p2',
      profileName: i % 2 ? 'Prod' : 'Test',
      target: `t${i + 1}`,
      details: { n: i + 1 },
    });
  }
}

describe('append', () => {
  it('chains entries: seq from 1, prev_hash = previous hash, hash = sha256(prev + canonical)', () => {
    const a = audit.append({
      action: 'profile_added',
      profileId: 'p1',
      profileName: 'Prod',
      target: 'p1',
      details: { z: 1, a: 'x' },
    });
    const b = audit.append({ action: 'settings_changed', details: null });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    const canonical = canonicalEntry({
      at: a.at,
      osUser: 'alice',
      profileId: 'p1',
      profileName: 'Prod',
      action: 'profile_added',
      target: 'p1',
      outcome: 'ok',
      details: '{"a":"x","z":1}',
    });
    expect(a.hash).toBe(
      createHash('sha256')
        .update(GENESIS_HASH + canonical)
        .digest('hex'),
    );
    expect(a.at).toBe('2026-03-01T10:00:00.000Z');
    expect(a.osUser).toBe('alice');
    const stored = ctx.db.prepare('SELECT details FROM audit_log WHERE seq = 1').pluck().get();
    expect(stored).toBe('{"a":"x","z":1}');
  });

  it('looks up the profile name when only the id is given', () => {
    ctx.db
      .prepare(
        "INSERT INTO profiles VALUES ('p9', 'Staging', 'digicert', 'us', 'https://one.digicert.com', 'keychain', 'x', 'x')",
      )
      .run();
    expect(audit.append({ action: 'connection_tested', profileId: 'p9' }).profileName).toBe('Staging');
    expect(audit.append({ action: 'connection_tested', profileId: 'gone' }).profileName).toBeNull();
  });

  it('refuses details that name a secret, at any depth, and writes nothing', () => {
    const attempts: AuditDetails[] = [
      { token: 'x' },
      { apiKey: 'x' },
      { nested: { api_key: 'x' } },
      { list: [{ clientSecret: 'x' }] },
      { password: 'x' },
      { Authorization: 'x' },
    ];
    for (const details of attempts) {
      expect(() => audit.append({ action: 'token_copied', details })).toThrow(AppError);
    }
    expect(audit.count()).toBe(0);
    expect(isSecretKey('tokenSaved')).toBe(false);
    expect(isSecretKey('serviceUserId')).toBe(false);
    expect(isSecretKey('accessToken')).toBe(true);
  });

  it('refuses an unknown action', () => {
    expect(() => audit.append({ action: 'nope' as never })).toThrow(/Unknown audit action/);
  });

  it('is append-only: UPDATE and DELETE are aborted by triggers', () => {
    fill(2);
    expect(() => ctx.db.prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => ctx.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => ctx.db.prepare('DELETE FROM audit_head').run()).toThrow();
    expect(audit.count()).toBe(2);
  });

  it('continues the chain across a restart (new AuditLog on the same file)', () => {
    fill(3);
    ctx.db.close();
    const db2 = openDatabase({ file: ctx.file });
    ctx.db = db2;
    const again = createAuditLog(db2, { clock: clock.now, osUser: 'bob' });
    expect(again.append({ action: 'audit_verified' }).seq).toBe(4);
  });

  it('canonicalJson sorts keys recursively', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});

describe('query', () => {
  beforeEach(() => fill(30));

  it('pages newest first with a keyset cursor, without overlap or gaps', () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    let pages = 0;
    do {
      const page = audit.query({ limit: 8, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
  });

  it('returns nextCursor null on the last page, and caps the limit at 500', () => {
    expect(audit.query({ limit: 30 }).nextCursor).toBeNull();
    expect(audit.query({ limit: 29 }).nextCursor).toBe(2);
    expect(() => audit.query({ limit: 501 })).toThrow();
  });

  it('filters by action, profile, time range and text', () => {
    const byAction = audit.query({ actions: ['service_user_created'], limit: 500 }).entries;
    expect(byAction.map((e) => e.seq)).toEqual([28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
    const byProfile = audit.query({ profileId: 'p1', limit: 500 }).entries;
    expect(byProfile.every((e) => e.profileId === 'p1')).toBe(true);
    expect(byProfile).toHaveLength(15);
    const both = audit.query({ profileId: 'p1', actions: ['service_user_created'], limit: 500 }).entries;
    expect(both.map((e) => e.seq)).toEqual([28, 22, 16, 10, 4]);
    // entry n is at 10:00:00 + n seconds
    const range = audit.query({ from: '2026-03-01T10:00:05.000Z', to: '2026-03-01T10:00:07.000Z', limit: 500 }).entries;
    expect(range.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(audit.query({ text: 't17', limit: 500 }).entries.map((e) => e.seq)).toEqual([17]);
    expect(audit.query({ text: 'PROD', limit: 500 }).entries).toHaveLength(15);
    expect(audit.query({ text: '%', limit: 500 }).entries).toHaveLength(0);
  });

  it('pages through a filtered result too', () => {
    const first = audit.query({ actions: ['service_user_created'], limit: 4 });
    expect(first.entries.map((e) => e.seq)).toEqual([28, 25, 22, 19]);
    const second = audit.query({ actions: ['service_user_created'], limit: 4, cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.seq)).toEqual([16, 13, 10, 7]);
  });

  it('returns parsed entries', () => {
    const [e] = audit.query({ limit: 1 }).entries;
    expect(e).toMatchObject({
      seq: 30,
      osUser: 'alice',
      profileId: 'p1',
      profileName: 'Prod',
      action: 'draft_changed',
      target: 't30',
      outcome: 'ok',
      details: { n: 30 },
    });
  });
});

describe('verify', () => {
  // Without the signing key (integrity.test.ts has it) a chain that looks fine proves nothing.
  it('walks a consistent chain (across several chunks), calls it unprovable and records audit_verified', async () => {
    fill(20);
    expect(await audit.verify()).toMatchObject({ ok: false, verdict: 'unprovable', entries: 20, unsigned: 20 });
    const last = audit.query({ limit: 1 }).entries[0]!;
    expect(last).toMatchObject({
      action: 'audit_verified',
      outcome: 'unknown',
      details: { verdict: 'unprovable', entries: 20 },
    });
    expect(await audit.verify({ record: false })).toMatchObject({ verdict: 'unprovable', entries: 21 });
  });

  it('walks an empty log', async () => {
    expect(await audit.verify({ record: false })).toMatchObject({ verdict: 'unprovable', entries: 0 });
  });

  it('reports an edited row as changed at its seq', async () => {
    fill(20);
    tamper(ctx.file, (db) => db.prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = 12").run());
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 12, problem: 'changed' });
  });

  it('reports edited details as changed', async () => {
    fill(20);
    tamper(ctx.file, (db) => db.prepare(`UPDATE audit_log SET details = '{"n":99}' WHERE seq = 3`).run());
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 3, problem: 'changed' });
  });

  it('reports a deleted row as removed at its seq', async () => {
    fill(20);
    tamper(ctx.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 9').run());
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 9, problem: 'removed' });
  });

  it('reports a row deleted with the later ones renumbered as removed', async () => {
    fill(20);
    tamper(ctx.file, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 9').run();
      for (let s = 10; s <= 20; s++) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
      db.prepare('UPDATE audit_head SET seq = 19 WHERE id = 1').run();
    });
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 9, problem: 'removed' });
  });

  it('reports rows cut from the end as removed', async () => {
    fill(20);
    tamper(ctx.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq >= 18').run());
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 18, problem: 'removed' });
  });

  it('reports a rewritten last row (hash recomputed) as changed, via the head', async () => {
    fill(5);
    tamper(ctx.file, (db) => {
      const row = db.prepare('SELECT * FROM audit_log WHERE seq = 5').get() as Record<string, string | null> & {
        at: string;
        os_user: string;
        action: string;
        outcome: string;
        prev_hash: string;
        profile_id: string | null;
        profile_name: string | null;
        details: string | null;
      };
      const canonical = canonicalEntry({
        at: row.at!,
        osUser: row.os_user!,
        profileId: row.profile_id,
        profileName: row.profile_name,
        action: row.action!,
        target: 'forged',
        outcome: row.outcome!,
        details: row.details,
      });
      const hash = createHash('sha256')
        .update(row.prev_hash! + canonical)
        .digest('hex');
      db.prepare("UPDATE audit_log SET target = 'forged', hash = ? WHERE seq = 5").run(hash);
    });
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'changed' });
  });

  it('reports two swapped rows as reordered at the first of them', async () => {
    fill(20);
    tamper(ctx.file, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 6').run();
      db.prepare('UPDATE audit_log SET seq = 6 WHERE seq = 7').run();
      db.prepare('UPDATE audit_log SET seq = 7 WHERE seq = -1').run();
    });
    expect(await audit.verify({ record: false })).toMatchObject({ ok: false, firstBadSeq: 6, problem: 'reordered' });
  });

  it('records a failed verification as audit_verified / failed', async () => {
    fill(4);
    tamper(ctx.file, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 2').run());
    await audit.verify();
    const last = audit.query({ limit: 1 }).entries[0]!;
    expect(last).toMatchObject({
      action: 'audit_verified',
      outcome: 'failed',
      details: { firstBadSeq: 2, problem: 'removed' },
    });
  });
});

describe('export', () => {
  const files = () => readdirSync(ctx.dir).filter((f) => !f.startsWith('test.sqlite'));

  it('writes CSV with RFC 4180 quoting and a formula guard, oldest first, then records audit_exported', async () => {
    audit.append({
      action: 'draft_changed',
      target: '=HYPERLINK("http://x")',
      profileName: 'a,b',
      details: { note: 'line1\nline2', formula: '=1+1' },
    });
    audit.append({ action: 'draft_changed', target: '+1', profileName: '-2' });
    audit.append({ action: 'draft_changed', target: '@SUM(A1)', profileName: 'say "hi"' });
    audit.append({ action: 'draft_changed', target: 'two\r\nlines' });
    const dest = join(ctx.dir, 'audit.csv');
    const result = await audit.exportTo({ format: 'csv', destination: dest });
    expect(result).toMatchObject({ path: dest, entries: 4 });
    const text = readFileSync(dest, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('seq,at,os_user,profile_id,profile_name,action,target,outcome,details,prev_hash,hash');
    expect(lines[1]).toContain(
      `,"a,b",draft_changed,"'=HYPERLINK(""http://x"")",ok,"{""formula"":""=1+1"",""note"":""line1\\nline2""}",`,
    );
    expect(text).toContain(",'-2,draft_changed,'+1,ok,,");
    expect(text).toContain(`,"say ""hi""",draft_changed,'@SUM(A1),ok,,`);
    expect(text).toContain(',draft_changed,"two\r\nlines",ok,,');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(files()).toEqual(['audit.csv']);
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      action: 'audit_exported',
      outcome: 'ok',
      target: 'audit.csv',
      details: { format: 'csv', entries: 4 },
    });
  });

  it('writes JSON Lines that parse back into the entries, with filters applied', async () => {
    fill(30);
    const dest = join(ctx.dir, 'audit.jsonl');
    const result = await audit.exportTo({
      format: 'jsonl',
      destination: dest,
      actions: ['service_user_created'],
      profileId: 'p1',
    });
    const lines = readFileSync(dest, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(result.entries).toBe(5);
    expect(lines.map((l) => l.seq)).toEqual([4, 10, 16, 22, 28]);
    const fromQuery = audit.query({ actions: ['service_user_created'], profileId: 'p1', limit: 500 }).entries.reverse();
    expect(lines).toEqual(fromQuery);
  });

  it('streams in chunks and waits for the stream (many chunks, file complete)', async () => {
    fill(100); // chunkSize 7 → 15 chunks
    const chunks: number[] = [];
    const log = createAuditLog(ctx.db, {
      clock: clock.now,
      osUser: 'alice',
      chunkSize: 7,
      onExportChunk: (n) => void chunks.push(n),
    });
    const dest = join(ctx.dir, 'a.csv');
    await log.exportTo({ format: 'csv', destination: dest });
    expect(chunks.length).toBe(15);
    expect(readFileSync(dest, 'utf8').trimEnd().split('\r\n')).toHaveLength(101);
  });

  it('leaves no file (neither target nor temp) when it fails midway, and keeps an older file intact', async () => {
    fill(50);
    const dest = join(ctx.dir, 'keep.csv');
    await audit.exportTo({ format: 'csv', destination: dest });
    const before = readFileSync(dest);
    const failing = createAuditLog(ctx.db, {
      clock: clock.now,
      osUser: 'alice',
      chunkSize: 7,
      onExportChunk: (n) => {
        if (n > 20) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    });
    await expect(failing.exportTo({ format: 'csv', destination: dest })).rejects.toMatchObject({ code: 'disk_full' });
    expect(readFileSync(dest).equals(before)).toBe(true);
    expect(files()).toEqual(['keep.csv']);
    expect(audit.query({ limit: 1 }).entries[0]).toMatchObject({
      action: 'audit_exported',
      outcome: 'failed',
      details: { code: 'disk_full' },
    });
  });

  it('reports a missing folder as a storage error and creates nothing', async () => {
    const dest = join(ctx.dir, 'nope', 'a.csv');
    await expect(audit.exportTo({ format: 'csv', destination: dest })).rejects.toBeDefined();
    expect(existsSync(join(ctx.dir, 'nope'))).toBe(false);
  });

  it('refuses a relative destination', async () => {
    await expect(audit.exportTo({ format: 'csv', destination: 'a.csv' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

export type { Db };
