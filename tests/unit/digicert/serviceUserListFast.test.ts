import { describe, expect, it } from 'vitest';
import {
  managerIdFor,
  pageEnvelopeWire,
  parseList,
  readPageEnvelope,
  readServiceUserWire,
  serviceUserWire,
  toServiceUser,
} from '../../../electron/core/digicert/wire';

/*
 * The list path reads service users without zod (readServiceUserWire). It must never accept what
 * serviceUserWire refuses, and what it accepts must come out exactly as serviceUserWire has it.
 */

const full = {
  id: '55dd589f-026a-462d-9b9c-79d0b46b03ad',
  email: 'svc-1@sandbox.example',
  status: 'ACTIVE',
  access_scope: 'account',
  primary_account_id: '701dcd9f',
  created_at: '2026-02-05T01:20:40Z',
  user_type: 'service',
  friendly_name: 'ci-signer_prod',
  description: 'CI pipeline: release signing',
  end_date: '2027-06-20T00:00:00Z',
  accounts: [{ id: '701dcd9f', name: 'Contoso Production' }],
  applications: [{ id: 'f14a', name: 'Software Trust', permissions: ['SIGN_SM_HASH'] }],
  roles: [{ id: '0bad2ec3', name: 'Signer', code: 'SM_SIGNER' }],
};

/** Every field of `full` replaced in turn by each of these. */
const replacements: unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  [{}],
  [null],
  [{ id: '' }],
  [{ id: 12 }],
  [{ id: null }],
  [{ name: 5 }],
  [{ code: 'trust_lifecycle', name: null }],
  [['nested']],
  new Date(0),
];

function variants(): unknown[] {
  const out: unknown[] = [full, { id: 42 }, { id: '' }, null, 'user', [full], Object.create(null)];
  for (const key of [...Object.keys(full), 'unknown_key'])
    for (const value of replacements) out.push({ ...full, [key]: value });
  return out;
}

describe('readServiceUserWire (the list path without zod)', () => {
  it('accepts nothing serviceUserWire refuses, and reads what it accepts exactly as serviceUserWire does', () => {
    let accepted = 0;
    for (const value of variants()) {
      const quick = readServiceUserWire(value);
      const slow = serviceUserWire.safeParse(value);
      if (quick === undefined) continue;
      accepted++;
      expect(slow.success, JSON.stringify(value)).toBe(true);
      expect(toServiceUser(quick)).toEqual(toServiceUser(slow.data!));
    }
    expect(accepted).toBeGreaterThan(100); // the ordinary shapes take the fast path
  });

  it('the usual shapes take the fast path: a full user, numeric ids, nulls, no arrays', () => {
    for (const value of [
      full,
      { id: 42, accounts: [{ id: 7 }], roles: [{ id: null }, { id: 3 }] },
      { ...full, email: null, applications: null, roles: undefined },
    ])
      expect(readServiceUserWire(value)).toEqual(serviceUserWire.parse(value));
  });

  it('a list with a bad item: the good ones read, the bad one named as zod names it', () => {
    const page = parseList(
      serviceUserWire,
      { total: 3, items: [full, { ...full, id: '' }, { ...full, id: 'b', roles: [{ id: {} }] }] },
      readServiceUserWire,
    );
    expect(page.items.map((u) => u.id)).toEqual([full.id]);
    expect(page.skipped.map((s) => s.path)).toEqual(['items[1].id', 'items[2].roles[0].id']);
    expect(page.total).toBe(3);
  });
});

describe('readPageEnvelope (the page envelope without zod)', () => {
  const counts: unknown[] = [undefined, null, 0, 3, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3', true, {}];
  const itemsValues: unknown[] = [undefined, null, [], [full], {}, 'x', 0];

  it('accepts nothing pageEnvelopeWire refuses, and reads what it accepts exactly as pageEnvelopeWire does', () => {
    let accepted = 0;
    for (const total of counts)
      for (const items of itemsValues)
        for (const offset of [undefined, 0, -1, 'x']) {
          const body: Record<string, unknown> = { total, items, offset, limit: 100, extra: 'ignored' };
          const quick = readPageEnvelope(body);
          const slow = pageEnvelopeWire.safeParse(body);
          if (quick === undefined) continue;
          accepted++;
          expect(slow.success, JSON.stringify(body)).toBe(true);
          expect(quick).toEqual(slow.data);
        }
    expect(accepted).toBeGreaterThan(10);
  });

  it('a refused envelope still fails with the field zod names', () => {
    expect(() => parseList(serviceUserWire, { total: -1, items: [] }, readServiceUserWire)).toThrow(
      expect.objectContaining({ path: 'total' }),
    );
    expect(() => parseList(serviceUserWire, { total: 1 }, readServiceUserWire)).toThrow(
      expect.objectContaining({ path: 'items', problem: 'is missing' }),
    );
  });
});

describe('managerIdFor', () => {
  it('finds a manager by code or name, however DigiCert spells it; nothing else', () => {
    expect(managerIdFor('trust_lifecycle')).toBe('trust_lifecycle');
    expect(managerIdFor('Trust Lifecycle')).toBe('trust_lifecycle');
    expect(managerIdFor('TRUST-LIFECYCLE')).toBe('trust_lifecycle');
    expect(managerIdFor('software trust')).toBe('software_trust');
    expect(managerIdFor('CA Manager')).toBe('ca_manager');
    expect(managerIdFor('Unknown Manager')).toBeUndefined();
    expect(managerIdFor('')).toBeUndefined();
    expect(managerIdFor(null)).toBeUndefined();
  });
});
