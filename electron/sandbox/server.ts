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
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaults, type Fault, type Faults } from './faults';
import { addServiceUsers, seedState } from './seed';
import { loadState, newToken, saveState, type SandboxState, type SandboxUser } from './state';
import {
  callerOf,
  canManageUsers,
  createToken,
  createUser,
  deleteToken,
  deleteUser,
  keyOwners,
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
  if (!loaded) persist();

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

  function route(method: string, url: URL, me: SandboxUser, rawBody: string): Reply {
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
    return one(404, 'resource_not_found', 'Resource not found.');
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

  async function handle(req: IncomingMessage, res: ServerResponse) {
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

    const me = caller(req);
    const reply = me
      ? route(method, url, me, rawBody)
      : one(401, 'invalid_api_key', 'The API key is missing, invalid or expired.');
    if (fault?.kind === 'commit_then_drop') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    send(res, reply, record);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"internal_error","message":"Internal server error."}]}');
      else res.destroy();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
