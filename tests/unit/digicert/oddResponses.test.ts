import { describe, expect, it } from 'vitest';
import { failure, json, stubClient } from './stub';

const user = {
  id: 'u1',
  email: 'jane@example.com',
  status: 'ACTIVE',
  created_at: '2021-06-23T08:55:19Z',
  friendly_name: 'Example',
};

describe('odd responses → unexpected_response naming the field', () => {
  it('missing field in a list item', async () => {
    const { friendly_name: _n, ...noName } = user;
    const { client } = stubClient([json([user, noName])]);
    const error = await failure(client.listServiceUsers());
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toBe('Unexpected response from DigiCert ONE: [1].friendly_name is missing.');
    expect(error.params).toEqual({ field: '[1].friendly_name' });
  });

  it('missing field inside an envelope', async () => {
    const { id: _id, ...noId } = user;
    const { client } = stubClient([json({ total: 1, offset: 0, limit: 100, items: [noId] })]);
    expect((await failure(client.listServiceUsers())).message).toContain('items[0].id is missing');
  });

  it('wrong type', async () => {
    const { client } = stubClient([json({ ...user, status: 5 })]);
    const error = await failure(client.getUser('u1'));
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toContain('status should be string, got number');
  });

  it('wrong type in a nested array', async () => {
    const { client } = stubClient([json([{ id: 'r1', name: 'Admin', permissions: ['A', 7] }])]);
    const error = await failure(client.listRoles('account_manager'));
    expect(error.message).toContain('[0].permissions[1] should be string, got number');
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
