import { AppError, isAppError, type AppErrorValue } from '../../../shared/errors';
import type { CreationOutcome, KeychainItem } from '../../../shared/creation';
import type { Draft } from '../../../shared/drafts';
import { defaultKeychainItem } from '../../../shared/keychainItem';
import { friendlyNameSchema, type ServiceUserCreate } from '../../../shared/serviceUser';
import type { AuditRecorder } from '../audit/recorder';
import type { ClientFactory } from '../connections/clients';
import type { DigicertClient } from '../digicert/client';
import { certainlyNotCommitted, errorValue, mayHaveCommitted } from '../digicert/errors';
import type { SecretStore } from '../keychain/secretStore';
import type { Logger } from '../log/logger';
import type { ProfileStore } from '../profiles/profileStore';
import type { ReferenceCache } from '../reference/referenceStore';
import type { ReferenceService } from '../reference/referenceService';
import { createTokenSaver } from './tokenSaver';
import type { TokenVault } from './tokenVault';

/** What the creation workflow needs from the draft store. */
export interface CreationDrafts {
  get(id: string): Draft;
  /** The service user a draft's fields describe, checked for today; throws draft_not_ready otherwise. */
  serviceUserOf(draft: Draft): ServiceUserCreate;
  /** → sending (records create_requested), with the service user checked in that transaction: what to send. */
  markSending(id: string): { draft: Draft; input: ServiceUserCreate };
  markCreated(id: string, serviceUserId: string, name: string): Draft;
  markCreatedTokenLost(id: string, serviceUserId: string | null, name: string): Draft;
  markFailed(id: string, code: string): Draft;
  listSending(profileId: string): Draft[];
}

/**
 * The friendly name DigiCert answered becomes the suggested keychain account (and so part of the
 * read-back commands): only when it is a valid friendly name, else the name that was sent.
 */
function suggestedAccount(answered: string, sent: string): string {
  return friendlyNameSchema.safeParse(answered).success ? answered : sent;
}

/** An outcome as core answers it: always with the draft's revision once the outcome is recorded. */
export type RecordedOutcome = CreationOutcome & { revision: number };

/** An error as it crosses the boundary: its safe value, or a generic internal one. */
/**
 * Creates a service user exactly once. (The draft store records create_requested, created,
 * token-lost and failed in the audit log, in the same transaction as each state change.) The intent ("sending") is committed to SQLite before the
 * request goes out; when no answer arrives, nothing is resent until DigiCert has been asked, by
 * friendly name, whether the user exists. A duplicate_error after an unanswered attempt means the
 * earlier attempt succeeded: the user exists, and its token is lost.
 */
export function createCreationService(deps: {
  drafts: CreationDrafts;
  profiles: ProfileStore;
  clientFor: ClientFactory;
  reference: ReferenceService;
  cache: ReferenceCache;
  vault: TokenVault;
  keychain: SecretStore;
  audit: AuditRecorder;
  log: Logger;
  clock: () => Date;
}) {
  const { drafts } = deps;
  const saveToKeychain = createTokenSaver(deps);
  const inFlight = new Map<string, AbortController>();

  /** Asks DigiCert whether a user with this friendly name exists. null: could not ask. */
  async function findByName(
    client: DigicertClient,
    profileId: string,
    name: string,
  ): Promise<{ id: string } | 'absent' | null> {
    try {
      const users = await client.listServiceUsers();
      deps.reference.answered(profileId);
      const match = users.find((u) => u.friendlyName.toLowerCase() === name.toLowerCase());
      return match ? { id: match.id } : 'absent';
    } catch (error) {
      deps.reference.observe(profileId, error);
      return null;
    }
  }

  function tokenLost(draft: Draft, serviceUserId: string | null, name: string): RecordedOutcome {
    const lost = drafts.markCreatedTokenLost(draft.id, serviceUserId, name);
    // The name is taken in DigiCert ONE now: the wizard's uniqueness hint must know it.
    if (serviceUserId)
      deps.cache.addServiceUser(draft.profileId, { id: serviceUserId, friendlyName: name, status: 'ACTIVE' });
    return {
      state: 'created_token_lost',
      draftId: draft.id,
      serviceUserId: serviceUserId ?? '',
      friendlyName: name,
      revision: lost.revision,
    };
  }

  function failed(draftId: string, error: unknown): RecordedOutcome {
    const draft = drafts.markFailed(draftId, isAppError(error) ? error.code : 'internal');
    return { state: 'failed', draftId, error: errorValue(error), revision: draft.revision };
  }

  /** Settles a draft whose earlier attempt got no answer. 'absent' means it is safe to send. */
  async function settle(
    draft: Draft,
    client: DigicertClient,
    name: string,
    lastError: AppErrorValue,
  ): Promise<RecordedOutcome | 'absent'> {
    const found = await findByName(client, draft.profileId, name);
    if (found === null) return { state: 'sending', draftId: draft.id, error: lastError, revision: draft.revision };
    if (found === 'absent') return 'absent';
    return tokenLost(draft, found.id, name);
  }

  async function create(draftId: string, saveTo?: KeychainItem): Promise<RecordedOutcome> {
    if (inFlight.has(draftId)) throw new AppError('conflict', 'This service user is already being created.');
    let draft = drafts.get(draftId);
    if (draft.state === 'created' || draft.state === 'created_token_lost') {
      throw new AppError('conflict', 'This draft has already been created.');
    }
    // Checked before a client is asked for (draft_not_ready first); marking it sending checks it
    // again, the same answer remembered, and hands over what to send.
    drafts.serviceUserOf(draft);
    let name: string;
    const client = await deps.clientFor(draft.profileId);
    const controller = new AbortController();
    inFlight.set(draftId, controller);
    try {
      // An earlier attempt never got its answer (and may have created the user, even if a check
      // right after it found nothing): ask again before sending.
      const wasUnanswered =
        draft.state === 'sending' ||
        (draft.state === 'failed' && draft.failureCode !== null && !certainlyNotCommitted(draft.failureCode));
      if (wasUnanswered) {
        const resending = drafts.markSending(draftId);
        draft = resending.draft;
        name = resending.input.friendlyName;
        const settled = await settle(draft, client, name, {
          code: 'connection_lost',
          message: 'The answer to an earlier attempt never arrived.',
        });
        if (settled !== 'absent') return settled;
      }

      // What is sent is what was committed as sending, even if the draft was edited meanwhile.
      const sending = drafts.markSending(draftId);
      draft = sending.draft;
      const input = sending.input;
      name = input.friendlyName;
      let created;
      try {
        created = await client.createServiceUser(input, { signal: controller.signal });
        deps.reference.answered(draft.profileId);
      } catch (error) {
        deps.reference.observe(draft.profileId, error);
        if (isAppError(error) && error.code === 'unexpected_response' && error.params?.created === true) {
          return tokenLost(draft, String(error.params.userId ?? '') || null, name);
        }
        if (isAppError(error) && error.code === 'duplicate_name' && wasUnanswered) {
          const found = await findByName(client, draft.profileId, name);
          return tokenLost(draft, found && found !== 'absent' ? found.id : null, name);
        }
        if (!mayHaveCommitted(error)) return failed(draftId, error);
        // No answer: the user may exist. Ask now; if DigiCert cannot be asked, stay "sending".
        deps.log.warn('create got no answer; checking by name', {
          draftId,
          code: isAppError(error) ? error.code : 'internal',
        });
        const settled = await settle(draft, client, name, errorValue(error));
        if (settled !== 'absent') return settled;
        return failed(draftId, error);
      }

      const profile = deps.profiles.get(draft.profileId);
      const tokenInfo = {
        profileId: draft.profileId,
        draftId,
        serviceUserId: created.user.id,
        friendlyName: created.user.friendlyName,
        savedTo: null,
        suggested: defaultKeychainItem(profile, suggestedAccount(created.user.friendlyName, name)),
        readBack: null,
      };
      const done = drafts.markCreated(draftId, created.user.id, created.user.friendlyName);
      deps.cache.addServiceUser(draft.profileId, {
        id: created.user.id,
        friendlyName: created.user.friendlyName,
        status: created.user.status,
        ...(created.user.endDate ? { endDate: created.user.endDate } : {}),
      });
      if (created.token === undefined) {
        // A2 missed: the admin picks the token among the answer's strings (saveTo waits for the pick).
        const answer = deps.vault.holdAnswer(created.candidates, tokenInfo);
        return {
          state: 'created_token_unrecognised',
          draftId,
          serviceUser: created.user,
          answer,
          revision: done.revision,
        };
      }
      let info = deps.vault.put(created.token, tokenInfo);
      let saveFailed: { item: KeychainItem; error: AppErrorValue } | undefined;
      if (saveTo) {
        try {
          info = await saveToKeychain(info.handle, saveTo);
        } catch (error) {
          // The token stays in memory; the token screen shows why and offers Save again and Copy.
          deps.log.warn('saving the new token to the keychain failed', {
            code: isAppError(error) ? error.code : 'internal',
          });
          saveFailed = { item: saveTo, error: errorValue(error) };
        }
      }
      return {
        state: 'created',
        draftId,
        serviceUser: created.user,
        token: info,
        ...(saveFailed ? { saveFailed } : {}),
        revision: done.revision,
      };
    } finally {
      inFlight.delete(draftId);
    }
  }

  return {
    create,

    cancel(draftId: string): { cancelled: boolean } {
      const controller = inFlight.get(draftId);
      controller?.abort();
      return { cancelled: Boolean(controller) };
    },

    /** Settles every draft of a profile left in "sending" (after a crash or a lost answer). */
    async reconcile(profileId: string): Promise<RecordedOutcome[]> {
      const pending = drafts.listSending(profileId).filter((d) => !inFlight.has(d.id));
      if (pending.length === 0) return [];
      const client = await deps.clientFor(profileId);
      const outcomes: RecordedOutcome[] = [];
      for (const draft of pending) {
        const name = (draft.fields.friendlyName ?? '').trim();
        const settled = await settle(draft, client, name, {
          code: 'connection_lost',
          message: 'The answer to an earlier attempt never arrived.',
        });
        if (settled === 'absent') {
          outcomes.push(
            failed(
              draft.id,
              new AppError(
                'connection_lost',
                'The earlier attempt did not create the service user. You can create it again.',
              ),
            ),
          );
        } else {
          outcomes.push(settled);
        }
      }
      return outcomes;
    },

    saveToken: async (handle: string, item: KeychainItem, overwrite = false) => {
      const info = await saveToKeychain(handle, item, overwrite);
      return { savedTo: info.savedTo!, readBack: info.readBack! };
    },

    close(): void {
      for (const controller of inFlight.values()) controller.abort();
    },
  };
}

export type CreationService = ReturnType<typeof createCreationService>;
