import { join } from 'node:path';
import { openDatabase, type Db } from '../../electron/core/db/database';
import { makeTempDir } from '../../scripts/lib/tempDir';

export { makeTempDir };

/** A real database file in a temp folder, migrated to the latest version. */
export function openTempDb(): { db: Db; dir: string; file: string; cleanup: () => void } {
  const { dir, cleanup } = makeTempDir('sud-db-');
  const file = join(dir, 'test.sqlite');
  const db = openDatabase({ file });
  return {
    db,
    dir,
    file,
    cleanup: () => {
      if (db.open) db.close();
      cleanup();
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2026-03-01T10:00:00.000Z'): {
  now: () => Date;
  advance: (ms: number) => void;
  set: (iso: string) => void;
} {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}
