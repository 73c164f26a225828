/** The client against the sandbox tenant over real HTTP: every call and every fault switch. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { realSleep, type Sleep } from '../../../electron/core/digicert/retry';
import type { ServiceUserInput } from '../../../shared/serviceUser';
import { clientFor, createRecorder, TOKEN_PATTERN } from './support';

let sandbox: Sandbox;
const recorder = createRecorder();
const tokens: string[] = [];
const BAD_KEY = 'badbadbadbadbadbadbadbadba_' + 'ab'.repeat(32);
let counter = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ maxPageSize: 5 });
});
afterEach(() => sandbox.faults.clear());

afterAll(async () => {
  await sandbox.close();
  // The scan: no API key and no token in anything logged or raised during this suite.
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  expect(recorder.lines.length).toBeGreaterThan(20);
  const secrets = [sandbox.adminKey, sandbox.limitedKey, BAD_KEY, ...tokens];
  const hits = recorder.lines.filter((line) =>
    secrets.some((s) => line.includes(s) || line.includes(s.split('_')[1]!)),
  );
  expect(hits).toEqual([]);
});

const admin = (extra = {}) => clientFor(sandbox.url, sandbox.adminKey, recorder, extra);
const posts = () => sandbox.requests.filter((r) => r.method === 'POST').length;

async function input(overrides: Partial<ServiceUserInput> = {}): Promise<ServiceUserInput> {
  const { client } = admin();
  const accounts = await client.listAccounts();
  const roles = await client.listRoles('software_trust');
  return {
    friendlyName: `it-user-${++counter}-${Date.now()}`,
    email: 'owner@example.com',
    accountIds: [accounts[0]!.id],
    managers: [{ managerId: 'software_trust', roleIds: [roles[0]!.id] }],
    ...overrides,
  };
}

async function create(overrides: Partial<ServiceUserInput> = {}) {
  const created = await admin().client.createServiceUser(await input(overrides));
  tokens.push(created.token!);
  return created;
}

describe('every call', () => {
  it('listAccounts: the seeded accounts', async () => {
    const accounts = await admin().client.listAccounts();
    expect(accounts).toHaveLength(8);
    expect(accounts.map((a) => a.name)).toContain('Contoso Production');
    expect(accounts.find((a) => a.name === 'Globex Legacy')!.active).toBe(false);
  });

  it('listManagers: the six managers', async () => {
    const managers = await admin().client.listManagers();
    expect(managers.map((m) => m.name)).toEqual([
      'Account Manager',
      'Trust Lifecycle',
      'Software Trust',
      'IoT Trust',
      'Document Trust',
      'CA Manager',
    ]);
  });

  it('listRoles: all managers with permissions; one manager; the admin-level role', async () => {
    const { client } = admin();
    const all = await client.listRoles();
    expect(new Set(all.map((r) => r.managerId)).size).toBe(6);
    expect(all.every((r) => r.permissions.length > 0)).toBe(true);
    const am = await client.listRoles('account_manager');
    expect(am.every((r) => r.managerId === 'account_manager')).toBe(true);
    expect(am.filter((r) => r.adminLevel).map((r) => r.name)).toEqual(['Account administrator']);
    expect(am.find((r) => r.adminLevel)!.permissions).toContain('MANAGE_AM_USER');
    expect(
      sandbox.requests.some((r) => r.path.endsWith('/role') && r.query.includes('application_code=account_manager')),
    ).toBe(true);
  });

  it('listServiceUsers follows pages (limit/offset, envelope)', async () => {
    const before = sandbox.requests.length;
    const users = await admin().client.listServiceUsers();
    const total = sandbox.state.users.filter((u) => u.user_type === 'service').length;
    expect(users).toHaveLength(total);
    expect(new Set(users.map((u) => u.id)).size).toBe(total);
    const pages = sandbox.requests.slice(before).filter((r) => r.path.endsWith('/user'));
    expect(pages.map((r) => new URLSearchParams(r.query).get('offset'))).toEqual(
      Array.from({ length: Math.ceil(total / 5) }, (_, i) => String(i * 5)),
    );
    expect(users.some((u) => u.endDate && u.managerIds && u.accountIds)).toBe(true);
  });

  it('getMe: the admin may manage users, the auditor may not', async () => {
    expect(await admin().client.getMe()).toMatchObject({ name: 'Sandbox Admin', canManageUsers: true });
    const limited = clientFor(sandbox.url, sandbox.limitedKey, recorder).client;
    expect(await limited.getMe()).toMatchObject({ name: 'Read-only Auditor', canManageUsers: false });
  });

  it('createServiceUser → user + token (registered as a secret), getUser, update, delete', async () => {
    const { client, secrets } = admin();
    const data = await input({ description: 'made by the suite', endDate: '2099-01-31' });
    const { user, token } = await client.createServiceUser(data);
    tokens.push(token!);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(secrets.scrub(`x${token}x`)).toBe('x[redacted]x');
    expect(user).toMatchObject({
      friendlyName: data.friendlyName,
      description: 'made by the suite',
      endDate: '2099-01-31',
      status: 'ACTIVE',
      managerIds: ['software_trust'],
    });
    expect(user.accountIds).toEqual(data.accountIds);

    expect((await client.getUser(user.id)).friendlyName).toBe(data.friendlyName);
    const updated = await client.updateServiceUser(user.id, { endDate: '2099-12-31' });
    expect(updated.endDate).toBe('2099-12-31');
    const am = await client.listRoles('account_manager');
    const moved = await client.updateServiceUser(user.id, {
      managers: [{ managerId: 'account_manager', roleIds: [am[0]!.id] }],
    });
    expect(moved.managerIds).toEqual(['account_manager']);

    await client.deleteServiceUser(user.id);
    expect((await recorder.failure(client.getUser(user.id))).code).toBe('not_found');
  });

  it('sends x-api-key, User-Agent and JSON headers', async () => {
    const seen: Record<string, string>[] = [];
    const { client } = admin({
      fetch: (url: string, init: RequestInit) => {
        seen.push({ ...(init.headers as Record<string, string>) });
        return fetch(url, init);
      },
      userAgent: 'ServiceUserDesk/9.9.9',
    });
    await client.getMe();
    expect(seen[0]).toMatchObject({
      'x-api-key': sandbox.adminKey,
      'user-agent': 'ServiceUserDesk/9.9.9',
      accept: 'application/json',
    });
    expect(admin().client).toBeDefined();
  });

  it('invalid input is refused before anything is sent', async () => {
    const before = posts();
    const error = await recorder.failure(
      admin().client.createServiceUser({ ...(await input()), friendlyName: 'bad.name', managers: [] }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors!.map((f) => f.field).sort()).toEqual(['friendlyName', 'managers']);
    expect(posts()).toBe(before);
  });

  it('duplicate friendly name (any case) → duplicate_name on friendlyName', async () => {
    const first = await create();
    const error = await recorder.failure(
      admin().client.createServiceUser(await input({ friendlyName: first.user.friendlyName.toUpperCase() })),
    );
    expect(error.code).toBe('duplicate_name');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'friendlyName' })]);
  });

  it('server-side validation errors come back with domain field names', async () => {
    const error = await recorder.failure(
      admin().client.createServiceUser(await input({ accountIds: ['no-such-account'] })),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'accountIds', code: 'invalid_request' })]);
  });

  it('a key without "Manage users" → access_denied; a wrong key → invalid_api_key', async () => {
    const limited = clientFor(sandbox.url, sandbox.limitedKey, recorder).client;
    expect((await recorder.failure(limited.createServiceUser(await input()))).code).toBe('access_denied');
    const wrong = clientFor(sandbox.url, BAD_KEY, recorder).client;
    expect((await recorder.failure(wrong.listAccounts())).code).toBe('invalid_api_key');
  });
});

describe('tokens (rotation) and update over real HTTP', () => {
  it('createToken → a working key, listed without its value; disable and delete refuse it', async () => {
    const { client, secrets } = admin();
    const { user } = await create({ endDate: '2099-01-31' });
    const issued = await client.createToken({ userId: user.id, name: 'rotation-1', endDate: '2099-01-30' });
    if (!issued.value) throw new Error('the sandbox answers with the value where the app looks');
    tokens.push(issued.value);
    expect(issued.value).toMatch(TOKEN_PATTERN);
    expect(secrets.scrub(issued.value)).toBe('[redacted]');
    expect(issued.token).toMatchObject({ name: 'rotation-1', endDate: '2099-01-30', status: 'ACTIVE' });
    const asUser = clientFor(sandbox.url, issued.value, recorder).client;
    expect((await asUser.getMe()).id).toBe(user.id);

    const listed = await client.listTokens(user.id);
    expect(listed.map((t) => t.name)).toEqual(['Initial token', 'rotation-1']);
    expect(JSON.stringify(listed)).not.toContain(issued.value);

    await client.revokeToken(issued.token.id, 'disable');
    expect((await recorder.failure(asUser.getMe())).code).toBe('invalid_api_key');
    expect((await client.listTokens(user.id)).find((t) => t.id === issued.token.id)!.status).toBe('DISABLED');
    await client.revokeToken(issued.token.id, 'delete');
    // Already gone: reported as not_found (operations confirms with the token list before "done").
    expect((await recorder.failure(client.revokeToken(issued.token.id, 'delete'))).code).toBe('not_found');
    expect((await client.listTokens(user.id)).map((t) => t.id)).not.toContain(issued.token.id);
  });

  it('listTokens follows the pages of the envelope', async () => {
    const { client } = admin();
    const { user } = await create();
    for (let i = 0; i < 6; i++) tokens.push((await client.createToken({ userId: user.id, name: `t${i}` })).value!);
    expect(await client.listTokens(user.id)).toHaveLength(7); // page size 5 on this sandbox
    expect(
      sandbox.requests.filter((r) => r.path.endsWith('/api-access-token') && r.method === 'GET').at(-1)!.query,
    ).toContain('offset=5');
  });

  it('updateServiceUser: email, description and managers change; roles come back per user', async () => {
    const { client } = admin();
    const { user } = await create();
    const iot = await client.listRoles('iot_trust');
    const updated = await client.updateServiceUser(user.id, {
      email: 'new@example.com',
      description: 'two\nlines',
      managers: [{ managerId: 'iot_trust', roleIds: [iot[0]!.id, iot[1]!.id] }],
    });
    expect(updated).toMatchObject({ email: 'new@example.com', description: 'two\nlines', managerIds: ['iot_trust'] });
    expect(updated.roleIds).toEqual([iot[0]!.id, iot[1]!.id]);
    const refused = await recorder.failure(client.updateServiceUser(user.id, { accountIds: ['nope'] }));
    expect(refused.code).toBe('validation_failed');
    expect(refused.fieldErrors?.[0]?.field).toBe('accountIds');
  });

  it('the limited key: access_denied on createToken and revokeToken', async () => {
    const { user } = await create();
    const limited = clientFor(sandbox.url, sandbox.limitedKey, recorder).client;
    expect((await recorder.failure(limited.createToken({ userId: user.id, name: 'x' }))).code).toBe('access_denied');
    const [first] = await limited.listTokens(user.id);
    expect((await recorder.failure(limited.revokeToken(first!.id, 'delete'))).code).toBe('access_denied');
  });
});

describe('fault switches', () => {
  it('429 with Retry-After seconds: reads retry and succeed', async () => {
    sandbox.faults.once({ kind: 'rate_limited', retryAfter: '2' }, { times: 2, path: '/account/api/v1/account' });
    const before = sandbox.requests.length;
    const { client, sleeps } = admin();
    expect(await client.listAccounts()).toHaveLength(8);
    expect(sleeps).toEqual([2000, 2000]);
    expect(sandbox.requests.slice(before).map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('429 with Retry-After as an HTTP date', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    sandbox.faults.once({ kind: 'rate_limited', retryAfter: new Date(now.getTime() + 10_000).toUTCString() });
    const { client, sleeps } = admin({ clock: () => now });
    await client.getMe();
    expect(sleeps).toEqual([10_000]);
  });

  it('503 persists: reads give up after 3 retries with maintenance', async () => {
    sandbox.faults.set({ kind: 'maintenance', retryAfter: '1' });
    const before = sandbox.requests.length;
    const { client, sleeps } = admin();
    const error = await recorder.failure(client.listAccounts());
    expect(error.code).toBe('maintenance');
    expect(error.params).toMatchObject({ retryAfterSeconds: 1 });
    expect(sleeps).toEqual([1000, 1000, 1000]);
    expect(sandbox.requests.length - before).toBe(4);
  });

  it('429 and 503 on create: never retried', async () => {
    const data = await input();
    for (const kind of ['rate_limited', 'maintenance'] as const) {
      sandbox.faults.set({ kind, retryAfter: '1' }, { method: 'POST' });
      const before = posts();
      const { client, sleeps } = admin();
      const error = await recorder.failure(client.createServiceUser(data));
      expect(error.code).toBe(kind === 'rate_limited' ? 'rate_limited' : 'maintenance');
      expect(sleeps).toEqual([]);
      expect(posts() - before).toBe(1);
    }
    expect(sandbox.state.users.some((u) => u.friendly_name === data.friendlyName)).toBe(false);
  });

  it('500 → server_error, not retried', async () => {
    sandbox.faults.set({ kind: 'server_error' });
    const before = sandbox.requests.length;
    expect((await recorder.failure(admin().client.listAccounts())).code).toBe('server_error');
    expect(sandbox.requests.length - before).toBe(1);
  });

  it('malformed JSON, HTML and empty bodies → unexpected_response', async () => {
    const expectations = {
      malformed_json: 'body is not JSON (application/json)',
      html: 'body is not JSON (text/html)',
      empty: 'body is empty',
    } as const;
    for (const [kind, text] of Object.entries(expectations)) {
      sandbox.faults.once({ kind: kind as keyof typeof expectations });
      const error = await recorder.failure(admin().client.listServiceUsers());
      expect(error.code).toBe('unexpected_response');
      expect(error.message).toContain(text);
    }
  });

  it('connection reset before the answer → connection_lost; a reset create changes nothing', async () => {
    sandbox.faults.once({ kind: 'reset' });
    expect((await recorder.failure(admin().client.listAccounts())).code).toBe('connection_lost');
    const data = await input();
    sandbox.faults.once({ kind: 'reset' }, { method: 'POST' });
    expect((await recorder.failure(admin().client.createServiceUser(data))).code).toBe('connection_lost');
    expect(sandbox.state.users.some((u) => u.friendly_name === data.friendlyName)).toBe(false);
  });

  it('commit then drop: the user exists, the client reports a network error and did not retry', async () => {
    const data = await input();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST' });
    const before = posts();
    const error = await recorder.failure(admin().client.createServiceUser(data));
    expect(error.code).toBe('connection_lost');
    expect(error.params).toMatchObject({ mayHaveCommitted: true });
    expect(posts() - before).toBe(1);
    const users = await admin().client.listServiceUsers();
    expect(users.filter((u) => u.friendlyName === data.friendlyName)).toHaveLength(1);
    // …and a blind retry is answered as a duplicate (notes §8.3).
    expect((await recorder.failure(admin().client.createServiceUser(data))).code).toBe('duplicate_name');
  });

  it('latency beyond the timeout → timeout (a write says it may have been committed)', async () => {
    sandbox.faults.set({ kind: 'latency', latencyMs: 400 });
    const { client } = admin({ timeoutMs: 50 });
    const read = await recorder.failure(client.listAccounts());
    expect(read.code).toBe('timeout');
    expect(read.params).toMatchObject({ mayHaveCommitted: false });
    const write = await recorder.failure(
      client.createServiceUser(
        await admin({ timeoutMs: 5000 })
          .client.listAccounts()
          .then(async () => input()),
      ),
    );
    expect(write.code).toBe('timeout');
    expect(write.params).toMatchObject({ mayHaveCommitted: true });
  });

  it('latency within the timeout still answers; per-call timeout overrides', async () => {
    sandbox.faults.set({ kind: 'latency', latencyMs: 100 });
    const { client } = admin({ timeoutMs: 5000 });
    expect(await client.listAccounts()).toHaveLength(8);
    expect((await recorder.failure(client.listAccounts({ timeoutMs: 20 }))).code).toBe('timeout');
  });

  it('cancellation via AbortController: in flight, before start, and during a retry wait', async () => {
    sandbox.faults.set({ kind: 'latency', latencyMs: 2000 });
    const { client } = admin();
    const controller = new AbortController();
    const sent = sandbox.requests.length;
    const pending = recorder.failure(client.listAccounts({ signal: controller.signal }));
    // In flight: the sandbox holds the request (it answers only after 2 s).
    await vi.waitFor(() => expect(sandbox.requests.slice(sent).map((r) => r.status)).toEqual(['pending']));
    controller.abort();
    expect((await pending).code).toBe('cancelled');

    const before = sandbox.requests.length;
    expect((await recorder.failure(client.getMe({ signal: AbortSignal.abort() }))).code).toBe('cancelled');
    expect(sandbox.requests.length).toBe(before);

    sandbox.faults.set({ kind: 'rate_limited', retryAfter: '20' });
    const waits: number[] = [];
    const sleep: Sleep = (ms, signal) => {
      waits.push(ms);
      return realSleep(ms, signal);
    };
    const slow = admin({ sleep }).client;
    const c2 = new AbortController();
    const waiting = recorder.failure(slow.listAccounts({ signal: c2.signal }));
    await vi.waitFor(() => expect(waits).toEqual([20_000]));
    c2.abort();
    expect((await waiting).code).toBe('cancelled');
  });

  it('per-request header x-sandbox-fault is honoured', async () => {
    const { client } = admin({
      fetch: (url: string, init: RequestInit) =>
        fetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), 'x-sandbox-fault': 'server_error' },
        }),
    });
    expect((await recorder.failure(client.listAccounts())).code).toBe('server_error');
  });
});

describe('network failures over real sockets', () => {
  it('a closed port → offline', async () => {
    const other = await startSandbox();
    const url = other.url;
    await other.close();
    expect((await recorder.failure(clientFor(url, sandbox.adminKey, recorder).client.listAccounts())).code).toBe(
      'offline',
    );
  });

  it('an unresolvable host → dns_failed', async () => {
    const error = await recorder.failure(
      clientFor('http://does-not-exist.invalid', sandbox.adminKey, recorder).client.listAccounts(),
    );
    expect(error.code).toBe('dns_failed');
  });

  it('TLS to a plain HTTP server → tls_failed', async () => {
    const error = await recorder.failure(
      clientFor(sandbox.url.replace('http:', 'https:'), sandbox.adminKey, recorder).client.listAccounts(),
    );
    expect(error.code).toBe('tls_failed');
  });
});
