import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import { createAuditHandlers } from '../../../electron/core/audit/handlers';
import { walkChainInWorker } from '../../../electron/core/audit/verifyWorker';
import type { AuditProgress } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import { openTempDb } from '../../support/db';
import { tamper } from '../../support/tamper';

let ctx: ReturnType<typeof openTempDb>;

beforeEach(() => {
  ctx = openTempDb();
});
afterEach(() => ctx.cleanup());

/** Entries whose canonical form has every awkward case: quotes, unicode, nulls, nested details. */
function fill(audit: AuditLog, n: number) {
  for (let i = 1; i <= n; i++) {
    audit.append({
      action: i % 2 ? 'draft_changed' : 'service_user_created',
      profileId: i % 3 ? `p${i % 3}` : null,
      profileName: i % 3 ? `Prod "eu" ✓ ${i}` : null,
      target: i % 5 ? `t,${i}\n\u2028` : null,
      details: i % 4 ? { n: i, name: `Bot "${i}" é`, nested: { list: [1, null, 'x'] } } : null,
    });
  }
}

const codeOf = async (promise: unknown) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

describe('verification on a worker thread', () => {
  it('hashes exactly as the app appends (the worker repeats the canonical form)', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice' });
    fill(audit, 300);
    const walk = await walkChainInWorker({ file: ctx.file, capture: new Set([0, 7, 300]), chunkSize: 50 });
    expect(walk).toMatchObject({ entries: 300, lastSeq: 300, broken: null });
    const hashAt = ctx.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
    expect(walk.hashes.get(7)).toBe(hashAt.get(7));
    expect(walk.hashes.get(300)).toBe(hashAt.get(300));
  });

  it('finds a changed entry, and the verdict is the same as on the main thread', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice' });
    fill(audit, 120);
    tamper(ctx.file, (db) => db.prepare("UPDATE audit_log SET target = 'edited' WHERE seq = 77").run());
    const inWorker = await audit.verify({ record: false });
    const here = await createAuditLog(ctx.db, { osUser: 'alice', worker: false }).verify({ record: false });
    expect(inWorker).toMatchObject({ verdict: 'changed', firstBadSeq: 77, problem: 'changed' });
    expect(inWorker).toEqual(here);
  });

  it('reports progress up to the whole log, chunk by chunk', async () => {
    // A fallback to the main thread would warn: here it must not happen.
    const log = { warn: (message: string) => expect.unreachable(message) };
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100, log });
    fill(audit, 450);
    const seen: [number, number][] = [];
    const result = await audit.verify({ onProgress: (done, total) => seen.push([done, total]) });
    expect(result.entries).toBe(450);
    expect(seen.map(([done]) => done)).toEqual([100, 200, 300, 400, 450]);
    expect(seen.every(([, total]) => total === 450)).toBe(true);
  });

  it('stops when cancelled, records nothing, and verifies in full next time', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100 });
    fill(audit, 1000);
    const controller = new AbortController();
    const running = audit.verify({ signal: controller.signal });
    controller.abort(); // before the worker's first chunk ends: it must stop at that chunk
    expect(await codeOf(running)).toBe('cancelled');
    expect(audit.count()).toBe(1000); // no audit_verified entry for a cancelled run
    expect((await audit.verify()).entries).toBe(1000);
  });

  it('cancels on the main thread too (an in-memory or worker-less log)', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100, worker: false });
    fill(audit, 500);
    const controller = new AbortController();
    const running = audit.verify({ signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(running)).toBe('cancelled');
  });
});

describe('streamed export', () => {
  it('reports progress and ends at the number of exported entries', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100 });
    fill(audit, 250);
    const seen: [number, number][] = [];
    const result = await audit.exportTo(
      { format: 'csv', destination: join(ctx.dir, 'out.csv') },
      { onProgress: (done, total) => seen.push([done, total]) },
    );
    expect(result.entries).toBe(250);
    expect(seen).toEqual([
      [100, 250],
      [200, 250],
      [250, 250],
      [250, 250],
    ]);
  });

  it('counts a filtered export against the matching entries', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100 });
    fill(audit, 250);
    const seen: number[] = [];
    const result = await audit.exportTo(
      { format: 'jsonl', destination: join(ctx.dir, 'out.jsonl'), actions: ['service_user_created'] },
      { onProgress: (_, total) => seen.push(total) },
    );
    expect(result.entries).toBe(125);
    expect(new Set(seen)).toEqual(new Set([125]));
  });

  it('cancelled: no file and no temp file left, and the log says so', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100 });
    fill(audit, 500);
    const controller = new AbortController();
    const destination = join(ctx.dir, 'cancelled.csv');
    const running = audit.exportTo(
      { format: 'csv', destination },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    expect(await codeOf(running)).toBe('cancelled');
    expect(existsSync(destination)).toBe(false);
    expect(readdirSync(ctx.dir).filter((f) => f.includes('cancelled'))).toEqual([]);
    const last = audit.query({ limit: 1 }).entries[0]!;
    expect(last).toMatchObject({ action: 'audit_exported', outcome: 'failed', details: { code: 'cancelled' } });
  });
});

describe('handlers: progress events and audit.cancel', () => {
  it('emits progress for a running check, and cancels it by name', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice', chunkSize: 100 });
    fill(audit, 1000);
    const progress: AuditProgress[] = [];
    const handlers = createAuditHandlers(audit, { onProgress: (p) => progress.push(p), progressEveryMs: 0 });
    expect(handlers['audit.cancel']({ operation: 'verify' })).toEqual({ cancelled: false });
    const result = await handlers['audit.verify']({});
    expect(result.entries).toBe(1000);
    expect(progress.at(-1)).toEqual({ operation: 'verify', done: 1000, total: 1000 });

    const running = handlers['audit.verify']({});
    await expect(handlers['audit.verify']({})).rejects.toMatchObject({ code: 'conflict' });
    expect(handlers['audit.cancel']({ operation: 'verify' })).toEqual({ cancelled: true });
    expect(await codeOf(running)).toBe('cancelled');
    expect(handlers['audit.cancel']({ operation: 'verify' })).toEqual({ cancelled: false });
  });
});
