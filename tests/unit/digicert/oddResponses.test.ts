import { describe, expect, it, vi } from 'vitest';
import { failure, json, stubClient } from './stub';

const user = {
  id: 'u1',
  email: 'jane@example.com',
  status: 'ACTIVE',
  created_at: '2021-06-23T08:55:19Z',
  friendly_name: 'Example',
};

describe('odd responses → unexpected_response naming the field', () => {
  it('a list item without a friendly name (missing or null) is shown by its id', async () => {
    const { friendly_name: _n, ...noName } = user;
    const { client } = stubClient([json([user, { ...noName, id: 'u2' }, { ...user, id: 'u3', friendly_name: null }])]);
    expect((await client.listServiceUsers()).map((u) => u.friendlyName)).toEqual(['Example', 'u2', 'u3']);
  });

  it('a list item without an id is left out with a warning naming the path, never a value', async () => {
    const { id: _id, ...noId } = user;
    const warn = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const { client } = stubClient([json({ total: 2, offset: 0, limit: 100, items: [noId, user] })], { logger });
    expect((await client.listServiceUsers()).map((u) => u.id)).toEqual(['u1']);
    expect(warn).toHaveBeenCalledWith('digicert list items skipped', {
      endpoint: '/account/api/v1/user',
      count: 1,
      problems: ['items[0].id is missing'],
    });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('jane@example.com');
  });

  it('an envelope with items: null is an empty list', async () => {
    const { client } = stubClient([json({ total: 0, offset: 0, limit: 100, items: null })]);
    expect(await client.listServiceUsers()).toEqual([]);
  });

  it('ids of users, accounts and roles may be numbers (kept as strings)', async () => {
    const { client } = stubClient([
      json([{ ...user, id: 42, accounts: [{ id: 7 }] }]),
      json([{ id: 7, name: 'Acme' }]),
      json([{ id: 9, name: 'Viewer', application_code: 'account_manager' }]),
    ]);
    const [listed] = await client.listServiceUsers();
    expect(listed).toMatchObject({ id: '42', accountIds: ['7'] });
    expect((await client.listAccounts())[0]).toMatchObject({ id: '7', name: 'Acme' });
    expect((await client.listRoles('account_manager'))[0]).toMatchObject({ id: '9', name: 'Viewer' });
  });

  it('wrong type', async () => {
    const { client } = stubClient([json({ ...user, status: 5 })]);
    const error = await failure(client.getUser('u1'));
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toContain('status should be string, got number');
  });

  it('a role with a wrong type in a nested array is left out, the others listed', async () => {
    const { client } = stubClient([
      json([
        { id: 'r1', name: 'Admin', permissions: ['A', 7] },
        { id: 'r2', name: 'Viewer' },
      ]),
    ]);
    expect((await client.listRoles('account_manager')).map((r) => r.id)).toEqual(['r2']);
  });

  it('HTML body (a proxy page)', async () => {
    const { client } = stubClient([
      new Response('<!doctype html><h1>Sign in</h1>', {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      }),
    ]);
    const error = await failure(client.listAccounts());
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toBe('Unexpected response from DigiCert ONE: body is not JSON (text/html).');
  });

  it('empty body', async () => {
    const { client } = stubClient([new Response('', { status: 200 })]);
    const error = await failure(client.getMe());
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toContain('body is empty');
  });

  it('an object where a list was expected', async () => {
    const { client } = stubClient([json({ data: [] })]);
    expect((await failure(client.listAccounts())).message).toContain('items is missing');
  });

  it('a string where a list was expected', async () => {
    const { client } = stubClient([json('nope')]);
    expect((await failure(client.listAccounts())).message).toContain('body should be a list, got string');
  });

  it('an HTML error page with an error status keeps the status code mapping', async () => {
    const { client } = stubClient([
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
    ]);
    expect((await failure(client.listAccounts())).code).toBe('server_error');
  });

  it('unknown fields are tolerated', async () => {
    const { client } = stubClient([json({ ...user, brand_new_field: { nested: true } })]);
    expect((await client.getUser('u1')).friendlyName).toBe('Example');
  });
});
