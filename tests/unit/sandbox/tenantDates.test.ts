/** The sandbox tenant reads end dates with the app's one strict date rule (shared/dates.ts). */
import { describe, expect, it } from 'vitest';
import { seedState } from '../../../electron/sandbox/seed';
import { callerOf, createUser, keyOwners } from '../../../electron/sandbox/tenant';

const now = new Date('2026-03-10T12:00:00Z');
const keys = { adminKey: 'a'.repeat(40), limitedKey: 'l'.repeat(40) };

function create(endDate: unknown) {
  const state = seedState({ now, seed: 1 });
  const admin = callerOf(state, keyOwners(state, keys), keys.adminKey, now)!;
  const role = state.roles.find((r) => r.application_code === 'software_trust')!;
  const body = {
    user_type: 'service',
    friendly_name: 'build agent',
    email: 'owner@example.com',
    accounts: [{ id: state.accounts[0]!.id }],
    applications: [{ code: 'software_trust' }],
    roles: [{ id: role.id }],
    end_date: endDate,
  };
  return createUser(state, admin, body, now);
}

describe('sandbox tenant: end dates', () => {
  it.each(['2027-02-29', '2027-04-31', '2027-13-01', '2027-1-05', '2027-01-05T00:00'])(
    'refuses %s (no such day, or not YYYY-MM-DD)',
    (endDate) => {
      const refused = create(endDate);
      expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toEqual(['end_date']);
    },
  );

  it.each(['2028-02-29', '2027-12-31'])('accepts the real day %s', (endDate) => {
    expect(create(endDate).ok).toBe(true);
  });
});
