import { z } from 'zod';
import { KEYCHAIN_NAME_MAX, keychainItemSchema, type KeychainItem } from '../../../shared/creation';
import type { DraftFields } from '../../../shared/drafts';
import { defaultKeychainItem, keychainItemErrors, type KeychainItemProfile } from '../../../shared/keychainItem';
import type { ReferenceData, ServiceUserBrief } from '../../../shared/reference';
import {
  FRIENDLY_NAME_MAX,
  DESCRIPTION_MAX,
  EMAIL_MAX,
  ACCOUNTS_MAX,
  managersSchema,
  serviceUserSchema,
  type Account,
  type Role,
} from '../../../shared/serviceUser';

/**
 * The creation wizard's pure logic: form values, the per-step schemas (all cut from the ONE shared
 * `serviceUserSchema`), draft mapping, warnings, presets and the account search. No Vue here, so
 * every rule is testable on its own.
 */

export interface ManagerAccessValue {
  managerId: string;
  roleIds: string[];
}

/** What the wizard form edits. */
export interface WizardValues {
  friendlyName: string;
  description: string;
  /** 'YYYY-MM-DD' (UTC) or '' for none. */
  endDate: string;
  email: string;
  accountIds: string[];
  /** One entry per chosen manager, in the order of the reference data. */
  managers: ManagerAccessValue[];
  saveToKeychain: boolean;
  keychainService: string;
  keychainAccount: string;
}

export const STEP_DETAILS = 0;
export const STEP_ROLES = 1;
export const STEP_REVIEW = 2;
export const ALL_STEPS = ['details', 'roles', 'review', 'create', 'token'] as const;

export const END_DATE_PRESETS = [30, 90, 180, 365] as const;
/** More accounts than this earns a warning on the review step. */
const MANY_ACCOUNTS = 10;
/** Autosave debounce (the issue allows at most 300 ms). */
export const AUTOSAVE_DELAY_MS = 250;

/** Which fields live on which edit step (server errors navigate to the step holding the field). */
const STEP_FIELDS: Record<number, readonly string[]> = {
  [STEP_DETAILS]: ['friendlyName', 'description', 'endDate', 'email', 'accountIds', 'managers'],
  [STEP_ROLES]: ['managers.'],
  [STEP_REVIEW]: ['keychainService', 'keychainAccount'],
};

export function stepOfField(path: string): number {
  if (/^managers\.\d+/.test(path)) return STEP_ROLES;
  if (path === 'managers' || STEP_FIELDS[STEP_DETAILS]!.includes(path)) return STEP_DETAILS;
  if (path === 'roleIds') return STEP_ROLES;
  if (path === 'keychainService' || path === 'keychainAccount') return STEP_REVIEW;
  return STEP_DETAILS;
}

export function emptyWizardValues(saveToKeychain = true): WizardValues {
  return {
    friendlyName: '',
    description: '',
    endDate: '',
    email: '',
    accountIds: [],
    managers: [],
    saveToKeychain,
    keychainService: '',
    keychainAccount: '',
  };
}

/** Case- and space-insensitive key of a friendly name (DigiCert treats names that way). */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** Existing service users by normalized friendly name, for the uniqueness hint. */
export function takenNames(reference: ReferenceData | null | undefined): Map<string, ServiceUserBrief> {
  const map = new Map<string, ServiceUserBrief>();
  for (const user of reference?.serviceUsers ?? []) map.set(normalizeName(user.friendlyName), user);
  return map;
}

/** The message the uniqueness rule raises; translated by lib/wizardValidationText.ts. */
export const NAME_TAKEN_MESSAGE = 'A service user with this name already exists in this profile.';
/** The message when DigiCert ONE itself refused the name (duplicate_name on create). */
export const NAME_TAKEN_SERVER_MESSAGE = 'DigiCert ONE refused this friendly name: it is already in use.';

/** Only the issues of `managersSchema` about the list itself (none chosen, chosen twice). */
const managersChosenSchema = z.any().superRefine((value, ctx) => {
  const parsed = managersSchema.safeParse(value);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    if (issue.path.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: issue.message });
  }
});

export interface SchemaContext {
  today: string;
  /** Normalized names of existing service users in the profile (from the cache when offline). */
  taken: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  /** Normalized names DigiCert ONE refused as duplicates in this session (the cache may be older). */
  serverTaken?: ReadonlySet<string>;
}

/** The uniqueness rule of a friendly name: which message, if any. */
function nameTaken(name: string, context: SchemaContext): string | undefined {
  if (name.trim() === '') return undefined;
  const key = normalizeName(name);
  if (context.serverTaken?.has(key)) return NAME_TAKEN_SERVER_MESSAGE;
  if (context.taken.has(key)) return NAME_TAKEN_MESSAGE;
  return undefined;
}

function withUniqueName<T extends z.ZodTypeAny>(schema: T, context: SchemaContext) {
  return schema.superRefine((value: { friendlyName?: unknown }, ctx) => {
    const message = nameTaken(typeof value?.friendlyName === 'string' ? value.friendlyName : '', context);
    if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['friendlyName'], message });
  });
}

/**
 * The schema of one step, cut from the shared `serviceUserSchema(today)`: step 1 checks the details
 * and that managers are chosen; step 2 the roles per manager; the review step everything, plus the
 * keychain item names when "save to keychain" is on.
 */
export function stepSchema(step: number, ctx: SchemaContext) {
  const full = serviceUserSchema(ctx.today);
  if (step === STEP_DETAILS) {
    const details = full
      .pick({ friendlyName: true, description: true, endDate: true, email: true, accountIds: true })
      .extend({ managers: managersChosenSchema })
      .strip();
    return withUniqueName(details, ctx);
  }
  if (step === STEP_ROLES) {
    return full.pick({ managers: true }).strip();
  }
  const review = full
    .extend({
      saveToKeychain: z.boolean().optional(),
      keychainService: z.string().optional(),
      keychainAccount: z.string().optional(),
    })
    .strip()
    .superRefine((value, zctx) => {
      if (!value.saveToKeychain) return;
      const errors = keychainItemErrors({ service: value.keychainService ?? '', account: value.keychainAccount ?? '' });
      if (errors.service)
        zctx.addIssue({ code: z.ZodIssueCode.custom, path: ['keychainService'], message: errors.service });
      if (errors.account)
        zctx.addIssue({ code: z.ZodIssueCode.custom, path: ['keychainAccount'], message: errors.account });
    });
  return withUniqueName(review, ctx);
}

/** The fields typed key by key: their rules are synchronous and checked on every keystroke. */
export const TEXT_FIELDS = [
  'friendlyName',
  'description',
  'endDate',
  'email',
  'keychainService',
  'keychainAccount',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

const fieldRules = new Map<string, ReturnType<typeof serviceUserSchema>['shape']>();
/** The shared schema's rules per field, built once per day (not once per keystroke). */
function rulesOf(today: string) {
  let shape = fieldRules.get(today);
  if (!shape) {
    shape = serviceUserSchema(today).shape;
    fieldRules.clear();
    fieldRules.set(today, shape);
  }
  return shape;
}

/**
 * What `stepSchema(step, ctx)` says about one text field, without parsing the rest of the form
 * (thousands of account ids): the same rules and the same first message, so the error can be set on
 * the keystroke itself rather than after vee-validate's batched schema run.
 */
export function textFieldError(
  field: TextField,
  values: Pick<WizardValues, TextField | 'saveToKeychain'>,
  step: number,
  ctx: SchemaContext,
): string | undefined {
  if (field === 'keychainService' || field === 'keychainAccount') {
    if (step !== STEP_REVIEW || !values.saveToKeychain) return undefined;
    const errors = keychainItemErrors({ service: values.keychainService ?? '', account: values.keychainAccount ?? '' });
    return (field === 'keychainService' ? errors.service : errors.account) ?? undefined;
  }
  if (step === STEP_ROLES) return undefined;
  const result = rulesOf(ctx.today)[field].safeParse(values[field]);
  if (!result.success) return result.error.issues[0]?.message;
  return field === 'friendlyName' ? nameTaken(values.friendlyName ?? '', ctx) : undefined;
}

const cut = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);

/**
 * Form values → a draft (lenient, bounded): an over-long value is cut to the field's maximum so the
 * draft still saves (the form keeps showing the error on the full value).
 */
export function draftFieldsFromValues(values: WizardValues): DraftFields {
  return {
    friendlyName: cut(values.friendlyName, FRIENDLY_NAME_MAX),
    description: cut(values.description, DESCRIPTION_MAX),
    endDate: /^(\d{4}-\d{2}-\d{2})?$/.test(values.endDate) ? values.endDate : '',
    email: cut(values.email, EMAIL_MAX),
    accountIds: values.accountIds.slice(0, ACCOUNTS_MAX),
    managers: values.managers.map((m) => ({ managerId: m.managerId, roleIds: [...m.roleIds] })),
    saveToKeychain: values.saveToKeychain,
    keychainItem: {
      service: cut(values.keychainService, KEYCHAIN_NAME_MAX),
      account: cut(values.keychainAccount, KEYCHAIN_NAME_MAX),
    },
  };
}

export function valuesFromDraft(fields: DraftFields, fallbackSaveToKeychain: boolean): WizardValues {
  return {
    ...emptyWizardValues(fields.saveToKeychain ?? fallbackSaveToKeychain),
    friendlyName: fields.friendlyName ?? '',
    description: fields.description ?? '',
    endDate: fields.endDate ?? '',
    email: fields.email ?? '',
    accountIds: [...(fields.accountIds ?? [])],
    managers: (fields.managers ?? []).map((m) => ({ managerId: m.managerId, roleIds: [...m.roleIds] })),
    keychainService: fields.keychainItem?.service ?? '',
    keychainAccount: fields.keychainItem?.account ?? '',
  };
}

/** The keychain item a draft asks for: the names typed on its review step, else the defaults. */
export function draftKeychainItem(fields: DraftFields, profile: KeychainItemProfile | null | undefined): KeychainItem {
  const typed = keychainItemSchema.safeParse(fields.keychainItem);
  return typed.success ? typed.data : defaultKeychainItem(profile, fields.friendlyName ?? '');
}

/** `today` + `days`, as 'YYYY-MM-DD' (UTC). */
export function addDays(today: string, days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The end date's expiry shown in UTC and in the admin's time zone. */
export function describeExpiry(
  endDate: string,
  locale: string,
  timeZone?: string,
): { utc: string; local: string; sameAsUtc: boolean } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) return null;
  const instant = new Date(`${endDate}T23:59:59Z`);
  if (Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== endDate) return null;
  const utc = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'medium', timeZone: 'UTC' }).format(
    instant,
  );
  const local = new Intl.DateTimeFormat(locale, {
    dateStyle: 'full',
    timeStyle: 'long',
    ...(timeZone ? { timeZone } : {}),
  }).format(instant);
  // Where the admin's clock reads the same as UTC at that moment, saying it twice helps nobody.
  const sameAsUtc =
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'full',
      timeStyle: 'medium',
      ...(timeZone ? { timeZone } : {}),
    }).format(instant) === utc;
  return { utc, local, sameAsUtc };
}

/** A manager's chosen roles, keeping only roles that belong to it (roles only for chosen managers). */
export function rolesOf(reference: ReferenceData | null | undefined, managerId: string): Role[] {
  return (reference?.roles ?? []).filter((r) => r.managerId === managerId);
}

/** Toggles a manager; its roles go with it when it is removed. Keeps the reference order. */
export function toggleManager(
  managers: readonly ManagerAccessValue[],
  managerId: string,
  on: boolean,
  order: readonly string[],
): ManagerAccessValue[] {
  const others = managers.filter((m) => m.managerId !== managerId);
  const next = on ? [...others, managers.find((m) => m.managerId === managerId) ?? { managerId, roleIds: [] }] : others;
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  return next.sort((a, b) => rank(a.managerId) - rank(b.managerId));
}

/** Toggles a role of one manager; a role of another manager is refused. */
export function toggleRole(
  managers: readonly ManagerAccessValue[],
  role: Pick<Role, 'id' | 'managerId'>,
  on: boolean,
): ManagerAccessValue[] {
  return managers.map((m) => {
    if (m.managerId !== role.managerId) return m;
    const without = m.roleIds.filter((id) => id !== role.id);
    return { ...m, roleIds: on ? [...without, role.id] : without };
  });
}

/** Drops chosen roles that the reference data does not list for their manager. */
export function pruneRoles(
  managers: readonly ManagerAccessValue[],
  reference: ReferenceData | null | undefined,
): ManagerAccessValue[] {
  if (!reference) return [...managers];
  return managers.map((m) => {
    const allowed = new Set(rolesOf(reference, m.managerId).map((r) => r.id));
    return { ...m, roleIds: m.roleIds.filter((id) => allowed.has(id)) };
  });
}

/** Text folded for search: lower case, accents dropped ("Müller" is found by "muller"). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Only letters and digits of an account number ("5 258-283" is typed as well as "5258283"). */
const numberKey = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

interface AccountKey {
  name: string;
  number: string;
}

/** The folded search keys of an account list, computed once per list (not once per keystroke). */
const accountKeys = new WeakMap<readonly Account[], AccountKey[]>();
function keysOf(accounts: readonly Account[]): AccountKey[] {
  let keys = accountKeys.get(accounts);
  if (!keys) {
    keys = accounts.map((a) => ({
      name: fold(a.name).replace(/\s+/g, ' '),
      number: numberKey(a.friendlyIdentifier ?? ''),
    }));
    accountKeys.set(accounts, keys);
  }
  return keys;
}

/**
 * The account search: the query (case, accents and runs of spaces aside) is part of the account's
 * name, or begins its account number. Internal ids are never matched (they are UUIDs: "4" would
 * match every account). All matches are returned, in the list's order; the picker renders only
 * those in view.
 */
export function matchAccounts(accounts: readonly Account[], query: string): readonly Account[] {
  const phrase = fold(query).trim().replace(/\s+/g, ' ');
  if (phrase === '') return accounts;
  const number = /\p{N}/u.test(phrase) ? numberKey(phrase) : '';
  const keys = keysOf(accounts);
  const matches: Account[] = [];
  for (let i = 0; i < accounts.length; i++) {
    const key = keys[i]!;
    if (key.name.includes(phrase) || (number !== '' && key.number.startsWith(number))) matches.push(accounts[i]!);
  }
  return matches;
}

type ReviewWarning =
  | { kind: 'noEndDate' }
  | { kind: 'adminRoles'; roles: string[] }
  | { kind: 'manyAccounts'; count: number }
  | { kind: 'inactiveAccounts'; names: string[] };

export function reviewWarnings(values: WizardValues, reference: ReferenceData | null | undefined): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  if (values.endDate.trim() === '') warnings.push({ kind: 'noEndDate' });
  const chosenRoles = new Set(values.managers.flatMap((m) => m.roleIds));
  const adminRoles = (reference?.roles ?? []).filter((r) => r.adminLevel && chosenRoles.has(r.id)).map((r) => r.name);
  if (adminRoles.length > 0) warnings.push({ kind: 'adminRoles', roles: adminRoles });
  if (values.accountIds.length > MANY_ACCOUNTS)
    warnings.push({ kind: 'manyAccounts', count: values.accountIds.length });
  const chosenAccounts = new Set(values.accountIds);
  const inactive = (reference?.accounts ?? []).filter((a) => !a.active && chosenAccounts.has(a.id)).map((a) => a.name);
  if (inactive.length > 0) warnings.push({ kind: 'inactiveAccounts', names: inactive });
  return warnings;
}
