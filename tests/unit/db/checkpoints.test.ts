import { afterEach, describe, expect, it, vi } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { deferCheckpoints, openDatabase } from '../../../electron/core/db/database';
import { makeTempDir } from '../../support/tmp';

describe('deferred WAL checkpoints', () => {
  const tmp = makeTempDir();
  afterEach(() => vi.useRealTimers());

  it('no commit checkpoints by itself; the timer folds the WAL back into the file', () => {
    vi.useFakeTimers();
    const file = join(tmp.dir, 'c.sqlite');
    const db = openDatabase({ file });
    const stop = deferCheckpoints(db, 1000);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    db.exec('CREATE TABLE t (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(2000));
    const walBefore = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
    expect(walBefore[0]!.log).toBeGreaterThan(1000);
    expect(walBefore[0]!.checkpointed).toBe(0);
    const sizeBefore = statSync(file).size;
    vi.advanceTimersByTime(1000);
    expect(statSync(file).size).toBeGreaterThan(sizeBefore);
    stop();
    db.close();
    tmp.cleanup();
  });
});
