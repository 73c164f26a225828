/**
 * Storage benchmark: drafts autosave, audit append, a filtered audit page at 1,000,000 entries,
 * chain verification and CSV export — each beside raw better-sqlite3 doing the same work in the
 * same run, on a real file in a temp folder (WAL + synchronous=NORMAL, as the app opens it).
 *
 *   npx tsx scripts/bench-storage.ts            (AUDIT_ENTRIES=200000 for a quicker run)
 *
 * Prints figures; asserts nothing (targets are listed for the reader).
 */
import Database from 'better-sqlite3';
import * as crypto from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAuditLog } from '../electron/core/audit/auditLog';
import { canonicalEntry, entryHash, GENESIS_HASH } from '../electron/core/audit/canonical';
import { createAuditIntegrity } from '../electron/core/audit/integrity';
import { createMemorySecretStore } from '../electron/core/keychain/secretStore';
import { deferCheckpoints, openDatabase } from '../electron/core/db/database';
import { createDraftStore } from '../electron/core/drafts/draftStore';
import type { AuditAction } from '../shared/audit';
import { median, percentile } from './bench-stats';
import { record } from './lib/record';

export interface BenchFigure {
  name: string;
  app: number;
  raw: number;
  unit: string;
  target?: string;
  /** The bare work `raw` measures, named in the output. */
  rawName?: string;
  /** Whether the target is met (true when there is none to miss). */
  met?: boolean;
  /** `app / raw` is reported as-is; for rates (higher is better) the ratio is app/raw too. */
}

const now = () => performance.now();

function rawDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

export async function benchStorage(
  options: { auditEntries?: number; log?: (line: string) => void } = {},
): Promise<BenchFigure[]> {
  const N = options.auditEntries ?? Number(process.env.AUDIT_ENTRIES ?? 1_000_000);
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'sud-bench-'));
  const figures: BenchFigure[] = [];
  const report = (f: BenchFigure) => {
    figures.push(f);
    record({
      name: f.name,
      value: f.app,
      unit: f.unit,
      baseline: f.raw,
      baselineName: f.rawName,
      ratio: f.raw > 0 ? f.app / f.raw : undefined,
      target: f.target,
      met: f.met ?? true,
    });
    const ratio = f.raw > 0 ? (f.app / f.raw).toFixed(2) : 'n/a';
    log(
      `${f.name.padEnd(44)} app ${f.app.toFixed(f.app < 10 ? 3 : 0).padStart(10)} ${f.unit.padEnd(10)} raw ${f.raw.toFixed(f.raw < 10 ? 3 : 0).padStart(10)}  app/raw ${ratio.padStart(5)}${f.target ? `   target ${f.target}${f.met === false ? ' MISSED' : ''}` : ''}${f.rawName ? `\n${''.padEnd(46)}(raw = ${f.rawName})` : ''}`,
    );
  };

  try {
    // ---------------------------------------------------------------- drafts autosave
    {
      const db = openDatabase({ file: join(dir, 'drafts.sqlite') });
      const stopCheckpoints = deferCheckpoints(db); // as the app runs
      const audit = createAuditLog(db, { osUser: 'bench' });
      const drafts = createDraftStore(db, { audit });
      const rdb = rawDb(join(dir, 'drafts-raw.sqlite'));
      rdb.exec(
        'CREATE TABLE drafts (id TEXT PRIMARY KEY, fields TEXT NOT NULL, step INTEGER, updated_at TEXT, revision INTEGER) STRICT',
      );
      rdb.prepare("INSERT INTO drafts VALUES ('d', '{}', 0, '', 1)").run();
      const rawUpdate = rdb.prepare(
        'UPDATE drafts SET fields = ?, step = ?, updated_at = ?, revision = revision + 1 WHERE id = ?',
      );
      const accountIds = Array.from({ length: 20 }, (_, i) => `account-${i}`);
      let draft = drafts.save({ profileId: 'p1', step: 0, fields: { friendlyName: '' } });
      const SAVES = 2000;
      const appTimes: number[] = [];
      const rawTimes: number[] = [];
      for (let i = 1; i <= SAVES; i++) {
        const fields = {
          friendlyName: `Build bot ${i}`,
          description: 'd'.repeat(i % 500),
          email: 'ops@example.com',
          accountIds,
        };
        let t = now();
        draft = drafts.save({ id: draft.id, profileId: 'p1', step: 1, fields });
        appTimes.push(now() - t);
        t = now();
        rawUpdate.run(JSON.stringify(fields), 1, new Date().toISOString(), 'd');
        rawTimes.push(now() - t);
      }
      report({
        name: `draft autosave median (${SAVES} saves)`,
        app: median(appTimes),
        raw: median(rawTimes),
        unit: 'ms',
      });
      report({
        name: 'draft autosave p99',
        app: percentile(appTimes, 99),
        raw: percentile(rawTimes, 99),
        unit: 'ms',
        rawName: 'bare: one better-sqlite3 UPDATE of the JSON text',
        target: '< 2 ms',
        met: percentile(appTimes, 99) < 2,
      });

      // ---------------------------------------------------------------- audit append
      // As the app appends: signed (a checkpoint at most 1 s after an append, off the append itself).
      const signedDb = openDatabase({ file: join(dir, 'append-signed.sqlite') });
      const integrity = createAuditIntegrity({ db: signedDb, keychain: createMemorySecretStore(), account: dir });
      await integrity.start();
      const signedAudit = createAuditLog(signedDb, { osUser: 'bench', integrity });
      const APPENDS = 5000;
      // Raw: the same table (indexes, triggers), the same hash and head update, one commit each.
      const rawAudit = openDatabase({ file: join(dir, 'append-raw.sqlite') });
      const rawInsert = rawAudit.prepare('INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?)');
      const rawHead = rawAudit.prepare(
        'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
      );
      let rawPrev = GENESIS_HASH;
      const rawAppend = rawAudit.transaction((i: number) => {
        const at = new Date().toISOString();
        const details = `{"n":${i}}`;
        const hash = entryHash(
          rawPrev,
          canonicalEntry({
            at,
            osUser: 'bench',
            profileId: 'p1',
            profileName: 'Prod',
            action: 'token_copied',
            target: `su-${i}`,
            outcome: 'ok',
            details,
          }),
        );
        rawInsert.run(i + 1, at, 'bench', 'p1', 'Prod', 'token_copied', `su-${i}`, 'ok', details, rawPrev, hash);
        rawHead.run(i + 1, hash);
        rawPrev = hash;
      });
      let t = now();
      for (let i = 0; i < APPENDS; i++)
        signedAudit.append({
          action: 'token_copied',
          profileId: 'p1',
          profileName: 'Prod',
          target: `su-${i}`,
          details: { n: i },
        });
      const appRate = APPENDS / ((now() - t) / 1000);
      t = now();
      for (let i = 0; i < APPENDS; i++) rawAppend(i);
      const rawRate = APPENDS / ((now() - t) / 1000);
      report({ name: `audit append, one commit each (${APPENDS})`, app: appRate, raw: rawRate, unit: 'entries/s' });
      // What the coalesced checkpoint costs when it fires: sign the head, store the row, queue the anchor.
      const SIGNS = 200;
      t = now();
      for (let i = 0; i < SIGNS; i++) {
        signedAudit.append({ action: 'token_copied', target: `cp-${i}` });
        integrity.checkpointNow();
      }
      const checkpointMs = (now() - t) / SIGNS - 1000 / appRate;
      log(`  (one checkpoint: ~${checkpointMs.toFixed(3)} ms, at most once per second after appends)`);
      await integrity.close();
      signedDb.close();
      stopCheckpoints();
      db.close();
      rdb.close();
      rawAudit.close();
    }

    // ---------------------------------------------------------------- 1M-entry audit log
    const file = join(dir, 'audit.sqlite');
    const db = openDatabase({ file });
    {
      log(`seeding ${N.toLocaleString('en')} hash-chained audit entries...`);
      const t = now();
      const insert = db.prepare(
        'INSERT INTO audit_log (seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      );
      const actions: AuditAction[] = [
        'draft_changed',
        'draft_created',
        'token_copied',
        'connection_tested',
        'service_user_created',
        'create_failed',
        'token_saved_to_keychain',
      ];
      const start = Date.parse('2025-01-01T00:00:00Z');
      let prev = GENESIS_HASH;
      const BATCH = 50_000;
      for (let from = 1; from <= N; from += BATCH) {
        db.transaction(() => {
          for (let seq = from; seq < from + BATCH && seq <= N; seq++) {
            const f = {
              at: new Date(start + seq * 30_000).toISOString(),
              osUser: 'alice',
              profileId: `p${seq % 10}`,
              profileName: `Profile ${seq % 10}`,
              action: actions[seq % actions.length]!,
              target: `su-${seq}`,
              outcome: seq % 13 ? 'ok' : 'failed',
              details: `{"name":"Build bot ${seq}","step":${seq % 4}}`,
            };
            const hash = entryHash(prev, canonicalEntry(f));
            insert.run(
              seq,
              f.at,
              f.osUser,
              f.profileId,
              f.profileName,
              f.action,
              f.target,
              f.outcome,
              f.details,
              prev,
              hash,
            );
            prev = hash;
          }
        })();
      }
      db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)').run(N, prev);
      db.pragma('wal_checkpoint(TRUNCATE)');
      log(`  seeded in ${((now() - t) / 1000).toFixed(1)} s (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
    }
    // Signed as the app runs it: verification checks the head signature and the keychain anchor too.
    const integrity = createAuditIntegrity({ db, keychain: createMemorySecretStore(), account: file });
    await integrity.start();
    const audit = createAuditLog(db, { osUser: 'bench', integrity });

    // ---------------------------------------------------------------- filtered page query
    {
      const QUERIES = 25;
      const filters = {
        actions: ['service_user_created' as const, 'create_failed' as const],
        profileId: 'p3',
        limit: 100,
      };
      const appTimes: number[] = [];
      const rawTimes: number[] = [];
      let cursor: number | undefined;
      const rawStmt = db.prepare(
        'SELECT seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash FROM audit_log WHERE action IN (?, ?) AND profile_id = ? AND seq < ? ORDER BY seq DESC LIMIT 101',
      );
      for (let i = 0; i < QUERIES; i++) {
        // Page 1 and deeper pages alternately (keyset: the cost does not grow with depth).
        let t = now();
        const page = audit.query({ ...filters, ...(cursor ? { cursor } : {}) });
        appTimes.push(now() - t);
        t = now();
        const rows = rawStmt.all('service_user_created', 'create_failed', 'p3', cursor ?? Number.MAX_SAFE_INTEGER) as {
          details: string;
        }[];
        for (const r of rows) JSON.parse(r.details);
        rawTimes.push(now() - t);
        cursor = i % 5 === 4 ? undefined : (page.nextCursor ?? undefined);
      }
      report({
        name: 'filtered audit page (action + profile)',
        app: median(appTimes),
        raw: median(rawTimes),
        unit: 'ms',
        rawName: 'bare: the same SELECT through better-sqlite3 .all() + JSON.parse of details',
        target: '< 20 ms',
        met: median(appTimes) < 20,
      });

      const rangeTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = now();
        audit.query({ from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z', text: 'bot 1', limit: 100 });
        rangeTimes.push(now() - t);
      }
      log(`  (time range + text page: median ${median(rangeTimes).toFixed(2)} ms)`);
    }

    // ---------------------------------------------------------------- chain verification
    // Rounds interleaved (app, bare, app, bare...) and medians, so both see the same machine.
    const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
    {
      const appRun = async () => {
        const t = now();
        const result = await audit.verify({ record: false });
        // Seeded before the key existed, so `unprovable` (carried over) — but no break in the chain.
        if (result.firstBadSeq !== undefined || result.signedThrough !== N)
          throw new Error('seeded chain did not verify');
        return (now() - t) / 1000;
      };
      // Bare: the same walk with no app function inside it — .raw().iterate(), one createHash per
      // row over prev-hash + the fields, a hex compare with the stored hash.
      const stmt = db
        .prepare(
          'SELECT seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash FROM audit_log ORDER BY seq',
        )
        .raw();
      const bareRun = () => {
        const t = now();
        let prev = '0'.repeat(64);
        let bad = 0;
        for (const r of stmt.iterate() as IterableIterator<(string | number | null)[]>) {
          const fields = JSON.stringify([r[1], r[2], r[3], r[4], r[5], r[6], r[7]]);
          const text = prev + fields.slice(0, -1) + ',' + ((r[8] as string | null) ?? 'null') + ']';
          const h = crypto.createHash('sha256').update(text).digest('hex');
          if (r[9] !== prev || h !== r[10]) bad++;
          prev = r[10] as string;
        }
        if (bad) throw new Error('bare walk mismatch');
        return (now() - t) / 1000;
      };
      const appRates: number[] = [];
      const bareRates: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        appRates.push(N / (await appRun()));
        bareRates.push(N / bareRun());
      }
      const appRate = median(appRates);
      const rawRate = median(bareRates);
      report({
        name: 'audit chain verification',
        app: appRate,
        raw: rawRate,
        unit: 'entries/s',
        rawName: `bare: better-sqlite3 .raw().iterate(), one createHash(sha256) per row, hex compare (median of ${ROUNDS})`,
        target: '≥ 1.0× bare and ≥ 500,000/s',
        met: appRate >= rawRate && appRate >= 500_000,
      });
    }

    // ---------------------------------------------------------------- CSV export
    {
      const appTimes: number[] = [];
      const bareTimes: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let t = now();
        const result = await audit.exportTo({ format: 'csv', destination: join(dir, `export-${round}.csv`) });
        appTimes.push((now() - t) / 1000);
        if (round === 0)
          log(`  (CSV export: ${result.entries.toLocaleString('en')} entries, ${(result.bytes / 1e6).toFixed(0)} MB)`);
        // Bare: quote, join, 1 MB chunks — no app function inside it.
        t = now();
        const out = createWriteStream(join(dir, `export-raw-${round}.csv`));
        out.write('seq,at,os_user,profile_id,profile_name,action,target,outcome,details,prev_hash,hash\r\n');
        const stmt = db
          .prepare(
            'SELECT seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash FROM audit_log ORDER BY seq',
          )
          .raw();
        const quote = (v: unknown) =>
          v === null ? '' : typeof v === 'string' && /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
        let text = '';
        for (const r of stmt.iterate() as IterableIterator<unknown[]>) {
          text += r.map(quote).join(',') + '\r\n';
          if (text.length >= 1 << 20) {
            if (!out.write(text)) await once(out, 'drain');
            text = '';
          }
        }
        out.end(text);
        await once(out, 'close');
        bareTimes.push((now() - t) / 1000);
      }
      const appSeconds = median(appTimes);
      const rawSeconds = median(bareTimes);
      report({
        name: 'audit CSV export',
        app: appSeconds,
        raw: rawSeconds,
        unit: 's',
        rawName: `bare: .raw().iterate(), quote, join, 1 MB chunks to a write stream (median of ${ROUNDS})`,
        target: '≤ 1.5× bare',
        met: appSeconds <= 1.5 * rawSeconds,
      });
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = now();
  benchStorage()
    .then(() => console.log(`total ${((now() - started) / 1000).toFixed(1)} s`))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
