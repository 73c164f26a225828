/** The sandbox tenant's rules called directly, without HTTP (the HTTP answers: tests/integration/digicert/sandbox.rules.test.ts). */
import { describe, expect, it } from 'vitest';
import { seedState } from '../../../electron/sandbox/seed';
import type { SandboxState } from '../../../electron/sandbox/state';
import {
  callerOf,
  canManageUsers,
  createUser,
  deleteUser,
  keyOwners,
  updateUser,
  userView,
} from '../../../electron/sandbox/tenant';

const now = new Date('2026-03-10T12:00:00Z');
const keys = { adminKey: 'a'.repeat(40), limitedKey: 'l'.repeat(40) };

function tenant() {
  const state = seedState({ now, seed: 1 });
  const owners = keyOwners(state, keys);
  const admin = callerOf(state, owners, keys.adminKey, now)!;
  return { state, owners, admin };
}

function validBody(state: SandboxState, overrides: Record<string, unknown> = {}) {
  const role = state.roles.find((r) => r.application_code === 'software_trust')!;
  return {
    user_type: 'service',
    friendly_name: 'build agent',
    email: 'owner@example.com',
    accounts: [{ id: state.accounts[0]!.id }],
    applications: [{ code: 'software_trust' }],
    roles: [{ id: role.id }],
    ...overrides,
  };
}

describe('sandbox tenant rules', () => {
  it('knows the admin and the limited key; an unknown key is nobody', () => {
    const { state, owners, admin } = tenant();
    expect(canManageUsers(state, admin)).toBe(true);
    expect(canManageUsers(state, callerOf(state, owners, keys.limitedKey, now)!)).toBe(false);
    expect(callerOf(state, owners, 'x'.repeat(40), now)).toBeUndefined();
    expect(callerOf(state, owners, undefined, now)).toBeUndefined();
  });

  it('creates a service user whose token is kept as a hash and works as a key', () => {
    const { state, owners, admin } = tenant();
    const created = createUser(state, admin, validBody(state), now);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(JSON.stringify(state)).not.toContain(created.value.token);
    expect(callerOf(state, owners, created.value.token, now)?.id).toBe(created.value.user.id);
    expect(userView(state, created.value.user, now)).toMatchObject({
      friendly_name: 'build agent',
      status: 'ACTIVE',
      created_by: admin.id,
    });
  });

  it('refuses a name already taken, whatever its case and spaces, with duplicate_error', () => {
    const { state, admin } = tenant();
    expect(createUser(state, admin, validBody(state), now).ok).toBe(true);
    const again = createUser(state, admin, validBody(state, { friendly_name: '  BUILD Agent ' }), now);
    expect(again).toEqual({
      ok: false,
      errors: [{ code: 'duplicate_error', message: expect.stringContaining('already exists') }],
    });
  });

  it('lists every invalid field at once, changing nothing', () => {
    const { state, admin } = tenant();
    const users = state.users.length;
    const refused = createUser(
      state,
      admin,
      validBody(state, { friendly_name: 'a!', email: 'nope', end_date: '2026-03-09' }),
      now,
    );
    expect(refused.ok ? [] : refused.errors.map((e) => e.field)).toEqual(['friendly_name', 'email', 'end_date']);
    expect(state.users).toHaveLength(users);
  });

  it('an expired user is shown EXPIRED and its token stops working', () => {
    const { state, owners, admin } = tenant();
    const created = createUser(state, admin, validBody(state, { end_date: '2026-03-10' }), now);
    if (!created.ok) throw new Error('not created');
    const later = new Date('2026-03-11T00:00:00Z');
    expect(userView(state, created.value.user, later).status).toBe('EXPIRED');
    expect(callerOf(state, owners, created.value.token, later)).toBeUndefined();
  });

  it('update refuses fields that cannot change; delete takes the token with it', () => {
    const { state, owners, admin } = tenant();
    const created = createUser(state, admin, validBody(state), now);
    if (!created.ok) throw new Error('not created');
    expect(updateUser(state, created.value.user, { friendly_name: 'renamed' }, now)).toEqual({
      ok: false,
      errors: [{ code: 'invalid_request', message: 'friendly_name cannot be changed.', field: 'friendly_name' }],
    });
    deleteUser(state, created.value.user);
    expect(state.users.find((u) => u.id === created.value.user.id)).toBeUndefined();
    expect(callerOf(state, owners, created.value.token, now)).toBeUndefined();
  });
});
