/**
 * A user's API tokens (wire.ts A17–A21) and the user update (A22, A23) through the whole client
 * path with a stub fetch: tolerant parsing of every answer shape the assumptions allow, the
 * "issued — value not received" report, and no secret in any error or log line.
 */
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/log/logger';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { isAppError } from '../../../shared/errors';
import { failure, json, STUB_KEY, stubClient, type StubAnswer } from './stub';

const API = 'https://one.example.test/account/api/v1';
const VALUE = '5f1c2a9e0b7d4c3a2f1e0d9c8b_' + 'e7'.repeat(32);
const OTHER_VALUE = '0a1b2c3d4e5f60718293a4b5c6_' + '3c'.repeat(32);
const empty = (status: number) => () => new Response(null, { status });

/** A client whose log lines and raised errors are kept (unscrubbed) for the secret scan. */
function recorded(answers: StubAnswer[]) {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const secrets = new SecretRegistry();
  const stub = stubClient(answers, { logger, secrets });
  const fail = async (promise: Promise<unknown>) => {
    const error = await failure(promise);
    lines.push(JSON.stringify(isAppError(error) ? { ...error.toValue(), stack: error.stack } : String(error)));
    return error;
  };
  const leaks = () => lines.filter((l) => [VALUE, OTHER_VALUE, STUB_KEY].some((s) => l.includes(s)));
  return { ...stub, lines, secrets, fail, leaks };
}

describe('listTokens (A17, A18)', () => {
  it('a bare array: nulls and unknown fields tolerated, numeric ids kept as strings, values never kept', async () => {
    const { client, calls } = recorded([
      json([
        {
          id: 'tok-1',
          name: 'ci-2026',
          created_at: '2026-01-02T03:04:05Z',
          end_date: '2026-12-31T23:59:59Z',
          status: 'active',
          last_used_at: null,
          scopes: ['x'],
        },
        { id: 42, name: 'old', created_at: null, end_date: null, status: null },
        // A list that (wrongly) carried a value: the value is not part of an ApiToken.
        { id: 'tok-3', name: 'leaky', token: VALUE, api_token: { token: VALUE } },
      ]),
    ]);
    const tokens = await client.listTokens('user 1');
    expect(tokens).toEqual([
      { id: 'tok-1', name: 'ci-2026', createdAt: '2026-01-02T03:04:05Z', endDate: '2026-12-31', status: 'ACTIVE' },
      { id: '42', name: 'old' },
      { id: 'tok-3', name: 'leaky' },
    ]);
    expect(JSON.stringify(tokens)).not.toContain(VALUE);
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.url).toBe(`${API}/api-access-token?user_id=user%201&limit=100&offset=0`);
  });

  it('the paged envelope is followed to its total', async () => {
    const item = (n: number) => ({ id: `t${n}`, name: `n${n}` });
    const { client, calls } = recorded([
      json({ total: 3, offset: 0, limit: 2, items: [item(1), item(2)] }),
      json({ total: 3, offset: 2, limit: 2, items: [item(3)] }),
    ]);
    expect((await client.listTokens('u1')).map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(calls.map((c) => new URL(c.url).searchParams.get('offset'))).toEqual(['0', '2']);
  });

  it('items without a name (missing or null) are still listed', async () => {
    const { client } = recorded([json([{ id: 't1', name: 'a' }, { id: 't2' }, { id: 3, name: null }])]);
    expect(await client.listTokens('u1')).toEqual([
      { id: 't1', name: 'a' },
      { id: 't2', name: '' },
      { id: '3', name: '' },
    ]);
  });

  it.each([
    ['{"errors":[…]}', { errors: [{ code: 'access_denied', message: 'No' }] }, 403, 'access_denied'],
    ['{"error":{status}}', { error: { status: 404, message: null } }, 404, 'not_found'],
  ])('error envelope %s → %s', async (_label, body, status, code) => {
    const { client, fail } = recorded([json(body, status)]);
    expect((await fail(client.listTokens('u1'))).code).toBe(code);
  });
});

describe('createToken (A19, A20)', () => {
  const request = { userId: 'u1', name: 'rotation-2026-03', endDate: '2026-09-30' };

  it('sends {user_id, name, end_date}; 201 with `token` and `id` → the token and its value (a secret)', async () => {
    const { client, calls, secrets, leaks } = recorded([
      json({ id: 'tok-9', name: 'rotation-2026-03', created_at: '2026-03-10T12:00:00Z', token: VALUE }, 201),
    ]);
    const issued = await client.createToken(request);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(`${API}/api-access-token`);
    expect(calls[0]!.body).toEqual({ user_id: 'u1', name: 'rotation-2026-03', end_date: '2026-09-30' });
    expect(issued).toEqual({
      token: { id: 'tok-9', name: 'rotation-2026-03', createdAt: '2026-03-10T12:00:00Z', endDate: '2026-09-30' },
      value: VALUE,
    });
    expect(secrets.scrub(`a${VALUE}b`)).toBe('a[redacted]b');
    expect(leaks()).toEqual([]);
  });

  it.each([
    ['api_token as a string, numeric id', { id: 7, api_token: VALUE }, '7'],
    ['api_token as {token, id}', { api_token: { id: 'tok-n', token: VALUE } }, 'tok-n'],
    ['token as {token, id}', { token: { token: VALUE, id: 'tok-m' }, name: null, status: null }, 'tok-m'],
  ])('accepts %s, with 200 or 201', async (_label, body, id) => {
    for (const status of [200, 201]) {
      const { client } = recorded([json({ ...body, unknown_extra: { deep: [1] } }, status)]);
      const issued = await client.createToken({ userId: 'u1', name: 'n1' });
      expect(issued.value).toBe(VALUE);
      expect(issued.token).toEqual({ id, name: 'n1' });
    }
  });

  it('an answer without the id: the id is found by listing the user tokens by name', async () => {
    const { client, calls } = recorded([
      json({ token: VALUE }, 201),
      json([
        { id: 'older', name: 'n1', created_at: '2026-01-01T00:00:00Z' },
        { id: 'newest', name: 'n1', created_at: '2026-03-10T12:00:00Z' },
        { id: 'other', name: 'n2', created_at: '2026-03-10T12:00:01Z' },
      ]),
    ]);
    expect((await client.createToken({ userId: 'u1', name: 'n1' })).token.id).toBe('newest');
    expect(calls[1]!.url).toContain('/api-access-token?user_id=u1');
  });

  it('the value under a key tokenOf does not know → its candidates, registered as secrets, not lost', async () => {
    const { client, secrets, leaks } = recorded([
      json({ id: 'tok-5', name: 'n1', credentials: { secret_value: OTHER_VALUE } }, 201),
    ]);
    const issued = await client.createToken({ userId: 'u1', name: 'n1' });
    expect(issued).toMatchObject({
      token: { id: 'tok-5', name: 'n1' },
      value: undefined,
      candidates: [{ path: 'credentials.secret_value', value: OTHER_VALUE }],
    });
    expect(secrets.scrub(OTHER_VALUE)).toBe('[redacted]');
    expect(leaks()).toEqual([]);
  });

  it('no string that could be the value → unexpected_response with {issued: true, tokenId}', async () => {
    const { client, fail, leaks } = recorded([json({ id: 'tok-5', name: 'n1', status: 'ACTIVE' }, 201)]);
    const error = await fail(client.createToken({ userId: 'u1', name: 'n1' }));
    expect(error.code).toBe('unexpected_response');
    expect(error.params).toMatchObject({ issued: true, tokenId: 'tok-5', field: 'token' });
    expect(leaks()).toEqual([]);
  });

  it.each([
    ['an empty 201', empty(201)],
    ['a 200 that is not an object', json('done', 200)],
  ])('%s → issued, without a token id', async (_label, answer) => {
    const { client, fail } = recorded([answer]);
    const error = await fail(client.createToken({ userId: 'u1', name: 'n1' }));
    expect(error.code).toBe('unexpected_response');
    expect(error.params?.issued).toBe(true);
    expect(error.params).not.toHaveProperty('tokenId');
  });

  it('a refusal is not "issued": 403 {errors} → access_denied, 400 {error:{field}} → validation_failed', async () => {
    const { client, fail } = recorded([
      json({ errors: [{ code: 'access_denied', message: 'No' }] }, 403),
      json({ error: { code: 'invalid_request', message: null, field: 'end_date' } }, 400),
    ]);
    const denied = await fail(client.createToken(request));
    expect(denied.code).toBe('access_denied');
    expect(denied.params).not.toHaveProperty('issued');
    const refused = await fail(client.createToken(request));
    expect(refused.code).toBe('validation_failed');
    expect(refused.fieldErrors?.[0]?.field).toBe('endDate');
  });

  it('invalid requests are refused before anything is sent (empty name, past or unreal end date)', async () => {
    const { client, calls, fail } = recorded([]);
    for (const bad of [
      { userId: 'u1', name: '  ' },
      { userId: 'u1', name: 'n', endDate: '2026-03-09' },
      { userId: 'u1', name: 'n', endDate: '2026-02-30' },
      { userId: '', name: 'n' },
    ]) {
      expect((await fail(client.createToken(bad))).code).toBe('validation_failed');
    }
    expect(calls).toHaveLength(0);
  });

  it('a lost answer after sending says it may have been issued; a cancel before sending sends nothing', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { client, calls, fail } = recorded([reset]);
    const lost = await fail(client.createToken(request));
    expect(lost.code).toBe('connection_lost');
    expect(lost.params?.mayHaveCommitted).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect((await fail(client.createToken(request, { signal: controller.signal }))).code).toBe('cancelled');
    expect(calls).toHaveLength(1);
  });
});

describe('revokeToken (A21)', () => {
  it('disable → PUT {status:"disabled"}; 200 with a body or 204 both resolve', async () => {
    const { client, calls } = recorded([json({ id: 't1', name: 'n', status: 'DISABLED' }), empty(204)]);
    await client.revokeToken('t1', 'disable');
    await client.revokeToken('t/2', 'disable');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', `${API}/api-access-token/t1`, { status: 'disabled' }],
      ['PUT', `${API}/api-access-token/t%2F2`, { status: 'disabled' }],
    ]);
  });

  it('delete → DELETE; 204 resolves, 404 and 403 are reported (operations judges a 404)', async () => {
    const { client, calls, fail } = recorded([
      empty(204),
      json({ errors: [{ code: 'resource_not_found', message: 'x' }] }, 404),
      json({ error: { code: 'access_denied', message: 'x' } }, 403),
    ]);
    await client.revokeToken('t1', 'delete');
    expect((await fail(client.revokeToken('t1', 'delete'))).code).toBe('not_found');
    expect((await fail(client.revokeToken('t1', 'delete'))).code).toBe('access_denied');
    expect(calls.map((c) => c.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
    expect(calls[0]!.body).toBeUndefined();
  });

  it('disabling a token that is gone is reported (not_found)', async () => {
    const { client, fail } = recorded([json({ errors: [{ code: 'resource_not_found', message: 'x' }] }, 404)]);
    expect((await fail(client.revokeToken('t1', 'disable'))).code).toBe('not_found');
  });
});

describe('updateServiceUser (A22) and the roles of a user (A23)', () => {
  it('sends only the changed fields; managers as applications + roles, like the create body', async () => {
    const { client, calls } = recorded([
      json({ id: 'u1', friendly_name: 'one' }),
      json({ id: 'u1', friendly_name: 'one' }),
    ]);
    await client.updateServiceUser('u1', { endDate: '2026-12-31', description: 'Line 1\r\nLine 2' });
    await client.updateServiceUser('u1', {
      email: ' owner@example.com ',
      accountIds: ['a1'],
      managers: [
        { managerId: 'software_trust', roleIds: ['r1', 'r2'] },
        { managerId: 'account_manager', roleIds: ['r3'] },
      ],
    });
    expect(calls[0]!.method).toBe('PUT');
    expect(calls[0]!.url).toBe(`${API}/user/u1`);
    expect(calls[0]!.body).toEqual({ end_date: '2026-12-31', description: 'Line 1\nLine 2' });
    expect(calls[1]!.body).toEqual({
      email: 'owner@example.com',
      accounts: [{ id: 'a1' }],
      applications: [{ code: 'software_trust' }, { code: 'account_manager' }],
      roles: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }],
    });
  });

  it('validates with the change schema before sending: nothing, past date, unknown field, bad email', async () => {
    const { client, calls, fail } = recorded([]);
    for (const bad of [{}, { endDate: '2026-03-09' }, { roleIds: ['r1'] }, { email: 'nope' }, { managers: [] }]) {
      expect((await fail(client.updateServiceUser('u1', bad as never))).code).toBe('validation_failed');
    }
    expect(calls).toHaveLength(0);
  });

  it('the answer carries the roles (tolerant: extras, an item without id) → roleIds', async () => {
    const { client } = recorded([
      json({
        id: 'u1',
        friendly_name: 'one',
        roles: [{ id: 'r1', name: 'Signer', code: 'SM_SIGNER' }, { id: null }, { id: 'r1' }, { id: 'r2' }],
      }),
    ]);
    expect((await client.updateServiceUser('u1', { endDate: '2026-12-31' })).roleIds).toEqual(['r1', 'r2']);
  });

  it('a user without roles has no roleIds; roles: null is tolerated', async () => {
    const { client } = recorded([json({ id: 'u1', friendly_name: 'one', roles: null })]);
    expect(await client.getUser('u1')).not.toHaveProperty('roleIds');
  });
});
