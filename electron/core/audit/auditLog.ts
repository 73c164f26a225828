import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { lstat, open, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import {
  AUDIT_ACTIONS,
  auditExportRequestSchema,
  auditFilterSchema,
  auditQuerySchema,
  type AuditAction,
  type AuditDetails,
  type AuditEntry,
  type AuditExportRequest,
  type AuditExportResult,
  type AuditOutcome,
  type AuditPage,
  type AuditQuery,
  type AuditSigningKeyInfo,
  type AuditVerifyResult,
} from '../../../shared/audit';
import { toStorageError, withStorageErrors } from '../db/errors';
import { canonicalEntry, entryHash, GENESIS_HASH, prepareDetails } from './canonical';
import { csvRow, jsonlLine, CSV_HEADER } from './format';
import { plainVerdict, SIGNING_UNAVAILABLE, type AuditIntegrity, type ChainWalk } from './integrity';
import { cancelledError, walkChainInWorker, type AuditProgressListener } from './verifyWorker';

type Db = Database.Database;

export interface AuditAppendInput {
  action: AuditAction;
  outcome?: AuditOutcome;
  profileId?: string | null;
  /** Looked up in `profiles` when omitted and profileId is given. */
  profileName?: string | null;
  /** An id or name (draft id, service user id, file name). Never a secret. */
  target?: string | null;
  /** Ids, names, codes. Keys naming a secret (token, apiKey, password...) are refused. */
  details?: AuditDetails | null;
}

export interface AuditLogOptions {
  clock?: () => Date;
  /** The OS account name recorded on every entry. */
  osUser: string;
  /** Rows per chunk when verifying/exporting (between chunks the event loop runs). */
  chunkSize?: number;
  /** Test seam: called after each exported chunk has been handed to the stream. */
  onExportChunk?: (entriesSoFar: number) => void | Promise<void>;
  /**
   * Keyed integrity (integrity.ts): checkpoints after appends, the verdict, export signatures.
   * Without it verification can only say `unprovable` for a chain that looks fine.
   */
  integrity?: AuditIntegrity;
  /** Verify on a worker thread when the log is in a file (default true; false: on this thread). */
  worker?: boolean;
  log?: { warn(message: string, fields?: Record<string, unknown>): void };
}

/** What a long operation (verify, export) reports as it goes, and how it is stopped. */
export interface AuditRunOptions {
  onProgress?: AuditProgressListener;
  /** Aborting rejects with `cancelled`; an export then leaves no file behind. */
  signal?: AbortSignal;
}

export interface AuditLog {
  readonly osUser: string;
  /** Appends one entry (joins the caller's transaction if there is one). */
  append(input: AuditAppendInput): AuditEntry;
  /** Newest first, keyset paging on seq. */
  query(query: AuditQuery): AuditPage;
  /** Walks the whole chain in seq order, streaming. Records `audit_verified` unless record=false. */
  verify(options?: { record?: boolean } & AuditRunOptions): Promise<AuditVerifyResult>;
  /** Streams matching entries (oldest first) to `destination` via a temp file + rename. */
  exportTo(request: AuditExportRequest, options?: AuditRunOptions): Promise<AuditExportResult>;
  /** Entries in the log (max seq). */
  count(): number;
  /** The signing key's public part, for an auditor to compare. */
  signingKey(): AuditSigningKeyInfo;
}

const COLUMNS = 'seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash';
type AuditRow = [
  number,
  string,
  string,
  string | null,
  string | null,
  string,
  string | null,
  string,
  string | null,
  string,
  string,
];

const ACTIONS = new Set<string>(AUDIT_ACTIONS);
/** Export text is turned into bytes and written in pieces of about this many characters. */
const PIECE_CHARS = 1 << 20;

function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: r[0],
    at: r[1],
    osUser: r[2],
    profileId: r[3],
    profileName: r[4],
    action: r[5] as AuditAction,
    target: r[6],
    outcome: r[7] as AuditOutcome,
    details: r[8] === null ? null : (JSON.parse(r[8]) as AuditDetails),
    prevHash: r[9],
    hash: r[10],
  };
}

interface Where {
  sql: string;
  params: Record<string, unknown>;
}

function buildWhere(filter: ReturnType<typeof auditFilterSchema.parse>): Where {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.from) {
    parts.push('at >= @from');
    params.from = filter.from;
  }
  if (filter.to) {
    parts.push('at <= @to');
    params.to = filter.to;
  }
  if (filter.actions && filter.actions.length > 0) {
    const names = filter.actions.map((a, i) => {
      params[`a${i}`] = a;
      return `@a${i}`;
    });
    parts.push(`action IN (${names.join(', ')})`);
  }
  if (filter.profileId) {
    parts.push('profile_id = @profileId');
    params.profileId = filter.profileId;
  }
  if (filter.text) {
    params.text = '%' + filter.text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    parts.push(
      "(target LIKE @text ESCAPE '\\' OR profile_name LIKE @text ESCAPE '\\' OR os_user LIKE @text ESCAPE '\\' OR details LIKE @text ESCAPE '\\')",
    );
  }
  return { sql: parts.join(' AND '), params };
}

export function createAuditLog(db: Db, options: AuditLogOptions): AuditLog {
  const clock = options.clock ?? (() => new Date());
  const osUser = options.osUser;
  const chunkSize = options.chunkSize ?? 50_000;

  const headStmt = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
  const lastRowStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const profileNameStmt = db.prepare('SELECT name FROM profiles WHERE id = ?').pluck();
  const insertStmt = db.prepare(
    `INSERT INTO audit_log (${COLUMNS}) VALUES (@seq, @at, @osUser, @profileId, @profileName, @action, @target, @outcome, @details, @prevHash, @hash)`,
  );
  const headUpsert = db.prepare(
    'INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  );
  const maxSeqStmt = db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck();
  const linkedLaterStmt = db.prepare('SELECT 1 FROM audit_log WHERE prev_hash = ? AND seq > ? LIMIT 1').pluck();
  const chunkStmt = db
    .prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`)
    .raw();
  const statementCache = new Map<string, Database.Statement>();
  const cached = (sql: string) => {
    let stmt = statementCache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statementCache.set(sql, stmt);
    }
    return stmt;
  };

  const appendTx = db.transaction((input: AuditAppendInput): AuditEntry => {
    if (!ACTIONS.has(input.action))
      throw new AppError('internal', `Unknown audit action "${String(input.action).slice(0, 40)}".`);
    const details = prepareDetails(input.details);
    // The head, not the last row, decides where the chain continues: entries cut from the
    // end stay visible as a gap instead of being silently papered over.
    const head = (headStmt.get() ?? lastRowStmt.get()) as { seq: number; hash: string } | undefined;
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const profileId = input.profileId ?? null;
    let profileName = input.profileName ?? null;
    if (profileId !== null && input.profileName === undefined)
      profileName = (profileNameStmt.get(profileId) as string | undefined) ?? null;
    const fields = {
      at: clock().toISOString(),
      osUser,
      profileId,
      profileName,
      action: input.action,
      target: input.target ?? null,
      outcome: input.outcome ?? 'ok',
      details,
    };
    const hash = entryHash(prevHash, canonicalEntry(fields));
    insertStmt.run({ seq, ...fields, prevHash, hash });
    headUpsert.run({ seq, hash });
    return { seq, ...fields, details: details === null ? null : (JSON.parse(details) as AuditDetails), prevHash, hash };
  });

  const integrity = options.integrity;
  const append = (input: AuditAppendInput): AuditEntry => {
    const entry = withStorageErrors(() => appendTx(input));
    integrity?.noteAppend();
    return entry;
  };
  // Said in the log itself: what this run writes is signed only at a later start, and that start
  // must not take these entries for ones added behind the app's back.
  if (integrity?.info().state === 'unavailable') {
    try {
      append({ action: SIGNING_UNAVAILABLE, outcome: 'failed' });
    } catch {
      // A log that cannot be written says so on the next append.
    }
  }

  const query = (raw: AuditQuery): AuditPage => {
    const q = auditQuerySchema.parse(raw);
    const where = buildWhere(q);
    const conds = where.sql ? [where.sql] : [];
    const params: Record<string, unknown> = { ...where.params, limit: q.limit + 1 };
    if (q.cursor !== undefined) {
      conds.push('seq < @cursor');
      params.cursor = q.cursor;
    }
    const sql = `SELECT ${COLUMNS} FROM audit_log ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''} ORDER BY seq DESC LIMIT @limit`;
    const rows = withStorageErrors(() => cached(sql).raw().all(params) as AuditRow[]);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    return { entries: page.map(rowToEntry), nextCursor: more ? page[page.length - 1]![0] : null };
  };

  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** The plain chain, streamed in seq order; keeps its own hash at the seqs `capture` names. */
  const walkChainHere = async (capture: Set<number>, run: AuditRunOptions): Promise<ChainWalk> => {
    const head = headStmt.get() as { seq: number; hash: string } | undefined;
    const endSeq = head?.seq ?? (maxSeqStmt.get() as number);
    let expectedSeq = 1;
    let expectedPrev = GENESIS_HASH;
    let entries = 0;
    const hashes = new Map<number, string>();
    if (capture.has(0)) hashes.set(0, GENESIS_HASH);
    const walk = (broken: ChainWalk['broken']): ChainWalk => ({ entries, lastSeq: expectedSeq - 1, broken, hashes });
    for (;;) {
      let inChunk = 0;
      // Synchronous per chunk (fast), then yield so the app keeps answering.
      for (const row of chunkStmt.iterate(expectedSeq - 1, endSeq, chunkSize) as IterableIterator<AuditRow>) {
        inChunk++;
        const seq = row[0];
        const prevHash = row[9];
        const canonical = canonicalEntry({
          at: row[1],
          osUser: row[2],
          profileId: row[3],
          profileName: row[4],
          action: row[5],
          target: row[6],
          outcome: row[7],
          details: row[8],
        });
        if (entryHash(prevHash, canonical) !== row[10]) return walk({ seq, problem: 'changed', atTail: false });
        if (seq !== expectedSeq) return walk({ seq: expectedSeq, problem: 'removed', atTail: false });
        if (prevHash !== expectedPrev) {
          // The entry that should come next exists further on: moved, not missing.
          const later = linkedLaterStmt.get(expectedPrev, seq);
          return walk({ seq, problem: later ? 'reordered' : 'removed', atTail: false });
        }
        expectedPrev = row[10];
        expectedSeq = seq + 1;
        entries++;
        if (capture.has(seq)) hashes.set(seq, expectedPrev);
      }
      if (inChunk < chunkSize) break;
      run.onProgress?.(entries, endSeq);
      await tick();
      if (run.signal?.aborted) throw cancelledError();
    }
    run.onProgress?.(entries, endSeq);
    if (head) {
      if (expectedSeq - 1 < head.seq) return walk({ seq: expectedSeq, problem: 'removed', atTail: true });
      if (expectedPrev !== head.hash) return walk({ seq: head.seq, problem: 'changed', atTail: false });
    }
    return walk(null);
  };

  /** On a worker thread when the log is a file (the app keeps answering), else here in chunks. */
  const walkChain = async (capture: Set<number>, run: AuditRunOptions): Promise<ChainWalk> => {
    if (options.worker === false || db.memory) return walkChainHere(capture, run);
    try {
      return await walkChainInWorker({ file: db.name, capture, chunkSize, ...run });
    } catch (error) {
      if (error instanceof AppError && error.code === 'cancelled') throw error;
      options.log?.warn('audit verification worker could not run; verifying on the main thread', {
        error: error instanceof Error ? error.name : 'unknown',
      });
      return walkChainHere(capture, run);
    }
  };

  const verifyChain = async (run: AuditRunOptions): Promise<AuditVerifyResult> => {
    if (!integrity) return plainVerdict(await walkChain(new Set(), run));
    // Sign what is there first: entries of this session then count as signed, not as pending.
    integrity.checkpointNow();
    return integrity.judge(await walkChain(integrity.capture(), run));
  };

  const verify = async (opts: { record?: boolean } & AuditRunOptions = {}): Promise<AuditVerifyResult> => {
    const result = await withStorageErrorsAsync(() => verifyChain(opts));
    if (opts.record !== false) {
      append({
        action: 'audit_verified',
        outcome: result.ok ? 'ok' : result.verdict === 'unprovable' ? 'unknown' : 'failed',
        details: {
          verdict: result.verdict,
          entries: result.entries,
          ...(result.firstBadSeq !== undefined ? { firstBadSeq: result.firstBadSeq } : {}),
          ...(result.lastBadSeq !== undefined ? { lastBadSeq: result.lastBadSeq } : {}),
          ...(result.problem ? { problem: result.problem } : {}),
          ...(result.reason ? { reason: result.reason } : {}),
        },
      });
    }
    return result;
  };

  const exportTo = async (raw: AuditExportRequest, run: AuditRunOptions = {}): Promise<AuditExportResult> => {
    const req = auditExportRequestSchema.parse(raw);
    if (!isAbsolute(req.destination)) throw new AppError('invalid_request', 'Choose where to save the export.');
    const destination = req.destination;
    const where = buildWhere(req);
    const sql = `SELECT ${COLUMNS} FROM audit_log WHERE seq > @after AND seq <= @maxSeq${where.sql ? ' AND ' + where.sql : ''} ORDER BY seq LIMIT @limit`;
    const stmt = cached(sql);
    const maxSeq = maxSeqStmt.get() as number; // a snapshot: entries appended meanwhile are not exported
    // What progress counts up to: every entry when unfiltered, else a count (an index walk, cheap beside the export).
    const total = where.sql
      ? (cached(`SELECT count(*) FROM audit_log WHERE seq <= @maxSeq AND ${where.sql}`)
          .pluck()
          .get({ ...where.params, maxSeq }) as number)
      : maxSeq;
    const tempFor = (path: string) => join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    const temp = tempFor(destination);
    const sidecars = { signature: `${destination}.sig`, publicKey: `${destination}.pub.pem` };
    const sidecarTemps: string[] = [];
    const format = req.format;
    // Signing needs the exact bytes: kept while streaming only when there is a key to sign with.
    const signing = integrity?.info().fingerprint ? ([] as Buffer[]) : null;
    let entries = 0;
    let bytes = 0;
    let signature: AuditExportResult['signature'] = null;
    let stream: ReturnType<typeof createWriteStream> | undefined;
    try {
      if (run.signal?.aborted) throw cancelledError();
      await checkSidecars(destination, Object.values(sidecars));
      stream = createWriteStream(temp, { flags: 'wx', mode: 0o600, encoding: 'utf8' });
      const out = stream;
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      failed.catch(() => undefined);
      await Promise.race([once(out, 'open'), failed]);
      const write = async (chunk: Buffer) => {
        bytes += chunk.length;
        signing?.push(chunk);
        // Backpressure: wait for the stream to drain before producing the next chunk.
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
      };
      if (format === 'csv') await write(Buffer.from(CSV_HEADER));
      const render = format === 'csv' ? csvRow : jsonlLine;
      let after = 0;
      for (;;) {
        // Page by seq, each page read to its end before the next await: the connection is free
        // between pages (an iterator left open would lock it). Rendered in ~1 MB pieces, so no
        // page-sized array of rows or page-sized string is built.
        const pieces: Buffer[] = [];
        let text = '';
        let inPage = 0;
        for (const row of stmt
          .raw()
          .iterate({ ...where.params, after, maxSeq, limit: chunkSize }) as IterableIterator<AuditRow>) {
          text += render(row);
          inPage++;
          after = row[0];
          if (text.length >= PIECE_CHARS) {
            pieces.push(Buffer.from(text));
            text = '';
          }
        }
        if (inPage === 0) break;
        if (text) pieces.push(Buffer.from(text));
        for (const piece of pieces) await write(piece);
        entries += inPage;
        await options.onExportChunk?.(entries);
        run.onProgress?.(entries, total);
        if (run.signal?.aborted) throw cancelledError();
        if (inPage < chunkSize) break;
      }
      run.onProgress?.(entries, entries);
      out.end();
      await Promise.race([once(out, 'close'), failed]);
      stream = undefined;
      // Durable before it gets its final name: a crash never leaves a short file under that name.
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      const signed = signing ? integrity?.signExport(Buffer.concat(signing, bytes)) : null;
      if (signed) {
        const sigTemp = tempFor(sidecars.signature);
        const keyTemp = tempFor(sidecars.publicKey);
        sidecarTemps.push(sigTemp, keyTemp);
        await writeFile(sigTemp, signed.signature, { flag: 'wx', mode: 0o600 });
        await writeFile(keyTemp, signed.publicKeyPem, { flag: 'wx', mode: 0o600 });
        signature = {
          signaturePath: sidecars.signature,
          publicKeyPath: sidecars.publicKey,
          keyFingerprint: signed.fingerprint,
        };
      }
      await rename(temp, destination);
      if (signature) {
        await rename(sidecarTemps[0]!, sidecars.signature);
        await rename(sidecarTemps[1]!, sidecars.publicKey);
      }
    } catch (error) {
      if (stream && !stream.destroyed) {
        const s = stream;
        await new Promise<void>((resolve) => {
          s.once('close', () => resolve());
          s.destroy();
        });
      }
      for (const path of [temp, ...sidecarTemps]) await unlink(path).catch(() => undefined);
      const appError = toStorageError(error);
      try {
        append({
          action: 'audit_exported',
          outcome: 'failed',
          target: basename(destination),
          details: { format, code: appError instanceof AppError ? appError.code : 'internal' },
        });
      } catch {
        // The failure itself is what the caller needs to hear about.
      }
      throw appError;
    }
    append({
      action: 'audit_exported',
      target: basename(destination),
      details: { format, entries, filtered: where.sql !== '', signed: signature !== null },
    });
    return { path: destination, entries, bytes, signature };
  };

  return {
    osUser,
    append,
    query,
    verify,
    exportTo,
    count: () => maxSeqStmt.get() as number,
    signingKey: () => integrity?.info() ?? { state: 'unavailable', fingerprint: null, publicKeyPem: null },
  };
}

/**
 * `<file>.sig` and `<file>.pub.pem` belong to `<file>`: replaced together with it (the admin
 * confirmed replacing the export), never on their own and never through a link.
 */
async function checkSidecars(destination: string, sidecars: string[]): Promise<void> {
  const exportExists = (await lstat(destination).catch(() => undefined))?.isFile() === true;
  for (const path of sidecars) {
    const existing = await lstat(path).catch(() => undefined);
    if (existing && (!existing.isFile() || !exportExists)) {
      throw new AppError(
        'export_file_exists',
        `${basename(path)} already exists and was not replaced. Choose another name for the export.`,
        {
          params: { file: basename(path) },
          fieldErrors: [
            { field: 'destination', code: 'export_file_exists', message: 'A file with this name already exists.' },
          ],
        },
      );
    }
  }
}

async function withStorageErrorsAsync<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStorageError(error);
  }
}
