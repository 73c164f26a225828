import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import { createAuditIntegrity, type AuditIntegrity } from '../../../electron/core/audit/integrity';
import { generateSigningKey, encodeItem, decodeItem } from '../../../electron/core/audit/signing';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { assertNotReserved, AUDIT_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import { createMemorySecretStore, type SecretStore } from '../../../electron/core/keychain/secretStore';
import { AppError } from '../../../shared/errors';
import { makeTempDir, manualClock } from '../../support/db';
import { rehashFrom, tamper } from '../../support/tamper';

const ACCOUNT = '/data/folder';
let tmp: ReturnType<typeof makeTempDir>;
let file: string;
let clock: ReturnType<typeof manualClock>;
let keychain: ReturnType<typeof createMemorySecretStore>;
const open: Install[] = [];

interface Install {
  db: Db;
  integrity: AuditIntegrity;
  log: AuditLog;
  close(): Promise<void>;
  /** Gone without its last checkpoint: the pending timer never fires. */
  crash(): void;
}

async function install(store: SecretStore = keychain): Promise<Install> {
  const db = openDatabase({ file, clock: clock.now });
  const integrity = createAuditIntegrity({ db, keychain: store, account: ACCOUNT, clock: clock.now });
  await integrity.start();
  const log = createAuditLog(db, { clock: clock.now, osUser: 'alice', chunkSize: 7, integrity });
  const me: Install = {
    db,
    integrity,
    log,
    async close() {
      await integrity.close();
      db.close();
    },
    crash() {
      vi.clearAllTimers();
      db.close();
    },
  };
  open.push(me);
  return me;
}

/** n entries, each followed by its checkpoint (as in real use: appends seconds apart). */
function append(app: Install, n: number, { checkpoint = true } = {}): void {
  for (let i = 0; i < n; i++) {
    clock.advance(5000);
    app.log.append({ action: 'token_revealed', profileId: 'p1', profileName: 'Prod', target: `user-${i}` });
    if (checkpoint) vi.advanceTimersByTime(1000);
  }
}

const verify = (app: Install) => app.log.verify({ record: false });
const copyDb = (to: string) => {
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) copyFileSync(file + suffix, to + suffix);
};
const restoreDb = (from: string) => {
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, file + suffix);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  tmp = makeTempDir('sud-integrity-');
  file = join(tmp.dir, 'app.sqlite');
  clock = manualClock();
  keychain = createMemorySecretStore('memory');
});
afterEach(() => {
  for (const app of open.splice(0)) if (app.db.open) app.db.close();
  vi.useRealTimers();
  tmp.cleanup();
});

describe('signing at checkpoints', () => {
  it('signs the head at most one bound after an append, once for a burst, and moves the anchor', async () => {
    const app = await install();
    const sets = vi.spyOn(keychain, 'set');
    for (let i = 0; i < 50; i++) app.log.append({ action: 'token_copied', target: `u${i}` });
    const rows = () => app.db.prepare('SELECT count(*) FROM audit_checkpoints').pluck().get() as number;
    const before = rows();
    vi.advanceTimersByTime(999);
    expect(rows()).toBe(before);
    vi.advanceTimersByTime(1);
    expect(rows()).toBe(before + 1);
    await vi.waitFor(() => expect(sets).toHaveBeenCalledTimes(1));
    const item = decodeItem((await keychain.get(AUDIT_KEY_SERVICE, ACCOUNT))!);
    expect(JSON.parse(item.anchor!.payload)).toMatchObject({ seq: 50 });
    expect(await verify(app)).toMatchObject({
      ok: true,
      verdict: 'intact',
      entries: 50,
      signedThrough: 50,
      unsigned: 0,
    });
  });

  it('a fresh install is intact and shows the key fingerprint', async () => {
    const app = await install();
    append(app, 3);
    const result = await verify(app);
    expect(result).toMatchObject({ verdict: 'intact', carriedOver: null, recovered: [] });
    expect(result.keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(app.log.signingKey()).toMatchObject({ state: 'ready', fingerprint: result.keyFingerprint });
    await app.close();
    const again = await install();
    expect(await verify(again)).toMatchObject({ verdict: 'intact', entries: 3, keyFingerprint: result.keyFingerprint });
  });

  it('records the verdict in the log itself', async () => {
    const app = await install();
    append(app, 2);
    await app.log.verify();
    const last = app.log.query({ limit: 1 }).entries[0]!;
    expect(last).toMatchObject({ action: 'audit_verified', outcome: 'ok', details: { verdict: 'intact', entries: 2 } });
  });

  it('closes twice without harm, the second time after the database is gone', async () => {
    const app = await install();
    append(app, 1, { checkpoint: false });
    await app.close();
    await expect(app.integrity.close()).resolves.toBeUndefined();
    expect(await verify(await install())).toMatchObject({
      verdict: 'intact',
      signedThrough: 1,
      recovered: [],
    });
  });

  it('the signing key item is reserved: a token can never be saved over it', () => {
    expect(() => assertNotReserved(AUDIT_KEY_SERVICE)).toThrow(AppError);
    expect(() => assertNotReserved(` ${AUDIT_KEY_SERVICE.toUpperCase()} `)).toThrow(AppError);
  });
});

describe('attacks on the file (the editor has no keychain)', () => {
  it('rewrite and re-hash with triggers dropped (issue 16): entry #3 was changed', async () => {
    const app = await install();
    append(app, 6);
    await app.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'someone-else' WHERE seq = 3").run();
      rehashFrom(db, 3);
    });
    const again = await install();
    const result = await verify(again);
    expect(result).toMatchObject({ ok: false, verdict: 'changed', firstBadSeq: 3, lastBadSeq: 3 });
    expect(again.log.signingKey().state).toBe('frozen');
    // Nothing later signs over it: the next start says the same.
    append(again, 2);
    await again.close();
    const third = await install();
    expect(await verify(third)).toMatchObject({ verdict: 'changed', firstBadSeq: 3, lastBadSeq: 3 });
  });

  it('rewrite and re-hash while the app runs: caught at the next verify', async () => {
    const app = await install();
    append(app, 6);
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = 4").run();
      rehashFrom(db, 4);
    });
    expect(await verify(app)).toMatchObject({ verdict: 'changed', firstBadSeq: 4, lastBadSeq: 4 });
  });

  it('a change is pinned to the range between two checkpoints when entries came in a burst', async () => {
    const app = await install();
    append(app, 2);
    append(app, 5, { checkpoint: false });
    vi.advanceTimersByTime(1000);
    await app.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 5").run();
      rehashFrom(db, 5);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 3, lastBadSeq: 7 });
  });

  it('cut the tail and rewrite the head (issue 16): entries after #4 are missing', async () => {
    const app = await install();
    append(app, 7);
    await app.close();
    tamper(file, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
      db.prepare('UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)').run();
    });
    const result = await verify(await install());
    expect(result).toMatchObject({ ok: false, verdict: 'truncated', firstBadSeq: 5, lastSignedSeq: 7 });
  });

  it('a cut tail whose checkpoints were removed too reads as an older copy, never as intact', async () => {
    const app = await install();
    append(app, 7);
    await app.close();
    tamper(file, (db) => {
      db.exec('DROP TRIGGER audit_checkpoints_no_delete');
      db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
      db.prepare('DELETE FROM audit_checkpoints WHERE seq > 4').run();
      db.prepare('UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)').run();
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'rolled_back', firstBadSeq: 5, lastSignedSeq: 7 });
  });

  it('rollback to an earlier copy of the file: older than the app’s last record', async () => {
    const app = await install();
    append(app, 4);
    await app.close();
    copyDb(join(tmp.dir, 'copy.sqlite'));
    const later = await install();
    append(later, 3);
    await later.close();
    restoreDb(join(tmp.dir, 'copy.sqlite'));
    const back = await install();
    expect(await verify(back)).toMatchObject({ ok: false, verdict: 'rolled_back', firstBadSeq: 5, lastSignedSeq: 7 });
    // Appending past the anchor does not hide it.
    append(back, 5);
    expect(await verify(back)).toMatchObject({ verdict: 'rolled_back' });
  });

  it('deleting one middle entry: entry #3 is missing', async () => {
    const app = await install();
    append(app, 6);
    await app.close();
    tamper(file, (db) => db.prepare('DELETE FROM audit_log WHERE seq = 3').run());
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 3, problem: 'removed' });
  });

  it('deleting one middle entry and renumbering and re-hashing the rest: changed from #3', async () => {
    const app = await install();
    append(app, 6);
    await app.close();
    tamper(file, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      for (let seq = 4; seq <= 6; seq++) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(seq - 1, seq);
      rehashFrom(db, 3);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 3, lastBadSeq: 3 });
  });

  it('swapping two entries: reordered at #3', async () => {
    const app = await install();
    append(app, 6);
    await app.close();
    tamper(file, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = 4').run();
      db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = -1').run();
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 3, problem: 'reordered' });
  });

  it('swapping two entries and re-hashing: changed at #3', async () => {
    const app = await install();
    append(app, 6);
    await app.close();
    tamper(file, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = 4').run();
      db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = -1').run();
      rehashFrom(db, 3);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 3, lastBadSeq: 3 });
  });

  it('a forged checkpoint row (no key to sign it) proves nothing', async () => {
    const app = await install();
    append(app, 4);
    await app.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 2").run();
      rehashFrom(db, 2);
      const row = db.prepare('SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1').get() as Record<
        string,
        string
      >;
      const head = db.prepare('SELECT hash FROM audit_head').pluck().get() as string;
      const payload = JSON.parse(row.payload!) as { hash: string };
      payload.hash = head;
      db.prepare('INSERT INTO audit_checkpoints (seq, payload, signature, key_id) VALUES (4, ?, ?, ?)').run(
        JSON.stringify(payload),
        row.signature,
        row.key_id,
      );
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 2, lastBadSeq: 2 });
  });
});

describe('entries added while the app was not running', () => {
  it('after a clean close, an appended entry with a consistent chain is caught: changed (added)', async () => {
    const app = await install();
    append(app, 4);
    await app.close();
    expect(decodeItem((await keychain.get(AUDIT_KEY_SERVICE, ACCOUNT))!).closed).toBe(true);
    tamper(file, (db) => {
      db.prepare(
        "INSERT INTO audit_log (seq, at, os_user, action, target, outcome, prev_hash, hash) VALUES (5, '2026-03-01T11:00:00.000Z', 'alice', 'token_copied', 'forged', 'ok', '', '')",
      ).run();
      rehashFrom(db, 5);
    });
    const again = await install();
    expect(await verify(again)).toMatchObject({ verdict: 'changed', firstBadSeq: 5, lastBadSeq: 5, problem: 'added' });
    expect(again.log.signingKey().state).toBe('frozen');
    // Frozen: this run signs nothing and leaves the keychain item as it was, so the next start says it again.
    append(again, 1);
    await again.close();
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 5, problem: 'added' });
  });

  it('a start that cannot clear the clean-close mark runs as without a key, and says so', async () => {
    const app = await install();
    append(app, 2);
    await app.close();
    const readOnly: SecretStore = { ...keychain, set: () => Promise.reject(new AppError('keychain_unavailable', 'x')) };
    const again = await install(readOnly);
    expect(again.log.signingKey().state).toBe('unavailable');
    append(again, 1, { checkpoint: false });
    again.crash();
    expect(await verify(await install())).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      recovered: [{ from: 3, to: 4 }],
    });
  });

  it('a running app marks the anchor as not closed, so a crash tail is not taken for an addition', async () => {
    const app = await install();
    append(app, 2);
    await app.close();
    const again = await install();
    expect(decodeItem((await keychain.get(AUDIT_KEY_SERVICE, ACCOUNT))!).closed).toBe(false);
    append(again, 2, { checkpoint: false });
    again.crash();
    expect(await verify(await install())).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      recovered: [{ from: 3, to: 4 }],
    });
  });
});

describe('the keychain side', () => {
  it('a different key in the keychain item: unprovable (key changed), never intact', async () => {
    const app = await install();
    append(app, 5);
    await app.close();
    const stored = decodeItem((await keychain.get(AUDIT_KEY_SERVICE, ACCOUNT))!);
    await keychain.set(AUDIT_KEY_SERVICE, ACCOUNT, encodeItem(generateSigningKey(), stored.anchor!));
    const again = await install();
    const result = await verify(again);
    expect(result).toMatchObject({
      ok: false,
      verdict: 'unprovable',
      reason: 'key_changed',
      carriedOver: { through: 5, reason: 'key_changed' },
    });
    expect(result.keyFingerprint).not.toBe(stored.key!.fingerprint);
    // From then on the new key signs: a later rewrite of a new entry is still caught.
    append(again, 2);
    await again.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 7").run();
      rehashFrom(db, 7);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 7 });
  });

  it('an unreadable keychain item: unprovable (key changed)', async () => {
    const app = await install();
    append(app, 2);
    await app.close();
    await keychain.set(AUDIT_KEY_SERVICE, ACCOUNT, 'not a key');
    expect(await verify(await install())).toMatchObject({ verdict: 'unprovable', reason: 'key_changed' });
  });

  it('the keychain item missing: unprovable (key missing); a new key signs from then on', async () => {
    const app = await install();
    append(app, 3);
    await app.close();
    await keychain.delete(AUDIT_KEY_SERVICE, ACCOUNT);
    const again = await install();
    expect(await verify(again)).toMatchObject({
      verdict: 'unprovable',
      reason: 'key_missing',
      carriedOver: { through: 3, reason: 'key_missing' },
    });
    expect(await keychain.get(AUDIT_KEY_SERVICE, ACCOUNT)).not.toBeNull();
  });

  it('the keychain unavailable: unprovable, nothing signed; the next start signs what was written meanwhile', async () => {
    const app = await install();
    append(app, 2);
    await app.close();
    const broken: SecretStore = {
      backend: 'broken',
      get: () => Promise.reject(new AppError('keychain_unavailable', 'locked')),
      has: () => Promise.reject(new AppError('keychain_unavailable', 'locked')),
      set: () => Promise.reject(new AppError('keychain_unavailable', 'locked')),
      delete: () => Promise.reject(new AppError('keychain_unavailable', 'locked')),
    };
    const locked = await install(broken);
    append(locked, 2);
    expect(locked.log.signingKey().state).toBe('unavailable');
    // The log itself says so first (#3), then the run's own entries (#4, #5).
    expect(locked.log.query({ limit: 3 }).entries.map((e) => e.action)).toEqual([
      'token_revealed',
      'token_revealed',
      'audit_signing_unavailable',
    ]);
    expect(await verify(locked)).toMatchObject({ verdict: 'unprovable', reason: 'keychain_unavailable', unsigned: 5 });
    await locked.close();
    const back = await install();
    expect(await verify(back)).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      recovered: [{ from: 3, to: 5 }],
    });
  });

  it('a log written before this change is carried over, marked, and protected from the upgrade on', async () => {
    const old = openDatabase({ file, clock: clock.now, migrations: MIGRATIONS.slice(0, 4) });
    const plain = createAuditLog(old, { clock: clock.now, osUser: 'alice' });
    for (let i = 0; i < 4; i++) plain.append({ action: 'profile_added', target: `p${i}` });
    old.close();
    const app = await install();
    append(app, 2);
    expect(await verify(app)).toMatchObject({
      ok: false,
      verdict: 'unprovable',
      reason: 'upgrade',
      carriedOver: { through: 4, reason: 'upgrade' },
      signedThrough: 6,
    });
    await app.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 2").run();
      rehashFrom(db, 2);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 1, lastBadSeq: 4 });
  });
});

describe('a crash inside the bound', () => {
  it('entries written just before a crash are signed at the next start and named as such', async () => {
    const app = await install();
    append(app, 3);
    append(app, 2, { checkpoint: false });
    app.crash();
    const again = await install();
    const result = await verify(again);
    expect(result).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      signedThrough: 5,
      recovered: [{ from: 4, to: 5 }],
    });
  });

  it('what it cannot prove: an edit of those entries before the restart; what it can: the signed ones', async () => {
    const app = await install();
    append(app, 3);
    append(app, 2, { checkpoint: false });
    app.crash();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 5").run();
      rehashFrom(db, 5);
    });
    // The edit cannot be told from the original: the verdict names the entries it cannot vouch for.
    const first = await install();
    expect(await verify(first)).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      recovered: [{ from: 4, to: 5 }],
    });
    await first.close();
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 2").run();
      rehashFrom(db, 2);
    });
    expect(await verify(await install())).toMatchObject({ verdict: 'changed', firstBadSeq: 2, lastBadSeq: 2 });
  });
});

describe('without integrity', () => {
  it('a chain that looks fine is unprovable, a broken one still changed', async () => {
    const ctx = await install();
    const plain = createAuditLog(ctx.db, { osUser: 'alice' });
    expect(await plain.verify({ record: false })).toMatchObject({ ok: false, verdict: 'unprovable' });
  });
});
