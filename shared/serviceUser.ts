import { z } from 'zod';
import { isRealDate } from './dates';
import { noControlChars, toLf } from './text';

export { isRealDate };

/**
 * The service user to create: ONE schema, used by the wizard form (vee-validate), by the IPC
 * boundary and by the DigiCert client before it sends (docs/digicert-account-api.md §3.4, §5).
 *
 * Field names are the domain's (camelCase); the DigiCert wire names live only in
 * electron/core/digicert/wire.ts.
 */

export const FRIENDLY_NAME_MAX = 64; // [I] DigiCert does not document a maximum; the sandbox uses 64.
export const DESCRIPTION_MAX = 1000;
export const EMAIL_MAX = 254;
export const ACCOUNTS_MAX = 1000;
/** Letters, numbers, spaces, dashes and underscores, ASCII only [C S3, S11]. */
const FRIENDLY_NAME_PATTERN = /^[A-Za-z0-9 _-]+$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
// Deliberately plain: something@something.tld, no spaces, no second @.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Today's date in UTC as 'YYYY-MM-DD'. */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A service user expires at 23:59:59 UTC of its end date [C S3, S11]. */
export function expiryInstant(endDate: string): string {
  return `${endDate}T23:59:59Z`;
}

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const friendlyNameSchema = z
  .string({ required_error: 'Enter a friendly name.', invalid_type_error: 'Enter a friendly name.' })
  .trim()
  .min(1, 'Enter a friendly name.')
  .max(FRIENDLY_NAME_MAX, `Use at most ${FRIENDLY_NAME_MAX} characters.`)
  .regex(FRIENDLY_NAME_PATTERN, 'Use only letters, numbers, spaces, dashes and underscores.');

/** Multi-line (a `<textarea>`): line feeds are kept, CRLF becomes LF; other control characters are refused. */
export const descriptionSchema = z
  .string()
  .transform(toLf)
  .pipe(
    z
      .string()
      .trim()
      .max(DESCRIPTION_MAX, `Use at most ${DESCRIPTION_MAX} characters.`)
      .superRefine((value, ctx) => noControlChars(value, ctx, { multiline: true })),
  );

export const emailSchema = z
  .string({ required_error: 'Enter an email address.', invalid_type_error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(EMAIL_MAX, 'This email address is too long.')
  .regex(EMAIL_PATTERN, 'Enter a valid email address, such as owner@example.com.')
  .superRefine(noControlChars);

/** An end date: a real 'YYYY-MM-DD' UTC date that is not before `today` ('' means none). */
export function endDateSchema(today: string) {
  return z.preprocess(
    emptyToUndefined,
    z
      .string({ invalid_type_error: 'Enter the date as YYYY-MM-DD.' })
      .trim()
      .regex(DATE_PATTERN, 'Enter the date as YYYY-MM-DD.')
      .refine((value) => !DATE_PATTERN.test(value) || isRealDate(value), 'This date does not exist.')
      .refine((value) => !isRealDate(value) || value >= today, 'The end date cannot be in the past.')
      .optional(),
  );
}

const idSchema = z.string().trim().min(1).max(128);

export const accountIdsSchema = z
  .array(idSchema, { required_error: 'Choose at least one account.' })
  .min(1, 'Choose at least one account.')
  .max(ACCOUNTS_MAX, `Choose at most ${ACCOUNTS_MAX} accounts.`)
  .refine((ids) => new Set(ids).size === ids.length, 'Each account can be chosen only once.');

export const managerAccessSchema = z
  .object({
    managerId: idSchema,
    roleIds: z
      .array(idSchema, { required_error: 'Choose at least one role for this manager.' })
      .min(1, 'Choose at least one role for this manager.')
      .refine((ids) => new Set(ids).size === ids.length, 'Each role can be chosen only once.'),
  })
  .strict();

export const managersSchema = z
  .array(managerAccessSchema, { required_error: 'Choose at least one DigiCert ONE manager.' })
  .min(1, 'Choose at least one DigiCert ONE manager.')
  .refine(
    (managers) => new Set(managers.map((m) => m.managerId)).size === managers.length,
    'Each manager can be chosen only once.',
  );

/**
 * The schema of a service user to create, relative to `today` ('YYYY-MM-DD', UTC) so that the
 * "not in the past" rule is testable and follows the caller's clock. Built once per day asked
 * for (building it costs about as much as a check with it, and a create checks twice).
 */
export function serviceUserSchema(today: string) {
  if (lastSchema?.today !== today) lastSchema = { today, schema: buildServiceUserSchema(today) };
  return lastSchema.schema;
}

let lastSchema: { today: string; schema: ReturnType<typeof buildServiceUserSchema> } | undefined;

function buildServiceUserSchema(today: string) {
  return z
    .object({
      friendlyName: friendlyNameSchema,
      description: z.preprocess(emptyToUndefined, descriptionSchema.optional()),
      endDate: endDateSchema(today),
      email: emailSchema,
      accountIds: accountIdsSchema,
      managers: managersSchema,
    })
    .strict();
}

/** What the form / IPC caller passes. */
export type ServiceUserInput = z.input<ReturnType<typeof serviceUserSchema>>;
/** What the schema yields (trimmed, '' turned into undefined). */
export type ServiceUserCreate = z.output<ReturnType<typeof serviceUserSchema>>;

// ---------------------------------------------------------------------------------------------
// Domain types (what the client returns; the wire format is mapped in electron/core/digicert/wire.ts)

export interface Account {
  id: string;
  name: string;
  active: boolean;
  friendlyIdentifier?: string;
  servicePeriod?: { from: string; to: string };
}

/** A DigiCert ONE "manager" (an application such as Trust Lifecycle). */
export interface Manager {
  /** Stable id; today the application code (e.g. 'account_manager'), see wire assumptions. */
  id: string;
  name: string;
}

export interface Role {
  id: string;
  name: string;
  managerId: string;
  permissions: string[];
  /** True for roles that administer the account (e.g. AM_ACCOUNT_ADMIN): the UI asks twice. */
  adminLevel?: boolean;
}

export type ServiceUserStatus = 'ACTIVE' | 'DISABLED' | 'EXPIRED' | (string & {});

export interface ServiceUser {
  id: string;
  friendlyName: string;
  description: string;
  /** Absent when DigiCert ONE's answer did not carry it (the app does not rely on it). */
  email?: string;
  status?: ServiceUserStatus;
  endDate?: string;
  accountIds?: string[];
  managerIds?: string[];
  /** The roles it holds, when DigiCert ONE's answer carried them. */
  roleIds?: string[];
  createdAt?: string;
}

/** The caller (the admin whose API key the profile holds). */
export interface Me {
  id: string;
  name?: string;
  email?: string;
  userType?: string;
  /** May create, change and delete service users (Manage users / account admin). */
  canManageUsers: boolean;
  permissions?: string[];
}

export interface CreatedServiceUser {
  user: ServiceUser;
  /** The one-time API token. Straight to the keychain; never logged, stored or shown unasked. */
  token: string;
}
