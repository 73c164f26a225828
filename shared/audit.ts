import { z } from 'zod';
import { parseIsoInstant } from './dates';
import { noControlChars } from './text';

/**
 * The audit log: append-only, hash-chained, local. Entries hold ids, names and codes only —
 * never a token, an API key or any other secret.
 */

export const AUDIT_ACTIONS = [
  'draft_created',
  'draft_changed',
  'draft_deleted',
  'draft_restored',
  'connection_tested',
  'create_requested',
  'service_user_created',
  /** The service user was created but its one-time token could not be kept. */
  'create_token_lost',
  'create_failed',
  'token_revealed',
  /** The admin picked which path of an unrecognised create answer is the token (the path, never the value). */
  'token_path_picked',
  'token_copied',
  'token_saved_to_keychain',
  /** A save found another value in the item and wrote nothing (the admin is asked: overwrite, or another name). */
  'token_save_conflict',
  /** The admin chose to replace the other value in the item with the token. */
  'token_overwrote_keychain_item',
  'token_dismissed_unsaved',
  'profile_added',
  'profile_changed',
  'profile_removed',
  'settings_changed',
  'audit_exported',
  'audit_verified',
  /** This run could not read the audit signing key: its entries are signed only at a later start. */
  'audit_signing_unavailable',
  // Managing existing service users (shared/manage.ts): prepared, then sent once.
  'service_users_refreshed',
  'operation_prepared',
  'operation_discarded',
  'service_user_changed',
  'service_user_deleted',
  /** Intent recorded before a token is requested (issuing is not idempotent). */
  'token_issue_requested',
  'token_issued',
  /** A token was issued but its value never reached the app. */
  'token_issue_lost',
  'token_revoked',
  'keychain_item_deleted',
  'reminder_muted',
  // Client authentication certificates (shared/certificates.ts): nickname, fingerprint, file, item — never the password.
  /** Intent recorded before a certificate is requested (generating is not idempotent). */
  'certificate_requested',
  'certificate_generated',
  /** Generated, but its password or file never reached the app. */
  'certificate_lost',
  'certificate_saved',
  'certificate_password_revealed',
  'certificate_password_copied',
  'certificate_dismissed_unsaved',
  'certificate_revoked',
  'certificate_tested',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

const AUDIT_OUTCOMES = ['ok', 'failed', 'cancelled', 'unknown'] as const;
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** JSON values allowed in `details` (no secrets; checked again in core before writing). */
export type AuditDetails = { [key: string]: AuditDetailValue };
export type AuditDetailValue =
  string | number | boolean | null | AuditDetailValue[] | { [key: string]: AuditDetailValue };

export interface AuditEntry {
  seq: number;
  /** UTC ISO instant. */
  at: string;
  osUser: string;
  profileId: string | null;
  profileName: string | null;
  action: AuditAction;
  target: string | null;
  outcome: AuditOutcome;
  details: AuditDetails | null;
  prevHash: string;
  hash: string;
}

const AUDIT_PAGE_MAX = 500;
const AUDIT_PAGE_DEFAULT = 100;

/** A real instant with its zone ('…Z' or '…±HH:MM'), as canonical UTC ISO; '2024-02-30…' is refused. */
const isoInstant = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const iso = parseIsoInstant(v);
    if (iso === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Enter a date and time.' });
    return iso ?? z.NEVER;
  });

/** Filters shared by the viewer's query and the export. `from`/`to` are inclusive. */
export const auditFilterSchema = z
  .object({
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    actions: z.array(auditActionSchema).max(AUDIT_ACTIONS.length).optional(),
    profileId: z.string().min(1).max(64).optional(),
    /** Case-insensitive substring of target, profile name, OS user or details. */
    text: z.string().trim().max(200).superRefine(noControlChars).optional(),
  })
  .strict();
export type AuditFilter = z.input<typeof auditFilterSchema>;

export const auditQuerySchema = auditFilterSchema
  .extend({
    /** `nextCursor` of the previous page (keyset paging on seq, newest first). */
    cursor: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null when this is the last page. */
  nextCursor: number | null;
}

export const auditExportRequestSchema = auditFilterSchema
  .extend({
    format: z.enum(['csv', 'jsonl']),
    /** Absolute path of the file to write (chosen by the admin in a save dialog). */
    destination: z.string().min(1).max(4096).superRefine(noControlChars),
    /** The admin confirmed replacing an existing file (checked where no save dialog asked). */
    overwrite: z.boolean().optional(),
  })
  .strict();
export type AuditExportRequest = z.input<typeof auditExportRequestSchema>;

export interface AuditExportResult {
  path: string;
  entries: number;
  bytes: number;
  /**
   * The detached signature written next to the export (`<file>.sig`: raw Ed25519 over the exact
   * bytes; `<file>.pub.pem`: the public key), or null when the signing key could not be read.
   */
  signature: { signaturePath: string; publicKeyPath: string; keyFingerprint: string } | null;
}

export const auditVerifyRequestSchema = z.object({}).strict();

/** The long audit operations: each reports progress (event `audit.progress`) and can be cancelled. */
export const AUDIT_OPERATIONS = ['verify', 'export'] as const;
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

/** Stops the running verification or export: it then fails with `cancelled` (an export leaves no file). */
export const auditCancelRequestSchema = z.object({ operation: z.enum(AUDIT_OPERATIONS) }).strict();
export type AuditCancelRequest = z.input<typeof auditCancelRequestSchema>;

/** How far a verification or export is: entries done out of those it will go through. */
export interface AuditProgress {
  operation: AuditOperation;
  done: number;
  total: number;
}

/** `added`: entries appended after the app had closed cleanly, while it was not running. */
export type AuditProblem = 'changed' | 'removed' | 'reordered' | 'added';

/**
 * What verification can say about the log (docs/DESIGN.md "Audit log integrity"). Never `intact`
 * when it cannot know: `unprovable` whenever part of the log has no signature from when it was written.
 */
export const AUDIT_VERDICTS = ['intact', 'changed', 'truncated', 'rolled_back', 'unprovable'] as const;
export type AuditVerdict = (typeof AUDIT_VERDICTS)[number];

/** Why entries up to some seq were carried over unsigned into the current signing key's epoch. */
export type AuditCarryReason = 'upgrade' | 'key_missing' | 'key_changed' | 'keychain_unavailable';

/**
 * Why a log is `unprovable`: a carry reason, or `recovered`: entries that were signed only at a later
 * start (`recovered` ranges: a crash inside the bound, or a run without the key) — an edit made to
 * them in between cannot be detected.
 */
export type AuditUnprovableReason = AuditCarryReason | 'recovered';

export interface AuditVerifyResult {
  /** True only for `intact`. */
  ok: boolean;
  verdict: AuditVerdict;
  /** Entries whose chain links were checked. */
  entries: number;
  /**
   * changed: the first entry that was (or may have been) changed or removed; truncated/rolled_back:
   * the first missing entry.
   */
  firstBadSeq?: number;
  /** changed: the last entry of the range a signature pins the change to (= firstBadSeq when exact). */
  lastBadSeq?: number;
  /** The plain chain's finding, when it found one. */
  problem?: AuditProblem;
  /** truncated/rolled_back: the newest entry the app had signed. */
  lastSignedSeq?: number;
  /** unprovable: why. */
  reason?: AuditUnprovableReason;
  /**
   * rolled_back: the file holds no checkpoint signed by the keychain's key, so the keychain's record
   * belongs to a log that is no longer here (the data folder was deleted or replaced, or a copy from
   * before signing was put back). Starting over on purpose needs the keychain item deleted too.
   */
  anchorWithoutLog?: boolean;
  /** Newest entry covered by a valid signature (0: none). */
  signedThrough: number;
  /** Entries after `signedThrough` (written within the checkpoint bound, or while no key was readable). */
  unsigned: number;
  /** Entries written before the current key signed anything: unchanged since `since`, unprovable before. */
  carriedOver: { through: number; reason: AuditCarryReason; since: string } | null;
  /** Entries written just before the app stopped unexpectedly, signed only at its next start. */
  recovered: { from: number; to: number }[];
  /** The signing key's fingerprint (SHA-256 of the public key's DER), when the key was readable. */
  keyFingerprint: string | null;
}

export interface AuditSigningKeyInfo {
  /** ready: signing; unavailable: the keychain could not be read at start; frozen: the log disagrees with the anchor. */
  state: 'ready' | 'unavailable' | 'frozen';
  fingerprint: string | null;
  publicKeyPem: string | null;
}

export const auditSigningKeyRequestSchema = z.object({}).strict();
