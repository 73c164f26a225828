import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, realSleep, retryDelayMs } from '../../../electron/core/digicert/retry';
import { failure, json, stubClient } from './stub';

const now = new Date('2026-03-10T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date relative to the clock', () => {
    expect(parseRetryAfter('Tue, 10 Mar 2026 12:00:07 GMT', now)).toBe(7);
    expect(parseRetryAfter('Tue, 10 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const p = DEFAULT_RETRY_POLICY;
  it('exponential without Retry-After, capped', () => {
    expect([0, 1, 2].map((r) => retryDelayMs(r, undefined, 0, p))).toEqual([500, 1000, 2000]);
    expect(retryDelayMs(3, undefined, 0, p)).toBeUndefined();
    expect(retryDelayMs(20, undefined, 0, { ...p, maxRetries: 50 })).toBe(30_000);
  });
  it('uses Retry-After, gives up when it exceeds the per-wait cap or the total cap', () => {
    expect(retryDelayMs(0, 4, 0, p)).toBe(4000);
    expect(retryDelayMs(0, 31, 0, p)).toBeUndefined();
    expect(retryDelayMs(1, 30, 40_000, p)).toBeUndefined();
  });
});

describe('client retries (stub fetch)', () => {
  const busy = (status: number, retryAfter?: string) =>
    json({ errors: [{ code: 'x', message: 'busy' }] }, status, retryAfter ? { 'retry-after': retryAfter } : {});

  it('waits for an HTTP-date Retry-After, then succeeds', async () => {
    const { client, sleeps, calls } = stubClient([busy(429, 'Tue, 10 Mar 2026 12:00:05 GMT'), json([])]);
    expect(await client.listAccounts()).toEqual([]);
    expect(sleeps).toEqual([5000]);
    expect(calls).toHaveLength(2);
  });

  it('waits for a seconds Retry-After on 503', async () => {
    const { client, sleeps } = stubClient([busy(503, '3'), busy(503, '1'), json([])]);
    await client.listAccounts();
    expect(sleeps).toEqual([3000, 1000]);
  });

  it('gives up after maxRetries with the last error and its retryAfterSeconds', async () => {
    const { client, sleeps, calls } = stubClient([busy(429, '1'), busy(429, '1'), busy(429, '2')], { maxRetries: 2 });
    const error = await failure(client.listAccounts());
    expect(error.code).toBe('rate_limited');
    expect(error.params).toMatchObject({ retryAfterSeconds: 2 });
    expect(sleeps).toEqual([1000, 1000]);
    expect(calls).toHaveLength(3);
  });

  it('a call may ask for no retries (a reachability probe answers the first 503 at once)', async () => {
    const { client, sleeps, calls } = stubClient([busy(503, '1'), json({ id: 'me' })]);
    expect((await failure(client.getMe({ maxRetries: 0 }))).code).toBe('maintenance');
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('never retries a create', async () => {
    const { client, sleeps, calls } = stubClient([busy(503, '1'), json([])]);
    const error = await failure(
      client.createServiceUser({
        friendlyName: 'x',
        email: 'a@b.co',
        accountIds: ['a'],
        managers: [{ managerId: 'ca_manager', roleIds: ['r'] }],
      }),
    );
    expect(error.code).toBe('maintenance');
    expect(sleeps).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('does not retry other statuses', async () => {
    const { client, calls } = stubClient([busy(500), json([])]);
    expect((await failure(client.listAccounts())).code).toBe('server_error');
    expect(calls).toHaveLength(1);
  });
});

describe('realSleep', () => {
  it('rejects when the signal aborts', async () => {
    const controller = new AbortController();
    const p = realSleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
