import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The data folder holds the database (drafts, audit trail) and the logs: readable by the admin
 * only. Modes are set explicitly after creation because `open(mode)` and `mkdir(mode)` are
 * narrowed by the umask, which may be anything. Windows has no POSIX modes: everything here is a
 * no-op there (the profile folder's ACL applies).
 */
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** What the start-up check reports through (the logger, which itself creates files with the helpers here). */
interface CorrectionLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Creates `dir` (and parents) 0700 if missing; an existing folder is `securePrivateTree`'s job. */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix && created !== undefined) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty and 0600 if missing, before anything is written; an existing file is left as it is. */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return;
    throw error;
  }
  if (posix) chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Start-up check: every folder below `dataDir` (itself included) 0700, every file 0600. Anything
 * wider is narrowed and logged (a copied-in or older data folder). Symlinks are left alone.
 * Returns the paths corrected, relative to `dataDir`.
 */
export function securePrivateTree(dataDir: string, log: CorrectionLog): string[] {
  if (!posix) return [];
  const corrected: string[] = [];
  const visit = (path: string, depth: number) => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // Gone meanwhile (a -shm file), nothing to protect.
    }
    const wanted = stat.isDirectory() ? PRIVATE_DIR_MODE : stat.isFile() ? PRIVATE_FILE_MODE : undefined;
    if (wanted === undefined) return;
    const mode = stat.mode & 0o777;
    if (mode !== wanted) {
      try {
        chmodSync(path, wanted);
        corrected.push(relative(dataDir, path) || '.');
        log.warn('file permissions corrected', {
          path: relative(dataDir, path) || '.',
          from: mode.toString(8),
          to: wanted.toString(8),
        });
      } catch (error) {
        log.error('file permissions could not be corrected', {
          path: relative(dataDir, path) || '.',
          code: String((error as { code?: string }).code ?? 'unknown'),
        });
      }
    }
    if (stat.isDirectory() && depth < 4) {
      for (const name of readdirSync(path)) visit(join(path, name), depth + 1);
    }
  };
  visit(dataDir, 0);
  return corrected;
}
