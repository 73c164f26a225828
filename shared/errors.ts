import type { ZodIssue } from 'zod';

/**
 * Stable error codes. Every failure that crosses a boundary (IPC, the harness bridge, the
 * DigiCert client) travels as an {@link AppErrorValue} with one of these codes; the renderer
 * translates the code (`errors.<code>` in the i18n messages) and never shows raw bodies or stacks.
 *
 * Messages here are safe English fallbacks: they never contain an API key or a token.
 */
export const ERROR_CODES = [
  // Boundary
  'invalid_request',
  'unknown_channel',
  'untrusted_sender',
  'internal',
  // Local storage
  'db_newer_version',
  'db_corrupt',
  'db_write_failed',
  'disk_full',
  'read_only',
  // Keychain
  'keychain_unavailable',
  'keychain_verify_failed',
  /** The item belongs to the app itself (an admin API key, the probe): never written with a token. */
  'keychain_item_reserved',
  /** The item already holds another value: written only when the admin chose to overwrite it. */
  'keychain_item_exists',
  // Domain
  'not_found',
  'profile_name_taken',
  'draft_not_ready',
  'token_gone',
  'conflict',
  /** An export path outside the folder exports may go to (browser harness), or through a symlink. */
  'export_path_refused',
  /** The export file exists: replaced only when the admin confirmed. */
  'export_file_exists',
  /** A generated certificate is no longer held (saved and closed, dismissed, or the app restarted). */
  'certificate_gone',
  /** The certificate file exists: replaced only when the admin confirmed. */
  'certificate_file_exists',
  /** The certificate file could not be written (full disk, no permission); the certificate is still held. */
  'certificate_write_failed',
  /** The saved file, opened with the password from the keychain, is not the certificate held. */
  'certificate_verify_failed',
  /** The certificate cannot be tested: no client-authentication address, or its file or password is missing. */
  'certificate_test_unavailable',
  // Client certificates (PKCS#12)
  /** The PKCS#12 file did not open with the password given. */
  'certificate_password_wrong',
  /** The bytes are not a PKCS#12 file the app can read. */
  'certificate_file_invalid',
  /** The client-auth host did not accept the certificate (TLS refused it, or 401/403 after the handshake). */
  'certificate_refused',
  // DigiCert ONE
  'invalid_api_key',
  'access_denied',
  'duplicate_name',
  'validation_failed',
  'rate_limited',
  'maintenance',
  'server_error',
  'unexpected_response',
  'offline',
  /** The connection dropped after the request was sent: the server may have acted on it. */
  'connection_lost',
  'dns_failed',
  'tls_failed',
  'timeout',
  'cancelled',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field-level problem, e.g. `{ field: 'friendlyName', code: 'duplicate_name', message }`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Zod issues → field errors with domain paths ('managers.0.roleIds'); an issue about the whole
 * value gets `rootField`.
 */
export function fieldErrorsFromZod(issues: readonly ZodIssue[], rootField = 'form'): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.join('.') || rootField,
    code: issue.code,
    message: issue.message,
  }));
}

export interface AppErrorValue {
  code: ErrorCode;
  message: string;
  /** Values the translated message may interpolate (retryAfterSeconds, reason, ...). Never secrets. */
  params?: Record<string, string | number | boolean>;
  fieldErrors?: FieldError[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params?: AppErrorValue['params'];
  readonly fieldErrors?: FieldError[];

  constructor(code: ErrorCode, message: string, extra: Omit<AppErrorValue, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (extra.params) this.params = extra.params;
    if (extra.fieldErrors) this.fieldErrors = extra.fieldErrors;
  }

  toValue(): AppErrorValue {
    const value: AppErrorValue = { code: this.code, message: this.message };
    if (this.params) value.params = this.params;
    if (this.fieldErrors) value.fieldErrors = this.fieldErrors;
    return value;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorValue };
