import {
  AFTER_USER_END_DATE,
  certificateRequestSchema,
  type CertificateDestination,
  type ClientCertificate,
  type HeldCertificate,
} from '../../../shared/certificates';
import type { AuditDetails } from '../../../shared/audit';
import { AppError, fieldErrorsFromZod, isAppError, type AppErrorValue } from '../../../shared/errors';
import type { OperationOutcome, OperationRequest } from '../../../shared/manage';
import type { DigicertClient, GeneratedCertificate } from '../digicert/client';
import { errorValue } from '../digicert/errors';
import { sameNickname } from '../digicert/wire';
import type { Logger } from '../log/logger';
import type { CertificateCache } from '../serviceUsers/certificateCache';
import type { CertificateAbout } from './certificateKeeper';
import { userGone } from '../serviceUsers/errors';
import { publicOperation, type OperationStore, type StoredOperation } from '../serviceUsers/operationStore';

/**
 * The certificate steps of operations on service users (issue 14): generating a client
 * certificate is not idempotent, and its nickname is unique per user, so the nickname is the key
 * that finds it after a lost answer. operations.ts decides when; this file knows how.
 */

export type CreateCertificateRequest = Extract<OperationRequest, { kind: 'createCertificate' }>;
type RevokeCertificateRequest = Extract<OperationRequest, { kind: 'revokeCertificate' }>;

/** What operations need of the certificate keeper (certificates/certificateKeeper.ts). */
export interface CertificateHolder {
  hold(generated: GeneratedCertificate, about: CertificateAbout): HeldCertificate;
  save(handle: string, destination: CertificateDestination): Promise<HeldCertificate>;
  /** The checks `save` makes before it writes, run before anything is sent: throws what save would. */
  checkDestination(destination: CertificateDestination, about: CertificateAbout): Promise<void>;
  /** The certificates held now (an operation's own is found by its id). */
  list(): HeldCertificate[];
  /** Whether an operation's certificate reached this app before (its screen's entries in the audit log). */
  reachedApp(profileId: string, operationId: string): boolean;
}

/** What the certificate of an operation is about (the keeper's names for it). */
export const certificateAbout = (op: StoredOperation): CertificateAbout => ({
  profileId: op.profileId,
  operationId: op.id,
  serviceUserId: op.userId,
  friendlyName: op.friendlyName,
  nickname: (op.request as CreateCertificateRequest).nickname,
});

/**
 * The request checked against today and the user's end date (one schema, shared with the form).
 * The end-date rule's field error keeps its own code (AFTER_USER_END_DATE): the form offers to
 * extend the user first.
 */
export function validateCertificateRequest(
  request: CreateCertificateRequest,
  today: string,
  userEndDate: string | null,
): CreateCertificateRequest {
  const { kind: _kind, ...fields } = request;
  const parsed = certificateRequestSchema(today, userEndDate).safeParse(fields);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFromZod(parsed.error.issues).map((fe, i) => {
      const code = (parsed.error.issues[i] as { params?: { code?: unknown } }).params?.code;
      return typeof code === 'string' ? { ...fe, code } : fe;
    });
    throw new AppError('validation_failed', 'Some values need attention before the certificate can be generated.', {
      fieldErrors,
      ...(fieldErrors.some((fe) => fe.code === AFTER_USER_END_DATE) ? { params: { code: AFTER_USER_END_DATE } } : {}),
    });
  }
  return { kind: 'createCertificate', ...parsed.data };
}

/**
 * The certificate with this nickname (sameNickname: case is ignored). A nickname free before the
 * first send in any case can only be this operation's.
 */
export function findByNickname<T extends { nickname: string }>(
  certificates: readonly T[],
  nickname: string,
): T | undefined {
  return certificates.find((c) => sameNickname(c.nickname, nickname));
}

/** A nickname refused before anything is sent (prepare): a field error on `nickname`. */
function nicknameRefused(message: string): AppError {
  return new AppError('validation_failed', message, {
    fieldErrors: [{ field: 'nickname', code: 'duplicate_name', message }],
  });
}

/**
 * When a certificate is prepared: its nickname must not be that of another unsettled request for
 * the user (after a lost answer neither could tell which certificate is its), nor one the last
 * list shows (offline too: refused now rather than by DigiCert later).
 */
export function assertNicknameFree(
  nickname: string,
  unsettled: readonly OperationRequest[],
  listed: readonly { nickname: string }[],
): void {
  const prepared = unsettled.flatMap((r) => (r.kind === 'createCertificate' ? [r] : []));
  if (findByNickname(prepared, nickname)) {
    throw nicknameRefused('A certificate with this nickname is already prepared for this user and not settled yet.');
  }
  if (findByNickname(listed, nickname)) throw nicknameRefused(duplicateNickname(nickname).message);
}

/** DigiCert already has a certificate with this nickname for the user. */
export function duplicateNickname(nickname: string): AppError {
  const message = `This service user already has a certificate named "${nickname}". Choose another nickname.`;
  return new AppError('duplicate_name', message, {
    fieldErrors: [{ field: 'nickname', code: 'duplicate_name', message }],
  });
}

/** Non-secret facts of a certificate request for the audit log. */
export function certificateRequestDetails(r: CreateCertificateRequest | RevokeCertificateRequest): AuditDetails {
  if (r.kind === 'revokeCertificate') return { certificateId: r.certificateId, nickname: r.nickname };
  return {
    nickname: r.nickname,
    certificateEndDate: r.endDate,
    ...(r.encryption ? { encryption: r.encryption } : {}),
    ...(r.signatureHash ? { signatureHash: r.signatureHash } : {}),
  };
}

/** A list item as the cache and the audit log see a certificate generated by `op`. */
const asListed = (id: string, nickname: string, notAfter?: string): ClientCertificate => ({
  id,
  nickname,
  status: 'ACTIVE',
  ...(notAfter ? { notAfter } : {}),
});

export interface CertificateStepsDeps {
  store: OperationStore;
  cache: CertificateCache;
  holder: CertificateHolder;
  reference: { observe(profileId: string, error: unknown): void; answered(profileId: string): void };
  /** Forgets a user DigiCert no longer knows (the service-user and certificate caches). */
  userRemoved(profileId: string, userId: string): void;
  log: Logger;
  clock: () => Date;
  done(
    op: StoredOperation,
    extra?: AuditDetails,
    result?: Record<string, string>,
  ): Extract<OperationOutcome, { state: 'done' }>;
  failed(op: StoredOperation, error: unknown): OperationOutcome;
  changed(profileId: string): void;
}

export function createCertificateSteps(deps: CertificateStepsDeps) {
  const now = () => deps.clock().toISOString();

  /** Cache writes never stand between DigiCert's answer and the admin. */
  function cacheSafely(what: string, write: () => void) {
    try {
      write();
    } catch (error) {
      deps.log.warn(`certificate cache: ${what} failed`, { code: errorValue(error).code });
    }
  }

  /**
   * The user's certificates; a 404 means the user is gone. Throws when DigiCert cannot be asked.
   * `skipped`: items listed in a form the app cannot read (a nickname among them cannot be ruled out).
   */
  async function list(
    op: StoredOperation,
    client: DigicertClient,
  ): Promise<{ certificates: ClientCertificate[]; skipped: number } | 'user_gone'> {
    try {
      const listed = await client.listCertificates(op.userId);
      deps.reference.answered(op.profileId);
      cacheSafely('replace', () => deps.cache.replaceForUser(op.profileId, op.userId, listed.certificates, now()));
      return listed;
    } catch (error) {
      deps.reference.observe(op.profileId, error);
      if (isAppError(error) && error.code === 'not_found') {
        deps.userRemoved(op.profileId, op.userId);
        return 'user_gone';
      }
      throw error;
    }
  }

  /** Items the app could not read may include this nickname: neither "free" nor "absent" can be told. */
  function cannotTell(skipped: number, nickname: string): AppError {
    return new AppError(
      'unexpected_response',
      `DigiCert ONE listed ${skipped} certificate(s) of this user in a form this app cannot read, so it cannot tell whether one named "${nickname}" is among them. Nothing more was sent; check the user's certificates in DigiCert ONE.`,
      { params: { skipped } },
    );
  }

  /**
   * Operations whose certificate reached this app (held, maybe saved and dismissed since) although
   * recording `done` failed: never declared lost by a later look. After a restart, the audit log's
   * entries of the certificate's screen tell the same (holder.reachedApp).
   */
  const reachedApp = new Set<string>();

  /** Generated, but the password and the file never reached the app: they can never be had again. */
  function lost(op: StoredOperation, certificateId: string | undefined, why: AppErrorValue): OperationOutcome {
    const error: AppErrorValue = {
      code: why.code,
      message:
        'The certificate was generated, but its password and file never reached this app and can never be had again. Revoke it and generate another.',
    };
    const ids: Record<string, string> = certificateId ? { certificateId } : {};
    const r = op.request as CreateCertificateRequest;
    const settled = deps.store.markDone(
      op.id,
      {
        action: 'certificate_lost',
        outcome: 'failed',
        details: { serviceUserId: op.userId, ...certificateRequestDetails(r), ...ids, code: why.code },
      },
      { result: ids, error },
    );
    deps.changed(op.profileId);
    return { state: 'done', operation: publicOperation(settled) };
  }

  /** Revoked (or already): the cache says so at once. */
  function revoked(op: StoredOperation, extra: AuditDetails = {}): OperationOutcome {
    const r = op.request as RevokeCertificateRequest;
    cacheSafely('mark', () => deps.cache.markRevoked(op.profileId, op.userId, r.certificateId));
    return deps.done(op, { serviceUserId: op.userId, ...extra });
  }

  return {
    /**
     * Before the first send: a certificate with this nickname already there is somebody else's
     * (another operation, the console). Refused now, so that a certificate found by the nickname
     * after a lost answer can only be this operation's. `absent`: may be sent.
     */
    async refuseTaken(op: StoredOperation, client: DigicertClient): Promise<OperationOutcome | 'absent'> {
      const r = op.request as CreateCertificateRequest;
      const listed = await list(op, client);
      if (listed === 'user_gone') return deps.failed(op, userGone());
      if (findByNickname(listed.certificates, r.nickname)) return deps.failed(op, duplicateNickname(r.nickname));
      if (listed.skipped > 0) throw cannotTell(listed.skipped, r.nickname);
      return 'absent';
    },

    /**
     * Sent before (a lost answer, a 503 after a commit, a crash): is a certificate with the
     * nickname there? Found: `certificate_lost`, never generated twice; unless it reached this app
     * (only recording `done` failed): done now. `absent`: may be sent again. Throws when DigiCert
     * cannot be asked, or cannot tell (items it listed could not be read).
     */
    async lookFor(op: StoredOperation, client: DigicertClient): Promise<OperationOutcome | 'absent'> {
      const r = op.request as CreateCertificateRequest;
      const held = deps.holder.list().find((h) => h.operationId === op.id);
      if (held || reachedApp.has(op.id) || deps.holder.reachedApp(op.profileId, op.id)) {
        const fingerprint = held?.facts?.fingerprint;
        const outcome = deps.done(op, { serviceUserId: op.userId, ...(fingerprint ? { fingerprint } : {}) });
        reachedApp.delete(op.id);
        return held ? { ...outcome, certificate: held } : outcome;
      }
      const listed = await list(op, client);
      if (listed === 'user_gone') return deps.failed(op, userGone());
      const found = findByNickname(listed.certificates, r.nickname);
      if (!found && listed.skipped > 0) throw cannotTell(listed.skipped, r.nickname);
      if (!found) return 'absent';
      return lost(
        op,
        found.id,
        op.error ?? { code: 'connection_lost', message: 'The answer to an earlier attempt never arrived.' },
      );
    },

    /** A 2xx without the password or the file: the certificate exists, its secrets never arrived. */
    lostInAnswer(op: StoredOperation, error: AppError): OperationOutcome {
      const id = error.params?.certificateId;
      const certificateId = typeof id === 'string' ? id : undefined;
      const r = op.request as CreateCertificateRequest;
      if (certificateId) {
        cacheSafely('add', () => deps.cache.add(op.profileId, op.userId, asListed(certificateId, r.nickname), now()));
      }
      return lost(op, certificateId, error.toValue());
    },

    /**
     * Generated: held first (nothing may lose it now), cached, recorded done, then saved when a
     * destination was given. A failed save leaves it held unsaved (the screen offers Save).
     */
    async generated(
      op: StoredOperation,
      generated: GeneratedCertificate,
      saveTo: CertificateDestination | undefined,
    ): Promise<OperationOutcome> {
      let held = deps.holder.hold(generated, certificateAbout(op));
      const certificate = generated.certificate;
      // No id (DigiCert's answer had none, the list did not show it): not cached or audited as ''.
      const ids: Record<string, string> = certificate.id ? { certificateId: certificate.id } : {};
      if (certificate.id) cacheSafely('add', () => deps.cache.add(op.profileId, op.userId, certificate, now()));
      const fingerprint = certificate.fingerprint ?? held.facts?.fingerprint;
      let outcome: Extract<OperationOutcome, { state: 'done' }>;
      try {
        outcome = deps.done(op, { serviceUserId: op.userId, ...ids, ...(fingerprint ? { fingerprint } : {}) }, ids);
      } catch (error) {
        // The certificate exists and is held: it is shown even if recording that failed (a later
        // look records it done, never lost).
        reachedApp.add(op.id);
        deps.log.error('recording a generated certificate failed', {
          operationId: op.id,
          code: errorValue(error).code,
        });
        outcome = { state: 'done', operation: { ...publicOperation(op), state: 'done' } };
      }
      let certificateSaveFailed: { error: AppErrorValue } | undefined;
      if (saveTo) {
        try {
          held = await deps.holder.save(held.handle, saveTo);
        } catch (error) {
          deps.log.warn('saving the generated certificate failed', { code: errorValue(error).code });
          certificateSaveFailed = { error: errorValue(error) };
        }
      }
      return { ...outcome, certificate: held, ...(certificateSaveFailed ? { certificateSaveFailed } : {}) };
    },

    revoked,

    /**
     * A revoke answered 404 may be a wrong path as well as a gone certificate: done only when the
     * list no longer shows it ACTIVE, or the user is gone.
     */
    async revokeAnswered404(op: StoredOperation, client: DigicertClient, error: unknown): Promise<OperationOutcome> {
      const r = op.request as RevokeCertificateRequest;
      let listed;
      try {
        listed = await list(op, client);
      } catch {
        return deps.failed(op, error);
      }
      if (listed === 'user_gone') return deps.done(op, { serviceUserId: op.userId, answered: 'not_found' });
      const found = listed.certificates.find((c) => c.id === r.certificateId);
      // Unreadable items may include it: not known to be gone.
      if ((found && (found.status === undefined || found.status === 'ACTIVE')) || (!found && listed.skipped > 0)) {
        return deps.failed(op, error);
      }
      return revoked(op, { answered: 'not_found' });
    },
  };
}

export type CertificateSteps = ReturnType<typeof createCertificateSteps>;
