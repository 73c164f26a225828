/**
 * The wire schemas require only what the app uses (wire.ts): answers from a real HTTP server that
 * leave out optional fields, send `null` for them, or add fields the app has never heard of are
 * read, not refused as "an answer the app does not understand".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDigicertClient } from '../../../electron/core/digicert/client';
import { failure, STUB_KEY } from './stub';

interface Canned {
  status: number;
  body?: unknown;
}

/** A tiny DigiCert ONE stand-in: answers each `METHOD path` with the canned answer set by a test. */
let answers = new Map<string, Canned>();
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const canned = answers.get(`${req.method} ${path}`) ?? {
        status: 404,
        body: { errors: [{ code: 'resource_not_found', message: 'Not found' }] },
      };
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
});

const API = '/account/api/v1';
const answer = (route: string, body: unknown, status = 200) => answers.set(route, { status, body });
const client = () =>
  createDigicertClient({
    baseUrl,
    apiKey: STUB_KEY,
    fetch: (url, init) => fetch(url, init),
    timeoutMs: 5000,
    sleep: async () => undefined,
    clock: () => new Date('2026-03-10T12:00:00Z'),
  });

const TOKEN = '01a007567da265b5909d11b8ea_' + 'c4'.repeat(32);
const input = {
  friendlyName: 'ci-signer',
  email: 'owner@example.com',
  accountIds: ['acc-1'],
  managers: [{ managerId: 'account_manager', roleIds: ['r1'] }],
};

describe('GET /user/me: only the id is required', () => {
  it('an answer without created_at or status (issue 9 §3.1: "Test connection" failed on it)', async () => {
    answer(`GET ${API}/user/me`, {
      id: 'me-1',
      email: 'admin@example.com',
      user_type: 'standard',
      name: 'Ada Admin',
      applications: [{ id: 'app-1', name: 'Account Manager', permissions: ['MANAGE_AM_USER', 'VIEW_AM_AUDIT_LOG'] }],
      roles: [{ id: 'r1', name: 'Account admin', code: 'AM_ACCOUNT_ADMIN' }],
    });
    expect(await client().getMe()).toEqual({
      id: 'me-1',
      name: 'Ada Admin',
      email: 'admin@example.com',
      userType: 'standard',
      canManageUsers: true,
      permissions: ['MANAGE_AM_USER', 'VIEW_AM_AUDIT_LOG'],
    });
  });

  it('nulls in every optional field, and fields the app does not know', async () => {
    answer(`GET ${API}/user/me`, {
      id: 'me-2',
      email: null,
      status: null,
      created_at: null,
      user_type: null,
      friendly_name: null,
      name: null,
      first_name: 'Ada',
      last_name: null,
      applications: [
        { id: null, name: null, code: 'account_manager', permissions: null },
        { name: 'Trust Lifecycle', permissions: ['VIEW_EM_SEAT'] },
      ],
      roles: [{ id: null, name: null, code: null }],
      accounts: [{ id: 'acc-1', name: 'Main' }],
      mfa: { enabled: true },
    });
    expect(await client().getMe()).toEqual({
      id: 'me-2',
      name: 'Ada',
      canManageUsers: false,
      permissions: ['VIEW_EM_SEAT'],
    });
  });

  it('a bare {id}', async () => {
    answer(`GET ${API}/user/me`, { id: 'me-3' });
    expect(await client().getMe()).toEqual({ id: 'me-3', canManageUsers: false, permissions: [] });
  });

  it('still refuses an answer without an id, naming it', async () => {
    answer(`GET ${API}/user/me`, { email: 'a@example.com' });
    const error = await failure(client().getMe());
    expect(error.code).toBe('unexpected_response');
    expect(error.params).toEqual({ field: 'id' });
  });
});

describe('accounts and roles: nulls and extra fields', () => {
  it('accounts with null optional fields, in an envelope whose numbers are null', async () => {
    answer(`GET ${API}/account`, {
      total: null,
      offset: null,
      limit: null,
      next: 'cursor-1',
      items: [
        { id: 'a1', name: 'Main', active: null, friendly_identifier: null, service_period: null, admins: null },
        {
          id: 'a2',
          name: 'Half period',
          active: false,
          service_period: { from: '2026-01-01', to: null },
          locale: 'en_US',
        },
        {
          id: 'a3',
          name: 'Full',
          service_period: { from: '2026-01-01', to: '2027-01-01' },
          friendly_identifier: '123',
        },
      ],
    });
    expect(await client().listAccounts()).toEqual([
      { id: 'a1', name: 'Main', active: true },
      { id: 'a2', name: 'Half period', active: false },
      {
        id: 'a3',
        name: 'Full',
        active: true,
        friendlyIdentifier: '123',
        servicePeriod: { from: '2026-01-01', to: '2027-01-01' },
      },
    ]);
  });

  it('roles with null code, permissions, application and application_code', async () => {
    answer(`GET ${API}/role`, [
      {
        id: 'r1',
        name: 'Viewer',
        code: null,
        permissions: null,
        application: null,
        application_code: null,
        created_at: null,
      },
      {
        id: 'r2',
        name: 'Account administrator',
        code: null,
        permissions: ['MANAGE_AM_USER'],
        application: { id: null, name: null, code: 'account_manager', permissions: null },
      },
    ]);
    expect(await client().listRoles('account_manager')).toEqual([
      { id: 'r1', name: 'Viewer', managerId: 'account_manager', permissions: [] },
      {
        id: 'r2',
        name: 'Account administrator',
        managerId: 'account_manager',
        permissions: ['MANAGE_AM_USER'],
        adminLevel: true,
      },
    ]);
  });

  it('a role or account without a name is shown by its id', async () => {
    answer(`GET ${API}/role`, [{ id: 'r1', name: null }]);
    answer(`GET ${API}/account`, { total: 1, items: [{ id: 'a1', name: null }] });
    expect((await client().listRoles('account_manager')).map((r) => r.name)).toEqual(['r1']);
    expect((await client().listAccounts()).map((a) => a.name)).toEqual(['a1']);
  });
});

describe('service users: only id and friendly name are required', () => {
  it('list items without created_at, status, email, or with nulls there', async () => {
    answer(`GET ${API}/user`, {
      total: 2,
      offset: 0,
      limit: 100,
      items: [
        { id: 'u1', friendly_name: 'first' },
        {
          id: 'u2',
          friendly_name: 'second',
          email: null,
          status: null,
          description: null,
          created_at: null,
          end_date: null,
          primary_account_id: null,
          accounts: null,
          applications: [
            { id: 'x', name: null, code: 'trust_lifecycle' },
            { name: 'Unknown manager', code: null },
          ],
          roles: null,
          custom_attributes: { team: 'ci' },
        },
      ],
    });
    expect(await client().listServiceUsers()).toEqual([
      { id: 'u1', friendlyName: 'first', description: '' },
      { id: 'u2', friendlyName: 'second', description: '', managerIds: ['trust_lifecycle'] },
    ]);
  });

  it('a single user read (GET /user/{id}) with nulls', async () => {
    answer(`GET ${API}/user/u3`, {
      id: 'u3',
      friendly_name: 'third',
      status: 'ACTIVE',
      email: null,
      created_at: null,
      end_date: '2026-12-31T23:59:59Z',
    });
    expect(await client().getUser('u3')).toEqual({
      id: 'u3',
      friendlyName: 'third',
      description: '',
      status: 'ACTIVE',
      endDate: '2026-12-31',
    });
  });
});

describe('create: only the id and the token are required', () => {
  it.each([200, 201])(
    'a bare {id, api_token} answered with %i keeps the token; the name is the one sent',
    async (status) => {
      answer(`POST ${API}/user`, { id: 'new-1', api_token: TOKEN }, status);
      const created = await client().createServiceUser(input);
      expect(created.token).toBe(TOKEN);
      expect(created.user).toEqual({ id: 'new-1', friendlyName: 'ci-signer', description: '' });
    },
  );

  it('nulls and unknown fields around the token', async () => {
    answer(
      `POST ${API}/user`,
      {
        id: 'new-2',
        friendly_name: null,
        email: null,
        status: null,
        created_at: null,
        token: null,
        api_token: { token: TOKEN, id: null, expires: null },
        links: [],
      },
      201,
    );
    const created = await client().createServiceUser(input);
    expect(created.token).toBe(TOKEN);
    expect(created.user.friendlyName).toBe('ci-signer');
  });

  it('a create answer with user fields the app can do without, unreadable: the token is kept, the fields left unread', async () => {
    answer(
      `POST ${API}/user`,
      { id: 'new-5', email: 5, status: { code: 'active' }, friendly_name: ['x'], api_token: TOKEN },
      201,
    );
    const lines: string[] = [];
    const warn = (message: string, fields?: Record<string, unknown>) => lines.push(JSON.stringify({ message, fields }));
    const logger = { debug: () => undefined, info: () => undefined, warn, error: warn };
    const created = await createDigicertClient({
      baseUrl,
      apiKey: STUB_KEY,
      fetch: (url, init) => fetch(url, init),
      clock: () => new Date('2026-03-10T12:00:00Z'),
      logger,
    }).createServiceUser(input);
    expect(created.token).toBe(TOKEN);
    expect(created.user).toMatchObject({ id: 'new-5', friendlyName: 'ci-signer' });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toContainEqual({
      message: 'digicert create answer: fields left unread',
      fields: { fields: ['friendly_name', 'email', 'status'] },
    });
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('a create answer whose user id cannot be read names the id', async () => {
    answer(`POST ${API}/user`, { id: { nested: true }, email: 5, api_token: TOKEN }, 201);
    const error = await failure(client().createServiceUser(input));
    expect(error.code).toBe('unexpected_response');
    expect(error.params).toMatchObject({ field: 'id' });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('an answer without a token still says the user exists', async () => {
    answer(`POST ${API}/user`, { id: 'new-3', api_token: null, token: null }, 201);
    const error = await failure(client().createServiceUser(input));
    expect(error.code).toBe('unexpected_response');
    expect(error.params).toMatchObject({ created: true, userId: 'new-3' });
  });

  it('an update answered with 204 re-reads the user, which may lack optional fields', async () => {
    answers.set(`PUT ${API}/user/u4`, { status: 204 });
    answer(`GET ${API}/user/u4`, { id: 'u4', friendly_name: 'fourth', end_date: '2026-06-30' });
    expect(await client().updateServiceUser('u4', { endDate: '2026-06-30' })).toEqual({
      id: 'u4',
      friendlyName: 'fourth',
      description: '',
      endDate: '2026-06-30',
    });
  });
});

describe('error envelopes with nulls', () => {
  it('{"errors":[…]} with null message and field → duplicate_name', async () => {
    answer(`POST ${API}/user`, { errors: [{ code: 'duplicate_error', message: null, field: null }] }, 400);
    expect((await failure(client().createServiceUser(input))).code).toBe('duplicate_name');
  });

  it('{"error":{status: 403 (a number), message: null}} keeps its status as the server code', async () => {
    answer(`GET ${API}/account`, { error: { status: 403, message: null, code: null } }, 403);
    const error = await failure(client().listAccounts());
    expect(error.code).toBe('access_denied');
    expect(error.params).toMatchObject({ status: 403, serverCode: '403' });
  });

  it('a 400 whose field errors carry null messages still maps the fields', async () => {
    answer(`POST ${API}/user`, { errors: [{ code: 'invalid_request', message: null, field: 'end_date' }] }, 400);
    const error = await failure(client().createServiceUser(input));
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors).toEqual([
      { field: 'endDate', code: 'invalid_request', message: 'This value was not accepted.' },
    ]);
  });
});
