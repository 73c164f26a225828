import type { DraftFields } from './drafts';
import type { FieldError } from './errors';
import type { ReferenceData } from './reference';

/** What the server offers now (refreshed reference data). */
interface DraftReference {
  accountIds: Iterable<string>;
  /** managerId → the role ids that manager offers. A manager missing here has vanished. */
  roleIdsByManager: Readonly<Record<string, readonly string[]>>;
  /** Friendly names of existing service users (compared case-insensitively, trimmed). */
  takenNames: Iterable<string>;
}

/** The comparison basis for {@link validateAgainstReference} from a profile's cached reference data. */
export function draftReferenceFrom(
  data: Pick<ReferenceData, 'accounts' | 'managers' | 'roles' | 'serviceUsers'>,
): DraftReference {
  const roleIdsByManager: Record<string, string[]> = {};
  for (const manager of data.managers) roleIdsByManager[manager.id] = [];
  for (const role of data.roles) (roleIdsByManager[role.managerId] ??= []).push(role.id);
  return {
    accountIds: data.accounts.map((a) => a.id),
    roleIdsByManager,
    takenNames: data.serviceUsers.map((u) => u.friendlyName),
  };
}

/**
 * Which choices in a draft need a new decision because the world moved on while it waited:
 * an account or a role that no longer exists, a manager gone, or a name someone took meanwhile.
 * Pure: no I/O. Paths match the form (`accountIds.2`, `managers.0.roleIds.1`).
 * Used by the renderer's Drafts list against the profile's cached reference data.
 */
export function validateAgainstReference(
  draft: Pick<DraftFields, 'friendlyName' | 'accountIds' | 'managers'>,
  reference: DraftReference,
): FieldError[] {
  const problems: FieldError[] = [];
  const accounts = new Set(reference.accountIds);
  const taken = new Set(Array.from(reference.takenNames, (n) => n.trim().toLowerCase()));

  const name = draft.friendlyName?.trim();
  if (name && taken.has(name.toLowerCase())) {
    problems.push({
      field: 'friendlyName',
      code: 'name_taken',
      message: 'A service user with this name now exists. Choose another name.',
    });
  }
  (draft.accountIds ?? []).forEach((accountId, i) => {
    if (!accounts.has(accountId)) {
      problems.push({
        field: `accountIds.${i}`,
        code: 'account_gone',
        message: 'This account is no longer available. Choose again.',
      });
    }
  });
  (draft.managers ?? []).forEach((manager, i) => {
    const offered = Object.prototype.hasOwnProperty.call(reference.roleIdsByManager, manager.managerId)
      ? reference.roleIdsByManager[manager.managerId]
      : undefined;
    if (!offered) {
      problems.push({
        field: `managers.${i}`,
        code: 'manager_gone',
        message: 'This manager is no longer available. Choose again.',
      });
      return;
    }
    const roles = new Set(offered);
    manager.roleIds.forEach((roleId, j) => {
      if (!roles.has(roleId)) {
        problems.push({
          field: `managers.${i}.roleIds.${j}`,
          code: 'role_gone',
          message: 'This role is no longer available. Choose again.',
        });
      }
    });
  });
  return problems;
}
