import { z } from 'zod';
import type { AppErrorValue } from './errors';
import type { ServiceUser } from './serviceUser';
import { noControlChars } from './text';

export const KEYCHAIN_NAME_MAX = 200;

/** Keychain item names are short and free of control characters (shared/text.ts). */
const itemName = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(KEYCHAIN_NAME_MAX, `Use at most ${KEYCHAIN_NAME_MAX} characters.`)
  .superRefine(noControlChars);

export const keychainItemSchema = z.object({ service: itemName, account: itemName }).strict();
export type KeychainItem = z.infer<typeof keychainItemSchema>;

/** How to read a saved token back in a script, per OS. */
export interface ReadBackCommands {
  linux: string;
  macos: string;
  windows: string;
}

/** A one-time token held in main, addressed by an opaque handle; the renderer sees the value only on Reveal. */
export interface TokenInfo {
  handle: string;
  profileId: string;
  /** The draft the token was created from (creation); absent for a token issued later. */
  draftId?: string;
  /** The operation that issued it (rotation, `serviceUsers.sendOperation` of an issueToken). */
  operationId?: string;
  serviceUserId: string;
  friendlyName: string;
  /** Where it was saved (verified by reading it back), or null while unsaved. */
  savedTo: KeychainItem | null;
  suggested: KeychainItem;
  readBack: ReadBackCommands | null;
}

/** A string of a create answer that could be the token: its JSON path and at most 2 + 2 characters. */
export interface TokenCandidatePreview {
  path: string;
  preview: string;
}

/**
 * A create answer held in main whose token was not where the app looks (assumption A2): the admin
 * reveals candidates and picks one (token.pickCandidate), which continues as a normal token.
 */
export interface UnrecognisedAnswer {
  handle: string;
  candidates: TokenCandidatePreview[];
}

/** What became of a create; `state` is also the draft's state in core afterwards (`created_token_unrecognised`: created). */
export type CreationOutcome = Settled & {
  /**
   * The draft's revision in core once this outcome was recorded. Core moves the draft (sending,
   * failed...) while creating, so the wizard's next autosave must expect this revision,
   * not the one it saved last. Core always sets it (see createService); without it, re-read the draft.
   */
  revision?: number;
};

type Settled =
  | {
      state: 'created';
      draftId: string;
      serviceUser: ServiceUser;
      token: TokenInfo;
      /** The save-before-show to `saveTo` did not happen (e.g. keychain_item_exists): the token is held unsaved. */
      saveFailed?: { item: KeychainItem; error: AppErrorValue };
    }
  /** Created; the answer holds no token where the app looks, but strings that may be it. */
  | { state: 'created_token_unrecognised'; draftId: string; serviceUser: ServiceUser; answer: UnrecognisedAnswer }
  /** The service user exists but its token never reached the app: it can never be recovered. */
  | { state: 'created_token_lost'; draftId: string; serviceUserId: string; friendlyName: string }
  /** DigiCert refused the create (validation, duplicate, permission...): nothing was created. */
  | { state: 'failed'; draftId: string; error: AppErrorValue }
  /** Sent, but no answer and DigiCert cannot be asked now: the outcome is checked before any resend. */
  | { state: 'sending'; draftId: string; error: AppErrorValue };

const id = z.string().min(1).max(64);
const handle = z.string().regex(/^[a-f0-9]{32}$/);

export const createRequestSchema = z
  .object({
    draftId: id,
    /** Write the token to this keychain item before it is ever shown. Omitted: hold it in memory. */
    saveTo: keychainItemSchema.optional(),
  })
  .strict();

export const tokenHandleSchema = z.object({ handle }).strict();
/** One candidate of an unrecognised create answer, by its JSON path. */
export const tokenCandidateSchema = z.object({ handle, path: z.string().min(1).max(512) }).strict();
/**
 * `overwrite: true` only after the admin was told the item holds another value
 * (keychain_item_exists) and chose to replace it. Without it, core never replaces a value.
 */
export const tokenSaveSchema = z
  .object({ handle, item: keychainItemSchema, overwrite: z.boolean().optional() })
  .strict();
/**
 * Closing the token screen. An unsaved token is only forgotten when the admin said what became of
 * it: stored elsewhere (ticked), or discarded (confirmed in the close dialog).
 */
export const UNSAVED_DISPOSITIONS = ['stored_elsewhere', 'discarded'] as const;
export type UnsavedDisposition = (typeof UNSAVED_DISPOSITIONS)[number];
export const tokenDismissSchema = z.object({ handle, unsaved: z.enum(UNSAVED_DISPOSITIONS).optional() }).strict();

/** Seconds after which a copied token is cleared from the clipboard (if it is still there). */
export const CLIPBOARD_CLEAR_SECONDS = 30;
