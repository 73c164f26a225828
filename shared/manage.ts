import { z } from 'zod';
import { keychainItemSchema, type KeychainItem, type TokenInfo, type UnrecognisedAnswer } from './creation';
import type { AuditEntry } from './audit';
import {
  CERTIFICATE_ENCRYPTIONS,
  CERTIFICATE_SIGNATURE_HASHES,
  certificateDestinationSchema,
  certificateNicknameSchema,
  type ClientCertificate,
  type HeldCertificate,
  type SavedCertificate,
} from './certificates';
import type { AppErrorValue } from './errors';
import { descriptionSchema, serviceUserSchema, type ServiceUser } from './serviceUser';
import { noControlChars } from './text';

/**
 * Managing existing service users (issue 10): the cached list, one user's details, and the
 * operations an admin prepares on them (change, delete, issue or revoke a token). Operations are
 * queued like drafts: prepared (also offline), then sent once after the admin confirms.
 */

const id = z.string().trim().min(1).max(128).superRefine(noControlChars);
const profileId = z.string().min(1).max(64);

/**
 * A change to an existing service user: the wizard's own field rules (one schema), every field
 * optional; only what is present is sent. `managers` replaces the user's managers and roles.
 * An empty `description` is kept (not read as "no change"): it clears the description, which
 * DigiCert ONE holds as "" for a user without one. An end date cannot be cleared (see editModel.ts).
 */
export function serviceUserChangeSchema(today: string) {
  return serviceUserSchema(today)
    .pick({ endDate: true, email: true, accountIds: true, managers: true })
    .extend({ description: descriptionSchema })
    .partial()
    .strict()
    .refine((change) => Object.values(change).some((v) => v !== undefined), 'Change at least one field.');
}
export type ServiceUserChangeInput = z.input<ReturnType<typeof serviceUserChangeSchema>>;
export type ServiceUserChange = z.output<ReturnType<typeof serviceUserChangeSchema>>;

export const TOKEN_NAME_MAX = 64;
export const tokenNameSchema = z
  .string({ required_error: 'Enter a token name.' })
  .trim()
  .min(1, 'Enter a token name.')
  .max(TOKEN_NAME_MAX, `Use at most ${TOKEN_NAME_MAX} characters.`)
  .superRefine(noControlChars);

/**
 * What an admin asks for; validated in core against today's date before it is queued.
 * The change is parsed with `serviceUserChangeSchema(today)` in core (it depends on the date).
 */
export const operationRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('update'), change: z.record(z.unknown()) }).strict(),
  z.object({ kind: z.literal('delete') }).strict(),
  z
    .object({
      kind: z.literal('issueToken'),
      name: tokenNameSchema,
      /** 'YYYY-MM-DD'; absent: the token follows the user's end date. */
      endDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('revokeToken'),
      tokenId: id,
      tokenName: z.string().max(256).superRefine(noControlChars),
      /** 'disable' keeps the token listed as disabled; 'delete' removes it. */
      mode: z.enum(['disable', 'delete']),
    })
    .strict(),
  /** Checked in core with `certificateRequestSchema(today, user's end date)` before it is queued. */
  z
    .object({
      kind: z.literal('createCertificate'),
      nickname: certificateNicknameSchema,
      endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      encryption: z.enum(CERTIFICATE_ENCRYPTIONS).optional(),
      signatureHash: z.enum(CERTIFICATE_SIGNATURE_HASHES).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('revokeCertificate'),
      certificateId: id,
      /** As listed (written into the audit log): any spelling DigiCert has, but never control characters. */
      nickname: z.string().max(256).superRefine(noControlChars),
    })
    .strict(),
]);
export type OperationRequest = z.input<typeof operationRequestSchema>;
export type OperationKind = OperationRequest['kind'];

/** An API token of a service user as listed: never its value. */
export interface ApiToken {
  id: string;
  name: string;
  createdAt?: string;
  endDate?: string;
  status?: 'ACTIVE' | 'DISABLED' | 'EXPIRED' | (string & {});
}

/**
 * queued: prepared, waits for the admin to send it. sending: sent, answer not yet known (checked
 * before any resend). done / failed: settled.
 */
export type OperationState = 'queued' | 'sending' | 'done' | 'failed';

export interface ManageOperation {
  id: string;
  profileId: string;
  userId: string;
  /** The user's friendly name when prepared (for lists and the audit log). */
  friendlyName: string;
  request: OperationRequest;
  state: OperationState;
  createdAt: string;
  updatedAt: string;
  error?: AppErrorValue;
}

/**
 * `done` of an issueToken without `token`: the token was issued but its value never reached the app
 * ("issued — value not received"); `operation.error` says why. It can never be shown.
 */
export type OperationOutcome =
  | {
      state: 'done';
      operation: ManageOperation;
      user?: ServiceUser;
      token?: TokenInfo;
      /** issueToken: the save-before-show to `saveTo` did not happen (e.g. keychain_item_exists); the token is held unsaved. */
      saveFailed?: { item: KeychainItem; error: AppErrorValue };
      /**
       * issueToken: issued, but the answer held no token where the app looks; its strings that may
       * be it are held in main for the admin to pick (token.pickCandidate), as for a created user.
       */
      answer?: UnrecognisedAnswer;
      /** createCertificate: the generated certificate, held in main (saved first when `saveCertificateTo` was given). */
      certificate?: HeldCertificate;
      /** createCertificate: saving to `saveCertificateTo` did not happen; the certificate is held unsaved. */
      certificateSaveFailed?: { error: AppErrorValue };
    }
  | { state: 'queued'; operation: ManageOperation }
  | { state: 'failed'; operation: ManageOperation; error: AppErrorValue }
  /** Sent but unanswered and DigiCert cannot be asked now: checked before anything is resent. */
  | { state: 'sending'; operation: ManageOperation; error: AppErrorValue };

/** One service user in the cached list. */
export interface ServiceUserListItem extends ServiceUser {
  /** The admin muted expiry reminders for this user. */
  muted: boolean;
}

export interface ServiceUserList {
  profileId: string;
  users: ServiceUserListItem[];
  /** When the list was last fetched from DigiCert ONE (UTC ISO), or null: never fetched. */
  asOf: string | null;
}

/** A keychain item this app saved a token of this user into, and whether it is still there. */
export interface SavedTokenItem {
  item: KeychainItem;
  savedAt: string;
  /** null: the keychain could not be asked. */
  exists: boolean | null;
}

/** `roles[].managerId` of the roles the reference data does not know (grouped on their own). */
export const UNKNOWN_MANAGER_ID = '(unknown)';

export interface ServiceUserDetails {
  profileId: string;
  user: ServiceUserListItem;
  /**
   * Roles per manager, from the reference cache where known (names and permissions); roles it does
   * not know come last under UNKNOWN_MANAGER_ID.
   */
  roles: { managerId: string; roleIds: string[] }[];
  /** null when they could not be fetched (offline); see tokensError. */
  tokens: ApiToken[] | null;
  tokensError?: AppErrorValue;
  /** When `user` was fetched (UTC ISO). */
  asOf: string | null;
  /** This app's audit entries for the user, newest first. */
  history: AuditEntry[];
  savedTokenItems: SavedTokenItem[];
  /** Client authentication certificates; null when they could not be fetched (offline); see certificatesError. */
  certificates: ClientCertificate[] | null;
  certificatesError?: AppErrorValue;
  /** Listed by DigiCert ONE but unreadable by this app (no id or nickname), so not in `certificates`; absent when 0. */
  certificatesUnreadable?: number;
  /** Certificates this app saved for the user (password item and file), with whether each is still there. */
  savedCertificates: SavedCertificate[];
  /** Operations on this user not yet settled as done (queued, sending, failed). */
  operations: ManageOperation[];
}

/** A service user whose end date is within a lead time. */
export interface ExpiryReminder {
  profileId: string;
  profileName: string;
  userId: string;
  friendlyName: string;
  endDate: string;
  /** Whole UTC days from today to the end date (0: expires today; negative: expired). */
  daysLeft: number;
  /** Present when the reminder is for one of the user's client certificates, not the user. */
  certificate?: { id: string; nickname: string };
}

export const DEFAULT_REMINDER_LEAD_DAYS = [30, 7, 1] as const;

export const serviceUsersListRequestSchema = z.object({ profileId }).strict();
export const serviceUserRequestSchema = z.object({ profileId, userId: id }).strict();
export const prepareOperationSchema = z.object({ profileId, userId: id, operation: operationRequestSchema }).strict();
export const sendOperationSchema = z
  .object({
    operationId: z.string().min(1).max(64),
    /** For issueToken: write the new token to this keychain item before it is shown. */
    saveTo: keychainItemSchema.optional(),
    /** For createCertificate: save the password and the PKCS#12 file here before anything is shown. */
    saveCertificateTo: certificateDestinationSchema.optional(),
  })
  .strict();
export const operationIdSchema = z.object({ operationId: z.string().min(1).max(64) }).strict();
export const muteRequestSchema = z.object({ profileId, userId: id, muted: z.boolean() }).strict();
export const deleteSavedItemSchema = z.object({ profileId, userId: id, item: keychainItemSchema }).strict();
