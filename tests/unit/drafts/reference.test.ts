import { describe, expect, it } from 'vitest';
import { validateAgainstReference } from '../../../shared/draftReference';

const reference = {
  accountIds: ['a1', 'a2'],
  roleIdsByManager: { am: ['r1', 'r2'], tlm: ['t1'] },
  takenNames: ['Existing Bot'],
};

describe('validateAgainstReference', () => {
  it('returns nothing when every choice still exists', () => {
    expect(
      validateAgainstReference(
        { friendlyName: 'New', accountIds: ['a1'], managers: [{ managerId: 'am', roleIds: ['r2'] }] },
        reference,
      ),
    ).toEqual([]);
    expect(validateAgainstReference({}, reference)).toEqual([]);
  });

  it('names each vanished account, manager and role, and a name taken meanwhile', () => {
    const problems = validateAgainstReference(
      {
        friendlyName: ' existing bot ',
        accountIds: ['a1', 'gone'],
        managers: [
          { managerId: 'am', roleIds: ['r1', 'rx'] },
          { managerId: 'removed', roleIds: ['r1'] },
          { managerId: 'toString', roleIds: [] },
        ],
      },
      reference,
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['friendlyName', 'name_taken'],
      ['accountIds.1', 'account_gone'],
      ['managers.0.roleIds.1', 'role_gone'],
      ['managers.1', 'manager_gone'],
      ['managers.2', 'manager_gone'],
    ]);
  });

  it('is pure: does not change its inputs', () => {
    const draft = { friendlyName: 'x', accountIds: ['gone'], managers: [{ managerId: 'am', roleIds: ['rx'] }] };
    const copy = structuredClone(draft);
    validateAgainstReference(draft, reference);
    expect(draft).toEqual(copy);
  });
});
