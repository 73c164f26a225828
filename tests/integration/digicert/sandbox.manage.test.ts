/**
 * The sandbox tenant's rules for managing existing service users (issue 10), one test each, over
 * raw HTTP: tokens as keys, revoking, deleting, the limited key, lists without values, expired
 * users, the update rules, the seed, and the faults on the new endpoints.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { TOKEN_PATTERN } from './support';

const P = '/account/api/v1';
let now = new Date('2026-03-10T12:00:00Z');
let sandbox: Sandbox;
let n = 0;
/** Every token value this suite received: none may appear in any list or read. */
const values: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => now });
});
afterEach(() => {
  sandbox.faults.clear();
  now = new Date('2026-03-10T12:00:00Z');
});
afterAll(() => sandbox.close());

async function call(method: string, path: string, body?: unknown, key: string | null = sandbox.adminKey) {
  const init: RequestInit = { method, headers: key ? { 'x-api-key': key } : {} };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(sandbox.url + path, init);
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as any) : undefined };
}

const role = (code: string) => sandbox.state.roles.find((r) => r.code === code)!;
const fields = (r: { json: any }) => (r.json.errors as { field?: string }[]).map((e) => e.field);

/** A new service user; returns its id and the token it was created with. */
async function newUser(overrides: Record<string, unknown> = {}) {
  const r = await call('POST', `${P}/user`, {
    user_type: 'service',
    friendly_name: `manage-${++n}`,
    email: 'owner@example.com',
    accounts: [{ id: sandbox.state.accounts[0]!.id }],
    applications: [{ code: 'software_trust' }],
    roles: [{ id: role('SM_SIGNER').id }],
    ...overrides,
  });
  expect(r.status).toBe(201);
  values.push(r.json.api_token);
  return { id: r.json.id as string, name: r.json.friendly_name as string, token: r.json.api_token as string };
}

async function issue(userId: string, name = `token-${++n}`, extra: Record<string, unknown> = {}) {
  const r = await call('POST', `${P}/api-access-token`, { user_id: userId, name, ...extra });
  expect(r.status).toBe(201);
  values.push(r.json.token);
  return r.json as { id: string; name: string; token: string; status: string };
}

const meWith = (key: string) => call('GET', `${P}/user/me`, undefined, key);

describe('a service user token is an API key', () => {
  it('the token from the create answer: GET /user/me answers as that service user', async () => {
    const user = await newUser();
    const me = await meWith(user.token);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ id: user.id, friendly_name: user.name, user_type: 'service' });
  });

  it('a token from POST /api-access-token: 201 {id, name, status, token}, and it works as x-api-key', async () => {
    const user = await newUser();
    const r = await call('POST', `${P}/api-access-token`, {
      user_id: user.id,
      name: 'rotation 1',
      end_date: '2026-06-30',
    });
    expect(r.status).toBe(201);
    values.push(r.json.token);
    expect(r.json).toMatchObject({ name: 'rotation 1', status: 'ACTIVE', end_date: '2026-06-30', user_id: user.id });
    expect(r.json.id).toEqual(expect.any(String));
    expect(r.json.token).toMatch(TOKEN_PATTERN);
    expect((await meWith(r.json.token)).json.id).toBe(user.id);
    // Issuing a new token does not end the old one (rotation: revoke it when ready).
    expect((await meWith(user.token)).status).toBe(200);
  });
});

describe('revoking tokens', () => {
  it('a disabled token gets 401, is listed DISABLED, and the other tokens keep working', async () => {
    const user = await newUser();
    const token = await issue(user.id);
    const put = await call('PUT', `${P}/api-access-token/${token.id}`, { status: 'disabled' });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ id: token.id, status: 'DISABLED' });
    expect((await meWith(token.token)).status).toBe(401);
    expect((await meWith(user.token)).status).toBe(200);
    const list = await call('GET', `${P}/api-access-token?user_id=${user.id}`);
    expect(list.json.find((t: any) => t.id === token.id).status).toBe('DISABLED');
  });

  it('a deleted token gets 401 and is no longer listed; deleting it again → 404', async () => {
    const user = await newUser();
    const token = await issue(user.id);
    const del = await call('DELETE', `${P}/api-access-token/${token.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await meWith(token.token)).status).toBe(401);
    const list = await call('GET', `${P}/api-access-token?user_id=${user.id}`);
    expect(list.json.map((t: any) => t.id)).not.toContain(token.id);
    expect((await call('DELETE', `${P}/api-access-token/${token.id}`)).status).toBe(404);
    expect((await call('GET', `${P}/api-access-token/${token.id}`)).status).toBe(404);
  });

  it('PUT refuses a status other than disabled/active', async () => {
    const token = await issue((await newUser()).id);
    expect(fields(await call('PUT', `${P}/api-access-token/${token.id}`, { status: 'gone' }))).toEqual(['status']);
  });

  it('a token past its own end date is listed EXPIRED and refused', async () => {
    const user = await newUser();
    const token = await issue(user.id, 'short', { end_date: '2026-03-11' });
    now = new Date('2026-03-12T00:00:00Z');
    expect((await meWith(token.token)).status).toBe(401);
    const list = await call('GET', `${P}/api-access-token?user_id=${user.id}`);
    expect(list.json.find((t: any) => t.id === token.id).status).toBe('EXPIRED');
  });
});

describe('deleting a user', () => {
  it('the user then gets 404, all its tokens 401, and its token list 404', async () => {
    const user = await newUser();
    const second = await issue(user.id);
    expect((await call('DELETE', `${P}/user/${user.id}`)).status).toBe(204);
    expect((await call('GET', `${P}/user/${user.id}`)).status).toBe(404);
    expect((await meWith(user.token)).status).toBe(401);
    expect((await meWith(second.token)).status).toBe(401);
    expect((await call('GET', `${P}/api-access-token?user_id=${user.id}`)).status).toBe(404);
    expect((await call('DELETE', `${P}/user/${user.id}`)).status).toBe(404);
    expect((await call('POST', `${P}/api-access-token`, { user_id: user.id, name: 'late' })).status).toBe(404);
  });
});

describe('the limited key', () => {
  it('gets 403 on every write (token create / disable / delete, user PUT / DELETE) and changes nothing', async () => {
    const user = await newUser();
    const token = await issue(user.id);
    const before = JSON.stringify(sandbox.state);
    for (const [method, path, body] of [
      ['POST', `${P}/api-access-token`, { user_id: user.id, name: 'nope' }],
      ['PUT', `${P}/api-access-token/${token.id}`, { status: 'disabled' }],
      ['DELETE', `${P}/api-access-token/${token.id}`, undefined],
      ['PUT', `${P}/user/${user.id}`, { end_date: '2027-01-01' }],
      ['DELETE', `${P}/user/${user.id}`, undefined],
    ] as const) {
      const r = await call(method, path, body, sandbox.limitedKey);
      expect([method, path, r.status]).toEqual([method, path, 403]);
      expect(r.json.errors[0].code).toBe('access_denied');
    }
    expect(JSON.stringify(sandbox.state)).toBe(before);
    // Reads stay open to it.
    expect((await call('GET', `${P}/api-access-token?user_id=${user.id}`, undefined, sandbox.limitedKey)).status).toBe(
      200,
    );
  });
});

describe('token lists', () => {
  it('never contain a value: list, envelope and single read', async () => {
    const user = await newUser();
    const token = await issue(user.id);
    const reads = [
      await call('GET', `${P}/api-access-token?user_id=${user.id}`),
      await call('GET', `${P}/api-access-token?user_id=${user.id}&limit=1&offset=1`),
      await call('GET', `${P}/api-access-token/${token.id}`),
      await call('GET', `${P}/user/${user.id}`),
      await call('GET', `${P}/user?user_type=service`),
    ];
    expect(reads[0]!.json.map((t: any) => t.name)).toEqual(['Initial token', token.name]);
    expect(reads[1]!.json).toMatchObject({ total: 2, offset: 1, items: [{ id: token.id }] });
    for (const read of reads) {
      expect(read.status).toBe(200);
      for (const value of values) expect(read.text).not.toContain(value);
      expect(read.text).not.toMatch(/"(token|api_token|hash)"/);
    }
  });

  it('user_id is required; an unknown user → 404', async () => {
    expect(fields(await call('GET', `${P}/api-access-token`))).toEqual(['user_id']);
    expect((await call('GET', `${P}/api-access-token?user_id=nobody`)).status).toBe(404);
  });
});

describe('issuing a token: the rules', () => {
  it('a name, an end date not in the past and not after the user end date; user_id required', async () => {
    const user = await newUser({ end_date: '2026-12-31' });
    const post = (body: Record<string, unknown>) => call('POST', `${P}/api-access-token`, body);
    expect(fields(await post({ user_id: user.id, name: '  ' }))).toEqual(['name']);
    expect(fields(await post({ user_id: user.id, name: 'x'.repeat(65) }))).toEqual(['name']);
    expect(fields(await post({ user_id: user.id, name: 'p', end_date: '2026-03-09' }))).toEqual(['end_date']);
    expect(fields(await post({ user_id: user.id, name: 'p', end_date: '2027-01-01' }))).toEqual(['end_date']);
    expect(fields(await post({ name: 'p' }))).toEqual(['user_id']);
    expect((await post({ user_id: 'nobody', name: 'p' })).status).toBe(404);
    expect((await issue(user.id, 'ok', { end_date: '2026-12-31' })).status).toBe('ACTIVE');
  });
});

describe('expired users', () => {
  it('are listed (and read) with status EXPIRED; their tokens are refused', async () => {
    const list = await call('GET', `${P}/user?user_type=service`);
    const expired = list.json.find((u: any) => u.friendly_name === 'CA health monitor');
    expect(expired).toMatchObject({ status: 'EXPIRED', end_date: '2026-03-07' });
    expect((await call('GET', `${P}/user/${expired.id}`)).json.status).toBe('EXPIRED');

    const user = await newUser({ end_date: '2026-03-10' });
    now = new Date('2026-03-11T00:00:00Z');
    const later = await call('GET', `${P}/user?user_type=service`);
    expect(later.json.find((u: any) => u.id === user.id).status).toBe('EXPIRED');
    expect((await meWith(user.token)).status).toBe(401);
  });
});

describe('user update (PUT) and delete', () => {
  it('answers the user with every changed field; roles and managers replaced together', async () => {
    const user = await newUser();
    const r = await call('PUT', `${P}/user/${user.id}`, {
      end_date: '2027-01-31',
      email: 'new-owner@example.com',
      description: 'Moved to certificates',
      accounts: [{ id: sandbox.state.accounts[1]!.id }],
      applications: [{ code: 'trust_lifecycle' }, { code: 'account_manager' }],
      roles: [{ id: role('EM_AUDITOR').id }, { id: role('AM_DEFAULT_USER').id }],
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      id: user.id,
      end_date: '2027-01-31',
      email: 'new-owner@example.com',
      description: 'Moved to certificates',
      accounts: [{ id: sandbox.state.accounts[1]!.id }],
    });
    expect(r.json.roles.map((x: any) => x.code)).toEqual(['EM_AUDITOR', 'AM_DEFAULT_USER']);
    expect(r.json.applications.map((a: any) => a.name).sort()).toEqual(['Account Manager', 'Trust Lifecycle']);
  });

  const signer = () => [{ id: role('SM_SIGNER').id }];
  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['a past end date', () => ({ end_date: '2026-03-09' }), ['end_date']],
    ['an unreal end date', () => ({ end_date: '2026-02-30' }), ['end_date']],
    ['an unknown account', () => ({ accounts: [{ id: 'nope' }] }), ['accounts']],
    ['no account', () => ({ accounts: [] }), ['accounts']],
    ['an unknown role', () => ({ applications: [{ code: 'software_trust' }], roles: [{ id: 'nope' }] }), ['roles']],
    ['an unknown manager', () => ({ applications: [{ code: 'nope' }], roles: signer() }), ['applications']],
    [
      'a role of a manager not sent',
      () => ({ applications: [{ code: 'software_trust' }], roles: [{ id: role('CM_READ_ONLY').id }] }),
      ['roles'],
    ],
    [
      'a manager without a role',
      () => ({ applications: [{ code: 'software_trust' }, { code: 'iot_trust' }], roles: signer() }),
      ['roles'],
    ],
    ['managers without roles', () => ({ applications: [{ code: 'software_trust' }] }), ['roles']],
    ['a bad email', () => ({ email: 'not-an-email' }), ['email']],
    ['a field that cannot change', () => ({ friendly_name: 'renamed' }), ['friendly_name']],
  ])('refuses %s (400, with the field) and changes nothing', async (_label, body, expected) => {
    const user = await newUser();
    const before = JSON.stringify(sandbox.state.users.find((u) => u.id === user.id));
    const r = await call('PUT', `${P}/user/${user.id}`, body());
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(expected);
    expect(JSON.stringify(sandbox.state.users.find((u) => u.id === user.id))).toBe(before);
  });

  it('DELETE answers 204 with no body', async () => {
    const user = await newUser();
    const r = await call('DELETE', `${P}/user/${user.id}`);
    expect([r.status, r.text]).toEqual([204, '']);
  });
});

describe('seed', () => {
  it('service users with varied end dates and tokens (a rotated one among them)', async () => {
    const fresh = await startSandbox({ clock: () => now });
    try {
      const users = (await fetch(`${fresh.url}${P}/user?user_type=service`, {
        headers: { 'x-api-key': fresh.adminKey },
      }).then((r) => r.json())) as { id: string; friendly_name: string; end_date?: string; status: string }[];
      const within30 = users.filter((u) => u.end_date && u.end_date >= '2026-03-10' && u.end_date <= '2026-04-09');
      expect(within30.length).toBeGreaterThanOrEqual(3);
      expect(users.filter((u) => u.status === 'EXPIRED').map((u) => u.friendly_name)).toEqual(['CA health monitor']);
      expect(users.filter((u) => !u.end_date).length).toBeGreaterThanOrEqual(1);
      const jenkins = users.find((u) => u.friendly_name === 'Jenkins build agent')!;
      const tokens = (await fetch(`${fresh.url}${P}/api-access-token?user_id=${jenkins.id}`, {
        headers: { 'x-api-key': fresh.adminKey },
      }).then((r) => r.json())) as { name: string; status: string }[];
      expect(tokens.map((t) => [t.name, t.status])).toEqual([
        ['Initial token', 'DISABLED'],
        ['Rotated token', 'ACTIVE'],
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('extraServiceUsers seeds 5,000 generated users (varied end dates), all listed page by page', async () => {
    const big = await startSandbox({ clock: () => now, extraServiceUsers: 5000 });
    try {
      const service = big.state.users.filter((u) => u.user_type === 'service');
      expect(service.length).toBe(5012);
      expect(new Set(service.map((u) => u.friendly_name!.toLowerCase())).size).toBe(5012);
      const generated = service.slice(12);
      expect(generated.filter((u) => !u.end_date).length).toBeGreaterThan(500);
      expect(generated.filter((u) => u.end_date! < '2026-03-10').length).toBeGreaterThan(50);
      expect(
        generated.filter((u) => u.end_date && u.end_date >= '2026-03-10' && u.end_date <= '2026-04-09').length,
      ).toBeGreaterThan(100);
      const r = await fetch(`${big.url}${P}/user?user_type=service&limit=100&offset=4950`, {
        headers: { 'x-api-key': big.adminKey },
      });
      expect(((await r.json()) as { total: number; items: unknown[] }).items).toHaveLength(62);
    } finally {
      await big.close();
    }
  });

  it('addServiceUsers adds to a running tenant and persists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sud-sandbox-'));
    const file = join(dir, 'tenant.json');
    const live = await startSandbox({ clock: () => now, stateFile: file });
    try {
      live.addServiceUsers(30);
      expect(live.state.users.filter((u) => u.user_type === 'service').length).toBe(42);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { users: unknown[] };
      expect(saved.users.length).toBe(live.state.users.length);
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('faults on the new endpoints ("drop the answer after doing the work")', () => {
  it('token created, answer lost: the socket closes, the token is listed by its name', async () => {
    const user = await newUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: `${P}/api-access-token` });
    await expect(call('POST', `${P}/api-access-token`, { user_id: user.id, name: 'lost answer' })).rejects.toThrow();
    expect(sandbox.requests.at(-1)).toMatchObject({ method: 'POST', status: 'dropped' });
    const list = await call('GET', `${P}/api-access-token?user_id=${user.id}`);
    expect(list.json.filter((t: any) => t.name === 'lost answer')).toHaveLength(1);
  });

  it('DELETE done, answer lost: the user is gone, a repeated DELETE → 404', async () => {
    const user = await newUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'DELETE', path: `${P}/user/${user.id}` });
    await expect(call('DELETE', `${P}/user/${user.id}`)).rejects.toThrow();
    expect(sandbox.state.users.some((u) => u.id === user.id)).toBe(false);
    expect((await call('DELETE', `${P}/user/${user.id}`)).status).toBe(404);
  });

  it('token DELETE and disable, answer lost: done all the same', async () => {
    const user = await newUser();
    const [a, b] = [await issue(user.id), await issue(user.id)];
    sandbox.faults.once({ kind: 'commit_then_drop' }, { times: 2, path: /\/api-access-token\// });
    await expect(call('PUT', `${P}/api-access-token/${a.id}`, { status: 'disabled' })).rejects.toThrow();
    await expect(call('DELETE', `${P}/api-access-token/${b.id}`)).rejects.toThrow();
    expect((await meWith(a.token)).status).toBe(401);
    expect((await call('GET', `${P}/api-access-token/${b.id}`)).status).toBe(404);
  });

  it('user PUT, answer lost: the change is made; repeating it is harmless', async () => {
    const user = await newUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'PUT' });
    await expect(call('PUT', `${P}/user/${user.id}`, { end_date: '2028-01-01' })).rejects.toThrow();
    const again = await call('PUT', `${P}/user/${user.id}`, { end_date: '2028-01-01' });
    expect([again.status, again.json.end_date]).toEqual([200, '2028-01-01']);
  });

  it('reply: a given answer instead of the tenant (a shape that breaks an assumption)', async () => {
    sandbox.faults.once({ kind: 'reply', reply: { status: 200, body: { tokens: 'nope' } } });
    const r = await call('GET', `${P}/api-access-token?user_id=x`);
    expect([r.status, r.json]).toEqual([200, { tokens: 'nope' }]);
  });
});
