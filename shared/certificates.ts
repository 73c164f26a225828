import { z } from 'zod';
import { keychainItemSchema, type KeychainItem } from './creation';
import { defaultKeychainService, type KeychainItemProfile } from './keychainItem';
import { isRealDate } from './serviceUser';
import { noControlChars } from './text';

/**
 * Client authentication certificates of a service user (issue 14): the second credential. DigiCert
 * generates the key pair and the certificate, packs them as PKCS#12 under a random password, and
 * hands both over once. The app saves the password to the OS keychain and the file where the admin
 * chooses, before anything is shown.
 */

export const CERTIFICATE_NICKNAME_MAX = 64;
/** DigiCert's rule: letters, digits, spaces, dashes and underscores. */
const NICKNAME_PATTERN = /^[A-Za-z0-9 _-]+$/;

export const certificateNicknameSchema = z
  .string({ required_error: 'Enter a nickname.' })
  .trim()
  .min(1, 'Enter a nickname.')
  .max(CERTIFICATE_NICKNAME_MAX, `Use at most ${CERTIFICATE_NICKNAME_MAX} characters.`)
  .regex(NICKNAME_PATTERN, 'Use only letters, digits, spaces, dashes and underscores.');

/** PKCS#12 encryption of the key and certificate bags; DigiCert's default is AES. */
export const CERTIFICATE_ENCRYPTIONS = ['AES', '3DES'] as const;
export type CertificateEncryption = (typeof CERTIFICATE_ENCRYPTIONS)[number];
export const CERTIFICATE_SIGNATURE_HASHES = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
export type CertificateSignatureHash = (typeof CERTIFICATE_SIGNATURE_HASHES)[number];

/** The error code of an end date after the service user's own: the fix is to extend the user first. */
export const AFTER_USER_END_DATE = 'after_user_end_date';

/**
 * What an admin asks for when generating a certificate. `userEndDate`: the service user's end date
 * (null: none). The end date is required (DigiCert cannot change it later), not in the past, and
 * not after the user's own end date.
 */
export function certificateRequestSchema(today: string, userEndDate: string | null) {
  return z
    .object({
      nickname: certificateNicknameSchema,
      endDate: z
        .string({ required_error: 'Choose an end date.' })
        .trim()
        .min(1, 'Choose an end date.')
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD.')
        .refine(isRealDate, 'This date does not exist.')
        .refine((value) => !isRealDate(value) || value > today, 'The end date must be after today.')
        .superRefine((value, ctx) => {
          if (userEndDate && isRealDate(value) && value > userEndDate) {
            ctx.addIssue({
              code: 'custom',
              message: `The certificate cannot outlive its service user (end date ${userEndDate}). Extend the service user first.`,
              params: { code: AFTER_USER_END_DATE, userEndDate },
            });
          }
        }),
      encryption: z.enum(CERTIFICATE_ENCRYPTIONS).default('AES'),
      signatureHash: z.enum(CERTIFICATE_SIGNATURE_HASHES).default('SHA-256'),
    })
    .strict();
}
export type CertificateRequestInput = z.input<ReturnType<typeof certificateRequestSchema>>;
export type CertificateRequest = z.output<ReturnType<typeof certificateRequestSchema>>;

/** A client certificate of a service user as DigiCert lists it: never the key or the password. */
export interface ClientCertificate {
  id: string;
  nickname: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprint?: string;
  serial?: string;
  /** UTC ISO instant. */
  notAfter?: string;
  createdAt?: string;
  status?: 'ACTIVE' | 'REVOKED' | 'EXPIRED' | (string & {});
}

/** What the app reads out of a PKCS#12 file with its password (the read-back before "saved"). */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Upper-case hex. */
  serial: string;
  /** SHA-256 of the DER certificate, upper-case hex pairs joined by ':'. */
  fingerprint: string;
  /** UTC ISO instant. */
  notAfter: string;
}

/** Where a certificate is saved: the password in a keychain item, the PKCS#12 in a file. */
export const certificateDestinationSchema = z
  .object({
    item: keychainItemSchema,
    /**
     * Absolute path of the .p12 file. In the desktop app only the file name counts: main asks in a
     * native save dialog. In the browser harness it must lie inside the export folder.
     */
    file: z.string().trim().min(1).max(4096).superRefine(noControlChars),
    /** Replace an existing file (the admin confirmed). Never implied. */
    overwrite: z.boolean().optional(),
    /** Replace another value in the keychain item (the admin confirmed). Never implied. */
    overwriteItem: z.boolean().optional(),
  })
  .strict();
export type CertificateDestination = z.infer<typeof certificateDestinationSchema>;

/** How to read the password back in a script, per OS (never the value). */
export interface PasswordReadBack {
  linux: string;
  macos: string;
  windows: string;
}

/**
 * The environment a signing client expects (SM_HOST, SM_API_KEY, SM_CLIENT_CERT_FILE,
 * SM_CLIENT_CERT_PASSWORD), per OS, as lines that read each secret from the keychain: never a value.
 */
export interface HandOver {
  /** sh lines (`export NAME=...`). */
  linux: string;
  macos: string;
  /** PowerShell lines (`$env:NAME = ...`). */
  windows: string;
}

/**
 * The keychain item the app suggests for a certificate's password: service
 * `DigiCert ONE client certificate password (…)` (as the token's), account `<user> · <nickname>`.
 */
export function defaultCertificateItem(
  profile: KeychainItemProfile | null | undefined,
  friendlyName: string,
  nickname: string,
): KeychainItem {
  return {
    service: defaultKeychainService(profile, 'client certificate password'),
    account: `${friendlyName.trim()} · ${nickname.trim()}`,
  };
}

/** The one extension of the certificate files the app writes (the renderer's check and the native dialog). */
export const CERTIFICATE_FILE_EXTENSION = 'p12';

/** The file name the app suggests for a certificate: `<user>-<nickname>.p12`, safe on every OS. */
export function defaultCertificateFileName(friendlyName: string, nickname: string): string {
  const safe = (s: string) =>
    s
      .trim()
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `${[safe(friendlyName), safe(nickname)].filter(Boolean).join('-') || 'certificate'}.${CERTIFICATE_FILE_EXTENSION}`;
}

/**
 * A generated certificate held in main (password and PKCS#12 bytes) between "generated" and
 * "saved or dismissed", addressed by an opaque handle. The renderer sees the password only on Reveal
 * and never sees the file's bytes.
 */
export interface HeldCertificate {
  handle: string;
  profileId: string;
  operationId: string;
  serviceUserId: string;
  friendlyName: string;
  nickname: string;
  /** Where it was saved and verified by opening the file with the password from the keychain; null while unsaved. */
  savedTo: { item: KeychainItem; file: string } | null;
  /** Read from the saved file (or, while unsaved, from the bytes in memory). */
  facts: CertificateFacts | null;
  /** Keychain item and file name the app suggests. */
  suggested: { item: KeychainItem; fileName: string };
  readBack: PasswordReadBack | null;
  /** Null while unsaved. */
  handOver: HandOver | null;
}

/** A certificate this app saved for a user, from its own records; `*Exists` null: could not be checked. */
export interface SavedCertificate {
  nickname: string;
  fingerprint: string;
  file: string;
  item: KeychainItem;
  savedAt: string;
  fileExists: boolean | null;
  itemExists: boolean | null;
  readBack: PasswordReadBack;
  handOver: HandOver;
}

/** The answer of "Test the certificate": one GET /user/me over mutual TLS. */
export interface CertificateTestResult {
  /** The mutual-TLS address that was called. */
  url: string;
  /** Whose identity answered. */
  identity: { id: string; friendlyName?: string; userType?: string };
  /** The identity is the service user the certificate belongs to. */
  matchesUser: boolean;
}

const handle = z.string().regex(/^[a-f0-9]{32}$/);
const profileId = z.string().min(1).max(64);
const userId = z.string().trim().min(1).max(128).superRefine(noControlChars);

export const certificateHandleSchema = z.object({ handle }).strict();
export const certificateSaveSchema = z.object({ handle, to: certificateDestinationSchema }).strict();
export const certificateDismissSchema = z
  .object({ handle, unsaved: z.enum(['stored_elsewhere', 'discarded']).optional() })
  .strict();
/** A SHA-256 fingerprint as the app shows it: colon-separated upper-case hex pairs (either case accepted). */
const fingerprintSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'Not a SHA-256 fingerprint.');

/**
 * Test a certificate this app saved: the file and the keychain item come from its own records, the
 * newest one of this fingerprint (two certificates may have had one nickname, one revoked).
 */
export const certificateTestSchema = z
  .object({ profileId, userId, nickname: certificateNicknameSchema, fingerprint: fingerprintSchema })
  .strict();
export type CertificateTestRequest = z.infer<typeof certificateTestSchema>;
