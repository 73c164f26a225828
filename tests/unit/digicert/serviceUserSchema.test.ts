import { describe, expect, it } from 'vitest';
import { expiryInstant, isRealDate, serviceUserSchema, utcToday } from '../../../shared/serviceUser';

const today = '2026-03-10';
const schema = serviceUserSchema(today);
const valid = {
  friendlyName: '  ci-signer_prod 2 ',
  description: 'CI pipeline',
  endDate: '2026-12-31',
  email: 'owner@example.com',
  accountIds: ['a1'],
  managers: [{ managerId: 'software_trust', roleIds: ['r1', 'r2'] }],
};

function issues(input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('serviceUserSchema', () => {
  it('accepts a valid service user and trims the friendly name', () => {
    const parsed = schema.parse(valid);
    expect(parsed.friendlyName).toBe('ci-signer_prod 2');
    expect(parsed.endDate).toBe('2026-12-31');
  });

  it.each([
    ['', 'Enter a friendly name.'],
    ['   ', 'Enter a friendly name.'],
    ['a'.repeat(65), 'Use at most 64 characters.'],
    ['name.with.dots', 'Use only letters, numbers, spaces, dashes and underscores.'],
    ['Zoë', 'Use only letters, numbers, spaces, dashes and underscores.'],
  ])('rejects friendly name %j', (friendlyName, message) => {
    expect(issues({ ...valid, friendlyName })).toContainEqual({ path: 'friendlyName', message });
  });

  it('accepts a 64-character friendly name', () => {
    expect(issues({ ...valid, friendlyName: 'a'.repeat(64) })).toEqual([]);
  });

  it('requires the friendly name and email', () => {
    const { friendlyName: _f, email: _e, ...rest } = valid;
    const paths = issues(rest).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['friendlyName', 'email']));
  });

  it('limits the description to 1000 characters and treats "" as none', () => {
    expect(issues({ ...valid, description: 'x'.repeat(1001) }).map((i) => i.path)).toEqual(['description']);
    expect(schema.parse({ ...valid, description: '' }).description).toBeUndefined();
  });

  it.each(['not-an-email', 'a@b', 'a b@example.com', 'a@@example.com'])('rejects email %j', (email) => {
    expect(issues({ ...valid, email }).map((i) => i.path)).toEqual(['email']);
  });

  it('end date: optional, "" means none, today is allowed', () => {
    const { endDate: _d, ...rest } = valid;
    expect(schema.parse(rest).endDate).toBeUndefined();
    expect(schema.parse({ ...valid, endDate: '' }).endDate).toBeUndefined();
    expect(schema.parse({ ...valid, endDate: today }).endDate).toBe(today);
  });

  it.each([
    ['2026-03-09', 'The end date cannot be in the past.'],
    ['2026-02-30', 'This date does not exist.'],
    ['10/03/2026', 'Enter the date as YYYY-MM-DD.'],
  ])('rejects end date %j', (endDate, message) => {
    expect(issues({ ...valid, endDate })).toEqual([{ path: 'endDate', message }]);
  });

  it('"today" follows the injected date', () => {
    expect(serviceUserSchema('2026-03-09').safeParse({ ...valid, endDate: '2026-03-09' }).success).toBe(true);
    expect(serviceUserSchema('2026-03-10').safeParse({ ...valid, endDate: '2026-03-09' }).success).toBe(false);
  });

  it('needs 1..1000 distinct accounts', () => {
    expect(issues({ ...valid, accountIds: [] })).toEqual([
      { path: 'accountIds', message: 'Choose at least one account.' },
    ]);
    expect(
      issues({ ...valid, accountIds: Array.from({ length: 1001 }, (_, i) => `a${i}`) }).map((i) => i.path),
    ).toEqual(['accountIds']);
    expect(issues({ ...valid, accountIds: ['a1', 'a1'] }).map((i) => i.path)).toEqual(['accountIds']);
  });

  it('needs at least one manager, each with at least one role, no manager twice', () => {
    expect(issues({ ...valid, managers: [] })).toEqual([
      { path: 'managers', message: 'Choose at least one DigiCert ONE manager.' },
    ]);
    expect(issues({ ...valid, managers: [{ managerId: 'ca_manager', roleIds: [] }] })).toEqual([
      { path: 'managers.0.roleIds', message: 'Choose at least one role for this manager.' },
    ]);
    expect(
      issues({
        ...valid,
        managers: [
          { managerId: 'ca_manager', roleIds: ['r1'] },
          { managerId: 'ca_manager', roleIds: ['r2'] },
        ],
      }),
    ).toEqual([{ path: 'managers', message: 'Each manager can be chosen only once.' }]);
  });

  it('rejects unknown fields (strict at the IPC boundary)', () => {
    expect(issues({ ...valid, token: 'x' }).length).toBe(1);
  });
});

describe('date helpers', () => {
  it('expiryInstant is 23:59:59Z of the end date', () => {
    expect(expiryInstant('2023-08-12')).toBe('2023-08-12T23:59:59Z');
  });
  it('isRealDate and utcToday', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(utcToday(new Date('2026-03-10T23:30:00-05:00'))).toBe('2026-03-11');
  });
});
