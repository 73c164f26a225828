/**
 * The sandbox tenant's rules, as functions over its state (no HTTP): whose key a request carries,
 * what a user looks like on the wire, and what creating, changing and deleting a service user
 * accepts, after docs/digicert-account-api.md §4, §5, §9. server.ts turns requests into these calls
 * and their results into answers.
 *
 * Choices where the notes leave it open ([I]):
 * - Friendly names are unique among all users, compared case-insensitively after trimming.
 * - A duplicate name is refused with `duplicate_error` (no `field`, like the documented example).
 * - Other validation failures are refused with `invalid_request`, one error per problem, with `field`.
 * - A created user comes with `api_token` (a string), which is kept as a hash only.
 * - A service user past 23:59:59Z of its end date is listed with status EXPIRED and its token is
 *   no longer accepted.
 * - Tokens (`/api-access-token`): the one issued with the user is named "Initial token"; names need
 *   not be unique; a token's end date may not be past nor later than its user's; a token past its
 *   end date is listed as EXPIRED; disabled, deleted or expired tokens, and every token of a deleted,
 *   disabled or expired user, are refused (401). Lists never carry a value.
 * - Client certificates (`/user/{id}/client-auth-certificate`, issue 14): only for service users;
 *   nicknames are unique per user (case-insensitively, revoked ones included: they stay listed);
 *   encryption defaults to AES and the signature hash to SHA256 (DigiCert's defaults); a
 *   certificate past its `valid_to` is listed as EXPIRED; a revoked or expired certificate, or one
 *   whose user is deleted, disabled or expired, identifies nobody on the mutual-TLS listener.
 */
import { randomUUID } from 'node:crypto';
import { isRealDate } from '../../shared/dates';
import {
  newToken,
  sha256,
  type SandboxCertificate,
  type SandboxState,
  type SandboxToken,
  type SandboxUser,
} from './state';

/** One item of the API's `errors[]`. */
export interface WireError {
  code: string;
  message: string;
  field?: string;
}

/** A rule's verdict: the value, or the errors the refusal lists. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: WireError[] };

const NAME_PATTERN = /^[A-Za-z0-9 _-]+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const today = (now: Date) => now.toISOString().slice(0, 10);
const pastEnd = (endDate: string | undefined, now: Date) =>
  !!endDate && now.getTime() > Date.parse(`${endDate}T23:59:59Z`);
const isExpired = (u: SandboxUser, now: Date) => pastEnd(u.end_date, now);
const stamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');
const roleById = (state: SandboxState, id: string) => state.roles.find((r) => r.id === id);
const appByCode = (state: SandboxState, code: string) => state.applications.find((a) => a.code === code);

/** A user as the API shows it. */
export function userView(state: SandboxState, u: SandboxUser, now: Date): Record<string, unknown> {
  const roles = u.role_ids.map((id) => roleById(state, id)).filter((r) => !!r);
  const view: Record<string, unknown> = {
    id: u.id,
    email: u.email,
    status: u.status === 'ACTIVE' && isExpired(u, now) ? 'EXPIRED' : u.status,
    access_scope: u.access_scope,
    primary_account_id: u.account_ids[0] ?? null,
    created_at: u.created_at,
    created_by: u.created_by,
    user_type: u.user_type,
  };
  if (u.user_type === 'service') view.friendly_name = u.friendly_name;
  else view.name = u.name;
  view.description = u.description;
  view.locale = u.locale;
  if (u.end_date) view.end_date = u.end_date;
  view.accounts = u.account_ids.map((id) => ({ id, name: state.accounts.find((a) => a.id === id)?.name ?? '' }));
  view.applications = u.application_codes.map((code) => {
    const app = appByCode(state, code);
    const permissions = [...new Set(roles.filter((r) => r.application_code === code).flatMap((r) => r.permissions))];
    return { id: app?.id ?? code, name: app?.name ?? code, permissions };
  });
  view.roles = roles.map((r) => ({ id: r.id, name: r.name, code: r.code }));
  return view;
}

/** The users as the API lists them, of one `user_type` or all. */
export function userViews(state: SandboxState, userType: string | null, now: Date): Record<string, unknown>[] {
  return state.users.filter((u) => !userType || u.user_type === userType).map((u) => userView(state, u, now));
}

/** The roles as the API lists them, of one manager (`application_code`) or all. */
export function roleViews(state: SandboxState, applicationCode: string | null): Record<string, unknown>[] {
  return state.roles
    .filter((r) => !applicationCode || r.application_code === applicationCode)
    .map((r) => {
      const app = appByCode(state, r.application_code)!;
      return {
        id: r.id,
        name: r.name,
        code: r.code,
        application_code: r.application_code,
        application: { id: app.id, name: app.name, code: app.code },
        permissions: r.permissions,
      };
    });
}

/** The tenant's own API keys, held as hashes only (like issued tokens), with the user each acts as. */
export function keyOwners(
  state: SandboxState,
  keys: { adminKey: string; limitedKey: string },
): ReadonlyMap<string, string> {
  return new Map([
    [sha256(keys.adminKey), state.adminUserId],
    [sha256(keys.limitedKey), state.auditorUserId],
  ]);
}

/** The active, unexpired user an API key belongs to: one of the tenant's keys or an issued token. */
export function callerOf(
  state: SandboxState,
  owners: ReadonlyMap<string, string>,
  key: string | undefined,
  now: Date,
): SandboxUser | undefined {
  if (!key) return undefined;
  const hash = sha256(key);
  const userId =
    owners.get(hash) ??
    state.tokenHashes.find((t) => t.hash === hash && t.status === 'ACTIVE' && !pastEnd(t.end_date, now))?.userId;
  const user = userId ? state.users.find((u) => u.id === userId) : undefined;
  if (!user || user.status !== 'ACTIVE' || isExpired(user, now)) return undefined;
  return user;
}

export const canManageUsers = (state: SandboxState, u: SandboxUser) =>
  u.role_ids.some((id) => roleById(state, id)?.permissions.includes('MANAGE_AM_USER'));

function nameTaken(state: SandboxState, name: string, exceptId?: string): boolean {
  const key = name.trim().toLowerCase();
  return state.users.some((u) => u.id !== exceptId && (u.friendly_name ?? u.name ?? '').trim().toLowerCase() === key);
}

/** Checks the accounts / applications / roles fields that create and update share. */
function checkRefs(state: SandboxState, body: Record<string, unknown>, errors: WireError[], required: boolean) {
  const out: { accountIds?: string[]; roleIds?: string[]; codes?: string[] } = {};
  if (body.accounts !== undefined || required) {
    const accounts = body.accounts;
    if (!Array.isArray(accounts) || accounts.length === 0) {
      errors.push({
        code: 'invalid_request',
        message: 'A service user must be assigned to at least one account.',
        field: 'accounts',
      });
    } else {
      const ids = accounts.map((a) => (a && typeof a === 'object' ? (a as { id?: unknown }).id : undefined));
      if (ids.some((id) => typeof id !== 'string' || !state.accounts.some((acc) => acc.id === id))) {
        errors.push({ code: 'invalid_request', message: 'One or more accounts do not exist.', field: 'accounts' });
      } else out.accountIds = [...new Set(ids as string[])];
    }
  }
  if (body.applications !== undefined || required) {
    const apps = body.applications;
    if (!Array.isArray(apps) || apps.length === 0) {
      errors.push({
        code: 'invalid_request',
        message: 'Select at least one DigiCert ONE manager.',
        field: 'applications',
      });
    } else {
      const codes = apps.map((a) => (a && typeof a === 'object' ? (a as { code?: unknown }).code : undefined));
      if (codes.some((c) => typeof c !== 'string' || !appByCode(state, c))) {
        errors.push({ code: 'invalid_request', message: 'One or more managers do not exist.', field: 'applications' });
      } else out.codes = [...new Set(codes as string[])];
    }
  }
  if (body.roles !== undefined || required) {
    const roles = body.roles;
    if (!Array.isArray(roles) || roles.length === 0) {
      errors.push({ code: 'invalid_request', message: 'Select at least one role.', field: 'roles' });
    } else {
      const ids = roles.map((r) => (r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined));
      if (ids.some((id) => typeof id !== 'string' || !roleById(state, id))) {
        errors.push({ code: 'invalid_request', message: 'One or more roles do not exist.', field: 'roles' });
      } else out.roleIds = [...new Set(ids as string[])];
    }
  }
  return out;
}

/** Roles only for the selected managers, and at least one role for each. */
function checkRolesMatchManagers(
  state: SandboxState,
  refs: { roleIds?: string[]; codes?: string[] },
  errors: WireError[],
): void {
  if (!refs.codes || !refs.roleIds) return;
  const roleCodes = refs.roleIds.map((id) => roleById(state, id)!.application_code);
  if (roleCodes.some((code) => !refs.codes!.includes(code))) {
    errors.push({
      code: 'invalid_request',
      message: 'Roles can only be given for the selected managers.',
      field: 'roles',
    });
  } else if (refs.codes.some((code) => !roleCodes.includes(code))) {
    errors.push({
      code: 'invalid_request',
      message: 'Select at least one role for each selected manager.',
      field: 'roles',
    });
  }
}

function checkEmail(value: unknown, errors: WireError[]): string | undefined {
  if (typeof value === 'string' && value.length <= 254 && EMAIL_PATTERN.test(value)) return value;
  errors.push({ code: 'invalid_request', message: 'Email must be a valid email address.', field: 'email' });
  return undefined;
}

function checkDescription(value: unknown, errors: WireError[]): string | undefined {
  if (typeof value === 'string' && value.length <= 1000) return value;
  errors.push({
    code: 'invalid_request',
    message: 'Description must be text of at most 1000 characters.',
    field: 'description',
  });
  return undefined;
}

function checkEndDate(value: unknown, errors: WireError[], now: Date): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !isRealDate(value)) {
    errors.push({
      code: 'invalid_request',
      message: 'End date must be a date in the format YYYY-MM-DD.',
      field: 'end_date',
    });
  } else if (value < today(now)) {
    errors.push({ code: 'invalid_request', message: 'End date cannot be in the past.', field: 'end_date' });
  } else return value;
  return undefined;
}

/** Creates a service user for `me` and issues its token (kept as a hash), or says why not. */
export function createUser(
  state: SandboxState,
  me: SandboxUser,
  body: Record<string, unknown>,
  now: Date,
): Checked<{ user: SandboxUser; token: string }> {
  const errors: WireError[] = [];
  if (body.user_type !== 'service')
    errors.push({ code: 'invalid_request', message: 'user_type must be "service".', field: 'user_type' });
  const name = body.friendly_name;
  let friendlyName: string | undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    errors.push({ code: 'invalid_request', message: 'Friendly name is required.', field: 'friendly_name' });
  } else if (name.trim().length > 64) {
    errors.push({
      code: 'invalid_request',
      message: 'Friendly name can have at most 64 characters.',
      field: 'friendly_name',
    });
  } else if (!NAME_PATTERN.test(name.trim())) {
    errors.push({
      code: 'invalid_request',
      message: 'Friendly name can contain only letters, numbers, spaces, dashes and underscores.',
      field: 'friendly_name',
    });
  } else friendlyName = name.trim();
  const description = checkDescription(body.description ?? '', errors);
  const email = checkEmail(body.email, errors);
  const endDate = checkEndDate(body.end_date, errors, now);
  const refs = checkRefs(state, body, errors, true);
  checkRolesMatchManagers(state, refs, errors);
  if (errors.length) return { ok: false, errors };
  if (nameTaken(state, friendlyName!)) {
    return {
      ok: false,
      errors: [
        { code: 'duplicate_error', message: `Nickname ${friendlyName} already exists. Enter a different nickname.` },
      ],
    };
  }
  const user: SandboxUser = {
    id: randomUUID(),
    user_type: 'service',
    friendly_name: friendlyName!,
    email: email!,
    description: description!,
    status: 'ACTIVE',
    access_scope: 'account',
    account_ids: refs.accountIds!,
    role_ids: refs.roleIds!,
    application_codes: refs.codes!,
    created_at: stamp(now),
    created_by: me.id,
    locale: 'en_US',
  };
  if (endDate) user.end_date = endDate;
  state.users.push(user);
  const { value: token } = issueToken(state, user, 'Initial token', now);
  return { ok: true, value: { user, token } };
}

/**
 * Changes what may change of a service user, with the create rules for each field sent: end date
 * (not in the past), email, description, accounts (existing), and managers + roles (existing,
 * roles only for the managers sent and at least one each). Roles alone keep the managers they
 * belong to; managers alone are refused (their roles would be unknown). Answers the user or why not.
 */
export function updateUser(
  state: SandboxState,
  user: SandboxUser,
  body: Record<string, unknown>,
  now: Date,
): Checked<SandboxUser> {
  const errors: WireError[] = [];
  const known = ['end_date', 'roles', 'applications', 'accounts', 'description', 'email'];
  for (const key of Object.keys(body)) {
    if (!known.includes(key))
      errors.push({
        code: 'invalid_request',
        message: `${key.slice(0, 40)} cannot be changed.`,
        field: key.slice(0, 40),
      });
  }
  const endDate = checkEndDate(body.end_date, errors, now);
  const email = body.email === undefined ? undefined : checkEmail(body.email, errors);
  const description = body.description === undefined ? undefined : checkDescription(body.description, errors);
  const refs = checkRefs(state, body, errors, false);
  if (body.applications !== undefined && body.roles === undefined)
    errors.push({ code: 'invalid_request', message: 'Send the roles together with the managers.', field: 'roles' });
  checkRolesMatchManagers(state, refs, errors);
  if (errors.length) return { ok: false, errors };
  if (endDate) user.end_date = endDate;
  if (email !== undefined) user.email = email;
  if (description !== undefined) user.description = description;
  if (refs.accountIds) user.account_ids = refs.accountIds;
  if (refs.roleIds) {
    user.role_ids = refs.roleIds;
    user.application_codes = [...new Set(refs.roleIds.map((id) => roleById(state, id)!.application_code))];
  }
  return { ok: true, value: user };
}

/** Removes a user and every token and certificate issued to it. */
export function deleteUser(state: SandboxState, user: SandboxUser): void {
  state.users = state.users.filter((u) => u.id !== user.id);
  state.tokenHashes = state.tokenHashes.filter((t) => t.userId !== user.id);
  state.certificates = state.certificates.filter((c) => c.user_id !== user.id);
}

// ---------------------------------------------------------------------------------------------
// API tokens

/** A token as the API lists it: never its value or hash. */
export function tokenView(t: SandboxToken, now: Date): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    user_id: t.userId,
    created_at: t.created_at,
    status: t.status === 'ACTIVE' && pastEnd(t.end_date, now) ? 'EXPIRED' : t.status,
  };
  if (t.end_date) view.end_date = t.end_date;
  return view;
}

export function tokenViews(state: SandboxState, userId: string, now: Date): Record<string, unknown>[] {
  return state.tokenHashes.filter((t) => t.userId === userId).map((t) => tokenView(t, now));
}

export const tokenById = (state: SandboxState, id: string) => state.tokenHashes.find((t) => t.id === id);

/** Issues a token to `user`; only its hash is kept. */
export function issueToken(
  state: SandboxState,
  user: SandboxUser,
  name: string,
  now: Date,
  endDate?: string,
): { token: SandboxToken; value: string } {
  const value = newToken();
  const token: SandboxToken = {
    hash: sha256(value),
    userId: user.id,
    id: randomUUID(),
    name,
    created_at: stamp(now),
    status: 'ACTIVE',
  };
  if (endDate) token.end_date = endDate;
  state.tokenHashes.push(token);
  return { token, value };
}

/** POST /api-access-token for an existing user (a service user or a person, e.g. the admin): `{name, end_date?}`. */
export function createToken(
  state: SandboxState,
  user: SandboxUser,
  body: Record<string, unknown>,
  now: Date,
): Checked<{ token: SandboxToken; value: string }> {
  const errors: WireError[] = [];
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (!name || name.length > 64 || /\p{Cc}/u.test(name))
    errors.push({ code: 'invalid_request', message: 'A token needs a name of 1 to 64 characters.', field: 'name' });
  const endDate = checkEndDate(body.end_date, errors, now);
  if (endDate && user.end_date && endDate > user.end_date)
    errors.push({
      code: 'invalid_request',
      message: 'A token cannot end after its service user.',
      field: 'end_date',
    });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: issueToken(state, user, name, now, endDate) };
}

/** PUT /api-access-token/{id}: `{status: 'disabled' | 'active'}` (any case) and/or a new `name`. */
export function updateToken(
  state: SandboxState,
  token: SandboxToken,
  body: Record<string, unknown>,
): Checked<SandboxToken> {
  const errors: WireError[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'status' && key !== 'name')
      errors.push({
        code: 'invalid_request',
        message: `${key.slice(0, 40)} cannot be changed.`,
        field: key.slice(0, 40),
      });
  }
  const status = typeof body.status === 'string' ? body.status.toUpperCase() : undefined;
  if (body.status !== undefined && status !== 'DISABLED' && status !== 'ACTIVE')
    errors.push({ code: 'invalid_request', message: 'status must be "disabled" or "active".', field: 'status' });
  const name = typeof body.name === 'string' ? body.name.trim() : undefined;
  if (body.name !== undefined && (!name || name.length > 64))
    errors.push({ code: 'invalid_request', message: 'A token needs a name of 1 to 64 characters.', field: 'name' });
  if (Object.keys(body).length === 0) errors.push({ code: 'invalid_request', message: 'Nothing to change.' });
  if (errors.length) return { ok: false, errors };
  if (status) token.status = status as SandboxToken['status'];
  if (name) token.name = name;
  return { ok: true, value: token };
}

export function deleteToken(state: SandboxState, token: SandboxToken): void {
  state.tokenHashes = state.tokenHashes.filter((t) => t !== token);
}

// ---------------------------------------------------------------------------------------------
// Client-authentication certificates

const CERTIFICATE_ENCRYPTIONS = ['AES', '3DES'] as const;
const CERTIFICATE_HASHES = ['SHA256', 'SHA384', 'SHA512'] as const;
const certificateExpired = (c: SandboxCertificate, now: Date) => now.getTime() > Date.parse(c.valid_to);

/** A certificate as the API lists it: never a key or a password. */
export function certificateView(c: SandboxCertificate, now: Date): Record<string, unknown> {
  return {
    id: c.id,
    nickname: c.nickname,
    serial_number: c.serial_number,
    fingerprint_sha256: c.fingerprint_sha256,
    valid_to: c.valid_to,
    status: c.status === 'ACTIVE' && certificateExpired(c, now) ? 'EXPIRED' : c.status,
    created_at: c.created_at,
    signature_hash: c.signature_hash,
    encryption: c.encryption,
  };
}

export function certificateViews(state: SandboxState, userId: string, now: Date): Record<string, unknown>[] {
  return state.certificates.filter((c) => c.user_id === userId).map((c) => certificateView(c, now));
}

export const certificateById = (state: SandboxState, userId: string, id: string) =>
  state.certificates.find((c) => c.user_id === userId && c.id === id);

export interface CertificateRequest {
  nickname: string;
  endDate: string;
  encryption: SandboxCertificate['encryption'];
  signatureHash: SandboxCertificate['signature_hash'];
}

/** POST /user/{id}/client-auth-certificate: `{nickname, end_date, encryption?, signature_hash?}`. */
export function checkCertificateRequest(
  state: SandboxState,
  user: SandboxUser,
  body: Record<string, unknown>,
  now: Date,
): Checked<CertificateRequest> {
  const errors: WireError[] = [];
  const nickname = typeof body.nickname === 'string' ? body.nickname.trim() : '';
  if (!nickname || nickname.length > 64 || !NAME_PATTERN.test(nickname))
    errors.push({
      code: 'invalid_request',
      message: 'Nickname must have 1 to 64 letters, numbers, spaces, dashes or underscores.',
      field: 'nickname',
    });
  let endDate: string | undefined;
  if (body.end_date === undefined || body.end_date === null || body.end_date === '')
    errors.push({ code: 'invalid_request', message: 'End date is required.', field: 'end_date' });
  else endDate = checkEndDate(body.end_date, errors, now);
  if (endDate && user.end_date && endDate > user.end_date) {
    errors.push({
      code: 'invalid_request',
      message: `The certificate cannot end after its service user (${user.end_date}).`,
      field: 'end_date',
    });
    endDate = undefined;
  }
  const encryption = body.encryption ?? 'AES';
  if (!CERTIFICATE_ENCRYPTIONS.includes(encryption as CertificateRequest['encryption']))
    errors.push({ code: 'invalid_request', message: 'encryption must be "AES" or "3DES".', field: 'encryption' });
  const signatureHash = body.signature_hash ?? 'SHA256';
  if (!CERTIFICATE_HASHES.includes(signatureHash as CertificateRequest['signatureHash']))
    errors.push({
      code: 'invalid_request',
      message: 'signature_hash must be "SHA256", "SHA384" or "SHA512".',
      field: 'signature_hash',
    });
  if (errors.length || !endDate) return { ok: false, errors };
  const key = nickname.toLowerCase();
  if (state.certificates.some((c) => c.user_id === user.id && c.nickname.toLowerCase() === key))
    return {
      ok: false,
      errors: [
        { code: 'duplicate_error', message: `Nickname ${nickname} already exists. Enter a different nickname.` },
      ],
    };
  return {
    ok: true,
    value: {
      nickname,
      endDate,
      encryption: encryption as CertificateRequest['encryption'],
      signatureHash: signatureHash as CertificateRequest['signatureHash'],
    },
  };
}

/** Records an issued certificate (what the CA made, without its key) for `user`. */
export function addCertificate(
  state: SandboxState,
  user: SandboxUser,
  request: CertificateRequest,
  issued: { serial: string; fingerprint: string; notAfter: string; certificatePem: string },
  now: Date,
): SandboxCertificate {
  const certificate: SandboxCertificate = {
    id: randomUUID(),
    user_id: user.id,
    nickname: request.nickname,
    serial_number: issued.serial,
    fingerprint_sha256: issued.fingerprint,
    valid_to: issued.notAfter,
    status: 'ACTIVE',
    created_at: stamp(now),
    signature_hash: request.signatureHash,
    encryption: request.encryption,
    certificate_pem: issued.certificatePem,
  };
  state.certificates.push(certificate);
  return certificate;
}

/** Revoking twice is harmless. */
export function revokeCertificate(certificate: SandboxCertificate): SandboxCertificate {
  certificate.status = 'REVOKED';
  return certificate;
}

/**
 * The service user a presented client certificate (by its SHA-256 fingerprint) identifies: an
 * active, unexpired certificate of an active, unexpired service user; otherwise nobody.
 */
export function certificateOwner(state: SandboxState, fingerprint: string, now: Date): SandboxUser | undefined {
  const wanted = fingerprint.toUpperCase();
  const certificate = state.certificates.find((c) => c.fingerprint_sha256 === wanted);
  if (!certificate || certificate.status !== 'ACTIVE' || certificateExpired(certificate, now)) return undefined;
  const user = state.users.find((u) => u.id === certificate.user_id);
  if (!user || user.status !== 'ACTIVE' || isExpired(user, now)) return undefined;
  return user;
}
