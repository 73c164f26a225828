/**
 * "Test the certificate" (wire.ts A27): one `GET /user/me` at the deployment's client-auth origin
 * with the client certificate and without an API key, as a build server would make it. Answers the
 * identity DigiCert ONE tied to the certificate.
 *
 * `node:https` rather than fetch: fetch cannot present a client certificate. Without `ca` the
 * server is verified against Node's usual roots (the sandbox hands in its own CA). Nothing here
 * logs or puts into an error the password or the file's bytes.
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import { AppError, isAppError } from '../../../shared/errors';
import type { Me } from '../../../shared/serviceUser';
import type { Logger } from '../log/logger';
import type { SecretRegistry } from '../log/secretRegistry';
import { cancelledError, errorCodeOf, httpError, networkError, timeoutError, unexpectedResponse } from './errors';
import { WireShapeError, meWire, parseErrorBody, parseWire, paths, toMe } from './wire';

const DEFAULT_TIMEOUT_MS = 30_000;
/** /user/me is a small object; anything far larger is not it. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface WhoAmIWithCertificateOptions {
  /** The client-auth origin, e.g. https://clientauth.one.digicert.com (wire.ts clientAuthOrigin). */
  origin: string;
  /** The PKCS#12 file's bytes. */
  pkcs12: Uint8Array;
  password: string;
  /** PEM of the CA that issued the server's certificate; omitted: the usual roots. */
  ca?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  /** The password is registered here so the logger scrubs it. */
  secrets?: SecretRegistry;
  logger?: Logger;
}

/** Alerts a server sends when it does not take the client certificate (OpenSSL and BoringSSL spellings). */
const REFUSAL_ALERT =
  /^ERR_SSL_.*(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|HANDSHAKE_FAILURE)$/;
/** A reset by the peer: during or right after the handshake it is how many servers turn a certificate away. */
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** The PKCS#12 MAC or key did not decrypt with the password (OpenSSL and BoringSSL messages). */
const WRONG_PASSWORD = /mac verify failure|incorrect_password|bad decrypt|mac_verify|PKCS12_R_MAC/i;

function refused(reason: string, status?: number): AppError {
  const params: Record<string, string | number | boolean> = { reason: reason.slice(0, 64) };
  if (status !== undefined) params.status = status;
  return new AppError(
    'certificate_refused',
    status !== undefined
      ? `DigiCert ONE did not accept the client certificate (status ${status}). It may be revoked, expired, or its service user disabled.`
      : 'DigiCert ONE did not accept the client certificate during the secure connection. It may be revoked, expired, or not issued for this deployment.',
    { params },
  );
}

/** The certificate and its password as a TLS context; the error says which of the two is wrong. */
function secureContextOf(pkcs12: Uint8Array, password: string, ca: string | undefined): SecureContext {
  try {
    return createSecureContext({ pfx: Buffer.from(pkcs12), passphrase: password, ...(ca ? { ca } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (WRONG_PASSWORD.test(message))
      throw new AppError('certificate_password_wrong', 'The certificate file does not open with this password.');
    throw new AppError('certificate_file_invalid', 'This is not a PKCS#12 certificate file the app can read.', {
      params: { reason: (errorCodeOf(error) ?? 'unreadable').slice(0, 64) },
    });
  }
}

/** GET /user/me over mutual TLS: whose identity the certificate is. */
export async function whoAmIWithCertificate(options: WhoAmIWithCertificateOptions): Promise<Me> {
  options.secrets?.add(options.password);
  if (options.signal?.aborted) throw cancelledError();
  let url: URL;
  try {
    url = new URL(paths.me(), options.origin);
  } catch {
    throw new AppError('invalid_request', 'The client-authentication address is not a valid URL.');
  }
  if (url.protocol !== 'https:')
    throw new AppError('invalid_request', 'A client certificate can only be presented over https.');
  const secureContext = secureContextOf(options.pkcs12, options.password, options.ca);

  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    /** How far it got: a reset before any answer is the server turning the certificate away. */
    let phase: 'connecting' | 'handshake' | 'sent' | 'answering' = 'connecting';
    let settled = false;
    const finish = (error: unknown, value?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    // secureContext is a tls.connect option https.request passes on (its types leave it out).
    const requestOptions: RequestOptions & { secureContext: SecureContext } = {
      method: 'GET',
      agent: false,
      secureContext,
      headers: { accept: 'application/json', 'user-agent': options.userAgent ?? 'ServiceUserDesk' },
    };
    const req = httpsRequest(url, requestOptions);
    const timer = setTimeout(() => finish(timeoutError(false)), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const onAbort = () => finish(cancelledError());
    options.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket) => {
      socket.once('connect', () => (phase = 'handshake'));
      socket.once('secureConnect', () => (phase = 'sent'));
    });
    req.on('response', (res: IncomingMessage) => {
      phase = 'answering';
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) finish(unexpectedResponse('body', 'is too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => finish(error));
    });
    req.on('error', (error) => {
      const code = errorCodeOf(error) ?? '';
      if (REFUSAL_ALERT.test(code)) return finish(refused(code));
      if (RESET.has(code) && (phase === 'handshake' || phase === 'sent')) return finish(refused(code));
      finish(networkError(error, { mayHaveCommitted: false }));
    });
    req.end();
  });

  options.logger?.debug('digicert mutual TLS request', { host: url.host, status });
  if (status === 401 || status === 403) throw refused(`status_${status}`, status);
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? undefined : JSON.parse(body);
  } catch {
    if (status >= 200 && status < 300) throw unexpectedResponse('body', 'is not JSON');
  }
  if (status < 200 || status >= 300)
    throw httpError({
      status,
      errors: parseErrorBody(parsed),
      retryAfterSeconds: undefined,
      secrets: [options.password],
    });
  try {
    if (parsed === undefined) throw new WireShapeError('body', 'is empty');
    return toMe(parseWire(meWire, parsed));
  } catch (error) {
    if (error instanceof WireShapeError) throw unexpectedResponse(error.path, error.problem);
    throw isAppError(error) ? error : new AppError('internal', 'The answer could not be read.');
  }
}
