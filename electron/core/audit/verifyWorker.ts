import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import type { ChainWalk } from './integrity';

/** Progress of a long audit operation: entries done out of the total known at its start. */
export type AuditProgressListener = (done: number, total: number) => void;

export interface WalkInWorkerOptions {
  /** The database file (WAL): the worker opens it read-only and reads one snapshot of it. */
  file: string;
  capture: Set<number>;
  chunkSize: number;
  onProgress?: AuditProgressListener;
  signal?: AbortSignal;
}

/**
 * The worker's code, plain CommonJS so it runs the same under Electron, tsx and vitest (a worker
 * file would need its own bundler entry). It repeats the canonical form of canonical.ts on
 * purpose; tests/unit/audit/verifyWorker.test.ts holds the two to the same hashes.
 *
 * One read transaction: the walk sees one snapshot while the app keeps appending on its own
 * connection. The cancel flag is polled between chunks.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const Database = require(workerData.sqlite);
const { file, capture: captureList, chunkSize, cancel } = workerData;
const flag = new Int32Array(cancel);
const hashOf = crypto.hash
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex');
const db = new Database(file, { readonly: true, fileMustExist: true });
try {
  db.exec('BEGIN');
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get();
  const endSeq = head ? head.seq : db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck().get();
  const capture = new Set(captureList);
  const hashes = [];
  if (capture.has(0)) hashes.push([0, '0'.repeat(64)]);
  let expectedSeq = 1;
  let expectedPrev = '0'.repeat(64);
  let entries = 0;
  let broken = null;
  let seen = 0;
  let cancelled = false;
  const rows = db
    .prepare('SELECT seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash FROM audit_log WHERE seq <= ? ORDER BY seq')
    .raw()
    .iterate(endSeq);
  for (const r of rows) {
    const seq = r[0];
    const prevHash = r[9];
    // One stringify of the seven text fields: the same text as canonicalEntry's, built faster.
    const fields = JSON.stringify([r[1], r[2], r[3], r[4], r[5], r[6], r[7]]);
    const canonical = fields.slice(0, -1) + ',' + (r[8] === null ? 'null' : r[8]) + ']';
    if (hashOf(prevHash + canonical) !== r[10]) { broken = { seq, problem: 'changed', atTail: false }; break; }
    if (seq !== expectedSeq) { broken = { seq: expectedSeq, problem: 'removed', atTail: false }; break; }
    if (prevHash !== expectedPrev) { broken = { seq, problem: 'linked', atTail: false }; break; }
    expectedPrev = r[10];
    expectedSeq = seq + 1;
    entries++;
    if (capture.has(seq)) hashes.push([seq, expectedPrev]);
    if (++seen === chunkSize) {
      seen = 0;
      if (Atomics.load(flag, 0) !== 0) { cancelled = true; break; }
      parentPort.postMessage({ type: 'progress', done: entries, total: endSeq });
    }
  }
  if (cancelled) {
    parentPort.postMessage({ type: 'cancelled' });
  } else {
    if (broken && broken.problem === 'linked') {
      // The entry that should come next exists further on: moved, not missing.
      const later = db.prepare('SELECT 1 FROM audit_log WHERE prev_hash = ? AND seq > ? LIMIT 1').get(expectedPrev, broken.seq);
      broken.problem = later ? 'reordered' : 'removed';
    }
    if (!broken && head) {
      if (expectedSeq - 1 < head.seq) broken = { seq: expectedSeq, problem: 'removed', atTail: true };
      else if (expectedPrev !== head.hash) broken = { seq: head.seq, problem: 'changed', atTail: false };
    }
    parentPort.postMessage({ type: 'progress', done: entries, total: endSeq });
    parentPort.postMessage({ type: 'done', walk: { entries, lastSeq: expectedSeq - 1, broken, hashes } });
  }
  db.exec('COMMIT');
} finally {
  db.close();
}
`;

let sqlitePath: string | undefined;
function sqliteModule(): string {
  sqlitePath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  return sqlitePath;
}

/** Thrown when the admin cancels a verification or an export. */
export const cancelledError = () => new AppError('cancelled', 'Cancelled.');

/**
 * Walks the hash chain on a worker thread (the main thread keeps answering). Rejects with
 * `cancelled` when `signal` aborts; with the worker's error when it cannot run at all (the caller
 * then walks in-thread).
 */
export function walkChainInWorker(options: WalkInWorkerOptions): Promise<ChainWalk> {
  if (options.signal?.aborted) return Promise.reject(cancelledError());
  const cancel = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      sqlite: sqliteModule(),
      file: options.file,
      capture: [...options.capture],
      chunkSize: options.chunkSize,
      cancel,
    },
  });
  return new Promise<ChainWalk>((resolve, reject) => {
    let settled = false;
    const onAbort = () => Atomics.store(new Int32Array(cancel), 0, 1);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total);
      else if (message.type === 'cancelled') finish(() => reject(cancelledError()));
      else finish(() => resolve({ ...message.walk, hashes: new Map(message.walk.hashes) }));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`audit verification worker stopped (exit code ${code})`))),
    );
  });
}

type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'cancelled' }
  | { type: 'done'; walk: Omit<ChainWalk, 'hashes'> & { hashes: [number, string][] } };
