import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createAuditLog, type AuditLog } from '../../../electron/core/audit/auditLog';
import { createDraftStore, type DraftStore } from '../../../electron/core/drafts/draftStore';
import { openDatabase } from '../../../electron/core/db/database';
import type { DraftSaveRequest } from '../../../shared/drafts';
import { AppError } from '../../../shared/errors';
import { makeTempDir, openTempDb } from '../../support/db';

const ROOT = resolve(__dirname, '../../..');

/**
 * Writes a real SQLITE_FULL: `max_page_count` caps this connection's database at its current size,
 * so the next write that needs a new page fails exactly as on a full disk.
 */
function fillUp(db: ReturnType<typeof openTempDb>['db']) {
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
}

const bigRequest = (id?: string): DraftSaveRequest => ({
  ...(id ? { id } : {}),
  profileId: 'p1',
  step: 1,
  fields: {
    friendlyName: 'Big',
    description: 'd'.repeat(1000),
    accountIds: Array.from({ length: 1000 }, (_, i) => `account-${i}-${'x'.repeat(100)}`),
  },
});

describe('disk full (real SQLITE_FULL via max_page_count)', () => {
  let ctx: ReturnType<typeof openTempDb>;
  let audit: AuditLog;
  let drafts: DraftStore;
  beforeEach(() => {
    ctx = openTempDb();
    audit = createAuditLog(ctx.db, { osUser: 'alice' });
    drafts = createDraftStore(ctx.db, { audit });
  });
  afterEach(() => ctx.cleanup());

  it('a save reports disk_full, writes nothing (draft and audit unchanged), and the caller’s input survives for a retry', () => {
    const d = drafts.save({ profileId: 'p1', step: 0, fields: { friendlyName: 'Small' } });
    const auditBefore = audit.count();
    fillUp(ctx.db);
    const request = bigRequest(d.id);
    const snapshot = structuredClone(request);
    let error: unknown;
    try {
      drafts.save(request);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('disk_full');
    expect((error as AppError).message).toMatch(/disk is full.*still here/i);
    expect(drafts.get(d.id)).toEqual(d); // nothing half-written
    expect(audit.count()).toBe(auditBefore);
    expect(request).toEqual(snapshot); // the input the UI holds is untouched
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');

    ctx.db.pragma('max_page_count = 1073741823'); // space freed: the same input saves
    expect(drafts.save(request).fields.accountIds).toHaveLength(1000);
  });

  it('a new draft on a full disk is not created at all', () => {
    fillUp(ctx.db);
    expect(() => drafts.save(bigRequest())).toThrow(expect.objectContaining({ code: 'disk_full' }));
    ctx.db.pragma('max_page_count = 1073741823');
    expect(ctx.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0);
    expect(audit.count()).toBe(0);
  });

  it('an audit append on a full disk fails as disk_full and leaves the chain intact', async () => {
    for (let i = 0; i < 5; i++) audit.append({ action: 'profile_changed', target: `p${i}` });
    fillUp(ctx.db);
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      try {
        audit.append({ action: 'profile_changed', target: `more-${i}`, details: { pad: 'y'.repeat(4000) } });
      } catch (e) {
        expect((e as AppError).code).toBe('disk_full');
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(0);
    ctx.db.pragma('max_page_count = 1073741823');
    // No signing key here: an unbroken chain is 'unprovable'; a broken one would be 'changed'/'truncated'.
    expect(await audit.verify({ record: false })).toMatchObject({ verdict: 'unprovable' });
  });
});

describe('read-only storage', () => {
  it('a write on a connection that cannot write reports read_only and changes nothing', () => {
    const ctx = openTempDb();
    try {
      const audit = createAuditLog(ctx.db, { osUser: 'alice' });
      const drafts = createDraftStore(ctx.db, { audit });
      const d = drafts.save({ profileId: 'p1', step: 0, fields: { friendlyName: 'A' } });
      ctx.db.pragma('query_only = ON');
      expect(() => drafts.save({ id: d.id, profileId: 'p1', step: 0, fields: { friendlyName: 'B' } })).toThrow(
        expect.objectContaining({ code: 'read_only' }),
      );
      expect(drafts.get(d.id).fields.friendlyName).toBe('A');
    } finally {
      ctx.cleanup();
    }
  });

  describe('a data folder the app’s OS user cannot write (chmod 0555; run as nobody when we are root)', () => {
    let tmp: ReturnType<typeof makeTempDir>;
    beforeEach(() => {
      tmp = makeTempDir('sud-ro-');
      chmodSync(tmp.dir, 0o755);
    });
    afterEach(() => {
      chmodSync(tmp.dir, 0o755);
      for (const f of readdirSync(tmp.dir)) {
        try {
          chmodSync(join(tmp.dir, f), 0o755);
        } catch {
          // best effort
        }
      }
      tmp.cleanup();
    });

    // Root ignores permission bits, so the child runs as an unprivileged user: a real EACCES.
    const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const runChild = (mode: 'open' | 'save', file: string) => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'tests/support/storage-child.ts'), mode, file],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, HOME: tmp.dir, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') },
          timeout: 60_000,
          ...asUnprivileged,
        },
      );
      const line = result.stdout.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) throw new Error(`child failed: ${result.stderr}`);
      return JSON.parse(line) as { ok: boolean; code?: string };
    };

    it('control: the same child saves fine in a folder it may write', () => {
      const data = join(tmp.dir, 'data');
      mkdirSync(data);
      chmodSync(data, 0o777);
      expect(runChild('save', join(data, 'app.sqlite'))).toMatchObject({ ok: true });
    });

    it('a new database in a read-only folder: read_only, nothing created', () => {
      const data = join(tmp.dir, 'data');
      mkdirSync(data);
      chmodSync(data, 0o555);
      const file = join(data, 'app.sqlite');
      expect(runChild('open', file)).toMatchObject({ ok: false, code: 'read_only' });
      expect(existsSync(file)).toBe(false);
    });

    it('an existing database in a read-only folder: read_only, file unchanged', () => {
      const data = join(tmp.dir, 'data');
      mkdirSync(data);
      const file = join(data, 'app.sqlite');
      const db = openDatabase({ file });
      db.close();
      chmodSync(file, 0o444);
      chmodSync(data, 0o555);
      const before = readdirSync(data);
      const result = runChild('save', file);
      expect(result).toMatchObject({ ok: false, code: 'read_only' });
      expect(readdirSync(data)).toEqual(before);
    });
  });
});
