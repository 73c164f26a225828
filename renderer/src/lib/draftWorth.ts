import type { DraftFields } from '../../../shared/drafts';
import { emailSchema, friendlyNameSchema } from '../../../shared/serviceUser';

/**
 * Whether what the wizard holds is worth keeping as a draft: a valid name or email, a description,
 * or a choice of accounts or managers. Clicking an end-date preset ("No end date" included) or
 * typing a name the rules refuse is not: such a draft would only be an "Untitled draft" to clean
 * up. Only the first save is held back; once a draft exists every change is saved.
 */
export function worthADraft(fields: DraftFields): boolean {
  return (
    friendlyNameSchema.safeParse(fields.friendlyName ?? '').success ||
    emailSchema.safeParse(fields.email ?? '').success ||
    (fields.description ?? '').trim() !== '' ||
    (fields.accountIds ?? []).length > 0 ||
    (fields.managers ?? []).length > 0
  );
}
