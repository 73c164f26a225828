/**
 * DigiCert ONE failures → AppError with stable codes. Messages are fixed English sentences built
 * here; they never contain request headers, raw bodies, the API key or a token. Server-supplied
 * error messages are used only inside fieldErrors, shortened and scrubbed of known secrets.
 */
import { AppError, isAppError, type AppErrorValue, type ErrorCode, type FieldError } from '../../../shared/errors';
import { domainField, type WireError } from './wire';

const MAX_SERVER_MESSAGE = 300;

function scrubbed(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.length > MAX_SERVER_MESSAGE ? `${out.slice(0, MAX_SERVER_MESSAGE)}…` : out;
}

export interface HttpErrorContext {
  status: number;
  /** Parsed error items, if the body was an error envelope. */
  errors: WireError[] | undefined;
  retryAfterSeconds: number | undefined;
  /** Values that must never appear in what we produce (API key, tokens). */
  secrets: readonly string[];
}

function fieldErrorsOf(errors: WireError[], secrets: readonly string[]): FieldError[] {
  return errors
    .filter((e) => e.field)
    .map((e) => ({
      field: domainField(e.field!),
      code: e.code,
      message: e.message ? scrubbed(e.message, secrets) : 'This value was not accepted.',
    }));
}

export function httpError(ctx: HttpErrorContext): AppError {
  const { status, secrets } = ctx;
  const errors = ctx.errors ?? [];
  const params: Record<string, string | number | boolean> = { status };
  const serverCode = errors[0]?.code;
  if (serverCode) params.serverCode = serverCode.slice(0, 64);

  if (errors.some((e) => e.code === 'duplicate_error')) {
    return new AppError('duplicate_name', 'A service user with this friendly name already exists.', {
      params,
      fieldErrors: [
        {
          field: 'friendlyName',
          code: 'duplicate_name',
          message: 'This friendly name is already taken. Choose another one.',
        },
      ],
    });
  }
  if (status === 401)
    return new AppError(
      'invalid_api_key',
      'DigiCert ONE did not accept the API key. It may be wrong, expired or disabled.',
      { params },
    );
  if (status === 403)
    return new AppError(
      'access_denied',
      'This API key is not allowed to do that. It needs the "Manage users" permission.',
      { params },
    );
  if (status === 404)
    return new AppError('not_found', 'DigiCert ONE could not find that item. It may have been deleted.', { params });
  if (status === 429) {
    if (ctx.retryAfterSeconds !== undefined) params.retryAfterSeconds = ctx.retryAfterSeconds;
    return new AppError(
      'rate_limited',
      'DigiCert ONE is receiving too many requests from this key. Try again shortly.',
      { params },
    );
  }
  if (status === 503) {
    if (ctx.retryAfterSeconds !== undefined) params.retryAfterSeconds = ctx.retryAfterSeconds;
    return new AppError('maintenance', 'DigiCert ONE is unavailable, probably for maintenance. Try again later.', {
      params,
    });
  }
  if (status >= 500)
    return new AppError('server_error', 'DigiCert ONE had an internal problem. Try again later.', { params });
  if (status === 409)
    return new AppError('conflict', 'DigiCert ONE reported a conflict with the current state.', { params });
  if (status === 400 || status === 422) {
    const fieldErrors = fieldErrorsOf(errors, secrets);
    return new AppError(
      'validation_failed',
      'DigiCert ONE did not accept some of the values.',
      fieldErrors.length ? { params, fieldErrors } : { params },
    );
  }
  return new AppError('unexpected_response', `Unexpected response from DigiCert ONE: status ${status}.`, { params });
}

export function unexpectedResponse(path: string, problem: string): AppError {
  return new AppError('unexpected_response', `Unexpected response from DigiCert ONE: ${path} ${problem}.`, {
    params: { field: path },
  });
}

const OFFLINE = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/** The first `code` found on an error or its `cause` chain (undici wraps the socket error). */
export function errorCodeOf(error: unknown): string | undefined {
  let cur: unknown = error;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Chromium (Electron net.fetch) reports `net::ERR_*` in the message instead of a code. */
function chromiumCode(error: unknown): string | undefined {
  let cur: unknown = error;
  for (let depth = 0; cur && depth < 5; depth++) {
    const message = (cur as { message?: unknown }).message;
    if (typeof message === 'string') {
      const m = /net::(ERR_[A-Z_]+)/.exec(message);
      if (m) return m[1];
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface NetworkErrorContext {
  /** The request may have reached the server (it was sent; not a connect-time failure). */
  mayHaveCommitted: boolean;
}

/**
 * A fetch that threw. `connection_lost` when the connection dropped after the request may have
 * gone out (the server may have acted on it: check before repeating a create); `offline` when
 * no connection could be made at all.
 */
export function networkError(error: unknown, ctx: NetworkErrorContext): AppError {
  const code = errorCodeOf(error);
  const chromium = chromiumCode(error);
  const params: Record<string, string | number | boolean> = {};
  if (code) params.reason = code.slice(0, 64);
  else if (chromium) params.reason = chromium;

  if ((code && DNS.has(code)) || chromium === 'ERR_NAME_NOT_RESOLVED' || chromium === 'ERR_NAME_RESOLUTION_FAILED') {
    return new AppError(
      'dns_failed',
      'The DigiCert ONE address could not be found. Check the address and your network.',
      { params },
    );
  }
  if ((code && TLS.test(code)) || (chromium && /^ERR_(CERT_|SSL_)/.test(chromium))) {
    return new AppError('tls_failed', 'The secure connection to DigiCert ONE could not be verified.', { params });
  }
  if (
    (code && OFFLINE.has(code)) ||
    chromium === 'ERR_INTERNET_DISCONNECTED' ||
    chromium === 'ERR_CONNECTION_REFUSED' ||
    chromium === 'ERR_ADDRESS_UNREACHABLE' ||
    chromium === 'ERR_NETWORK_CHANGED'
  ) {
    return new AppError('offline', 'DigiCert ONE cannot be reached. Check your network connection.', { params });
  }
  if ((code && TIMEOUT.has(code)) || chromium === 'ERR_TIMED_OUT' || chromium === 'ERR_CONNECTION_TIMED_OUT') {
    return timeoutError(
      ctx.mayHaveCommitted && code !== 'UND_ERR_CONNECT_TIMEOUT',
      params.reason as string | undefined,
    );
  }
  if (
    (code && LOST.has(code)) ||
    chromium === 'ERR_CONNECTION_RESET' ||
    chromium === 'ERR_CONNECTION_CLOSED' ||
    chromium === 'ERR_EMPTY_RESPONSE'
  ) {
    params.mayHaveCommitted = ctx.mayHaveCommitted;
    return new AppError('connection_lost', 'The connection to DigiCert ONE dropped before it answered.', { params });
  }
  params.mayHaveCommitted = ctx.mayHaveCommitted;
  return new AppError('connection_lost', 'The request to DigiCert ONE failed before it answered.', { params });
}

export function timeoutError(mayHaveCommitted: boolean, reason?: string): AppError {
  const params: Record<string, string | number | boolean> = { mayHaveCommitted };
  if (reason) params.reason = reason;
  return new AppError('timeout', 'DigiCert ONE did not answer in time.', { params });
}

export function cancelledError(): AppError {
  return new AppError('cancelled', 'The request was cancelled.');
}

/** The request never reached DigiCert ONE, or was turned away unprocessed: nothing was done. */
export const NOT_SENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'offline',
  'dns_failed',
  'tls_failed',
  'rate_limited',
  'maintenance',
]);

/** A write failed like this: DigiCert certainly did not carry it out (not sent, or refused). */
const NOT_COMMITTED_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...NOT_SENT_CODES,
  'validation_failed',
  'duplicate_name',
  'invalid_api_key',
  'access_denied',
  'conflict',
  'not_found',
  'invalid_request',
]);

/** Whether DigiCert may have carried out a write that failed this way (creation and operations). */
export function mayHaveCommitted(error: unknown): boolean {
  if (!isAppError(error)) return true;
  if (error.code === 'timeout' || error.code === 'connection_lost') return error.params?.mayHaveCommitted !== false;
  return !NOT_COMMITTED_CODES.has(error.code);
}

/** Whether a failure code means the write certainly did not happen. */
export const certainlyNotCommitted = (code: string): boolean => NOT_COMMITTED_CODES.has(code as ErrorCode);

/** An error as a value that may cross to the renderer (never a raw message). */
export const errorValue = (error: unknown): AppErrorValue =>
  isAppError(error)
    ? error.toValue()
    : { code: 'internal', message: 'Something went wrong inside the app. The details are in the log.' };
