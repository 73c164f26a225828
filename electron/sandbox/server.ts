/**
 * The sandbox tenant over HTTP: a local imitation of the DigiCert ONE Account Manager endpoints the
 * client uses, on 127.0.0.1 and a random port, with fault switches for tests. This file is the
 * shell (routing, parsing, faults, JSON answers); the tenant's rules are in tenant.ts. It logs
 * nothing; it never stores a key or token in plain text.
 *
 * Choices where docs/digicert-account-api.md leaves it open ([I]), besides those in tenant.ts:
 * - Lists answer a bare array, unless the request has `limit` or `offset`: then the
 *   `{total, offset, limit, items}` envelope (limit 1..maxPageSize, default 100).
 * - A refused create or change → 400 with the rule's `errors[]`; an unknown or expired key → 401.
 * - Create → 201 with the user plus `api_token`; PUT → 200 with the user; DELETE → 204.
 * - Tokens: GET /api-access-token needs `user_id` (400 without, 404 for an unknown user); POST
 *   {user_id, name, end_date?} → 201 with the token plus its value as `token` (404 for an unknown
 *   user); PUT /api-access-token/{id} → 200 with the token; DELETE → 204; unknown id → 404.
 * - Every write (POST, PUT, DELETE) needs "Manage users" (403 first), reads only a valid key.
 * - Client certificates (issue 14): GET /user/{id}/client-auth-certificate lists a user's
 *   certificates (404 for an unknown user); POST there {nickname, end_date, encryption?,
 *   signature_hash?} → 201 with the certificate plus `password` and `certificate_file` (base64
 *   PKCS#12, the only time either exists: the sandbox keeps neither the key nor the password);
 *   PUT /user/{id}/client-auth-certificate/{cid}/revoke → 200 with the certificate (again: 200).
 * - Mutual TLS: a second listener (HTTPS, its own loopback port, certificate for 127.0.0.1 and
 *   localhost from the tenant's play CA) takes only client certificates of that CA and answers
 *   GET /account/api/v1/user/me, without an API key, as the certificate's service user; a revoked
 *   or expired certificate, or one of a deleted user, gets 401; any other path 404.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildPkcs12 } from '../core/certificates/pkcs12';
import {
  certificateAuthority,
  createCertificateAuthority,
  type CaMaterial,
  type CertificateAuthority,
} from './certificateAuthority';
import { createFaults, type Fault, type Faults } from './faults';
import { addServiceUsers, seedState } from './seed';
import { loadState, newToken, saveState, type SandboxState, type SandboxUser } from './state';
import {
  addCertificate,
  callerOf,
  canManageUsers,
  certificateById,
  certificateOwner,
  certificateView,
  certificateViews,
  checkCertificateRequest,
  createToken,
  createUser,
  deleteToken,
  deleteUser,
  keyOwners,
  revokeCertificate,
  roleViews,
  tokenById,
  tokenView,
  tokenViews,
  updateToken,
  updateUser,
  userView,
  userViews,
  type Checked,
  type WireError,
} from './tenant';

export interface SandboxOptions {
  /** 0 or omitted: a random free port. */
  port?: number;
  /** Persist the tenant here (atomic writes); loaded on start when it exists. */
  stateFile?: string;
  /** Key of the admin caller (may manage users). Random when omitted. */
  adminKey?: string;
  /** Key of an auditor caller without "Manage users" (403 on writes). Random when omitted. */
  limitedKey?: string;
  clock?: () => Date;
  /** PRNG seed for the ids of a fresh tenant. */
  seed?: number;
  /** Extra generated accounts in a fresh tenant. */
  extraAccounts?: number;
  /** Extra generated service users in a fresh tenant (e.g. 5000 for the bench). */
  extraServiceUsers?: number;
  maxPageSize?: number;
}

export interface SandboxRequest {
  method: string;
  path: string;
  query: string;
  /** HTTP status, or what happened instead of an answer. */
  status: number | 'reset' | 'dropped' | 'pending';
}

export interface Sandbox {
  url: string;
  port: number;
  /** The mutual-TLS listener (client certificates of the tenant's CA), e.g. https://127.0.0.1:PORT. */
  clientAuthUrl: string;
  /** PEM of the tenant's play CA: it issued the client certificates and the listener's certificate. */
  caPem: string;
  adminKey: string;
  limitedKey: string;
  faults: Faults;
  /** The live tenant (tests may read and adjust it). */
  state: SandboxState;
  /** Every request seen, in order (method, path, query, status). No headers, no bodies. */
  requests: SandboxRequest[];
  /** Tests and benchmarks: appends `count` generated service users (seed.ts) and persists. */
  addServiceUsers(count: number): void;
  close(): Promise<void>;
}

export const SANDBOX_PREFIX = '/account/api/v1';
const MAX_BODY = 1_000_000;

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Key generation is the slow part of a fresh tenant (RSA, seconds on a busy machine), so tenants
 * started in one process share one play CA, and each CA's listener certificate is made once.
 */
let sharedCa: Promise<CaMaterial> | undefined;
const listenerCertificates = new Map<string, Promise<{ keyPem: string; certificatePem: string }>>();

function listenerCertificate(ca: CertificateAuthority, now: Date) {
  let made = listenerCertificates.get(ca.caPem);
  if (!made) {
    made = ca.serverCertificate(now);
    made.catch(() => listenerCertificates.delete(ca.caPem));
    listenerCertificates.set(ca.caPem, made);
  }
  return made;
}

/** A fresh PKCS#12 password: 24 characters of [A-Za-z0-9_-], 144 random bits. */
const newPassword = () => randomBytes(18).toString('base64url');

const errorReply = (status: number, errors: WireError[]): Reply => ({ status, body: { errors } });
const one = (status: number, code: string, message: string, field?: string): Reply =>
  errorReply(status, [field ? { code, message, field } : { code, message }]);
/** A rule's verdict as an answer: `status` with the value, or 400 with the rule's errors. */
const answer = <T>(checked: Checked<T>, status: number, body: (value: T) => unknown): Reply =>
  checked.ok ? { status, body: body(checked.value) } : errorReply(400, checked.errors);

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? (() => new Date());
  const maxPage = options.maxPageSize ?? 100;
  const loaded = options.stateFile ? loadState(options.stateFile) : undefined;
  const seedOptions: Parameters<typeof seedState>[0] = { now: clock() };
  if (options.seed !== undefined) seedOptions.seed = options.seed;
  if (options.extraAccounts !== undefined) seedOptions.extraAccounts = options.extraAccounts;
  if (options.extraServiceUsers !== undefined) seedOptions.extraServiceUsers = options.extraServiceUsers;
  const state: SandboxState = loaded ?? seedState(seedOptions);
  const persist = () => {
    if (options.stateFile) saveState(options.stateFile, state);
  };
  if (!state.ca) {
    sharedCa ??= createCertificateAuthority(clock());
    sharedCa.catch(() => (sharedCa = undefined));
    state.ca = { ...(await sharedCa) };
    persist();
  } else if (!loaded) persist();
  const ca = certificateAuthority(state.ca);

  const adminKey = options.adminKey ?? newToken();
  const limitedKey = options.limitedKey ?? newToken();
  const owners = keyOwners(state, { adminKey, limitedKey });
  const faults = createFaults();
  const requests: SandboxRequest[] = [];

  function caller(req: IncomingMessage) {
    const raw = req.headers['x-api-key']; // node lower-cases header names: X-API-Key works too
    return callerOf(state, owners, Array.isArray(raw) ? raw[0] : raw, clock());
  }

  function page(items: unknown[], url: URL): Reply {
    const hasLimit = url.searchParams.has('limit');
    const hasOffset = url.searchParams.has('offset');
    if (!hasLimit && !hasOffset) return { status: 200, body: items };
    const limit = hasLimit ? Number(url.searchParams.get('limit')) : maxPage;
    const offset = hasOffset ? Number(url.searchParams.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 1)
      return one(400, 'invalid_request', 'limit must be a positive whole number.', 'limit');
    if (!Number.isInteger(offset) || offset < 0)
      return one(400, 'invalid_request', 'offset must be zero or more.', 'offset');
    const size = Math.min(limit, maxPage);
    return {
      status: 200,
      body: { total: items.length, offset, limit: size, items: items.slice(offset, offset + size) },
    };
  }

  async function route(method: string, url: URL, me: SandboxUser, rawBody: string): Promise<Reply> {
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.startsWith(SANDBOX_PREFIX)) return one(404, 'resource_not_found', 'Resource not found.');
    const rest = path.slice(SANDBOX_PREFIX.length);
    const now = clock();
    const parseBody = (): Record<string, unknown> | Reply => {
      try {
        const value: unknown = JSON.parse(rawBody || 'null');
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // fall through
      }
      return one(400, 'invalid_request', 'The request body must be a JSON object.');
    };
    const isReply = (v: unknown): v is Reply =>
      !!v && typeof v === 'object' && 'status' in v && typeof (v as Reply).status === 'number';

    if (rest === '/account' && method === 'GET') return page(state.accounts, url);
    if (rest === '/role' && method === 'GET')
      return page(roleViews(state, url.searchParams.get('application_code')), url);
    if (rest === '/user') {
      if (method === 'GET') return page(userViews(state, url.searchParams.get('user_type'), now), url);
      if (method === 'POST') {
        if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
        const body = parseBody();
        if (isReply(body)) return body;
        const created = createUser(state, me, body, now);
        if (created.ok) persist();
        return answer(created, 201, ({ user, token }) => ({ ...userView(state, user, now), api_token: token }));
      }
      return one(405, 'method_not_allowed', 'Method not allowed.');
    }
    const m = /^\/user\/([^/]+)$/.exec(rest);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const user = id === 'me' ? me : state.users.find((u) => u.id === id);
      if (method === 'GET')
        return user
          ? { status: 200, body: userView(state, user, now) }
          : one(404, 'resource_not_found', 'User not found.');
      if (method !== 'PUT' && method !== 'DELETE') return one(405, 'method_not_allowed', 'Method not allowed.');
      if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
      if (!user || user.user_type !== 'service') return one(404, 'resource_not_found', 'User not found.');
      if (method === 'DELETE') {
        deleteUser(state, user);
        persist();
        return { status: 204 };
      }
      const body = parseBody();
      if (isReply(body)) return body;
      const updated = updateUser(state, user, body, now);
      if (updated.ok) persist();
      return answer(updated, 200, (changed) => userView(state, changed, now));
    }
    if (rest === '/api-access-token') {
      if (method === 'GET') {
        const userId = url.searchParams.get('user_id');
        if (!userId) return one(400, 'invalid_request', 'user_id is required.', 'user_id');
        if (!state.users.some((u) => u.id === userId)) return one(404, 'resource_not_found', 'User not found.');
        return page(tokenViews(state, userId, now), url);
      }
      if (method !== 'POST') return one(405, 'method_not_allowed', 'Method not allowed.');
      if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
      const body = parseBody();
      if (isReply(body)) return body;
      if (typeof body.user_id !== 'string' || !body.user_id)
        return one(400, 'invalid_request', 'user_id is required.', 'user_id');
      const owner = state.users.find((u) => u.id === body.user_id);
      if (!owner) return one(404, 'resource_not_found', 'User not found.');
      const created = createToken(state, owner, body, now);
      if (created.ok) persist();
      return answer(created, 201, ({ token, value }) => ({ ...tokenView(token, now), token: value }));
    }
    const t = /^\/api-access-token\/([^/]+)$/.exec(rest);
    if (t) {
      const token = tokenById(state, decodeURIComponent(t[1]!));
      if (method === 'GET')
        return token
          ? { status: 200, body: tokenView(token, now) }
          : one(404, 'resource_not_found', 'Token not found.');
      if (method !== 'PUT' && method !== 'DELETE') return one(405, 'method_not_allowed', 'Method not allowed.');
      if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
      if (!token) return one(404, 'resource_not_found', 'Token not found.');
      if (method === 'DELETE') {
        deleteToken(state, token);
        persist();
        return { status: 204 };
      }
      const body = parseBody();
      if (isReply(body)) return body;
      const updated = updateToken(state, token, body);
      if (updated.ok) persist();
      return answer(updated, 200, (changed) => tokenView(changed, now));
    }
    const c = /^\/user\/([^/]+)\/client-auth-certificate(?:\/([^/]+)\/(revoke))?$/.exec(rest);
    if (c) {
      const user = state.users.find((u) => u.id === decodeURIComponent(c[1]!) && u.user_type === 'service');
      if (c[3]) {
        if (method !== 'PUT') return one(405, 'method_not_allowed', 'Method not allowed.');
        if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
        if (!user) return one(404, 'resource_not_found', 'User not found.');
        const certificate = certificateById(state, user.id, decodeURIComponent(c[2]!));
        if (!certificate) return one(404, 'resource_not_found', 'Certificate not found.');
        revokeCertificate(certificate);
        persist();
        return { status: 200, body: certificateView(certificate, now) };
      }
      if (method === 'GET') {
        if (!user) return one(404, 'resource_not_found', 'User not found.');
        return page(certificateViews(state, user.id, now), url);
      }
      if (method !== 'POST') return one(405, 'method_not_allowed', 'Method not allowed.');
      if (!canManageUsers(state, me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
      if (!user) return one(404, 'resource_not_found', 'User not found.');
      const body = parseBody();
      if (isReply(body)) return body;
      return issueCertificate(user, body);
    }
    return one(404, 'resource_not_found', 'Resource not found.');
  }

  /**
   * Makes the key pair, the certificate and the PKCS#12 file. The key and the password live only
   * in this call: the state keeps the certificate and its facts.
   */
  async function issueCertificate(user: SandboxUser, body: Record<string, unknown>): Promise<Reply> {
    const asked = checkCertificateRequest(state, user, body, clock());
    if (!asked.ok) return errorReply(400, asked.errors);
    const request = asked.value;
    const issued = await ca.issueClientCertificate({
      userId: user.id,
      nickname: request.nickname,
      endDate: request.endDate,
      signatureHash: request.signatureHash,
      now: clock(),
    });
    // The user or the nickname may have changed while the key was being made.
    const recheck = state.users.includes(user) ? checkCertificateRequest(state, user, body, clock()) : undefined;
    if (!recheck) return one(404, 'resource_not_found', 'User not found.');
    if (!recheck.ok) return errorReply(400, recheck.errors);
    const password = newPassword();
    const file = buildPkcs12({
      privateKeyPem: issued.privateKeyPem,
      certificatePem: issued.certificatePem,
      chainPems: [ca.caPem],
      password,
      encryption: request.encryption,
      friendlyName: request.nickname,
    });
    const certificate = addCertificate(state, user, request, issued, clock());
    persist();
    return {
      status: 201,
      body: {
        ...certificateView(certificate, clock()),
        password,
        certificate_file: Buffer.from(file).toString('base64'),
      },
    };
  }

  /** The mutual-TLS listener: GET /user/me as the presented certificate's service user. */
  function clientAuthRoute(method: string, url: URL, req: IncomingMessage): Reply {
    if (method !== 'GET' || url.pathname.replace(/\/+$/, '') !== `${SANDBOX_PREFIX}/user/me`)
      return one(404, 'resource_not_found', 'Resource not found.');
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const now = clock();
    const owner = peer?.fingerprint256 ? certificateOwner(state, peer.fingerprint256, now) : undefined;
    if (!owner)
      return one(401, 'invalid_client_certificate', 'The client certificate is revoked, expired or not known.');
    return { status: 200, body: userView(state, owner, now) };
  }

  function send(res: ServerResponse, reply: Reply, record: SandboxRequest) {
    record.status = reply.status;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const text = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(reply.status, headers).end(text);
  }

  function faultReply(fault: Fault): Reply | undefined {
    const retry: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
    switch (fault.kind) {
      case 'rate_limited':
        return {
          status: 429,
          headers: retry,
          body: {
            errors: [{ code: 'request_limit_exceeded', message: 'Service unavailable, please limit request volume' }],
          },
        };
      case 'maintenance':
        return {
          status: 503,
          headers: retry,
          body: { errors: [{ code: 'service_unavailable', message: 'DigiCert ONE is down for maintenance.' }] },
        };
      case 'server_error':
        return { status: 500, body: { errors: [{ code: 'internal_error', message: 'Internal server error.' }] } };
      default:
        return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, listener: 'api' | 'clientAuth') {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: SandboxRequest = { method, path: url.pathname, query: url.search, status: 'pending' };
    requests.push(record);

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return send(res, one(413, 'invalid_request', 'The request body is too large.'), record);
      chunks.push(chunk);
    }
    const rawBody = Buffer.concat(chunks).toString('utf8');

    const fault = faults.take(method, url.pathname, req.headers);
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault) {
      const reply = faultReply(fault);
      if (reply) return send(res, reply, record);
      if (fault.kind === 'reset') {
        record.status = 'reset';
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'malformed_json') {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [{"id": "1", "friendly_na');
        return;
      }
      if (fault.kind === 'html') {
        record.status = 200;
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!doctype html><html><body><h1>Sign in</h1></body></html>');
        return;
      }
      if (fault.kind === 'reply')
        return send(res, { status: fault.reply?.status ?? 200, body: fault.reply?.body }, record);
      if (fault.kind === 'empty') {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' }).end();
        return;
      }
    }

    const me = listener === 'api' ? caller(req) : undefined;
    const reply =
      listener === 'clientAuth'
        ? clientAuthRoute(method, url, req)
        : me
          ? await route(method, url, me, rawBody)
          : one(401, 'invalid_api_key', 'The API key is missing, invalid or expired.');
    if (fault?.kind === 'commit_then_drop') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    send(res, reply, record);
  }

  const serve = (listener: 'api' | 'clientAuth') => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, listener).catch(() => {
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"internal_error","message":"Internal server error."}]}');
      else res.destroy();
    });
  };
  const server = createServer(serve('api'));
  const listenerCert = await listenerCertificate(ca, clock());
  const clientAuthServer = createHttpsServer(
    {
      key: listenerCert.keyPem,
      cert: listenerCert.certificatePem,
      ca: ca.caPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    serve('clientAuth'),
  );
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  clientAuthServer.on('connection', track);
  const listen = (target: typeof server | typeof clientAuthServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, '127.0.0.1', () => resolve((target.address() as AddressInfo).port));
    });
  const port = await listen(server, options.port ?? 0);
  let clientAuthPort: number;
  try {
    clientAuthPort = await listen(clientAuthServer, 0);
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const closeServer = (target: typeof server | typeof clientAuthServer) =>
    new Promise<void>((resolve) => target.close(() => resolve()));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clientAuthUrl: `https://127.0.0.1:${clientAuthPort}`,
    caPem: ca.caPem,
    adminKey,
    limitedKey,
    faults,
    get state() {
      return state;
    },
    requests,
    addServiceUsers(count) {
      addServiceUsers(state, count, clock());
      persist();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all([closeServer(server), closeServer(clientAuthServer)]);
    },
  };
}
