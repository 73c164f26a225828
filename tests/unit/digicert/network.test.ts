import { describe, expect, it } from 'vitest';
import { errorCodeOf, networkError } from '../../../electron/core/digicert/errors';
import { failure, stubClient } from './stub';

/** What undici's fetch throws: TypeError('fetch failed') with the socket error as `cause`. */
const undiciError = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`connect ${code}`), { code }) });

describe('network failures → codes', () => {
  it.each([
    ['ECONNREFUSED', 'offline'],
    ['ENETUNREACH', 'offline'],
    ['EHOSTUNREACH', 'offline'],
    ['ENOTFOUND', 'dns_failed'],
    ['EAI_AGAIN', 'dns_failed'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_failed'],
    ['CERT_HAS_EXPIRED', 'tls_failed'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_failed'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_failed'],
    ['ECONNRESET', 'connection_lost'],
    ['UND_ERR_SOCKET', 'connection_lost'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ])('%s → %s (through the client)', async (code, expected) => {
    const { client } = stubClient([undiciError(code)]);
    const error = await failure(client.listAccounts());
    expect(error.code).toBe(expected);
    expect(error.params?.reason).toBe(code);
  });

  it.each([
    ['net::ERR_INTERNET_DISCONNECTED', 'offline'],
    ['net::ERR_NAME_NOT_RESOLVED', 'dns_failed'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls_failed'],
    ['net::ERR_CONNECTION_RESET', 'connection_lost'],
    ['net::ERR_TIMED_OUT', 'timeout'],
  ])('Electron net.fetch %s → %s', (message, expected) => {
    expect(networkError(new Error(message), { mayHaveCommitted: false }).code).toBe(expected);
  });

  it('a dropped connection on a write says it may have been committed', async () => {
    const { client } = stubClient([undiciError('UND_ERR_SOCKET')]);
    const error = await failure(
      client.createServiceUser({
        friendlyName: 'x',
        email: 'a@b.co',
        accountIds: ['a'],
        managers: [{ managerId: 'ca_manager', roleIds: ['r'] }],
      }),
    );
    expect(error.code).toBe('connection_lost');
    expect(error.params).toMatchObject({ mayHaveCommitted: true });
  });

  it('network failures on reads are not retried', async () => {
    const { client, calls } = stubClient([undiciError('ECONNRESET')]);
    await failure(client.listAccounts());
    expect(calls).toHaveLength(1);
  });

  it('errorCodeOf walks the cause chain', () => {
    expect(
      errorCodeOf(
        new Error('x', { cause: new Error('y', { cause: Object.assign(new Error('z'), { code: 'EPIPE' }) }) }),
      ),
    ).toBe('EPIPE');
    expect(errorCodeOf(new Error('plain'))).toBeUndefined();
  });
});
