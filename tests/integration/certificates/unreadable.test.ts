import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import { startTestCore, type TestCore } from '../../support/core';
import { makeTempDir } from '../../support/tmp';

const P = 'sandbox';
const LIST_PATH = /\/user\/[^/]+\/client-auth-certificate$/;

const READABLE = { id: 'c-fine', nickname: 'build server', status: 'ACTIVE' };
/** Items DigiCert ONE might list that this app cannot read: no id, no nickname in any spelling. */
const UNREADABLE = [
  { certificate_id: 'c-odd-1', nickname: 'no id' },
  { id: 'c-odd-2', label: 'nickname under an unknown key' },
];

/**
 * Node's fetch, adding `extra` items to the first page of every certificate list while `extra` is
 * not empty (the total grows with them, as DigiCert would count them).
 */
function withExtraCertificates(extra: { items: unknown[] }): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method !== 'GET' || !LIST_PATH.test(url.pathname) || url.searchParams.get('offset') !== '0') return res;
    if (extra.items.length === 0) return res;
    const body = (await res.json()) as unknown[] | { items: unknown[] | null; total?: number | null };
    const tampered = Array.isArray(body)
      ? [...body, ...extra.items]
      : {
          ...body,
          items: [...(body.items ?? []), ...extra.items],
          ...(typeof body.total === 'number' ? { total: body.total + extra.items.length } : {}),
        };
    return new Response(JSON.stringify(tampered), { status: res.status, headers: res.headers });
  };
}

/** The details say how many listed certificates the app could not read (they are not shown). */
describe('unreadable certificates in a service user’s details', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let t: TestCore;
  let userId: string;
  const extra: { items: unknown[] } = { items: [] };

  beforeAll(async () => {
    tmp = makeTempDir('sud-cert-unreadable-');
    sandbox = await startSandbox({ seed: 21 });
    t = await startTestCore(tmp.dir, {
      externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
      fetch: withExtraCertificates(extra),
    });
    userId = sandbox.state.users.find((u) => u.user_type === 'service' && u.status === 'ACTIVE')!.id;
    await t.must('serviceUsers.refresh', { profileId: P });
  });
  afterAll(async () => {
    await t?.core.close();
    await sandbox?.close();
    tmp?.cleanup();
  });

  it('a list with unreadable items: the readable ones and the count of the others', async () => {
    extra.items = [];
    const plain = await t.must('serviceUsers.details', { profileId: P, userId });
    expect(plain.certificates).not.toBeNull();
    expect(plain.certificatesUnreadable).toBeUndefined();

    extra.items = [READABLE, ...UNREADABLE];
    const details = await t.must('serviceUsers.details', { profileId: P, userId });
    expect(details.certificatesUnreadable).toBe(2);
    expect(details.certificates).toEqual([
      ...(plain.certificates ?? []),
      expect.objectContaining({ id: READABLE.id, nickname: READABLE.nickname }),
    ]);
    expect(details.certificatesError).toBeUndefined();
  });

  it('offline: no list, so no count either', async () => {
    extra.items = UNREADABLE;
    await sandbox.close();
    const details = await t.must('serviceUsers.details', { profileId: P, userId });
    expect(details.certificates).toBeNull();
    expect(details.certificatesUnreadable).toBeUndefined();
  });
});
