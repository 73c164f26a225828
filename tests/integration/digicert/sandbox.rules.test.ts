/** The sandbox tenant's rules, one test each, over raw HTTP (no client in between). */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { TOKEN_PATTERN } from './support';

const P = '/account/api/v1';
let now = new Date('2026-03-10T12:00:00Z');
let sandbox: Sandbox;
let n = 0;
const seen: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => now });
});
afterEach(() => sandbox.faults.clear());
afterAll(async () => {
  await sandbox.close();
  const hits = seen.filter((text) => text.includes(sandbox.adminKey) || text.includes(sandbox.limitedKey));
  expect(hits).toEqual([]);
});

async function call(
  method: string,
  path: string,
  body?: unknown,
  key: string | null = sandbox.adminKey,
  headers: Record<string, string> = {},
) {
  const init: RequestInit = { method, headers: { ...(key ? { 'x-api-key': key } : {}), ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(sandbox.url + path, init);
  const text = await res.text();
  seen.push(text);
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as any) : undefined };
}

function validBody(overrides: Record<string, unknown> = {}) {
  const state = sandbox.state;
  const role = state.roles.find((r) => r.application_code === 'software_trust')!;
  return {
    user_type: 'service',
    friendly_name: `rules-${++n}`,
    email: 'owner@example.com',
    accounts: [{ id: state.accounts[0]!.id }],
    applications: [{ code: 'software_trust' }],
    roles: [{ id: role.id }],
    ...overrides,
  };
}

const fields = (r: { json: any }) => (r.json.errors as { field?: string }[]).map((e) => e.field);

describe('authentication', () => {
  it('a missing or wrong x-api-key → 401 invalid_api_key in the errors[] envelope', async () => {
    for (const key of [null, 'wrong-key']) {
      const r = await call('GET', `${P}/account`, undefined, key);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ errors: [{ code: 'invalid_api_key', message: expect.any(String) }] });
    }
  });

  it('the header name is case-insensitive', async () => {
    const res = await fetch(`${sandbox.url}${P}/user/me`, { headers: { 'X-API-KEY': sandbox.adminKey } });
    expect(res.status).toBe(200);
  });

  it('a created service user authenticates with its token until 23:59:59Z of its end date', async () => {
    const created = await call('POST', `${P}/user`, validBody({ end_date: '2026-03-11' }));
    const token = created.json.api_token as string;
    now = new Date('2026-03-11T23:59:58Z');
    expect((await call('GET', `${P}/user/me`, undefined, token)).json.friendly_name).toBe(created.json.friendly_name);
    now = new Date('2026-03-12T00:00:00Z');
    expect((await call('GET', `${P}/user/me`, undefined, token)).status).toBe(401);
    now = new Date('2026-03-10T12:00:00Z');
  });

  it('a key without "Manage users" → 403 access_denied on POST, PUT and DELETE (reads allowed)', async () => {
    const target = sandbox.state.users.find((u) => u.user_type === 'service')!;
    expect((await call('GET', `${P}/account`, undefined, sandbox.limitedKey)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', `${P}/user`, validBody()],
      ['PUT', `${P}/user/${target.id}`, { end_date: '2027-01-01' }],
      ['DELETE', `${P}/user/${target.id}`, undefined],
    ] as const) {
      const r = await call(method, path, body, sandbox.limitedKey);
      expect(r.status).toBe(403);
      expect(r.json.errors[0].code).toBe('access_denied');
    }
  });
});

describe('create rules', () => {
  it('201 with the user and a token hex(13)_hex(32)', async () => {
    const r = await call('POST', `${P}/user`, validBody());
    expect(r.status).toBe(201);
    expect(r.json.api_token).toMatch(TOKEN_PATTERN);
    expect(r.json).toMatchObject({ user_type: 'service', status: 'ACTIVE' });
  });

  it('the token is returned once: never by list or get', async () => {
    const r = await call('POST', `${P}/user`, validBody());
    const token = r.json.api_token as string;
    const list = await call('GET', `${P}/user?user_type=service`);
    const one = await call('GET', `${P}/user/${r.json.id}`);
    for (const answer of [list, one]) {
      expect(answer.text).not.toContain(token);
      expect(answer.text).not.toContain('api_token');
    }
  });

  it.each(['bad.name', 'naïve', 'semi;colon', ''])(
    'friendly name charset / emptiness: %j → 400 invalid_request',
    async (name) => {
      const r = await call('POST', `${P}/user`, validBody({ friendly_name: name }));
      expect(r.status).toBe(400);
      expect(r.json.errors).toEqual([expect.objectContaining({ code: 'invalid_request', field: 'friendly_name' })]);
    },
  );

  it('friendly name length 1..64', async () => {
    expect((await call('POST', `${P}/user`, validBody({ friendly_name: 'x'.repeat(65) }))).status).toBe(400);
    expect((await call('POST', `${P}/user`, validBody({ friendly_name: 'y'.repeat(64) }))).status).toBe(201);
  });

  it('duplicate name, case-insensitive → 400 duplicate_error with the documented message', async () => {
    const body = validBody({ friendly_name: 'Release Bot' });
    expect((await call('POST', `${P}/user`, body)).status).toBe(201);
    const r = await call('POST', `${P}/user`, { ...body, friendly_name: 'release bot' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      errors: [
        { code: 'duplicate_error', message: 'Nickname release bot already exists. Enter a different nickname.' },
      ],
    });
  });

  it('email format', async () => {
    expect(fields(await call('POST', `${P}/user`, validBody({ email: 'not-an-email' })))).toEqual(['email']);
  });

  it.each(['2026-03-09', '2026-02-30', '03/20/2026'])(
    'end date %j → 400 (past, unreal or not YYYY-MM-DD)',
    async (date) => {
      expect(fields(await call('POST', `${P}/user`, validBody({ end_date: date })))).toEqual(['end_date']);
    },
  );

  it('end date today (UTC, by the sandbox clock) is accepted', async () => {
    expect((await call('POST', `${P}/user`, validBody({ end_date: '2026-03-10' }))).status).toBe(201);
  });

  it('at least one account, and it must exist', async () => {
    expect(fields(await call('POST', `${P}/user`, validBody({ accounts: [] })))).toEqual(['accounts']);
    expect(fields(await call('POST', `${P}/user`, validBody({ accounts: [{ id: 'nope' }] })))).toEqual(['accounts']);
  });

  it('at least one manager', async () => {
    expect(fields(await call('POST', `${P}/user`, validBody({ applications: [] })))).toEqual(['applications']);
  });

  it('roles only for the selected managers', async () => {
    const caRole = sandbox.state.roles.find((r) => r.application_code === 'ca_manager')!;
    const r = await call('POST', `${P}/user`, validBody({ roles: [{ id: caRole.id }] }));
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([
      expect.objectContaining({
        code: 'invalid_request',
        field: 'roles',
        message: 'Roles can only be given for the selected managers.',
      }),
    ]);
  });

  it('every problem is reported, each with its field', async () => {
    const r = await call('POST', `${P}/user`, validBody({ friendly_name: 'a.b', email: 'x', accounts: [] }));
    expect(fields(r).sort()).toEqual(['accounts', 'email', 'friendly_name']);
  });

  it('a body that is not a JSON object → 400 invalid_request', async () => {
    const r = await call('POST', `${P}/user`, '[1,2');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].code).toBe('invalid_request');
  });
});

describe('reads, update, delete', () => {
  it('lists: bare array without limit/offset, envelope with them', async () => {
    const bare = await call('GET', `${P}/user?user_type=service`);
    expect(Array.isArray(bare.json)).toBe(true);
    expect(bare.json.every((u: any) => u.user_type === 'service')).toBe(true);
    const env = await call('GET', `${P}/user?user_type=service&limit=3&offset=2`);
    expect(env.json).toMatchObject({ total: bare.json.length, offset: 2, limit: 3 });
    expect(env.json.items.map((u: any) => u.id)).toEqual(bare.json.slice(2, 5).map((u: any) => u.id));
  });

  it('roles filtered by application_code', async () => {
    const r = await call('GET', `${P}/role?application_code=iot_trust`);
    expect(r.json.length).toBeGreaterThanOrEqual(3);
    expect(
      r.json.every(
        (x: any) => x.application_code === 'iot_trust' && x.permissions.every((p: string) => p.includes('IOT')),
      ),
    ).toBe(true);
  });

  it('unknown user → 404 resource_not_found', async () => {
    const r = await call('GET', `${P}/user/00000000-0000-4000-8000-000000000000`);
    expect(r.status).toBe(404);
    expect(r.json.errors[0].code).toBe('resource_not_found');
  });

  it('PUT extends the end date (past dates refused); DELETE → 204, then 404', async () => {
    const created = await call('POST', `${P}/user`, validBody());
    const id = created.json.id as string;
    expect((await call('PUT', `${P}/user/${id}`, { end_date: '2030-01-01' })).json.end_date).toBe('2030-01-01');
    expect(fields(await call('PUT', `${P}/user/${id}`, { end_date: '2020-01-01' }))).toEqual(['end_date']);
    const del = await call('DELETE', `${P}/user/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await call('GET', `${P}/user/${id}`)).status).toBe(404);
  });
});

describe('seed', () => {
  it('8 accounts, the six managers with 3–5 roles each, AM admin role, a dozen service users, some expiring soon', async () => {
    const s = sandbox.state;
    expect(s.accounts.length).toBe(8);
    const prefixes: Record<string, string> = {
      account_manager: 'AM_',
      trust_lifecycle: 'EM_',
      software_trust: 'SM_',
      iot_trust: 'IOT_',
      document_trust: 'DSM_',
      ca_manager: 'CM_',
    };
    expect(s.applications.map((a) => a.code).sort()).toEqual(Object.keys(prefixes).sort());
    for (const [code, prefix] of Object.entries(prefixes)) {
      const roles = s.roles.filter((r) => r.application_code === code);
      expect(roles.length).toBeGreaterThanOrEqual(3);
      expect(roles.length).toBeLessThanOrEqual(5);
      expect(
        roles.every((r) => r.code.startsWith(prefix) && r.permissions.every((p) => p.includes(`_${prefix}`))),
      ).toBe(true);
    }
    expect(s.roles.find((r) => r.code === 'AM_ACCOUNT_ADMIN')!.permissions).toContain('MANAGE_AM_USER');
    const fresh = await startSandbox({ clock: () => now });
    await fresh.close();
    const service = fresh.state.users.filter((u) => u.user_type === 'service');
    expect(service.length).toBe(12);
    const soon = service.filter((u) => u.end_date && u.end_date >= '2026-03-10' && u.end_date <= '2026-04-09');
    expect(soon.length).toBeGreaterThanOrEqual(3);
  });

  it('extraAccounts adds generated accounts', async () => {
    const big = await startSandbox({ extraAccounts: 300 });
    try {
      expect(big.state.accounts.length).toBe(308);
    } finally {
      await big.close();
    }
  });
});

describe('faults', () => {
  it('x-sandbox-fault header: 503 with Retry-After', async () => {
    const r = await call('GET', `${P}/account`, undefined, sandbox.adminKey, {
      'x-sandbox-fault': 'maintenance',
      'x-sandbox-retry-after': '7',
    });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('7');
  });

  it('faults.once matches method/path and is consumed', async () => {
    sandbox.faults.once({ kind: 'rate_limited', retryAfter: '1' }, { path: `${P}/role` });
    expect((await call('GET', `${P}/account`)).status).toBe(200);
    expect((await call('GET', `${P}/role`)).status).toBe(429);
    expect((await call('GET', `${P}/role`)).status).toBe(200);
  });

  it('commit then drop: the socket closes unanswered, the user exists', async () => {
    sandbox.faults.once({ kind: 'commit_then_drop' });
    const body = validBody();
    await expect(call('POST', `${P}/user`, body)).rejects.toThrow();
    expect(sandbox.state.users.some((u) => u.friendly_name === body.friendly_name)).toBe(true);
    expect(sandbox.requests.at(-1)!.status).toBe('dropped');
  });
});

describe('persistence', () => {
  it('state survives a restart, written atomically, with no key or token in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sud-sandbox-'));
    const file = join(dir, 'tenant.json');
    try {
      const first = await startSandbox({ stateFile: file });
      const res = await fetch(`${first.url}${P}/user`, {
        method: 'POST',
        headers: { 'x-api-key': first.adminKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          ...validBody(),
          friendly_name: 'Persisted one',
          accounts: [{ id: first.state.accounts[0]!.id }],
          roles: [{ id: first.state.roles.find((r) => r.application_code === 'software_trust')!.id }],
        }),
      });
      const created = (await res.json()) as { api_token: string };
      await first.close();
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('Persisted one');
      expect(text).not.toContain(created.api_token);
      expect(text).not.toContain(first.adminKey);
      expect(readdirSync(dir)).toEqual(['tenant.json']);

      const second = await startSandbox({ stateFile: file });
      try {
        expect(second.state.users.some((u) => u.friendly_name === 'Persisted one')).toBe(true);
        // The issued token still works after the restart (its hash was kept).
        const me = await fetch(`${second.url}${P}/user/me`, { headers: { 'x-api-key': created.api_token } });
        expect(((await me.json()) as { friendly_name: string }).friendly_name).toBe('Persisted one');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
