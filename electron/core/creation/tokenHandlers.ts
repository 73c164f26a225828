import { AppError } from '../../../shared/errors';
import type { AuditRecorder } from '../audit/recorder';
import type { Handlers } from '../ipc/dispatch';
import type { createClipboardGuard } from './clipboardGuard';
import type { CreationService } from './createService';
import type { TokenVault } from './tokenVault';

export type TokenHandlers = Pick<
  Handlers,
  | 'token.pending'
  | 'token.reveal'
  | 'token.copy'
  | 'token.save'
  | 'token.dismiss'
  | 'token.revealCandidate'
  | 'token.pickCandidate'
  | 'token.dismissAnswer'
>;

/** The one-time token screen: every use of a token by handle is on record (never its value). */
export function createTokenHandlers(deps: {
  vault: TokenVault;
  clipboard: ReturnType<typeof createClipboardGuard>;
  creation: CreationService;
  audit: AuditRecorder;
}): TokenHandlers {
  const { vault, audit } = deps;
  const record = (
    handle: string,
    action: 'token_revealed' | 'token_copied' | 'token_dismissed_unsaved',
    details?: Record<string, string>,
  ) => {
    const info = vault.info(handle);
    audit.record({
      action,
      profileId: info.profileId,
      target: info.friendlyName,
      outcome: 'ok',
      details: { serviceUserId: info.serviceUserId, ...details },
    });
  };

  const recordAnswer = (
    handle: string,
    action: 'token_revealed' | 'token_dismissed_unsaved',
    details: Record<string, string>,
  ) => {
    const info = vault.answerInfo(handle);
    audit.record({
      action,
      profileId: info.profileId,
      target: info.friendlyName,
      outcome: 'ok',
      details: { serviceUserId: info.serviceUserId, ...details },
    });
  };

  return {
    'token.pending': () => vault.list(),
    'token.reveal': ({ handle }) => {
      const token = vault.token(handle);
      record(handle, 'token_revealed');
      return { token };
    },
    'token.copy': async ({ handle }) => {
      const result = await deps.clipboard.copy(vault.token(handle));
      record(handle, 'token_copied');
      return result;
    },
    'token.save': ({ handle, item, overwrite }) => deps.creation.saveToken(handle, item, overwrite === true),
    'token.dismiss': ({ handle, unsaved }) => {
      if (!vault.info(handle).savedTo) {
        if (!unsaved) {
          throw new AppError(
            'conflict',
            'This token has not been saved to the keychain. Save it, or confirm that you stored it elsewhere or want to discard it — it can never be shown again.',
          );
        }
        record(handle, 'token_dismissed_unsaved', { disposition: unsaved });
      }
      vault.forget(handle);
      return { dismissed: true as const };
    },

    // An unrecognised create answer: on record are the paths revealed and picked, never a value.
    'token.revealCandidate': ({ handle, path }) => {
      const value = vault.candidate(handle, path);
      recordAnswer(handle, 'token_revealed', { candidatePath: path });
      return { value };
    },
    'token.pickCandidate': ({ handle, path }) => {
      const info = vault.answerInfo(handle);
      const picked = vault.pickCandidate(handle, path);
      audit.record({
        action: 'token_path_picked',
        profileId: info.profileId,
        target: info.friendlyName,
        outcome: 'ok',
        details: { serviceUserId: info.serviceUserId, path },
      });
      return picked;
    },
    'token.dismissAnswer': ({ handle }) => {
      recordAnswer(handle, 'token_dismissed_unsaved', { disposition: 'discarded', answer: 'unrecognised' });
      vault.dropAnswer(handle);
      return { dismissed: true as const };
    },
  };
}
