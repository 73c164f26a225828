/**
 * Contract tests: the example bodies documented in docs/digicert-account-api.md,
 * replayed through the client's parsers (via a stub fetch, so the whole client path runs).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { failure, json, stubClient } from './stub';

// §3.1, verbatim (ids elided with "…" in the notes are kept as they are: still strings).
const ACCOUNT_LIST_3_1 = [
  {
    id: '50580ac7-60e4-4df2-a834-d12c1ab79afb',
    name: 'Example account 1',
    active: true,
    service_period: { from: '2021-05-25', to: '2022-05-25' },
    friendly_identifier: '5258283',
    admins: [
      { id: '833e4906-…', email: 'api_service_user_1@example.com' },
      { id: '7d78b46a-…', name: 'John Doe', email: 'account_user_1@example.com' },
    ],
    sign_in_methods: [
      { signInMethod: 'standard', status: 'enabled', mfaStatus: 'disabled', clientAuthCertLoginEnabled: false },
    ],
    locale: 'en_US',
  },
];

// §3.2, verbatim except the trailing /* excerpt truncated */ comment (not JSON).
const SERVICE_USER_LIST_3_2 = [
  {
    id: '783a6a45-b74b-4635-bb4b-69855910ccd3',
    email: 'jane@example.com',
    status: 'ACTIVE',
    access_scope: 'account',
    primary_account_id: '130deba5-3ebb-43b2-8183-1a9940d460f5',
    created_at: '2021-06-23T08:55:19Z',
    created_by: '8f7f8b1f-63c1-4580-af7d-ea4cd890e8f7',
    user_type: 'service',
    friendly_name: 'Example service user',
    description: '',
    locale: 'en_US',
    applications: [
      {
        id: '2d3a72fd-ad44-4a9b-952a-2bcadb14a741',
        name: 'Trust Lifecycle',
        permissions: ['VIEW_EM_SEAT', 'VIEW_EM_AUDIT_LOG', 'VIEW_EM_CERTIFICATE', 'VIEW_EM_PROFILE'],
      },
      {
        id: '1a05282a-ec70-4da9-b921-933c070fcf80',
        name: 'IoT Trust',
        permissions: ['VIEW_IOT_CERTIFICATE', 'VIEW_IOT_ENROLLMENT_PROFILE'],
      },
      {
        id: '97b97f1b-8d1d-4203-a62c-0a209a1bea0a',
        name: 'Document Trust',
        permissions: ['MANAGE_DSM_VIEW_CERTIFICATE_PROFILES', '…'],
      },
      {
        id: '78c0355a-e1ca-4978-b60c-e9d66b9e1f30',
        name: 'Account Manager',
        permissions: ['MANAGE_AM_ACCOUNT', 'VIEW_AM_AUDIT_LOG'],
      },
      { id: 'fd2b688d-43bd-4b4a-9fd6-f883ad9e813d', name: 'CA Manager', permissions: ['VIEW_CM_LICENSE'] },
      {
        id: '7660bdb3-66e7-46e6-928f-dcae4d64ee91',
        name: 'Software Trust',
        permissions: ['MANAGE_SM_CERTIFICATE_PROFILE', 'VIEW_SM_CERTIFICATE', 'SIGN_SM_HASH', '…'],
      },
    ],
  },
];

const validInput = {
  friendlyName: 'ci-signer_prod',
  email: 'owner@example.com',
  accountIds: ['acc-1'],
  managers: [{ managerId: 'software_trust', roleIds: ['role-1'] }],
};
const TOKEN = '01a007567da265b5909d11b8ea_' + 'b7'.repeat(32);

describe('§3.1 account list', () => {
  it('parses the documented bare array', async () => {
    const { client } = stubClient([json(ACCOUNT_LIST_3_1)]);
    expect(await client.listAccounts()).toEqual([
      {
        id: '50580ac7-60e4-4df2-a834-d12c1ab79afb',
        name: 'Example account 1',
        active: true,
        friendlyIdentifier: '5258283',
        servicePeriod: { from: '2021-05-25', to: '2022-05-25' },
      },
    ]);
  });
});

describe('§3.2 service-user list', () => {
  it('parses the documented bare array, mapping applications to the six managers', async () => {
    const { client, calls } = stubClient([json(SERVICE_USER_LIST_3_2)]);
    const users = await client.listServiceUsers();
    expect(users).toEqual([
      {
        id: '783a6a45-b74b-4635-bb4b-69855910ccd3',
        friendlyName: 'Example service user',
        description: '',
        email: 'jane@example.com',
        status: 'ACTIVE',
        createdAt: '2021-06-23T08:55:19Z',
        accountIds: ['130deba5-3ebb-43b2-8183-1a9940d460f5'],
        managerIds: [
          'trust_lifecycle',
          'iot_trust',
          'document_trust',
          'account_manager',
          'ca_manager',
          'software_trust',
        ],
      },
    ]);
    // A bare array shorter than a page ends the paging after one request.
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://one.example.test/account/api/v1/user?user_type=service&limit=100&offset=0');
  });

  it('parses the paged envelope {total, offset, limit, items} and follows it', async () => {
    const [user] = SERVICE_USER_LIST_3_2;
    const second = { ...user, id: 'second-id', friendly_name: 'Second' };
    const { client, calls } = stubClient([
      json({ total: 2, offset: 0, limit: 1, items: [user] }),
      json({ total: 2, offset: 1, limit: 1, items: [second] }),
    ]);
    const users = await client.listServiceUsers();
    expect(users.map((u) => u.friendlyName)).toEqual(['Example service user', 'Second']);
    expect(calls.map((c) => new URL(c.url).searchParams.get('offset'))).toEqual(['0', '1']);
  });

  it('stops when a server ignoring offset repeats the same full page', async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({
      ...SERVICE_USER_LIST_3_2[0],
      id: `u${i}`,
      friendly_name: `U${i}`,
    }));
    const { client, calls } = stubClient([json(page), json(page)]);
    expect(await client.listServiceUsers()).toHaveLength(100);
    expect(calls).toHaveLength(2);
  });
});

describe('§4 error envelopes', () => {
  it('{"errors":[…]} duplicate_error (documented example) → duplicate_name on friendlyName', async () => {
    const body = {
      errors: [
        { code: 'duplicate_error', message: 'Nickname api_service_user_3 already exists. Enter a different nickname.' },
      ],
    };
    const { client } = stubClient([json(body, 400)]);
    const error = await failure(client.createServiceUser(validInput));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('duplicate_name');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'friendlyName', code: 'duplicate_name' })]);
  });

  it('duplicate_error is recognised under 409 too', async () => {
    const { client } = stubClient([json({ errors: [{ code: 'duplicate_error', message: 'x' }] }, 409)]);
    expect((await failure(client.createServiceUser(validInput))).code).toBe('duplicate_name');
  });

  it('{"error":{code,message}} (TLM form) → access_denied with the server code', async () => {
    const { client } = stubClient([json({ error: { code: 'no_access', message: 'No access' } }, 403)]);
    const error = await failure(client.listAccounts());
    expect(error.code).toBe('access_denied');
    expect(error.params).toMatchObject({ status: 403, serverCode: 'no_access' });
  });

  it('{"error":{status,message}} (Software Trust form) is read too', async () => {
    const { client } = stubClient([
      json({ error: { status: 'access_denied', message: 'User is not multi-factor authenticated.' } }, 403),
    ]);
    expect((await failure(client.getMe())).params).toMatchObject({ serverCode: 'access_denied' });
  });

  it('400 invalid_request with fields → validation_failed with domain field names', async () => {
    const body = {
      errors: [
        { code: 'invalid_request', message: 'End date cannot be in the past.', field: 'end_date' },
        { code: 'invalid_request', message: 'Unknown account.', field: 'accounts[0].id' },
        { code: 'invalid_request', message: 'Bad role.', field: 'roles' },
      ],
    };
    const { client } = stubClient([json(body, 400)]);
    const error = await failure(client.createServiceUser(validInput));
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors).toEqual([
      { field: 'endDate', code: 'invalid_request', message: 'End date cannot be in the past.' },
      { field: 'accountIds', code: 'invalid_request', message: 'Unknown account.' },
      { field: 'managers', code: 'invalid_request', message: 'Bad role.' },
    ]);
  });

  it.each([
    [401, 'invalid_api_key'],
    [403, 'access_denied'],
    [404, 'not_found'],
    [500, 'server_error'],
    [502, 'server_error'],
    [418, 'unexpected_response'],
  ])('status %i → %s', async (status, code) => {
    const { client } = stubClient([json({ errors: [{ code: 'x', message: 'y' }] }, status)]);
    expect((await failure(client.getUser('u1'))).code).toBe(code);
  });
});

describe('create: request body and the returned token', () => {
  it('sends the documented body shape (wire.ts A1)', async () => {
    const { client, calls } = stubClient([json({ ...SERVICE_USER_LIST_3_2[0], api_token: TOKEN }, 201)]);
    await client.createServiceUser({
      ...validInput,
      description: 'CI',
      endDate: '2026-12-31',
      managers: [
        { managerId: 'software_trust', roleIds: ['r1', 'r2'] },
        { managerId: 'account_manager', roleIds: ['r3'] },
      ],
    });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('https://one.example.test/account/api/v1/user');
    expect(calls[0]!.body).toEqual({
      user_type: 'service',
      friendly_name: 'ci-signer_prod',
      description: 'CI',
      email: 'owner@example.com',
      end_date: '2026-12-31',
      accounts: [{ id: 'acc-1' }],
      applications: [{ code: 'software_trust' }, { code: 'account_manager' }],
      roles: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }],
    });
    expect(calls[0]!.headers['content-type']).toBe('application/json');
  });

  it.each([
    ['api_token as a string', { api_token: TOKEN }],
    ['api_token as {token}', { api_token: { id: 't1', token: TOKEN, name: 'default' } }],
    ['token', { token: TOKEN }],
  ])('accepts %s, with 201 or 200', async (_label, extra) => {
    for (const status of [201, 200]) {
      const { client } = stubClient([json({ ...SERVICE_USER_LIST_3_2[0], ...extra }, status)]);
      const created = await client.createServiceUser(validInput);
      expect(created.token).toBe(TOKEN);
      expect(created.user.friendlyName).toBe('Example service user');
    }
  });

  it('a create answer without a token → unexpected_response naming api_token, saying the user exists', async () => {
    const { client } = stubClient([json(SERVICE_USER_LIST_3_2[0], 201)]);
    const error = await failure(client.createServiceUser(validInput));
    expect(error.code).toBe('unexpected_response');
    expect(error.message).toContain('api_token');
    expect(error.params).toMatchObject({ created: true, userId: '783a6a45-b74b-4635-bb4b-69855910ccd3' });
  });
});
