import type { AuditAction } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import type { AuditRecorder } from '../audit/recorder';
import type { createClipboardGuard } from '../creation/clipboardGuard';
import type { Handlers } from '../ipc/dispatch';
import type { CertificateKeeper } from './certificateKeeper';

export type CertificateHandlers = Pick<
  Handlers,
  | 'certificates.pending'
  | 'certificates.revealPassword'
  | 'certificates.copyPassword'
  | 'certificates.save'
  | 'certificates.dismiss'
  | 'certificates.test'
>;

/** The one-time certificate screen and the test of a saved certificate: every use of a password is on record (never its value). */
export function createCertificateHandlers(deps: {
  keeper: CertificateKeeper;
  clipboard: ReturnType<typeof createClipboardGuard>;
  audit: AuditRecorder;
}): CertificateHandlers {
  const { keeper, audit } = deps;
  const record = (handle: string, action: AuditAction, details?: Record<string, string>) => {
    const info = keeper.info(handle);
    audit.record({
      action,
      profileId: info.profileId,
      target: info.friendlyName,
      outcome: 'ok',
      details: {
        operationId: info.operationId,
        serviceUserId: info.serviceUserId,
        nickname: info.nickname,
        ...(info.facts ? { fingerprint: info.facts.fingerprint } : {}),
        ...details,
      },
    });
  };

  return {
    'certificates.pending': () => keeper.list(),
    'certificates.revealPassword': ({ handle }) => {
      const password = keeper.password(handle);
      record(handle, 'certificate_password_revealed');
      return { password };
    },
    'certificates.copyPassword': async ({ handle }) => {
      const result = await deps.clipboard.copy(keeper.password(handle));
      record(handle, 'certificate_password_copied');
      return result;
    },
    'certificates.save': ({ handle, to }) => keeper.save(handle, to),
    'certificates.dismiss': ({ handle, unsaved }) => {
      if (!keeper.info(handle).savedTo) {
        if (!unsaved) {
          throw new AppError(
            'conflict',
            'This certificate has not been saved. Save it, or confirm that you stored its password and file elsewhere or want to discard them — neither can ever be had again.',
          );
        }
        record(handle, 'certificate_dismissed_unsaved', { disposition: unsaved });
      }
      keeper.forget(handle);
      return { dismissed: true as const };
    },
    'certificates.test': (request) => keeper.test(request),
  };
}
