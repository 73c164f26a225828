import { describe, expect, it } from 'vitest';
import { draftReferenceFrom, validateAgainstReference } from '../../../shared/draftReference';

describe('draftReferenceFrom', () => {
  const data = {
    accounts: [{ id: 'a1', name: 'One', active: true }],
    managers: [
      { id: 'am', name: 'Account Manager' },
      { id: 'empty', name: 'No roles' },
    ],
    roles: [{ id: 'r1', name: 'Admin', managerId: 'am', permissions: [] }],
    serviceUsers: [{ id: 'u1', friendlyName: 'Taken Name', status: 'ACTIVE' }],
  };

  it('builds the comparison basis from cached reference data', () => {
    const ref = draftReferenceFrom(data);
    expect([...ref.accountIds]).toEqual(['a1']);
    expect(ref.roleIdsByManager).toEqual({ am: ['r1'], empty: [] });
    expect([...ref.takenNames]).toEqual(['Taken Name']);
  });

  it('feeds the reference check', () => {
    const problems = validateAgainstReference(
      {
        friendlyName: ' taken name ',
        accountIds: ['a1', 'gone'],
        managers: [
          { managerId: 'am', roleIds: ['r1', 'r9'] },
          { managerId: 'x', roleIds: [] },
        ],
      },
      draftReferenceFrom(data),
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['friendlyName', 'name_taken'],
      ['accountIds.1', 'account_gone'],
      ['managers.0.roleIds.1', 'role_gone'],
      ['managers.1', 'manager_gone'],
    ]);
  });
});
