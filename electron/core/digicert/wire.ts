/**
 * The ONE mapping between the domain types (shared/serviceUser.ts) and DigiCert ONE's wire format
 * (Account Manager API, `/account/api/v1`). When the live Swagger page (S9 in
 * docs/digicert-account-api.md) confirms or corrects something, this is the file that changes.
 *
 * Assumptions encoded here ([I] inferred, [?] unknown; see docs/digicert-wire-assumptions.md;
 * `npm run wire-check` checks those a read can settle against a real tenant, see wireCheck.ts):
 *  A1 [I] Create body: POST /user {user_type:'service', friendly_name, description?, email,
 *         end_date? ('YYYY-MM-DD'), accounts:[{id}], applications:[{code}], roles:[{id}]}.
 *  A2 [?] The token comes back in the create response as `api_token` (a string or `{token,...}`)
 *         or as `token`; all three are accepted. Any other shape is not a parse error: the
 *         user exists, so the client hands the raw answer up (createdWithoutToken) and the admin
 *         picks the token among its strings (tokenCandidates.ts) instead of losing it.
 *  A3 [?] Create answers 201 or 200 (both accepted).
 *  A4 [I] Update is PUT /user/{id} (body: A22); answers the user (200) or nothing (204 — then the
 *         client re-reads the user).
 *  A5 [I] Delete is DELETE /user/{id}; answers 204 or 200.
 *  A6 [?] No endpoint lists managers ("applications"): the six managers are a fixed list here,
 *         identified by their `application_code` (only `account_manager` is confirmed).
 *  A7 [I] Role item: {id, name, code?, permissions:[string], application?:{id?,name?,code?},
 *         application_code?}. Its manager is found from application_code, application.code,
 *         application.name, or else the application_code we asked for.
 *  A8 [I] GET /role is asked once per manager with `?application_code=<code>`.
 *  A9 [I] Lists (/user, /account, /role) answer a bare array or a `{total, offset, limit, items}`
 *         envelope; /user is sent `limit`/`offset` and followed page by page.
 * A10 [I] User fields beyond the documented excerpt: `end_date` (date or date-time),
 *         `accounts:[{id}]`; `primary_account_id` is used when `accounts` is absent. Only `id` is
 *         required (without a friendly name the user is shown by its id). Ids of users, accounts,
 *         roles and tokens may be strings or numbers. A list item the app cannot use is left out
 *         (logged with its field path), never failing the whole list; `items: null` is empty.
 * A11 [I] A user's managers are its `applications[]`, matched to codes by name.
 * A12 [I] The caller may manage users when its Account Manager permissions include
 *         MANAGE_AM_USER or its roles include AM_ACCOUNT_ADMIN (GET /user/me).
 * A13 [V] Errors: `{"errors":[{code,message,field?}]}` or `{"error":{code|status,message,field?}}`.
 * A14 [I] Error `field` names are the wire names of the create body (friendly_name, ...);
 *         mapped to domain names by FIELD_TO_DOMAIN.
 * A15 [?] Duplicate friendly name: code `duplicate_error` (documented), status 400 or 409.
 * A16 [I] Roles whose code ends in `_ADMIN` or whose name contains "Admin" are admin-level.
 * A17 [I] A user's tokens: GET /api-access-token?user_id=<id> (paths [C]); a bare array or the A9
 *         envelope, sent `limit`/`offset` and followed page by page like /user.
 * A18 [I] Token item: {id (string or number), name?, created_at?, end_date? (date or date-time),
 *         status?}; nulls and unknown fields tolerated. Values are never listed.
 * A19 [I] Issue a token: POST /api-access-token {user_id, name, end_date?}.
 * A20 [?] Its answer (200 or 201) carries the value as `token` or `api_token`, a string or
 *         `{token}` (tokenOf, shared with A2), and the token's `id` at the top level or inside that
 *         object. Without an id the token is found by listing the user's tokens by name.
 * A21 [I] Revoke: disable with PUT /api-access-token/{id} {status:'disabled'}; delete with
 *         DELETE /api-access-token/{id} (204 or 200; 404 means already gone).
 * A22 [I] User update body: only the changed fields, named as in the create body (A1): description,
 *         end_date, email, accounts:[{id}], and managers as applications:[{code}] + roles:[{id}]
 *         (both sent together, replacing the user's managers and roles).
 * A23 [I] A user read (and listed) carries `roles:[{id, ...}]`, the roles it holds.
 * A24 [?] A user's client authentication certificates: GET /user/{id}/client-auth-certificate, a
 *         bare array or the A9 envelope, sent `limit`/`offset` and followed page by page. Item:
 *         {id (string or number), nickname (also name or friendly_name), serial_number?, fingerprint_sha256? (also
 *         thumbprint_sha256 or fingerprint; any hex spelling, or base64), valid_to? (also end_date or
 *         not_after; an instant or a date), status?, created_at?}. Never a key or a password.
 * A25 [?] Generate one: POST /user/{id}/client-auth-certificate {nickname, end_date ('YYYY-MM-DD'),
 *         encryption ('AES'|'3DES'), signature_hash ('SHA256'|'SHA384'|'SHA512')}; answers 200 or
 *         201 with the A24 fields plus the PKCS#12 password as `password` (also certificate_password,
 *         p12_password) and the file as base64 `certificate_file` (also pkcs12, p12, file; base64url
 *         and line breaks tolerated). Without an id the certificate is found by listing by nickname.
 * A26 [?] Revoke: PUT /user/{id}/client-auth-certificate/{certId}/revoke, no body; 200 or 204.
 * A27 [I] Mutual TLS: the profile's host with `clientauth.` in front (clientAuthOrigin); GET
 *         /user/me there with the client certificate and no x-api-key answers its owner (A12 shape).
 */
import { z } from 'zod';
import type { ApiToken, ServiceUserChange } from '../../../shared/manage';
import type { CertificateRequest, ClientCertificate } from '../../../shared/certificates';
import type { Account, Manager, Me, Role, ServiceUser, ServiceUserCreate } from '../../../shared/serviceUser';

const API_PREFIX = '/account/api/v1';
export const PAGE_SIZE = 100;

// ---------------------------------------------------------------------------------------------
// Managers (A6)

export interface KnownManager extends Manager {
  /** The `application_code` query value for GET /role. */
  code: string;
  /** Permission code infix, e.g. AM in MANAGE_AM_USER. */
  permissionPrefix: string;
}

export const KNOWN_MANAGERS: readonly KnownManager[] = [
  { id: 'account_manager', code: 'account_manager', name: 'Account Manager', permissionPrefix: 'AM' },
  { id: 'trust_lifecycle', code: 'trust_lifecycle', name: 'Trust Lifecycle', permissionPrefix: 'EM' },
  { id: 'software_trust', code: 'software_trust', name: 'Software Trust', permissionPrefix: 'SM' },
  { id: 'iot_trust', code: 'iot_trust', name: 'IoT Trust', permissionPrefix: 'IOT' },
  { id: 'document_trust', code: 'document_trust', name: 'Document Trust', permissionPrefix: 'DSM' },
  { id: 'ca_manager', code: 'ca_manager', name: 'CA Manager', permissionPrefix: 'CM' },
];

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Each known manager under its code and its name, normalised (a list read maps every user's applications). */
const MANAGER_BY_KEY = new Map(KNOWN_MANAGERS.flatMap((m) => [norm(m.code), norm(m.name)].map((key) => [key, m.id])));
/** Codes and names as DigiCert spells them, met on every list item: found without normalising. */
const MANAGER_BY_EXACT = new Map(KNOWN_MANAGERS.flatMap((m) => [m.code, m.name].map((key) => [key, m.id])));

/** The manager id for an application code, or name (e.g. "Trust Lifecycle", "trust_lifecycle"). */
export function managerIdFor(codeOrName: string | undefined | null): string | undefined {
  if (!codeOrName) return undefined;
  return MANAGER_BY_EXACT.get(codeOrName) ?? MANAGER_BY_KEY.get(norm(codeOrName));
}

// ---------------------------------------------------------------------------------------------
// Response schemas. Each one requires only what the app reads from it (see the consumer named
// above each schema) and tolerates the rest: unknown fields are stripped, every field the app can
// do without may be absent or `null`. Tighten a field only together with a consumer that needs it.

/** An optional text field: absent and null both read as undefined. */
const optText = z.string().nullish();

/** Ids of users, accounts, roles and tokens: a non-empty string or a number, kept as a string. */
const wireId = z.union([z.string().min(1), z.number()]).transform(String);

/** Accounts: the wizard's account picker (name, active, friendly identifier). */
export const accountWire = z.object({
  id: wireId,
  /** Without one the picker shows the id. */
  name: optText,
  active: z.boolean().nullish(),
  friendly_identifier: optText,
  service_period: z.object({ from: optText, to: optText }).nullish(),
});
export type AccountWire = z.infer<typeof accountWire>;

const applicationRef = z.object({
  name: optText,
  code: optText,
  permissions: z.array(z.string()).nullish(),
});

/** Roles: the wizard's role picker (name, manager, permissions, admin level). */
export const roleWire = z.object({
  id: wireId,
  /** Without one the picker shows the id. */
  name: optText,
  code: optText,
  permissions: z.array(z.string()).nullish(),
  application: applicationRef.nullish(),
  application_code: optText,
});
export type RoleWire = z.infer<typeof roleWire>;

/**
 * The caller (GET /user/me): only what `toMe()` reads. "Me" is an id and a permission check; the
 * full user record (created_at, status, ...) is neither needed nor required.
 */
export const meWire = z.object({
  id: wireId,
  email: optText,
  user_type: optText,
  friendly_name: optText,
  name: optText,
  first_name: optText,
  last_name: optText,
  applications: z.array(applicationRef).nullish(),
  roles: z.array(z.object({ code: optText })).nullish(),
});
export type MeWire = z.infer<typeof meWire>;

/**
 * A service user as listed or read: the reference cache and the creation workflow use its id and
 * friendly name (uniqueness, "does it exist"); everything else is kept when present. Lean on
 * purpose: lists are parsed on every refresh; unknown keys are stripped without being walked.
 */
export const serviceUserWire = z.object({
  id: wireId,
  /** Without one the user is shown by its id. */
  friendly_name: optText,
  email: optText,
  status: optText,
  description: optText,
  created_at: optText,
  end_date: optText,
  primary_account_id: optText,
  accounts: z.array(z.object({ id: wireId })).nullish(),
  applications: z.array(z.object({ name: optText, code: optText })).nullish(),
  /** A23: the roles it holds (details show them per manager). */
  roles: z.array(z.object({ id: wireId.nullish() })).nullish(),
});
export type ServiceUserWire = z.infer<typeof serviceUserWire>;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const isOptText = (v: unknown): v is string | null | undefined => v == null || typeof v === 'string';
function plainId(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}
/** An array of plain objects read item by item; `false` when any part is not plainly acceptable. */
function plainArray<T>(
  v: unknown,
  read: (item: Record<string, unknown>) => T | undefined,
): T[] | null | undefined | false {
  if (v == null) return v as null | undefined;
  if (!Array.isArray(v)) return false;
  const out: T[] = [];
  for (const item of v) {
    const read1 = isPlain(item) ? read(item) : undefined;
    if (read1 === undefined) return false;
    out.push(read1);
  }
  return out;
}

function readAccountRef(a: Record<string, unknown>): { id: string } | undefined {
  const id = plainId(a.id);
  return id === undefined ? undefined : { id };
}
function readApplicationRef(a: Record<string, unknown>): { name?: string | null; code?: string | null } | undefined {
  return isOptText(a.name) && isOptText(a.code) ? { name: a.name, code: a.code } : undefined;
}
function readRoleRef(r: Record<string, unknown>): { id?: string | null } | undefined {
  if (r.id == null) return { id: r.id as null | undefined };
  const id = plainId(r.id);
  return id === undefined ? undefined : { id };
}

/**
 * `serviceUserWire` on the list path without zod: lists are read on every refresh and zod costs
 * about 40 µs a user (a page of 100 takes longer than its request). The same rules, written out;
 * it only accepts what plainly passes them and answers undefined for anything else, which then
 * goes through `serviceUserWire` (that names the problem). tests/unit/digicert/serviceUserListFast
 * keeps the two in step.
 */
export function readServiceUserWire(value: unknown): ServiceUserWire | undefined {
  if (!isPlain(value)) return undefined;
  const id = plainId(value.id);
  if (id === undefined) return undefined;
  // Named reads into one fixed shape (absent reads as undefined, as toServiceUser takes it): a loop
  // over the key names made every read and write a keyed one, about half the cost of the list.
  const { friendly_name, email, status, description, created_at, end_date, primary_account_id } = value;
  if (
    !isOptText(friendly_name) ||
    !isOptText(email) ||
    !isOptText(status) ||
    !isOptText(description) ||
    !isOptText(created_at) ||
    !isOptText(end_date) ||
    !isOptText(primary_account_id)
  )
    return undefined;
  const accounts = plainArray(value.accounts, readAccountRef);
  const applications = plainArray(value.applications, readApplicationRef);
  const roles = plainArray(value.roles, readRoleRef);
  if (accounts === false || applications === false || roles === false) return undefined;
  return {
    id,
    friendly_name,
    email,
    status,
    description,
    created_at,
    end_date,
    primary_account_id,
    accounts,
    applications,
    roles,
  };
}

/**
 * A2: the create answer. Only the new user's id is required: the token fields are read by
 * `tokenOf`, whatever their shape, so an unexpected token shape never fails the parse (a create
 * answer the app cannot read would lose a token). The friendly name falls back to the one sent.
 */
export const createdUserWire = serviceUserWire.extend({
  friendly_name: optText,
  api_token: z.unknown().optional(),
  token: z.unknown().optional(),
});

/** A18: one API token as listed (never its value). */
export const apiTokenWire = z.object({
  id: wireId,
  /** Without one the token is shown by its id. */
  name: optText,
  created_at: optText,
  end_date: optText,
  status: optText,
});
export type ApiTokenWire = z.infer<typeof apiTokenWire>;

/**
 * A20: what the app reads of the answer to issuing a token besides the value and the id (which
 * `tokenOf` and `issuedTokenIdOf` take from the raw answer, so that no other field can fail them).
 */
export const createdTokenWire = z.object({
  name: optText,
  created_at: optText,
  end_date: optText,
  status: optText,
});

/**
 * A24: one client certificate as listed (never a key or a password). The app needs the id and the
 * nickname (retries match on it; also read as `name` or `friendly_name`); the other facts are
 * shown when present, in whichever spelling.
 */
export const clientCertificateWire = z.object({
  id: wireId,
  nickname: optText,
  name: optText,
  friendly_name: optText,
  serial_number: z.union([z.string(), z.number()]).nullish(),
  fingerprint_sha256: optText,
  thumbprint_sha256: optText,
  fingerprint: optText,
  valid_to: optText,
  end_date: optText,
  not_after: optText,
  status: optText,
  created_at: optText,
});
export type ClientCertificateWire = z.infer<typeof clientCertificateWire>;

/** A24: a certificate's nickname in whichever spelling DigiCert sends it; undefined when there is none. */
export const nicknameOf = (w: Pick<ClientCertificateWire, 'nickname' | 'name' | 'friendly_name'>): string | undefined =>
  w.nickname || w.name || w.friendly_name || undefined;

/** A24 as the app reads a list: an item without a nickname in any spelling cannot be matched (skipped). */
export const listedCertificateWire = clientCertificateWire.superRefine((w, ctx) => {
  if (nicknameOf(w) === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.invalid_type, expected: 'string', received: 'undefined', path: ['nickname'] });
  }
});

/** A25: the generate answer's certificate fields; the id may be missing (found by listing then). */
export const createdCertificateWire = clientCertificateWire.extend({ id: wireId.nullish() });

/**
 * Nicknames are unique per user regardless of case (DigiCert's rule may ignore case; the
 * sandbox's does): the one rule every match on a nickname uses.
 */
export const sameNickname = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export const pageEnvelopeWire = z.object({
  total: z.number().int().nonnegative().nullish(),
  offset: z.number().int().nonnegative().nullish(),
  limit: z.number().int().nonnegative().nullish(),
  /** `null` reads as an empty page. */
  items: z.array(z.unknown()).nullable(),
});

const isCount = (v: unknown) => v == null || (Number.isInteger(v) && (v as number) >= 0);

/**
 * pageEnvelopeWire without zod, for the envelopes that plainly fit it (every list page reads one);
 * undefined sends the body through pageEnvelopeWire, which names what is wrong.
 */
export function readPageEnvelope(body: Record<string, unknown>): z.output<typeof pageEnvelopeWire> | undefined {
  const { total, offset, limit, items } = body;
  if (!isCount(total) || !isCount(offset) || !isCount(limit)) return undefined;
  if (items !== null && !Array.isArray(items)) return undefined;
  return {
    total: total as number | null | undefined,
    offset: offset as number | null | undefined,
    limit: limit as number | null | undefined,
    items,
  };
}

const errorItem = z.object({
  code: optText,
  status: z.union([z.string(), z.number()]).nullish(),
  message: optText,
  field: optText,
});
const errorEnvelopeWire = z.union([z.object({ errors: z.array(errorItem) }), z.object({ error: errorItem })]);

export interface WireError {
  code: string;
  message: string;
  field?: string;
}

/** A13: both envelopes to one list; undefined when the body is not an error envelope. */
export function parseErrorBody(body: unknown): WireError[] | undefined {
  const parsed = errorEnvelopeWire.safeParse(body);
  if (!parsed.success) return undefined;
  const items = 'errors' in parsed.data ? parsed.data.errors : [parsed.data.error];
  return items.map((item) => {
    const out: WireError = {
      code: item.code ?? (item.status != null ? String(item.status) : 'unknown'),
      message: item.message ?? '',
    };
    if (item.field) out.field = item.field;
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Field names (A14)

const FIELD_TO_DOMAIN: Record<string, string> = {
  friendly_name: 'friendlyName',
  nickname: 'friendlyName',
  description: 'description',
  email: 'email',
  end_date: 'endDate',
  accounts: 'accountIds',
  account_ids: 'accountIds',
  primary_account_id: 'accountIds',
  applications: 'managers',
  roles: 'managers',
  role_ids: 'managers',
};

/** 'accounts[0].id' → 'accountIds'; unknown names pass through unchanged. */
export function domainField(wireField: string): string {
  const head = wireField.split(/[.[]/)[0] ?? wireField;
  return FIELD_TO_DOMAIN[head] ?? wireField;
}

// ---------------------------------------------------------------------------------------------
// Mapping wire → domain

export function toAccount(w: AccountWire): Account {
  const account: Account = { id: w.id, name: w.name || w.id, active: w.active ?? true };
  if (w.friendly_identifier) account.friendlyIdentifier = w.friendly_identifier;
  const period = w.service_period;
  if (period?.from && period.to) account.servicePeriod = { from: period.from, to: period.to };
  return account;
}

function isAdminRole(w: Pick<RoleWire, 'code' | 'name'>): boolean {
  return (w.code ? /_ADMIN$/.test(w.code) : false) || /\badmin(istrator)?\b/i.test(w.name ?? '');
}

export function toRole(w: RoleWire, askedManagerId?: string): Role | undefined {
  const managerId =
    managerIdFor(w.application_code) ??
    managerIdFor(w.application?.code) ??
    managerIdFor(w.application?.name) ??
    askedManagerId;
  if (!managerId) return undefined;
  const role: Role = { id: w.id, name: w.name || w.id, managerId, permissions: [...(w.permissions ?? [])] };
  if (isAdminRole(w)) role.adminLevel = true;
  return role;
}

/** A10: 'YYYY-MM-DD' from a date or a date-time. */
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
function dateOnly(value: string | null | undefined): string | undefined {
  return value && DATE_PREFIX.test(value) ? value.slice(0, 10) : undefined;
}

/** Each id once, in the order first met; empty ones left out. Plain loops: every listed user goes through here. */
function distinctIds<T>(items: readonly T[], idOf: (item: T) => string | null | undefined): string[] {
  const ids: string[] = [];
  for (const item of items) {
    const id = idOf(item);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
const managerIdOfApplication = (a: { code?: string | null; name?: string | null }) =>
  managerIdFor(a.code) ?? managerIdFor(a.name);
const idOfRole = (r: { id?: string | null }) => r.id;

export function toServiceUser(w: ServiceUserWire): ServiceUser {
  const user: ServiceUser = { id: w.id, friendlyName: w.friendly_name || w.id, description: w.description ?? '' };
  if (w.email) user.email = w.email;
  if (w.status) user.status = w.status.toUpperCase();
  if (w.created_at) user.createdAt = w.created_at;
  const endDate = dateOnly(w.end_date);
  if (endDate) user.endDate = endDate;
  if (w.accounts) user.accountIds = w.accounts.map((a) => a.id);
  else if (w.primary_account_id) user.accountIds = [w.primary_account_id];
  if (w.applications) user.managerIds = distinctIds(w.applications, managerIdOfApplication);
  if (w.roles) user.roleIds = distinctIds(w.roles, idOfRole);
  return user;
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const field = (v: unknown, key: string): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;

/**
 * A2 / A20: the token value from a create answer (a user's or a token's), or undefined:
 * `api_token` or `token`, each a string or an object with a `token` string.
 */
export function tokenOf(answer: unknown): string | undefined {
  const apiToken = field(answer, 'api_token');
  const token = field(answer, 'token');
  return text(apiToken) ?? text(field(apiToken, 'token')) ?? text(token) ?? text(field(token, 'token'));
}

/** A20: the new token's id: top level, or inside the object that carries the value. */
export function issuedTokenIdOf(answer: unknown): string | undefined {
  const idOf = (v: unknown) => {
    const id = field(v, 'id');
    return typeof id === 'number' ? String(id) : text(id);
  };
  return idOf(answer) ?? idOf(field(answer, 'api_token')) ?? idOf(field(answer, 'token'));
}

export function toApiToken(w: ApiTokenWire): ApiToken {
  const token: ApiToken = { id: w.id, name: w.name ?? '' };
  if (w.created_at) token.createdAt = w.created_at;
  const endDate = dateOnly(w.end_date);
  if (endDate) token.endDate = endDate;
  if (w.status) token.status = w.status.toUpperCase();
  return token;
}

/** A24: 'AB:CD:…' (upper-case hex pairs) from any hex spelling or base64 of 32 bytes; else undefined. */
export function normalizeFingerprint(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let hex = value.replace(/[\s:-]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    const bytes = decodeBase64(value);
    if (bytes?.length !== 32) return undefined;
    hex = Buffer.from(bytes).toString('hex');
  }
  return hex.toUpperCase().match(/../g)!.join(':');
}

/** A24: an instant as UTC ISO; a bare date is the end of that day (a certificate is valid through it). */
function notAfterOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value;
  const time = Date.parse(date);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Serial numbers: upper-case hex without separators when they are hex, else as sent. */
function serialOf(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = String(value).trim();
  const hex = text.replace(/[\s:]/g, '');
  return /^[0-9a-f]+$/i.test(hex) ? hex.toUpperCase() : text;
}

export function toClientCertificate(w: ClientCertificateWire): ClientCertificate {
  const certificate: ClientCertificate = { id: w.id, nickname: nicknameOf(w) ?? '' };
  const fingerprint = normalizeFingerprint(w.fingerprint_sha256 ?? w.thumbprint_sha256 ?? w.fingerprint);
  if (fingerprint) certificate.fingerprint = fingerprint;
  const serial = serialOf(w.serial_number);
  if (serial) certificate.serial = serial;
  const notAfter = notAfterOf(w.valid_to ?? w.end_date ?? w.not_after);
  if (notAfter) certificate.notAfter = notAfter;
  if (w.created_at) certificate.createdAt = w.created_at;
  if (w.status) certificate.status = w.status.toUpperCase();
  return certificate;
}

const PASSWORD_KEYS = ['password', 'certificate_password', 'p12_password'] as const;
const FILE_KEYS = ['certificate_file', 'pkcs12', 'p12', 'file'] as const;

/** A25: the new certificate's id (a string or a number), or undefined. */
export function certificateIdOf(answer: unknown): string | undefined {
  const id = field(answer, 'id');
  return typeof id === 'number' ? String(id) : text(id);
}

/** A25: the PKCS#12 password of a generate answer, or undefined. */
export function certificatePasswordOf(answer: unknown): string | undefined {
  for (const key of PASSWORD_KEYS) {
    const value = text(field(answer, key));
    if (value) return value;
  }
  return undefined;
}

/** A25: the base64 text of the PKCS#12 file as sent (before decoding), or undefined. */
export function certificateFileTextOf(answer: unknown): string | undefined {
  for (const key of FILE_KEYS) {
    const value = text(field(answer, key));
    if (value) return value;
  }
  return undefined;
}

/** Base64 or base64url, with or without padding and line breaks → bytes; undefined when it is not. */
export function decodeBase64(value: string): Uint8Array | undefined {
  const compact = value.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !/^[A-Za-z0-9+/]+$/.test(compact)) return undefined;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function toMe(w: MeWire): Me {
  const amPermissions = (w.applications ?? [])
    .filter((a) => managerIdFor(a.code) === 'account_manager' || managerIdFor(a.name) === 'account_manager')
    .flatMap((a) => a.permissions ?? []);
  const allPermissions = (w.applications ?? []).flatMap((a) => a.permissions ?? []);
  const roleCodes = (w.roles ?? []).map((r) => r.code ?? '');
  const name = w.friendly_name ?? w.name ?? ([w.first_name, w.last_name].filter(Boolean).join(' ') || undefined);
  const me: Me = {
    id: w.id,
    canManageUsers: amPermissions.includes('MANAGE_AM_USER') || roleCodes.includes('AM_ACCOUNT_ADMIN'),
    permissions: allPermissions,
  };
  if (name) me.name = name;
  if (w.email) me.email = w.email;
  if (w.user_type) me.userType = w.user_type;
  return me;
}

// ---------------------------------------------------------------------------------------------
// Requests (A1, A4, A8, A9)

export const paths = {
  accounts: () => `${API_PREFIX}/account`,
  roles: (applicationCode: string) => `${API_PREFIX}/role?application_code=${encodeURIComponent(applicationCode)}`,
  serviceUsers: (offset: number, limit: number) =>
    `${API_PREFIX}/user?user_type=service&limit=${limit}&offset=${offset}`,
  user: (id: string) => `${API_PREFIX}/user/${encodeURIComponent(id)}`,
  me: () => `${API_PREFIX}/user/me`,
  createUser: () => `${API_PREFIX}/user`,
  tokens: (userId: string, offset: number, limit: number) =>
    `${API_PREFIX}/api-access-token?user_id=${encodeURIComponent(userId)}&limit=${limit}&offset=${offset}`,
  createToken: () => `${API_PREFIX}/api-access-token`,
  token: (id: string) => `${API_PREFIX}/api-access-token/${encodeURIComponent(id)}`,
  certificates: (userId: string, offset: number, limit: number) =>
    `${API_PREFIX}/user/${encodeURIComponent(userId)}/client-auth-certificate?limit=${limit}&offset=${offset}`,
  createCertificate: (userId: string) => `${API_PREFIX}/user/${encodeURIComponent(userId)}/client-auth-certificate`,
  revokeCertificate: (userId: string, certificateId: string) =>
    `${API_PREFIX}/user/${encodeURIComponent(userId)}/client-auth-certificate/${encodeURIComponent(certificateId)}/revoke`,
};

/**
 * A27: the mutual-TLS origin of a deployment: its host with `clientauth.` in front
 * (https://one.digicert.com → https://clientauth.one.digicert.com). Null where there is none: an IP
 * address, localhost, or a plain-http address (a client certificate needs TLS).
 */
export function clientAuthOrigin(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:') return null;
  if (host.startsWith('[') || /^[\d.]+$/.test(host) || host === 'localhost' || host.endsWith('.localhost')) return null;
  const prefixed = host.startsWith('clientauth.') ? host : `clientauth.${host}`;
  return `https://${prefixed}${url.port ? `:${url.port}` : ''}`;
}

export interface AccessBody {
  applications: { code: string }[];
  roles: { id: string }[];
}

/** A1 / A22: managers and their roles as the create and update bodies carry them. */
function accessBody(managers: ServiceUserCreate['managers']): AccessBody {
  return {
    applications: managers.map((m) => ({
      code: KNOWN_MANAGERS.find((k) => k.id === m.managerId)?.code ?? m.managerId,
    })),
    roles: managers.flatMap((m) => m.roleIds.map((id) => ({ id }))),
  };
}

export interface CreateUserBody extends AccessBody {
  user_type: 'service';
  friendly_name: string;
  description?: string;
  email: string;
  end_date?: string;
  accounts: { id: string }[];
}

export function createUserBody(input: ServiceUserCreate): CreateUserBody {
  const body: CreateUserBody = {
    user_type: 'service',
    friendly_name: input.friendlyName,
    email: input.email,
    accounts: input.accountIds.map((id) => ({ id })),
    ...accessBody(input.managers),
  };
  if (input.description) body.description = input.description;
  if (input.endDate) body.end_date = input.endDate;
  return body;
}

export interface UpdateUserBody extends Partial<AccessBody> {
  description?: string;
  end_date?: string;
  email?: string;
  accounts?: { id: string }[];
}

/** A22: only the fields present in the change. */
export function updateUserBody(change: ServiceUserChange): UpdateUserBody {
  const body: UpdateUserBody = {};
  if (change.description !== undefined) body.description = change.description;
  if (change.endDate !== undefined) body.end_date = change.endDate;
  if (change.email !== undefined) body.email = change.email;
  if (change.accountIds) body.accounts = change.accountIds.map((id) => ({ id }));
  if (change.managers) Object.assign(body, accessBody(change.managers));
  return body;
}

/** A19 */
export interface CreateTokenBody {
  user_id: string;
  name: string;
  end_date?: string;
}

export function createTokenBody(input: {
  userId: string;
  name: string;
  endDate?: string | undefined;
}): CreateTokenBody {
  const body: CreateTokenBody = { user_id: input.userId, name: input.name };
  if (input.endDate) body.end_date = input.endDate;
  return body;
}

/** A21: the body of PUT /api-access-token/{id} that disables a token. */
export const disableTokenBody = () => ({ status: 'disabled' as const });

/** A25 */
export interface CreateCertificateBody {
  nickname: string;
  end_date: string;
  encryption: 'AES' | '3DES';
  signature_hash: 'SHA256' | 'SHA384' | 'SHA512';
}

/** A25: the request as DigiCert's form names it ('SHA-256' → 'SHA256'). */
export function createCertificateBody(request: CertificateRequest): CreateCertificateBody {
  return {
    nickname: request.nickname,
    end_date: request.endDate,
    encryption: request.encryption,
    signature_hash: request.signatureHash.replace('-', '') as CreateCertificateBody['signature_hash'],
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing with field paths (for `unexpected_response`)

export class WireShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
    this.name = 'WireShapeError';
  }
}

function formatPath(prefix: string, path: (string | number)[]): string {
  let out = prefix;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out || 'body';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * An object answer whose optional fields may be unreadable: those fields are left out (and named in
 * `unread`) instead of failing the whole answer. A field the schema requires still fails it, named.
 * For answers that must not be lost over a field the app can do without (a create's user).
 */
export function parseWireLeavingUnread<T extends z.AnyZodObject>(
  schema: T,
  value: unknown,
): { data: z.output<T>; unread: string[] } {
  const first = schema.safeParse(value);
  if (first.success) return { data: first.data, unread: [] };
  const shape = schema.shape as Record<string, z.ZodTypeAny>;
  const unread = [...new Set(first.error.issues.map((issue) => String(issue.path[0] ?? '')))].filter(
    (key) => shape[key]?.isOptional() === true,
  );
  if (!isPlain(value) || unread.length === 0) return { data: parseWire(schema, value), unread: [] };
  const readable = { ...value };
  for (const key of unread) delete readable[key];
  return { data: parseWire(schema, readable), unread };
}

/** Parses `value` with `schema`; on mismatch throws a WireShapeError naming the first bad field. */
export function parseWire<T extends z.ZodTypeAny>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = formatPath(prefix, issue.path);
  let problem: string;
  if (issue.code === 'invalid_type') {
    problem = issue.received === 'undefined' ? 'is missing' : `should be ${issue.expected}, got ${issue.received}`;
  } else if (issue.code === 'invalid_union') {
    const at = getAt(value, issue.path);
    problem = at === undefined ? 'is missing' : `has an unexpected shape (${describeType(at)})`;
  } else {
    problem = 'has an unexpected value';
  }
  throw new WireShapeError(path, problem);
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const p of path) cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

export interface ListPage<T> {
  items: T[];
  /** Set when the body was an envelope. */
  total?: number;
  envelope: boolean;
  /** Items left out because they lack what the app needs: where and what (never a value). */
  skipped: { path: string; problem: string }[];
}

/**
 * A9: a bare array or `{total, offset, limit, items}` (`items: null` is an empty page); each item
 * parsed with `item`. One bad item does not fail the list: it is left out and named in `skipped`.
 */
export function parseList<T extends z.ZodTypeAny>(
  item: T,
  body: unknown,
  /** A faster reading of `item` (e.g. readServiceUserWire); undefined sends the item through `item`. */
  fast?: (value: unknown) => z.output<T> | undefined,
): ListPage<z.output<T>> {
  let raw: unknown[];
  let prefix = '';
  let total: number | undefined;
  if (Array.isArray(body)) raw = body;
  else if (body && typeof body === 'object') {
    const env = readPageEnvelope(body as Record<string, unknown>) ?? parseWire(pageEnvelopeWire, body);
    raw = env.items ?? [];
    prefix = 'items';
    if (env.total != null) total = env.total;
  } else throw new WireShapeError('body', `should be a list, got ${describeType(body)}`);
  const page: ListPage<z.output<T>> = { items: [], envelope: prefix !== '', skipped: [] };
  if (total !== undefined) page.total = total;
  raw.forEach((value, index) => {
    const quick = fast?.(value);
    if (quick !== undefined) {
      page.items.push(quick);
      return;
    }
    try {
      page.items.push(parseWire(item, value, `${prefix}[${index}]`) as z.output<T>);
    } catch (error) {
      if (!(error instanceof WireShapeError)) throw error;
      page.skipped.push({ path: error.path, problem: error.problem });
    }
  });
  return page;
}
