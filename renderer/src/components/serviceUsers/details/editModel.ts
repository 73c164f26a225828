import { z } from 'zod';
import {
  UNKNOWN_MANAGER_ID,
  serviceUserChangeSchema,
  type ServiceUserChangeInput,
  type ServiceUserDetails,
} from '../../../../../shared/manage';
import type { ReferenceData } from '../../../../../shared/reference';
import type { ServiceUser } from '../../../../../shared/serviceUser';
import { addDays, type ManagerAccessValue } from '../../../lib/wizard';

/**
 * The pure logic of changing an existing service user: end-date presets from its current end date,
 * the change (only what differs) checked by the shared `serviceUserChangeSchema(today)`, and the
 * difference in access shown on the review. No Vue here.
 */

/** `date` plus `years` calendar years ('YYYY-MM-DD', UTC); 29 February becomes 28 February. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(0);
  monthEnd.setUTCFullYear(y + years, m, 0); // day 0 of the next month: the month's last day
  const target = new Date(0);
  target.setUTCFullYear(y + years, m - 1, Math.min(d, monthEnd.getUTCDate()));
  return target.toISOString().slice(0, 10);
}

export type ExtendPresetId = '30d' | '90d' | '1y';
export interface ExtendPreset {
  id: ExtendPresetId;
  date: string;
}

/**
 * "+30 days", "+90 days", "+1 year" from the current end date. A user without an end date, or
 * whose end date has passed, is extended from today (an end date in the past cannot be set).
 */
export function extendPresets(
  current: string | undefined,
  today: string,
): { base: string; fromToday: boolean; presets: ExtendPreset[] } {
  const fromToday = !current || current < today;
  const base = fromToday ? today : current;
  return {
    base,
    fromToday,
    presets: [
      { id: '30d', date: addDays(base, 30) },
      { id: '90d', date: addDays(base, 90) },
      { id: '1y', date: addYears(base, 1) },
    ],
  };
}

/** What the "details" form edits. */
export interface DetailsValues {
  endDate: string;
  description: string;
  email: string;
}

export function detailsValuesOf(user: ServiceUser): DetailsValues {
  return { endDate: user.endDate ?? '', description: user.description ?? '', email: user.email ?? '' };
}

const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

/**
 * Only the fields that differ from the user. An emptied description clears it (sent as ''). An
 * emptied end date is "keep it": nothing known of DigiCert ONE's user update removes an end date
 * (an `end_date: null` might be refused, or ignored while the app reports the change done), so the
 * form does not offer it. An emptied email the user never had is no change either.
 */
export function detailsChange(values: Partial<DetailsValues>, original: DetailsValues): ServiceUserChangeInput {
  const endDate = (values.endDate ?? '').trim();
  const description = values.description ?? '';
  const email = values.email ?? '';
  const change: ServiceUserChangeInput = {};
  if (endDate !== '' && endDate !== original.endDate) change.endDate = endDate;
  if (!sameText(description, original.description)) change.description = description;
  if (!sameText(email, original.email) && !(email.trim() === '' && original.email === '')) change.email = email;
  return change;
}

/** What the "access" form edits (the wizard's own shapes). */
export interface AccessValues {
  accountIds: string[];
  managers: ManagerAccessValue[];
}

/**
 * The user's current access: accounts, and its roles per manager (managers without known roles
 * too). Roles the reference data does not place under a manager (UNKNOWN_MANAGER_ID) cannot be
 * edited here: they are returned apart, and a change of managers or roles would not keep them.
 */
export function accessValuesOf(details: Pick<ServiceUserDetails, 'user' | 'roles'>): {
  values: AccessValues;
  unknownRoleIds: string[];
} {
  const managers: ManagerAccessValue[] = details.roles
    .filter((r) => r.managerId !== UNKNOWN_MANAGER_ID)
    .map((r) => ({ managerId: r.managerId, roleIds: [...r.roleIds] }));
  for (const id of details.user.managerIds ?? []) {
    if (!managers.some((m) => m.managerId === id)) managers.push({ managerId: id, roleIds: [] });
  }
  const unknownRoleIds = details.roles.filter((r) => r.managerId === UNKNOWN_MANAGER_ID).flatMap((r) => r.roleIds);
  return { values: { accountIds: [...(details.user.accountIds ?? [])], managers }, unknownRoleIds };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function sameManagers(a: readonly ManagerAccessValue[], b: readonly ManagerAccessValue[]): boolean {
  if (
    !sameSet(
      a.map((m) => m.managerId),
      b.map((m) => m.managerId),
    )
  )
    return false;
  return a.every((m) => sameSet(m.roleIds, b.find((x) => x.managerId === m.managerId)?.roleIds ?? []));
}

/** Only what differs: the accounts, and the managers with their roles (sent whole: they replace the user's). */
export function accessChange(values: Partial<AccessValues>, original: AccessValues): ServiceUserChangeInput {
  const accountIds = values.accountIds ?? [];
  const managers = values.managers ?? [];
  const change: ServiceUserChangeInput = {};
  if (!sameSet(accountIds, original.accountIds)) change.accountIds = [...accountIds];
  if (!sameManagers(managers, original.managers))
    change.managers = managers.map((m) => ({ managerId: m.managerId, roleIds: [...(m.roleIds ?? [])] }));
  return change;
}

/**
 * A form schema: the form's values → the change (only what differs) → the shared
 * `serviceUserChangeSchema(today)`. Issues keep the field paths of the form ('endDate',
 * 'managers.0.roleIds'), so vee-validate puts them on their fields. Nothing changed is not an error
 * here (the form says so itself).
 */
export function changeFormSchema<V extends object>(today: string, toChange: (values: V) => ServiceUserChangeInput) {
  const shared = serviceUserChangeSchema(today);
  return z
    .any()
    .transform((values: V) => toChange(values))
    .superRefine((change, ctx) => {
      if (Object.keys(change).length === 0) return;
      const parsed = shared.safeParse(change);
      if (parsed.success) return;
      // An issue about the whole change (e.g. only an emptied description, which counts as none) goes on its first field.
      const first = Object.keys(change)[0]!;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, path: issue.path.length ? issue.path : [first] } as z.IssueData);
    });
}

export interface RoleChange {
  id: string;
  name: string;
  adminLevel: boolean;
  permissions: string[];
}
export interface ManagerDiff {
  managerId: string;
  name: string;
  /** The manager itself is added to or removed from the user (else only its roles change). */
  status: 'added' | 'removed' | 'changed';
  added: RoleChange[];
  removed: RoleChange[];
}
export interface AccessDiff {
  accountsAdded: { id: string; name: string }[];
  accountsRemoved: { id: string; name: string }[];
  managers: ManagerDiff[];
  /** Admin-level roles the change gives the user. */
  adminAdded: RoleChange[];
}

/** The difference the review shows: accounts and roles per manager added or removed, names from the reference data. */
export function accessDiff(
  values: AccessValues,
  original: AccessValues,
  reference: ReferenceData | null | undefined,
  unknownRoleIds: readonly string[] = [],
): AccessDiff {
  const accountName = (id: string) => reference?.accounts.find((a) => a.id === id)?.name ?? id;
  const role = (id: string): RoleChange => {
    const r = reference?.roles.find((x) => x.id === id);
    return { id, name: r?.name ?? id, adminLevel: !!r?.adminLevel, permissions: r?.permissions ?? [] };
  };
  const before = new Set(original.accountIds);
  const after = new Set(values.accountIds);
  const managerIds = [...new Set([...original.managers, ...values.managers].map((m) => m.managerId))];
  const order = (reference?.managers ?? []).map((m) => m.id);
  const rank = (id: string) => (order.indexOf(id) === -1 ? Number.MAX_SAFE_INTEGER : order.indexOf(id));
  managerIds.sort((a, b) => rank(a) - rank(b));

  const managers: ManagerDiff[] = [];
  for (const managerId of managerIds) {
    const was = original.managers.find((m) => m.managerId === managerId);
    const now = values.managers.find((m) => m.managerId === managerId);
    const oldRoles = new Set(was?.roleIds ?? []);
    const newRoles = new Set(now?.roleIds ?? []);
    const added = [...newRoles].filter((id) => !oldRoles.has(id)).map(role);
    const removed = [...oldRoles].filter((id) => !newRoles.has(id)).map(role);
    const status = !was ? 'added' : !now ? 'removed' : 'changed';
    if (status === 'changed' && added.length === 0 && removed.length === 0) continue;
    managers.push({
      managerId,
      name: reference?.managers.find((m) => m.id === managerId)?.name ?? managerId,
      status,
      added,
      removed,
    });
  }
  // Managers and roles are replaced as a whole: roles no manager is known for are not kept.
  if (unknownRoleIds.length > 0 && !sameManagers(values.managers, original.managers)) {
    managers.push({
      managerId: UNKNOWN_MANAGER_ID,
      name: UNKNOWN_MANAGER_ID,
      status: 'changed',
      added: [],
      removed: unknownRoleIds.map(role),
    });
  }
  return {
    accountsAdded: values.accountIds.filter((id) => !before.has(id)).map((id) => ({ id, name: accountName(id) })),
    accountsRemoved: original.accountIds.filter((id) => !after.has(id)).map((id) => ({ id, name: accountName(id) })),
    managers,
    adminAdded: managers.flatMap((m) => m.added.filter((r) => r.adminLevel)),
  };
}
