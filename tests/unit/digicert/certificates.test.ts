/**
 * A user's client authentication certificates (wire.ts A24–A26) through the whole client path,
 * against a real local HTTP server giving odd answers: bare arrays and envelopes, numeric ids,
 * nulls and unknown fields, alternate key names, 200 or 201, both error envelopes, and a 2xx
 * without the password or the file ("generated — not received"). No log line or error ever holds
 * the password or the file's base64.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDigicertClient } from '../../../electron/core/digicert/client';
import { clientAuthOrigin, createCertificateBody, normalizeFingerprint } from '../../../electron/core/digicert/wire';
import type { Logger } from '../../../electron/core/log/logger';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { isAppError } from '../../../shared/errors';
import { failure, STUB_KEY } from './stub';

interface Canned {
  status: number;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  raw?: string;
}

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

const API = '/account/api/v1';
const USER = 'user 7/ü';
const USER_PATH = `${API}/user/${encodeURIComponent(USER)}/client-auth-certificate`;

/** `METHOD path` → answers, one per call (the last one repeats). */
let answers = new Map<string, Canned[]>();
let seen: Seen[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString();
      seen.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        ...(text ? { body: JSON.parse(text) as unknown } : {}),
      });
      const queue = answers.get(`${req.method} ${url.pathname}`);
      const canned = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? {
        status: 404,
        body: { errors: [{ code: 'resource_not_found', message: 'Not found' }] },
      };
      if (canned.raw !== undefined) return void res.writeHead(canned.status).end(canned.raw);
      if (canned.body === undefined) return void res.writeHead(canned.status).end();
      res.writeHead(canned.status, { 'content-type': 'application/json' }).end(JSON.stringify(canned.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  answers = new Map();
  seen = [];
});

const answer = (route: string, ...canned: Canned[]) => answers.set(route, canned);

const PASSWORD = 'Xq7#pL2v-9Rt!mWz';
const P12 = randomBytes(1500);
const P12_BASE64 = P12.toString('base64');
const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

/** A client whose log lines and raised errors are kept unscrubbed, for the secret scan. */
function recorded() {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const secrets = new SecretRegistry();
  const client = createDigicertClient({
    baseUrl,
    apiKey: STUB_KEY,
    fetch: (url, init) => fetch(url, init),
    timeoutMs: 5000,
    sleep: async () => undefined,
    clock: () => new Date('2026-03-10T12:00:00Z'),
    logger,
    secrets,
  });
  const fail = async (promise: Promise<unknown>) => {
    const error = await failure(promise);
    lines.push(JSON.stringify(isAppError(error) ? { ...error.toValue(), stack: error.stack } : String(error)));
    return error;
  };
  /** Log lines or errors that hold the password, the file (any base64 spelling) or the API key. */
  const leaks = () =>
    lines.filter((l) =>
      [PASSWORD, P12_BASE64, P12.toString('base64url'), P12_BASE64.slice(100, 180), STUB_KEY].some((s) =>
        l.includes(s),
      ),
    );
  return { client, lines, secrets, fail, leaks };
}

const REQUEST = {
  nickname: 'build server 1',
  endDate: '2026-12-31',
  encryption: 'AES',
  signatureHash: 'SHA-384',
} as const;

describe('listCertificates (A24)', () => {
  it('a bare array: numeric ids, nulls, unknown fields, alternate key names, no fingerprint', async () => {
    answer(`GET ${USER_PATH}`, {
      status: 200,
      body: [
        {
          id: 41,
          nickname: 'ci',
          serial_number: '0a:1b:2c',
          fingerprint_sha256: FINGERPRINT.toLowerCase(),
          valid_to: '2026-12-31T23:59:59Z',
          status: 'active',
          created_at: '2026-03-01T10:00:00Z',
          issuer: { cn: 'DigiCert ONE client CA' },
        },
        {
          id: 'c-2',
          nickname: 'laptop',
          thumbprint_sha256: FINGERPRINT.replace(/:/g, ''),
          end_date: '2026-06-30',
          serial_number: 123456,
          status: null,
          created_at: null,
        },
        {
          id: 'c-3',
          nickname: 'old',
          fingerprint: FINGERPRINT.replace(/:/g, ' '),
          not_after: '2026-01-02T03:04:05+02:00',
        },
        { id: 'c-4', nickname: 'bare', serial_number: null, fingerprint_sha256: null, valid_to: null, extra: [1, 2] },
        {
          id: 'c-5',
          nickname: 'b64',
          fingerprint_sha256: Buffer.from(FINGERPRINT.replace(/:/g, ''), 'hex').toString('base64'),
        },
      ],
    });
    const { client } = recorded();
    expect((await client.listCertificates(USER)).certificates).toEqual([
      {
        id: '41',
        nickname: 'ci',
        serial: '0A1B2C',
        fingerprint: FINGERPRINT,
        notAfter: '2026-12-31T23:59:59.000Z',
        status: 'ACTIVE',
        createdAt: '2026-03-01T10:00:00Z',
      },
      {
        id: 'c-2',
        nickname: 'laptop',
        fingerprint: FINGERPRINT,
        serial: '123456',
        notAfter: '2026-06-30T23:59:59.000Z',
      },
      { id: 'c-3', nickname: 'old', fingerprint: FINGERPRINT, notAfter: '2026-01-02T01:04:05.000Z' },
      { id: 'c-4', nickname: 'bare' },
      { id: 'c-5', nickname: 'b64', fingerprint: FINGERPRINT },
    ]);
    expect(seen).toMatchObject([{ method: 'GET', path: USER_PATH, query: { limit: '100', offset: '0' } }]);
    expect(seen[0]!.headers['x-api-key']).toBe(STUB_KEY);
  });

  it('an envelope followed page by page; items: null is empty', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: `c-${from + i}`, nickname: `n${from + i}` }));
    answer(
      `GET ${USER_PATH}`,
      { status: 200, body: { total: 130, offset: 0, limit: 100, items: page(0, 100) } },
      { status: 200, body: { total: 130, offset: 100, limit: 100, items: page(100, 30) } },
    );
    const { client } = recorded();
    const { certificates: list } = await client.listCertificates(USER);
    expect(list).toHaveLength(130);
    expect(list.at(-1)).toEqual({ id: 'c-129', nickname: 'n129' });
    expect(seen.map((s) => s.query.offset)).toEqual(['0', '100']);

    answer(`GET ${USER_PATH}`, { status: 200, body: { total: 0, items: null } });
    expect(await client.listCertificates(USER)).toEqual({ certificates: [], skipped: 0 });
  });

  it('the nickname is also read as name or friendly_name', async () => {
    answer(`GET ${USER_PATH}`, {
      status: 200,
      body: [
        { id: 'c-1', name: 'under name' },
        { id: 'c-2', friendly_name: 'under friendly_name' },
        { id: 'c-3', nickname: 'nickname wins', name: 'other' },
      ],
    });
    expect(await recorded().client.listCertificates(USER)).toEqual({
      certificates: [
        { id: 'c-1', nickname: 'under name' },
        { id: 'c-2', nickname: 'under friendly_name' },
        { id: 'c-3', nickname: 'nickname wins' },
      ],
      skipped: 0,
    });
  });

  it('an item without an id or a nickname is skipped and counted, with a warning naming the field, never a value', async () => {
    answer(`GET ${USER_PATH}`, {
      status: 200,
      body: {
        total: 3,
        items: [
          { id: 'c-1', nickname: 'kept' },
          { certificate_id: 'secret-looking-id-77', nickname: 'no id here' },
          { id: 'c-3', label: 'nickname under an unknown key' },
        ],
      },
    });
    const { client, lines } = recorded();
    expect(await client.listCertificates(USER)).toEqual({
      certificates: [{ id: 'c-1', nickname: 'kept' }],
      skipped: 2,
    });
    const warning = lines.find((l) => l.includes('digicert list items skipped'))!;
    expect(JSON.parse(warning)).toMatchObject({
      level: 'warn',
      count: 2,
      problems: ['items[1].id is missing', 'items[2].nickname is missing'],
    });
    for (const value of ['secret-looking-id-77', 'no id here', 'nickname under an unknown key'])
      expect(lines.join('\n')).not.toContain(value);
  });

  it('a page of unreadable items does not end the list: the next page is read', async () => {
    const unreadable = Array.from({ length: 100 }, (_, i) => ({ id: `u-${i}`, label: `x${i}` }));
    answer(
      `GET ${USER_PATH}`,
      { status: 200, body: { total: 101, items: unreadable } },
      { status: 200, body: { total: 101, items: [{ id: 'c-100', nickname: 'last' }] } },
    );
    expect(await recorded().client.listCertificates(USER)).toEqual({
      certificates: [{ id: 'c-100', nickname: 'last' }],
      skipped: 100,
    });
    expect(seen.map((s) => s.query.offset)).toEqual(['0', '100']);
  });

  it('a server that ignores offset and repeats an unreadable page: read twice, then stopped', async () => {
    const unreadable = Array.from({ length: 100 }, (_, i) => ({ id: `u-${i}`, label: `x${i}` }));
    answer(`GET ${USER_PATH}`, ...Array.from({ length: 5 }, () => ({ status: 200, body: unreadable })));
    expect(await recorded().client.listCertificates(USER)).toEqual({ certificates: [], skipped: 100 });
    expect(seen.map((s) => s.query.offset)).toEqual(['0', '100']);
  });

  it('a body that is no list → unexpected_response naming it', async () => {
    answer(`GET ${USER_PATH}`, { status: 200, body: { certificates: [] } });
    const error = await failure(recorded().client.listCertificates(USER));
    expect([error.code, error.params?.field]).toEqual(['unexpected_response', 'items']);
  });

  it.each([
    ['errors', { errors: [{ code: 'access_denied', message: 'Authenticated but not authorised' }] }],
    ['error', { error: { status: 403, message: 'Authenticated but not authorised' } }],
  ])('a 403 in the %s envelope → access_denied', async (_name, body) => {
    answer(`GET ${USER_PATH}`, { status: 403, body });
    const error = await failure(recorded().client.listCertificates(USER));
    expect([error.code, error.params?.status]).toEqual(['access_denied', 403]);
  });
});

describe('createCertificate (A25)', () => {
  it('201 with the A24 fields: the body as DigiCert names it, password and file handed up, both secrets', async () => {
    answer(`POST ${USER_PATH}`, {
      status: 201,
      body: {
        id: 'c-9',
        nickname: 'build server 1',
        serial_number: '7F',
        fingerprint_sha256: FINGERPRINT,
        valid_to: '2026-12-31T23:59:59Z',
        status: 'ACTIVE',
        created_at: '2026-03-10T12:00:01Z',
        password: PASSWORD,
        certificate_file: P12_BASE64,
      },
    });
    const { client, secrets, leaks } = recorded();
    const generated = await client.createCertificate(USER, REQUEST);
    expect(generated.certificate).toEqual({
      id: 'c-9',
      nickname: 'build server 1',
      serial: '7F',
      fingerprint: FINGERPRINT,
      notAfter: '2026-12-31T23:59:59.000Z',
      status: 'ACTIVE',
      createdAt: '2026-03-10T12:00:01Z',
    });
    expect(generated.password).toBe(PASSWORD);
    expect(Buffer.from(generated.pkcs12).equals(P12)).toBe(true);
    expect(seen).toMatchObject([
      {
        method: 'POST',
        path: USER_PATH,
        body: { nickname: 'build server 1', end_date: '2026-12-31', encryption: 'AES', signature_hash: 'SHA384' },
      },
    ]);
    expect(secrets.scrub(`pw=${PASSWORD}; file=${P12_BASE64}`)).toBe('pw=[redacted]; file=[redacted]');
    expect(leaks()).toEqual([]);
  });

  it('200, alternate names, base64url with line breaks, numeric id; defaults AES and SHA-256', async () => {
    const wrapped = P12.toString('base64url').replace(/(.{76})/g, '$1\r\n');
    answer(`POST ${USER_PATH}`, {
      status: 200,
      body: { id: 12, certificate_password: PASSWORD, pkcs12: wrapped, end_date: '2026-12-31', extra: null },
    });
    const { client, secrets, leaks } = recorded();
    const generated = await client.createCertificate(USER, { nickname: 'laptop', endDate: '2026-12-31' });
    expect(generated.certificate).toEqual({ id: '12', nickname: 'laptop', notAfter: '2026-12-31T23:59:59.000Z' });
    expect(Buffer.from(generated.pkcs12).equals(P12)).toBe(true);
    expect(seen[0]!.body).toEqual({
      nickname: 'laptop',
      end_date: '2026-12-31',
      encryption: 'AES',
      signature_hash: 'SHA256',
    });
    expect(secrets.scrub(wrapped)).not.toContain(wrapped.slice(0, 40));
    expect(leaks()).toEqual([]);
  });

  it.each([
    ['p12_password', 'p12'],
    ['password', 'file'],
  ])('the password as %s and the file as %s', async (passwordKey, fileKey) => {
    answer(`POST ${USER_PATH}`, { status: 201, body: { id: 'c-1', [passwordKey]: PASSWORD, [fileKey]: P12_BASE64 } });
    const generated = await recorded().client.createCertificate(USER, REQUEST);
    expect([generated.password, Buffer.from(generated.pkcs12).equals(P12)]).toEqual([PASSWORD, true]);
  });

  it('no id in the answer: the newest certificate of that nickname in the list', async () => {
    answer(`POST ${USER_PATH}`, { status: 201, body: { password: PASSWORD, certificate_file: P12_BASE64 } });
    answer(`GET ${USER_PATH}`, {
      status: 200,
      body: [
        { id: 'c-old', nickname: 'build server 1', created_at: '2025-01-01T00:00:00Z', status: 'REVOKED' },
        { id: 'c-new', nickname: 'build server 1', created_at: '2026-03-10T12:00:00Z' },
        { id: 'c-x', nickname: 'other', created_at: '2026-03-10T12:00:05Z' },
      ],
    });
    const generated = await recorded().client.createCertificate(USER, REQUEST);
    expect(generated.certificate).toMatchObject({ id: 'c-new', nickname: 'build server 1' });
  });

  it('no id in the answer: the list is matched on the nickname in any case (the rule of every nickname match)', async () => {
    answer(`POST ${USER_PATH}`, { status: 201, body: { password: PASSWORD, certificate_file: P12_BASE64 } });
    answer(`GET ${USER_PATH}`, { status: 200, body: [{ id: 'c-upper', name: 'BUILD Server 1' }] });
    const generated = await recorded().client.createCertificate(USER, REQUEST);
    expect(generated.certificate).toMatchObject({ id: 'c-upper', nickname: 'build server 1' });
  });

  it.each([
    ['no password', { id: 'c-7', certificate_file: P12_BASE64 }, 'password', 'c-7'],
    ['no file', { id: 77, password: PASSWORD }, 'certificate_file', '77'],
    [
      'a file that is not base64',
      { id: 'c-8', password: PASSWORD, certificate_file: '%%not*base64%%' },
      'certificate_file',
      'c-8',
    ],
    ['neither, and no id', { status: 'ACTIVE' }, 'password', undefined],
  ])('a 2xx with %s → unexpected_response {generated: true}', async (_name, body, field, certificateId) => {
    answer(`POST ${USER_PATH}`, { status: 201, body });
    const { client, fail, leaks } = recorded();
    const error = await fail(client.createCertificate(USER, REQUEST));
    expect(error.code).toBe('unexpected_response');
    expect(error.params).toEqual({ field, generated: true, ...(certificateId ? { certificateId } : {}) });
    expect(leaks()).toEqual([]);
  });

  it('an empty 201 → generated: true as well', async () => {
    answer(`POST ${USER_PATH}`, { status: 201 });
    const error = await failure(recorded().client.createCertificate(USER, REQUEST));
    expect(error.params).toMatchObject({ generated: true, field: 'password' });
    expect(error.message).toContain('empty body');
  });

  it('an invalid request is refused before anything is sent', async () => {
    const error = await failure(
      recorded().client.createCertificate(USER, {
        nickname: 'bad/name',
        endDate: '2026-03-10',
        signatureHash: 'MD5',
      } as never),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors?.map((f) => f.field).sort()).toEqual(['endDate', 'nickname', 'signatureHash']);
    expect(seen).toEqual([]);
  });

  it.each([
    ['errors', { errors: [{ code: 'duplicate_error', message: 'Nickname build server 1 already exists.' }] }],
    ['error', { error: { code: 'duplicate_error', message: 'Nickname build server 1 already exists.' } }],
  ])('a duplicate nickname (%s envelope) → duplicate_name on the nickname field', async (_name, body) => {
    answer(`POST ${USER_PATH}`, { status: 400, body });
    const error = await failure(recorded().client.createCertificate(USER, REQUEST));
    expect(error.code).toBe('duplicate_name');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'nickname', code: 'duplicate_name' })]);
    expect(error.message).toContain('nickname');
  });

  it('field errors name the request fields (nickname, endDate, signatureHash)', async () => {
    answer(`POST ${USER_PATH}`, {
      status: 400,
      body: {
        errors: [
          { code: 'invalid_input', message: 'Bad nickname', field: 'nickname' },
          { code: 'invalid_input', message: 'Too late', field: 'end_date' },
          { code: 'invalid_input', message: 'No', field: 'signature_hash' },
        ],
      },
    });
    const error = await failure(recorded().client.createCertificate(USER, REQUEST));
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(['nickname', 'endDate', 'signatureHash']);
  });

  it('a write is not retried: one 503 is the answer', async () => {
    answer(`POST ${USER_PATH}`, { status: 503, body: { error: { status: 503, message: 'Maintenance' } } });
    const error = await failure(recorded().client.createCertificate(USER, REQUEST));
    expect(error.code).toBe('maintenance');
    expect(seen).toHaveLength(1);
  });
});

describe('revokeCertificate (A26)', () => {
  it.each([200, 204])('PUT …/{id}/revoke without a body; %i is done', async (status) => {
    const path = `${USER_PATH}/${encodeURIComponent('c/9')}/revoke`;
    answer(`PUT ${path}`, status === 200 ? { status, body: { id: 'c/9', status: 'REVOKED' } } : { status });
    await recorded().client.revokeCertificate(USER, 'c/9');
    expect(seen).toMatchObject([{ method: 'PUT', path }]);
    expect(seen[0]!.body).toBeUndefined();
  });

  it('a 404 is handed to the caller', async () => {
    const error = await failure(recorded().client.revokeCertificate(USER, 'gone'));
    expect(error.code).toBe('not_found');
  });
});

describe('wire helpers', () => {
  it('createCertificateBody maps the signature hash names', () => {
    for (const [hash, wire] of [
      ['SHA-256', 'SHA256'],
      ['SHA-384', 'SHA384'],
      ['SHA-512', 'SHA512'],
    ] as const)
      expect(
        createCertificateBody({ nickname: 'n', endDate: '2027-01-01', encryption: '3DES', signatureHash: hash }),
      ).toEqual({ nickname: 'n', end_date: '2027-01-01', encryption: '3DES', signature_hash: wire });
  });

  it('normalizeFingerprint: hex in any spelling or base64 of 32 bytes; anything else is left out', () => {
    expect(normalizeFingerprint(FINGERPRINT.toLowerCase().replace(/:/g, '-'))).toBe(FINGERPRINT);
    expect(normalizeFingerprint('AB:CD')).toBeUndefined();
    expect(normalizeFingerprint('not a fingerprint')).toBeUndefined();
    expect(normalizeFingerprint(null)).toBeUndefined();
  });

  it.each([
    ['https://one.digicert.com', 'https://clientauth.one.digicert.com'],
    ['https://demo.one.digicert.com/', 'https://clientauth.demo.one.digicert.com'],
    ['https://one.nl.digicert.com', 'https://clientauth.one.nl.digicert.com'],
    ['https://demo.one.digicert.co.jp', 'https://clientauth.demo.one.digicert.co.jp'],
    ['https://digicert.internal.example:8443', 'https://clientauth.digicert.internal.example:8443'],
    ['https://clientauth.one.digicert.com', 'https://clientauth.one.digicert.com'],
    ['https://digicert-gateway', 'https://clientauth.digicert-gateway'],
    ['https://127.0.0.1:8443', null],
    ['https://[::1]:8443', null],
    ['https://localhost:8443', null],
    ['http://one.example.test', null],
    ['not a url', null],
  ])('clientAuthOrigin(%s) → %s', (base, origin) => {
    expect(clientAuthOrigin(base)).toBe(origin);
  });
});
