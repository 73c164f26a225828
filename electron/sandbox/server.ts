/**
 * The sandbox tenant: a local imitation of the DigiCert ONE Account Manager endpoints the client
 * uses, on 127.0.0.1 and a random port, with the rules from docs/digicert-account-api.md §4, §5, §9
 * and fault switches for tests. It logs nothing; it never stores a key or token in plain text.
 *
 * Choices where the notes leave it open ([I]):
 * - Lists answer a bare array, unless the request has `limit` or `offset`: then the
 *   `{total, offset, limit, items}` envelope (limit 1..maxPageSize, default 100).
 * - Friendly names are unique among all users, compared case-insensitively after trimming.
 * - Duplicate name → 400 `duplicate_error` (no `field`, like the documented example).
 * - Other validation failures → 400 `invalid_request`, one `errors[]` item per problem, with `field`.
 * - Create → 201 with the user plus `api_token` (a string); PUT → 200 with the user; DELETE → 204.
 * - A service user past 23:59:59Z of its end date is listed with status EXPIRED and its token
 *   gets 401.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createFaults, type Fault, type Faults } from './faults';
import { seedState } from './seed';
import { loadState, newToken, saveState, sha256, type SandboxState, type SandboxUser } from './state';

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
  close(): Promise<void>;
}

export const SANDBOX_PREFIX = '/account/api/v1';
const MAX_BODY = 1_000_000;
const NAME_PATTERN = /^[A-Za-z0-9 _-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

interface WireErr {
  code: string;
  message: string;
  field?: string;
}
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const errorReply = (status: number, errors: WireErr[]): Reply => ({ status, body: { errors } });
const one = (status: number, code: string, message: string, field?: string): Reply =>
  errorReply(status, [field ? { code, message, field } : { code, message }]);

function isRealDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? (() => new Date());
  const maxPage = options.maxPageSize ?? 100;
  const loaded = options.stateFile ? loadState(options.stateFile) : undefined;
  const seedOptions: Parameters<typeof seedState>[0] = { now: clock() };
  if (options.seed !== undefined) seedOptions.seed = options.seed;
  if (options.extraAccounts !== undefined) seedOptions.extraAccounts = options.extraAccounts;
  const state: SandboxState = loaded ?? seedState(seedOptions);
  const persist = () => {
    if (options.stateFile) saveState(options.stateFile, state);
  };
  if (!loaded) persist();

  const adminKey = options.adminKey ?? newToken();
  const limitedKey = options.limitedKey ?? newToken();
  // Keys are held as hashes only, like the issued tokens.
  const keyOwners = new Map<string, string>([
    [sha256(adminKey), state.adminUserId],
    [sha256(limitedKey), state.auditorUserId],
  ]);
  const faults = createFaults();
  const requests: SandboxRequest[] = [];

  const today = () => clock().toISOString().slice(0, 10);
  const expired = (u: SandboxUser) => !!u.end_date && clock().getTime() > Date.parse(`${u.end_date}T23:59:59Z`);
  const roleById = (id: string) => state.roles.find((r) => r.id === id);
  const appByCode = (code: string) => state.applications.find((a) => a.code === code);

  function userView(u: SandboxUser): Record<string, unknown> {
    const roles = u.role_ids.map(roleById).filter((r) => !!r);
    const view: Record<string, unknown> = {
      id: u.id,
      email: u.email,
      status: u.status === 'ACTIVE' && expired(u) ? 'EXPIRED' : u.status,
      access_scope: u.access_scope,
      primary_account_id: u.account_ids[0] ?? null,
      created_at: u.created_at,
      created_by: u.created_by,
      user_type: u.user_type,
    };
    if (u.user_type === 'service') view.friendly_name = u.friendly_name;
    else view.name = u.name;
    view.description = u.description;
    view.locale = u.locale;
    if (u.end_date) view.end_date = u.end_date;
    view.accounts = u.account_ids.map((id) => ({ id, name: state.accounts.find((a) => a.id === id)?.name ?? '' }));
    view.applications = u.application_codes.map((code) => {
      const app = appByCode(code);
      const permissions = [...new Set(roles.filter((r) => r.application_code === code).flatMap((r) => r.permissions))];
      return { id: app?.id ?? code, name: app?.name ?? code, permissions };
    });
    view.roles = roles.map((r) => ({ id: r.id, name: r.name, code: r.code }));
    return view;
  }

  function caller(req: IncomingMessage): SandboxUser | undefined {
    const raw = req.headers['x-api-key']; // node lower-cases header names: X-API-Key works too
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key) return undefined;
    const hash = sha256(key);
    const userId = keyOwners.get(hash) ?? state.tokenHashes.find((t) => t.hash === hash)?.userId;
    const user = userId ? state.users.find((u) => u.id === userId) : undefined;
    if (!user || user.status !== 'ACTIVE' || expired(user)) return undefined;
    return user;
  }

  const canManageUsers = (u: SandboxUser) => u.role_ids.some((id) => roleById(id)?.permissions.includes('MANAGE_AM_USER'));

  function page(items: unknown[], url: URL): Reply {
    const hasLimit = url.searchParams.has('limit');
    const hasOffset = url.searchParams.has('offset');
    if (!hasLimit && !hasOffset) return { status: 200, body: items };
    const limit = hasLimit ? Number(url.searchParams.get('limit')) : maxPage;
    const offset = hasOffset ? Number(url.searchParams.get('offset')) : 0;
    if (!Number.isInteger(limit) || limit < 1) return one(400, 'invalid_request', 'limit must be a positive whole number.', 'limit');
    if (!Number.isInteger(offset) || offset < 0) return one(400, 'invalid_request', 'offset must be zero or more.', 'offset');
    const size = Math.min(limit, maxPage);
    return { status: 200, body: { total: items.length, offset, limit: size, items: items.slice(offset, offset + size) } };
  }

  function nameTaken(name: string, exceptId?: string): boolean {
    const key = name.trim().toLowerCase();
    return state.users.some((u) => u.id !== exceptId && (u.friendly_name ?? u.name ?? '').trim().toLowerCase() === key);
  }

  /** Validates accounts / applications / roles fields shared by create and update. */
  function checkRefs(body: Record<string, unknown>, errors: WireErr[], required: boolean) {
    const out: { accountIds?: string[]; roleIds?: string[]; codes?: string[] } = {};
    if (body.accounts !== undefined || required) {
      const accounts = body.accounts;
      if (!Array.isArray(accounts) || accounts.length === 0) {
        errors.push({ code: 'invalid_request', message: 'A service user must be assigned to at least one account.', field: 'accounts' });
      } else {
        const ids = accounts.map((a) => (a && typeof a === 'object' ? (a as { id?: unknown }).id : undefined));
        if (ids.some((id) => typeof id !== 'string' || !state.accounts.some((acc) => acc.id === id))) {
          errors.push({ code: 'invalid_request', message: 'One or more accounts do not exist.', field: 'accounts' });
        } else out.accountIds = [...new Set(ids as string[])];
      }
    }
    if (body.applications !== undefined || required) {
      const apps = body.applications;
      if (!Array.isArray(apps) || apps.length === 0) {
        errors.push({ code: 'invalid_request', message: 'Select at least one DigiCert ONE manager.', field: 'applications' });
      } else {
        const codes = apps.map((a) => (a && typeof a === 'object' ? (a as { code?: unknown }).code : undefined));
        if (codes.some((c) => typeof c !== 'string' || !appByCode(c))) {
          errors.push({ code: 'invalid_request', message: 'One or more managers do not exist.', field: 'applications' });
        } else out.codes = [...new Set(codes as string[])];
      }
    }
    if (body.roles !== undefined || required) {
      const roles = body.roles;
      if (!Array.isArray(roles) || roles.length === 0) {
        errors.push({ code: 'invalid_request', message: 'Select at least one role.', field: 'roles' });
      } else {
        const ids = roles.map((r) => (r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined));
        if (ids.some((id) => typeof id !== 'string' || !roleById(id))) {
          errors.push({ code: 'invalid_request', message: 'One or more roles do not exist.', field: 'roles' });
        } else out.roleIds = [...new Set(ids as string[])];
      }
    }
    return out;
  }

  function checkEndDate(value: unknown, errors: WireErr[]): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !isRealDate(value)) {
      errors.push({ code: 'invalid_request', message: 'End date must be a date in the format YYYY-MM-DD.', field: 'end_date' });
    } else if (value < today()) {
      errors.push({ code: 'invalid_request', message: 'End date cannot be in the past.', field: 'end_date' });
    } else return value;
    return undefined;
  }

  function createUser(me: SandboxUser, body: Record<string, unknown>): Reply {
    const errors: WireErr[] = [];
    if (body.user_type !== 'service') errors.push({ code: 'invalid_request', message: 'user_type must be "service".', field: 'user_type' });
    const name = body.friendly_name;
    let friendlyName: string | undefined;
    if (typeof name !== 'string' || name.trim() === '') {
      errors.push({ code: 'invalid_request', message: 'Friendly name is required.', field: 'friendly_name' });
    } else if (name.trim().length > 64) {
      errors.push({ code: 'invalid_request', message: 'Friendly name can have at most 64 characters.', field: 'friendly_name' });
    } else if (!NAME_PATTERN.test(name.trim())) {
      errors.push({ code: 'invalid_request', message: 'Friendly name can contain only letters, numbers, spaces, dashes and underscores.', field: 'friendly_name' });
    } else friendlyName = name.trim();
    const description = body.description ?? '';
    if (typeof description !== 'string' || description.length > 1000) {
      errors.push({ code: 'invalid_request', message: 'Description must be text of at most 1000 characters.', field: 'description' });
    }
    const email = body.email;
    if (typeof email !== 'string' || email.length > 254 || !EMAIL_PATTERN.test(email)) {
      errors.push({ code: 'invalid_request', message: 'Email must be a valid email address.', field: 'email' });
    }
    const endDate = checkEndDate(body.end_date, errors);
    const refs = checkRefs(body, errors, true);
    if (refs.codes && refs.roleIds) {
      const roleCodes = refs.roleIds.map((id) => roleById(id)!.application_code);
      if (roleCodes.some((code) => !refs.codes!.includes(code))) {
        errors.push({ code: 'invalid_request', message: 'Roles can only be given for the selected managers.', field: 'roles' });
      } else if (refs.codes.some((code) => !roleCodes.includes(code))) {
        errors.push({ code: 'invalid_request', message: 'Select at least one role for each selected manager.', field: 'roles' });
      }
    }
    if (errors.length) return errorReply(400, errors);
    if (nameTaken(friendlyName!)) {
      return one(400, 'duplicate_error', `Nickname ${friendlyName} already exists. Enter a different nickname.`);
    }
    const user: SandboxUser = {
      id: randomUUID(),
      user_type: 'service',
      friendly_name: friendlyName!,
      email: email as string,
      description: description as string,
      status: 'ACTIVE',
      access_scope: 'account',
      account_ids: refs.accountIds!,
      role_ids: refs.roleIds!,
      application_codes: refs.codes!,
      created_at: clock().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      created_by: me.id,
      locale: 'en_US',
    };
    if (endDate) user.end_date = endDate;
    const token = newToken();
    state.users.push(user);
    state.tokenHashes.push({ hash: sha256(token), userId: user.id });
    persist();
    return { status: 201, body: { ...userView(user), api_token: token } };
  }

  function updateUser(user: SandboxUser, body: Record<string, unknown>): Reply {
    const errors: WireErr[] = [];
    const known = ['end_date', 'roles', 'accounts', 'description'];
    for (const key of Object.keys(body)) {
      if (!known.includes(key)) errors.push({ code: 'invalid_request', message: `${key.slice(0, 40)} cannot be changed.`, field: key.slice(0, 40) });
    }
    const endDate = checkEndDate(body.end_date, errors);
    const refs = checkRefs(body, errors, false);
    if (body.description !== undefined && (typeof body.description !== 'string' || body.description.length > 1000)) {
      errors.push({ code: 'invalid_request', message: 'Description must be text of at most 1000 characters.', field: 'description' });
    }
    if (errors.length) return errorReply(400, errors);
    if (endDate) user.end_date = endDate;
    if (refs.accountIds) user.account_ids = refs.accountIds;
    if (refs.roleIds) {
      user.role_ids = refs.roleIds;
      user.application_codes = [...new Set(refs.roleIds.map((id) => roleById(id)!.application_code))];
    }
    if (typeof body.description === 'string') user.description = body.description;
    persist();
    return { status: 200, body: userView(user) };
  }

  function route(method: string, url: URL, me: SandboxUser, rawBody: string): Reply {
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.startsWith(SANDBOX_PREFIX)) return one(404, 'resource_not_found', 'Resource not found.');
    const rest = path.slice(SANDBOX_PREFIX.length);
    const parseBody = (): Record<string, unknown> | Reply => {
      try {
        const value: unknown = JSON.parse(rawBody || 'null');
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // fall through
      }
      return one(400, 'invalid_request', 'The request body must be a JSON object.');
    };
    const isReply = (v: unknown): v is Reply => !!v && typeof v === 'object' && 'status' in v && typeof (v as Reply).status === 'number';

    if (rest === '/account' && method === 'GET') return page(state.accounts, url);
    if (rest === '/role' && method === 'GET') {
      const code = url.searchParams.get('application_code');
      const roles = state.roles
        .filter((r) => !code || r.application_code === code)
        .map((r) => {
          const app = appByCode(r.application_code)!;
          return { id: r.id, name: r.name, code: r.code, application_code: r.application_code, application: { id: app.id, name: app.name, code: app.code }, permissions: r.permissions };
        });
      return page(roles, url);
    }
    if (rest === '/user') {
      if (method === 'GET') {
        const type = url.searchParams.get('user_type');
        return page(state.users.filter((u) => !type || u.user_type === type).map(userView), url);
      }
      if (method === 'POST') {
        if (!canManageUsers(me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
        const body = parseBody();
        return isReply(body) ? body : createUser(me, body);
      }
      return one(405, 'method_not_allowed', 'Method not allowed.');
    }
    const m = /^\/user\/([^/]+)$/.exec(rest);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      const user = id === 'me' ? me : state.users.find((u) => u.id === id);
      if (method === 'GET') return user ? { status: 200, body: userView(user) } : one(404, 'resource_not_found', 'User not found.');
      if (method !== 'PUT' && method !== 'DELETE') return one(405, 'method_not_allowed', 'Method not allowed.');
      if (!canManageUsers(me)) return one(403, 'access_denied', 'You do not have permission to manage users.');
      if (!user || user.user_type !== 'service') return one(404, 'resource_not_found', 'User not found.');
      if (method === 'DELETE') {
        state.users = state.users.filter((u) => u.id !== user.id);
        state.tokenHashes = state.tokenHashes.filter((t) => t.userId !== user.id);
        persist();
        return { status: 204 };
      }
      const body = parseBody();
      return isReply(body) ? body : updateUser(user, body);
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
        return { status: 429, headers: retry, body: { errors: [{ code: 'request_limit_exceeded', message: 'Service unavailable, please limit request volume' }] } };
      case 'maintenance':
        return { status: 503, headers: retry, body: { errors: [{ code: 'service_unavailable', message: 'DigiCert ONE is down for maintenance.' }] } };
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
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><body><h1>Sign in</h1></body></html>');
        return;
      }
      if (fault.kind === 'empty') {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json' }).end();
        return;
      }
    }

    const me = caller(req);
    const reply = me ? route(method, url, me, rawBody) : one(401, 'invalid_api_key', 'The API key is missing, invalid or expired.');
    if (fault?.kind === 'commit_then_drop') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    send(res, reply, record);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"code":"internal_error","message":"Internal server error."}]}');
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
