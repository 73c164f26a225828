import { z } from 'zod';
import { isRealDate } from './dates';
import { KEYCHAIN_NAME_MAX } from './creation';
import { AppError, fieldErrorsFromZod } from './errors';
import {
  ACCOUNTS_MAX,
  DESCRIPTION_MAX,
  EMAIL_MAX,
  FRIENDLY_NAME_MAX,
  serviceUserSchema,
  type ServiceUserCreate,
  type ServiceUserInput,
} from './serviceUser';
import { noControlChars, toLf } from './text';

/**
 * Drafts: the wizard's in-progress form, autosaved. The field schema is LENIENT (a half-typed
 * form must save) but bounded: every string has a maximum length and every array a maximum size,
 * so a draft cannot grow without limit. The strict rules live in `serviceUserSchema` and are
 * checked when a draft is marked ready or sent.
 */

const DRAFT_ID_MAX = 64;
const DRAFT_MANAGERS_MAX = 50;
const DRAFT_ROLES_PER_MANAGER_MAX = 200;
const DRAFT_SEARCH_MAX = 100;
/** Wizard steps are numbered from 0; the wizard has far fewer, this only bounds the input. */
const DRAFT_STEP_MAX = 20;

const refId = z.string().max(128);
/** Free text as typed: any length up to `max`, no control characters (shared/text.ts). */
const text = (max: number) => z.string().max(max).superRefine(noControlChars);

export const draftFieldsSchema = z
  .object({
    friendlyName: text(FRIENDLY_NAME_MAX).optional(),
    /** Multi-line, as in the service-user schema: LF kept, CRLF read as LF. */
    description: z
      .string()
      .transform(toLf)
      .pipe(
        z
          .string()
          .max(DESCRIPTION_MAX)
          .superRefine((value, ctx) => noControlChars(value, ctx, { multiline: true })),
      )
      .optional(),
    /** A real 'YYYY-MM-DD' date, or '' while the field is empty. */
    endDate: z
      .string()
      .max(10)
      .refine((value) => value === '' || isRealDate(value), 'Enter a date that exists, as YYYY-MM-DD.')
      .optional(),
    email: text(EMAIL_MAX).optional(),
    accountIds: z.array(refId).max(ACCOUNTS_MAX).optional(),
    managers: z
      .array(
        z
          .object({
            managerId: refId,
            roleIds: z.array(refId).max(DRAFT_ROLES_PER_MANAGER_MAX),
          })
          .strict(),
      )
      .max(DRAFT_MANAGERS_MAX)
      .optional(),
    saveToKeychain: z.boolean().optional(),
    /** The keychain item the token goes to, as typed on the review step (checked when used). */
    keychainItem: z
      .object({ service: text(KEYCHAIN_NAME_MAX), account: text(KEYCHAIN_NAME_MAX) })
      .strict()
      .optional(),
  })
  .strict();
export type DraftFields = z.infer<typeof draftFieldsSchema>;

/** A draft's fields as the service-user schema takes them (the draft's own options left out). */
function serviceUserInputOf(fields: DraftFields): ServiceUserInput {
  return {
    friendlyName: fields.friendlyName ?? '',
    description: fields.description ?? '',
    endDate: fields.endDate ?? '',
    email: fields.email ?? '',
    accountIds: fields.accountIds ?? [],
    managers: fields.managers ?? [],
  };
}

/**
 * A draft as the service user to create, checked by the one service-user schema relative to
 * `today` (UTC, 'YYYY-MM-DD'); throws draft_not_ready with an error per field otherwise.
 */
export function readyServiceUser(fields: DraftFields, today: string): ServiceUserCreate {
  const parsed = serviceUserSchema(today).safeParse(serviceUserInputOf(fields));
  if (!parsed.success) {
    throw new AppError('draft_not_ready', 'Some fields still need attention before this service user can be created.', {
      fieldErrors: fieldErrorsFromZod(parsed.error.issues),
    });
  }
  return parsed.data;
}

const DRAFT_STATES = ['editing', 'ready', 'sending', 'created', 'created_token_lost', 'failed'] as const;
export const draftStateSchema = z.enum(DRAFT_STATES);
export type DraftState = z.infer<typeof draftStateSchema>;

/** States in which a draft is still work in progress (shown in the open list, resumable). */
export const OPEN_DRAFT_STATES: readonly DraftState[] = ['editing', 'ready', 'sending', 'failed'];
/** States in which the draft is the record of a created service user. */
export const DONE_DRAFT_STATES: readonly DraftState[] = ['created', 'created_token_lost'];

/** The service user a draft turned into (once state is created / created_token_lost). */
export interface CreatedRecord {
  serviceUserId: string;
  name: string;
  /** UTC ISO instant the creation was confirmed. */
  at: string;
  /** OS account of the admin who created it. */
  by: string;
}

export interface DraftSummary {
  id: string;
  profileId: string;
  step: number;
  state: DraftState;
  /** An ErrorCode when state is 'failed' (or the last failure before a retry), else null. */
  failureCode: string | null;
  /** fields.friendlyName, or null while empty. */
  friendlyName: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
  created: CreatedRecord | null;
}

export interface Draft extends DraftSummary {
  fields: DraftFields;
  deletedAt: string | null;
}

const draftId = z.string().min(1).max(DRAFT_ID_MAX);
const profileId = z.string().min(1).max(64);

export const draftIdRequestSchema = z.object({ id: draftId }).strict();

export const draftListQuerySchema = z
  .object({
    profileId,
    /** Case-insensitive substring of the friendly name. */
    search: z.string().trim().max(DRAFT_SEARCH_MAX).superRefine(noControlChars).optional(),
    sort: z.enum(['updated', 'name', 'step']).default('updated'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    /** 'open': work in progress (default); 'created': records of created service users. */
    status: z.enum(['open', 'created']).default('open'),
  })
  .strict();
export type DraftListQuery = z.input<typeof draftListQuerySchema>;

export const draftSaveRequestSchema = z
  .object({
    /** Omitted: create a new draft. */
    id: draftId.optional(),
    profileId,
    step: z.number().int().min(0).max(DRAFT_STEP_MAX),
    fields: draftFieldsSchema,
    /** Optimistic concurrency: when given, the save is refused (conflict) unless it matches. */
    expectedRevision: z.number().int().min(1).optional(),
  })
  .strict();
export type DraftSaveRequest = z.input<typeof draftSaveRequestSchema>;

export const draftDuplicateRequestSchema = draftIdRequestSchema;
export const draftDeleteRequestSchema = draftIdRequestSchema;
export const draftUndoDeleteRequestSchema = draftIdRequestSchema;

export const draftLatestUnfinishedRequestSchema = z.object({ profileId: profileId.optional() }).strict();
