import Database from 'better-sqlite3';
import { copyFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';
import { toStorageError } from './errors';
import { ensurePrivateDir, ensurePrivateFile } from '../permissions';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  file: string;
  migrations?: readonly Migration[];
  /** Path of a better-sqlite3 binary built for Electron's ABI (see scripts/prepare-electron.mjs). */
  nativeBinding?: string;
  clock?: () => Date;
}

export const DATABASE_FILE_NAME = 'service-user-desk.sqlite';

/**
 * Opens the app database: refuses a file written by a newer version (untouched), checks integrity
 * (a damaged file is copied aside and reported, never overwritten), then switches to WAL and runs
 * the pending migrations, each in its own transaction together with its `user_version` bump.
 *
 * WAL + synchronous=NORMAL: a commit is durable once it is in the WAL, so a killed or crashed
 * process loses nothing it committed; only an OS crash or power loss can drop the last few
 * commits, and the file stays consistent either way. FULL would fsync every autosave for no
 * gain against the failures an admin's workstation actually sees.
 */
export function openDatabase(options: OpenDatabaseOptions): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const clock = options.clock ?? (() => new Date());
  const existed = existsSync(options.file);

  let db: Db;
  try {
    // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the same mode.
    if (!existed) {
      ensurePrivateDir(dirname(options.file));
      ensurePrivateFile(options.file);
    }
    db = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw toStorageError(error);
  }
  try {
    // Only reads until the file is known to be ours and sound: a refused file stays untouched.
    if (existed) inspect(db, options.file, latest, clock);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
  } catch (error) {
    if (db.open) db.close();
    throw toStorageError(error);
  }
  return db;
}

function inspect(db: Db, file: string, latest: number, clock: () => Date): void {
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) {
      throw new AppError(
        'db_newer_version',
        `This database was written by a newer version of Service User Desk (schema ${version}; this version knows ${latest}). It was not changed. Update the app to open it.`,
        { params: { found: version, supported: latest } },
      );
    }
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw Object.assign(new Error(String(result)), { code: 'SQLITE_CORRUPT' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      db.close();
      const copy = preserveCopy(file, clock);
      throw new AppError(
        'db_corrupt',
        `The local database failed its integrity check and was not opened. A copy was saved to ${copy}. Move the damaged file away to start with an empty database, or restore a backup.`,
        { params: { file, copy } },
      );
    }
    throw error;
  }
}

function preserveCopy(file: string, clock: () => Date): string {
  const stamp = clock().toISOString().replace(/[:.]/g, '-');
  const copy = `${file}.corrupt-${stamp}`;
  copyFileSync(file, copy);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) copyFileSync(file + suffix, copy + suffix);
  }
  return copy;
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** How often the app folds the WAL back into the database file, off the typing path. */
const CHECKPOINT_INTERVAL_MS = 15_000;

/**
 * SQLite's automatic checkpoint runs inside whichever commit crosses 1000 WAL pages — sometimes an
 * autosave, which then takes tens of milliseconds. The app turns it off and checkpoints on a timer
 * instead (PASSIVE: never waits for readers). Returns a function that stops the timer.
 */
export function deferCheckpoints(db: Db, intervalMs = CHECKPOINT_INTERVAL_MS): () => void {
  db.pragma('wal_autocheckpoint = 0');
  const timer = setInterval(() => {
    try {
      if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or a full disk: the next tick tries again; the WAL keeps every commit meanwhile.
    }
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
