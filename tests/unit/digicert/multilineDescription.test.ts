/**
 * The description is the one multi-line field: the client sends its line feeds to DigiCert ONE
 * unchanged (JSON-escaped by the body, not collapsed, trimmed inside or dropped), CRLF as LF.
 */
import { describe, expect, it } from 'vitest';
import { failure, json, stubClient } from './stub';

const TOKEN = 'b7'.repeat(32);
const input = {
  friendlyName: 'ci-signer_prod',
  email: 'owner@example.com',
  accountIds: ['acc-1'],
  managers: [{ managerId: 'account_manager', roleIds: ['r1'] }],
};
const created = { id: 'u1', friendly_name: 'ci-signer_prod', description: '', api_token: TOKEN };

describe('DigiCert client: a multi-line description', () => {
  it('sends the line feeds as typed', async () => {
    const description = 'CI pipeline\nrelease signing\n\n  owner: team A';
    const { client, calls } = stubClient([json(created, 201)]);
    await client.createServiceUser({ ...input, description });
    expect((calls[0]!.body as { description: string }).description).toBe(description);
  });

  it('sends CRLF as LF', async () => {
    const { client, calls } = stubClient([json(created, 201)]);
    await client.createServiceUser({ ...input, description: 'line one\r\nline two' });
    expect((calls[0]!.body as { description: string }).description).toBe('line one\nline two');
  });

  it('refuses any other control character before sending anything', async () => {
    const { client, calls } = stubClient([json(created, 201)]);
    const error = await failure(client.createServiceUser({ ...input, description: 'line one\nline\u202E two' }));
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors).toEqual([
      expect.objectContaining({ field: 'description', message: 'Use printable characters only.' }),
    ]);
    expect(calls).toHaveLength(0);
  });
});
