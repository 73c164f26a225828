import { randomBytes } from 'node:crypto';
import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { AppError } from '../../../shared/errors';

/** The file system calls the writer makes (tests stub them to simulate a full disk or a failed rename). */
export interface CertificateFileSystem {
  open(path: string, flags: string, mode: number): Promise<FileHandle>;
  rename?(from: string, to: string): Promise<void>;
}

const nodeFs: CertificateFileSystem = { open: (path, flags, mode) => open(path, flags, mode) };

const fileError = (code: 'certificate_file_exists' | 'invalid_request', message: string, field: string) => ({
  fieldErrors: [{ field: 'file', code, message: field }],
  message,
});

/**
 * Whether the certificate may be written to `file`: an absolute path, not a folder or a link, and
 * no file there unless `overwrite`. Answers whether a file is there.
 */
export async function checkCertificateFile(file: string, overwrite: boolean): Promise<boolean> {
  if (!isAbsolute(file)) {
    const e = fileError('invalid_request', 'Choose where to save the certificate file.', 'Enter a full path.');
    throw new AppError('invalid_request', e.message, { fieldErrors: e.fieldErrors });
  }
  const existing = await lstat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    const e = fileError('invalid_request', `${basename(file)} is not a file.`, 'Choose a file, not a folder or link.');
    throw new AppError('invalid_request', e.message, { fieldErrors: e.fieldErrors });
  }
  if (existing && !overwrite) {
    throw new AppError(
      'certificate_file_exists',
      `${basename(file)} already exists and was not replaced. Choose another name, or replace it.`,
      {
        params: { file: basename(file) },
        fieldErrors: [
          { field: 'file', code: 'certificate_file_exists', message: 'A file with this name already exists.' },
        ],
      },
    );
  }
  return existing !== undefined;
}

/** A certificate file on disk that is not yet in its place for good (see `stageCertificateFile`). */
export interface StagedCertificateFile {
  /** Puts a replacement over the old file (a new file is already in place). */
  commit(): Promise<void>;
  /** Removes what this write created: the new file, or the replacement; an old file stays as it was. */
  discard(): Promise<void>;
}

/**
 * Writes a PKCS#12 file readable by its owner only (0600), never over an existing file unless
 * `overwrite` (the admin confirmed). A new file is created exclusively (`wx`) in its place; a
 * replacement is written to a temporary 0600 file in the same folder and only `commit` renames it
 * over the old one, so the old file stays whole until the caller is sure. A partly written file is
 * removed. The caller reads the file back from disk.
 */
export async function stageCertificateFile(
  file: string,
  bytes: Uint8Array,
  options: { overwrite: boolean; fs?: CertificateFileSystem },
): Promise<StagedCertificateFile> {
  const fs = options.fs ?? nodeFs;
  const existing = await checkCertificateFile(file, options.overwrite);
  const target = existing ? join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`) : file;
  const discard = () => rm(target, { force: true }).catch(() => undefined);
  let created = false;
  try {
    const handle = await fs.open(target, 'wx', 0o600);
    created = true;
    try {
      await handle.chmod(0o600); // whatever the umask or the platform's default
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (created) await discard();
    throw writeFailed(file, error);
  }
  return {
    async commit() {
      if (!existing) return;
      try {
        await (fs.rename ?? rename)(target, file);
      } catch (error) {
        await discard();
        throw writeFailed(file, error);
      }
    },
    discard,
  };
}

/** Why a write failed, in words an admin can act on; the certificate is still held either way. */
function writeFailed(file: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the folder cannot be written to'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'the folder does not exist'
          : code === 'EEXIST'
            ? 'a file of that name appeared meanwhile'
            : 'the file could not be written';
  return new AppError(
    'certificate_write_failed',
    `${basename(file)} could not be saved: ${reason}. The certificate is still held by the app: save it somewhere else.`,
    {
      params: { file: basename(file), cause: code || 'unknown' },
      fieldErrors: [{ field: 'file', code: 'certificate_write_failed', message: `Not saved: ${reason}.` }],
    },
  );
}
