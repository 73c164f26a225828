import { AppError } from '../../../shared/errors';

/** Turns a SQLite/file-system failure into a clear AppError; returns other errors unchanged. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new AppError(
        'disk_full',
        'The disk is full. Nothing was saved; free some space and try again — what you entered is still here.',
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DIRECTORY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_CANTOPEN':
      return new AppError(
        'read_only',
        'The data folder cannot be written to. Nothing was saved; check its permissions — what you entered is still here.',
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new AppError('db_corrupt', 'The local database is damaged.');
    default:
      if (typeof code === 'string' && code.startsWith('SQLITE_')) {
        return new AppError('db_write_failed', `The local database could not be written (${code}). Nothing was saved.`);
      }
      return error;
  }
}

/** Runs a storage operation, rethrowing storage failures as AppErrors. */
export function withStorageErrors<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw toStorageError(error);
  }
}
