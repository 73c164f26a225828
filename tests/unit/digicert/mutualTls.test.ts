/**
 * "Test the certificate" (wire.ts A27, mutualTls.ts) against a real local HTTPS server that
 * requires a client certificate from its own CA, with certificates made here: the owner answers;
 * an unknown certificate, a 401/403 after the handshake, a wrong password, an untrusted server, a
 * closed port, a server that never answers and a cancel each end in their own error, and no error
 * holds the password.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPkcs12 } from '../../../electron/core/certificates/pkcs12';
import { whoAmIWithCertificate } from '../../../electron/core/digicert/mutualTls';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { isAppError, type AppError } from '../../../shared/errors';

interface Issued {
  keyPem: string;
  certPem: string;
}

const newKeyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
/** Client certificates share one key pair: key generation is the slow part, and the tests are about certificates. */
let clientKeys: ReturnType<typeof newKeyPair> | undefined;
const keyPair = (kind: string) => (kind === 'client' ? (clientKeys ??= newKeyPair()) : newKeyPair());

/** A certificate for `cn`, signed by `issuer` (self-signed CA when omitted). */
function issue(cn: string, issuer?: Issued, kind: 'ca' | 'server' | 'client' = 'client'): Issued {
  const { publicKey, privateKey } = keyPair(kind);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer(
    issuer ? forge.pki.certificateFromPem(issuer.certPem).subject.attributes : [{ name: 'commonName', value: cn }],
  );
  const extensions: object[] =
    kind === 'ca'
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ]
      : kind === 'server'
        ? [
            { name: 'extKeyUsage', serverAuth: true },
            {
              name: 'subjectAltName',
              altNames: [
                { type: 7, ip: '127.0.0.1' },
                { type: 2, value: 'localhost' },
              ],
            },
          ]
        : [{ name: 'extKeyUsage', clientAuth: true }];
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer?.keyPem ?? privateKey), forge.md.sha256.create());
  return { keyPem: privateKey, certPem: forge.pki.certificateToPem(cert) };
}

const PASSWORD = 'p12-Pa55word-Zq9!';
const p12Of = (who: Issued, chain: Issued[] = []) =>
  buildPkcs12({
    privateKeyPem: who.keyPem,
    certificatePem: who.certPem,
    chainPems: chain.map((c) => c.certPem),
    password: PASSWORD,
    encryption: 'AES',
  });

let ca: Issued;
let server: Server;
let origin: string;
let closedOrigin: string;
const requests: { path: string; headers: Record<string, unknown>; cn: string }[] = [];
const hanging = new Set<Socket>();

beforeAll(async () => {
  ca = issue('Test client CA', undefined, 'ca');
  const serverCert = issue('127.0.0.1', ca, 'server');
  server = createHttpsServer(
    { key: serverCert.keyPem, cert: serverCert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const cn = String((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
      requests.push({ path: req.url ?? '', headers: req.headers, cn });
      const send = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (cn === 'never answers') return void hanging.add(req.socket);
      if (cn === 'revoked') return send(401, { errors: [{ code: 'unauthorized', message: 'Certificate revoked' }] });
      if (cn === 'forbidden') return send(403, { error: { code: 'access_denied', message: 'No' } });
      if (cn === 'no id') return send(200, { friendly_name: 'Nameless' });
      if (req.url !== '/account/api/v1/user/me') return send(404, { errors: [{ code: 'not_found', message: 'x' }] });
      send(200, { id: `svc-${cn}`, friendly_name: cn, user_type: 'service', applications: null, extra: { a: 1 } });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was open a moment ago and is closed now: nothing listens there.
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedOrigin = `https://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}, 60_000);

afterAll(async () => {
  for (const socket of hanging) socket.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(JSON.stringify({ ...error.toValue(), stack: error.stack })).not.toContain(PASSWORD);
    return error;
  }
  throw new Error('expected a failure');
}

describe('whoAmIWithCertificate', () => {
  it('the certificate of a known client → its owner, without an API key; the password is a secret', async () => {
    const secrets = new SecretRegistry();
    const me = await whoAmIWithCertificate({
      origin,
      pkcs12: p12Of(issue('build-server', ca)),
      password: PASSWORD,
      ca: ca.certPem,
      secrets,
      userAgent: 'ServiceUserDesk/test',
    });
    expect(me).toEqual({
      id: 'svc-build-server',
      name: 'build-server',
      userType: 'service',
      canManageUsers: false,
      permissions: [],
    });
    const seen = requests.at(-1)!;
    expect(seen.path).toBe('/account/api/v1/user/me');
    expect(seen.headers['x-api-key']).toBeUndefined();
    expect(seen.headers['user-agent']).toBe('ServiceUserDesk/test');
    expect(secrets.scrub(`pw ${PASSWORD}`)).toBe('pw [redacted]');
  });

  it('a certificate from another CA → certificate_refused in the handshake', async () => {
    const stranger = issue('stranger', issue('Other CA', undefined, 'ca'));
    const error = await failure(
      whoAmIWithCertificate({ origin, pkcs12: p12Of(stranger), password: PASSWORD, ca: ca.certPem }),
    );
    expect(error.code).toBe('certificate_refused');
    expect(error.params?.status).toBeUndefined();
  });

  it.each([
    ['revoked', 401],
    ['forbidden', 403],
  ])('a %s certificate answered %i after the handshake → certificate_refused with the status', async (cn, status) => {
    const error = await failure(
      whoAmIWithCertificate({ origin, pkcs12: p12Of(issue(cn, ca)), password: PASSWORD, ca: ca.certPem }),
    );
    expect([error.code, error.params?.status]).toEqual(['certificate_refused', status]);
  });

  it('the wrong password for the file → certificate_password_wrong, nothing sent', async () => {
    const before = requests.length;
    const error = await failure(
      whoAmIWithCertificate({ origin, pkcs12: p12Of(issue('x', ca)), password: 'not-the-password', ca: ca.certPem }),
    );
    expect(error.code).toBe('certificate_password_wrong');
    expect(error.message).not.toContain('not-the-password');
    expect(requests.length).toBe(before);
  });

  it('bytes that are no PKCS#12 → certificate_file_invalid', async () => {
    const error = await failure(
      whoAmIWithCertificate({ origin, pkcs12: randomBytes(600), password: PASSWORD, ca: ca.certPem }),
    );
    expect(error.code).toBe('certificate_file_invalid');
  });

  it("a server the system's roots do not trust (no ca given) → tls_failed", async () => {
    const error = await failure(whoAmIWithCertificate({ origin, pkcs12: p12Of(issue('y', ca)), password: PASSWORD }));
    expect(error.code).toBe('tls_failed');
  });

  it('nothing listening → offline', async () => {
    const error = await failure(
      whoAmIWithCertificate({
        origin: closedOrigin,
        pkcs12: p12Of(issue('z', ca)),
        password: PASSWORD,
        ca: ca.certPem,
      }),
    );
    expect(error.code).toBe('offline');
  });

  it('an answer without an id → unexpected_response naming it', async () => {
    const error = await failure(
      whoAmIWithCertificate({ origin, pkcs12: p12Of(issue('no id', ca)), password: PASSWORD, ca: ca.certPem }),
    );
    expect([error.code, error.params?.field]).toEqual(['unexpected_response', 'id']);
  });

  it('a server that never answers → timeout', async () => {
    const error = await failure(
      whoAmIWithCertificate({
        origin,
        pkcs12: p12Of(issue('never answers', ca)),
        password: PASSWORD,
        ca: ca.certPem,
        timeoutMs: 300,
      }),
    );
    expect(error.code).toBe('timeout');
  });

  it('cancelled while waiting → cancelled', async () => {
    const controller = new AbortController();
    const pending = whoAmIWithCertificate({
      origin,
      pkcs12: p12Of(issue('never answers', ca)),
      password: PASSWORD,
      ca: ca.certPem,
      signal: controller.signal,
    });
    const waiting = hanging.size;
    await expect.poll(() => hanging.size).toBeGreaterThan(waiting);
    controller.abort();
    expect((await failure(pending)).code).toBe('cancelled');
  });

  it('a plain-http origin is refused before anything is sent', async () => {
    const error = await failure(
      whoAmIWithCertificate({ origin: 'http://127.0.0.1:1', pkcs12: p12Of(issue('w', ca)), password: PASSWORD }),
    );
    expect(error.code).toBe('invalid_request');
  });
});
