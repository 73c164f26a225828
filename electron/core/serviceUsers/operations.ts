import { randomBytes } from 'node:crypto';
import { AppError, fieldErrorsFromZod, isAppError, type AppErrorValue } from '../../../shared/errors';
import type { CertificateDestination, CertificateRequest } from '../../../shared/certificates';
import type { KeychainItem } from '../../../shared/creation';
import { defaultKeychainItem } from '../../../shared/keychainItem';
import {
  serviceUserChangeSchema,
  TOKEN_NAME_MAX,
  type ManageOperation,
  type OperationOutcome,
  type OperationRequest,
  type ServiceUserChange,
} from '../../../shared/manage';
import { isRealDate, utcToday, type ServiceUser } from '../../../shared/serviceUser';
import type { AuditAction, AuditDetails } from '../../../shared/audit';
import type { AuditRecorder } from '../audit/recorder';
import {
  certificateRequestDetails,
  createCertificateSteps,
  duplicateNickname,
  assertNicknameFree,
  certificateAbout,
  validateCertificateRequest,
  type CertificateHolder,
} from '../certificates/certificateOperations';
import type { ClientFactory } from '../connections/clients';
import type { TokenSaver } from '../creation/tokenSaver';
import type { TokenVault } from '../creation/tokenVault';
import type { DigicertClient, GeneratedCertificate, IssuedToken, IssuedWithoutValue } from '../digicert/client';
import { errorValue, mayHaveCommitted, NOT_SENT_CODES } from '../digicert/errors';
import { assertNotReserved } from '../keychain/reserved';
import type { SecretStore } from '../keychain/secretStore';
import type { Logger } from '../log/logger';
import type { ProfileStore } from '../profiles/profileStore';
import type { ReferenceCache } from '../reference/referenceStore';
import type { CertificateCache } from './certificateCache';
import { userGone } from './errors';
import { forgetGoneUser } from './goneUser';
import type { ServiceUserHistory } from './history';
import { publicOperation, type AuditNote, type OperationStore, type StoredOperation } from './operationStore';
import type { ServiceUserCache } from './userCache';

/** The audit action that records the outcome of sending each kind. */
const SENT_ACTION: Record<OperationRequest['kind'], AuditAction> = {
  update: 'service_user_changed',
  delete: 'service_user_deleted',
  issueToken: 'token_issued',
  revokeToken: 'token_revoked',
  createCertificate: 'certificate_generated',
  revokeCertificate: 'certificate_revoked',
};

const SUFFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** ' [xxxxx]': makes the name of a requested token unique, so it can be found after a lost answer. */
const SUFFIX_LENGTH = 8;

export function tokenNameFor(name: string): string {
  const suffix = [...randomBytes(5)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
  return `${name
    .trim()
    .slice(0, TOKEN_NAME_MAX - SUFFIX_LENGTH)
    .trimEnd()} [${suffix}]`;
}

/** Non-secret facts of a request for the audit log: field names and new values, never a token. */
function requestDetails(op: Pick<StoredOperation, 'request' | 'sentName'>): AuditDetails {
  const r = op.request;
  switch (r.kind) {
    case 'update': {
      const change = r.change as ServiceUserChange;
      const details: AuditDetails = { changed: Object.keys(change).sort() };
      if (change.endDate) details.endDate = change.endDate;
      if (change.accountIds) details.accountIds = change.accountIds;
      if (change.managers) {
        details.managerIds = change.managers.map((m) => m.managerId);
        details.roleIds = change.managers.flatMap((m) => m.roleIds);
      }
      return details;
    }
    case 'issueToken':
      return { tokenName: op.sentName ?? r.name, ...(r.endDate ? { tokenEndDate: r.endDate } : {}) };
    case 'revokeToken':
      return { tokenId: r.tokenId, tokenName: r.tokenName, mode: r.mode };
    case 'delete':
      return {};
    case 'createCertificate':
    case 'revokeCertificate':
      return certificateRequestDetails(r);
  }
}

/** Kinds that are not idempotent: after a lost answer they are looked for, never simply repeated. */
const LOOKED_FOR: ReadonlySet<OperationRequest['kind']> = new Set(['issueToken', 'createCertificate']);

/** Where a generated credential is saved before it is shown. */
interface SaveBeforeShow {
  saveTo?: KeychainItem;
  saveCertificateTo?: CertificateDestination;
}

type Answer = { user?: ServiceUser; issued?: IssuedToken | IssuedWithoutValue; generated?: GeneratedCertificate };

const fieldError = (field: string, message: string) =>
  new AppError('validation_failed', message, { fieldErrors: [{ field, code: 'custom', message }] });

/**
 * Operations on existing service users, sent exactly once. The intent (`sending`) is committed
 * before a request goes out. When no answer arrives: a change, a delete and a revoke are simply
 * sent again (repeating them is harmless; a DELETE answered 404 is done); issuing a token is not
 * idempotent, so before anything is resent the user's tokens are listed and matched by the unique
 * name this app gave the token; a certificate is matched by its nickname (unique per user), which is
 * checked to be free before the first send (certificates/certificateOperations.ts).
 */
export function createOperationService(deps: {
  store: OperationStore;
  cache: ServiceUserCache;
  history: ServiceUserHistory;
  clientFor: ClientFactory;
  reference: { observe(profileId: string, error: unknown): void; answered(profileId: string): void };
  profiles: Pick<ProfileStore, 'get'>;
  /** Knows the users this app created since the last refresh (e.g. one whose token was lost). */
  referenceCache: Pick<ReferenceCache, 'get'>;
  vault: TokenVault;
  saveToken: TokenSaver;
  /** Holds (and saves) a generated client certificate: certificates/certificateKeeper.ts. */
  certificates: CertificateHolder;
  /** Each user's certificates for the reminders. */
  certificateCache: CertificateCache;
  keychain: SecretStore;
  audit: AuditRecorder;
  log: Logger;
  clock: () => Date;
  /** Called when a profile's operations (or, through them, its users) changed. */
  onChange: (profileId: string) => void;
}) {
  const { store } = deps;
  const inFlight = new Map<string, AbortController>();

  const note = (op: StoredOperation, outcome: AuditNote['outcome'], extra: AuditDetails = {}): AuditNote => ({
    action: SENT_ACTION[op.request.kind],
    outcome,
    details: { ...requestDetails(op), ...extra },
  });

  function validate(request: OperationRequest, user: ServiceUser | undefined): OperationRequest {
    const today = utcToday(deps.clock());
    if (request.kind === 'createCertificate') return validateCertificateRequest(request, today, user?.endDate ?? null);
    if (request.kind === 'update') {
      const parsed = serviceUserChangeSchema(today).safeParse(request.change);
      if (!parsed.success) {
        throw new AppError('validation_failed', 'Some values need attention before the change can be sent.', {
          fieldErrors: fieldErrorsFromZod(parsed.error.issues),
        });
      }
      return { kind: 'update', change: parsed.data };
    }
    if (request.kind === 'issueToken' && request.endDate !== undefined) {
      if (!isRealDate(request.endDate)) throw fieldError('endDate', 'This date does not exist.');
      if (request.endDate < today) throw fieldError('endDate', 'The end date cannot be in the past.');
      if (user?.endDate && request.endDate > user.endDate) {
        throw fieldError('endDate', `The token cannot outlive its service user (end date ${user.endDate}).`);
      }
    }
    return request;
  }

  const userGoneFromCaches = (profileId: string, userId: string) => forgetGoneUser(deps, profileId, userId);

  function changed(profileId: string) {
    try {
      deps.onChange(profileId);
    } catch {
      // A listener's failure is its own.
    }
  }

  // ---- Outcomes (each records the state and its audit entry together) ----

  function done(
    op: StoredOperation,
    extra: AuditDetails = {},
    result?: Record<string, string>,
  ): Extract<OperationOutcome, { state: 'done' }> {
    const settled = store.markDone(op.id, note(op, 'ok', extra), result ? { result } : {});
    changed(op.profileId);
    return { state: 'done', operation: publicOperation(settled) };
  }

  function failed(op: StoredOperation, error: unknown): OperationOutcome {
    const value = errorValue(error);
    const settled = store.markFailed(op.id, value, note(op, 'failed', { code: value.code }));
    changed(op.profileId);
    return { state: 'failed', operation: publicOperation(settled), error: value };
  }

  function queued(op: StoredOperation, error: unknown): OperationOutcome {
    const value = errorValue(error);
    const back = store.markQueued(op.id, value, note(op, 'failed', { code: value.code, state: 'queued' }));
    changed(op.profileId);
    return { state: 'queued', operation: publicOperation(back) };
  }

  function unanswered(op: StoredOperation, error: unknown): { state: 'sending'; op: StoredOperation } {
    const value = errorValue(error);
    const after = store.markUnanswered(op.id, value, note(op, 'unknown', { code: value.code }));
    changed(op.profileId);
    return { state: 'sending', op: after };
  }

  const stillSending = (op: StoredOperation, error: unknown): OperationOutcome => ({
    state: 'sending',
    operation: publicOperation(op),
    error: errorValue(error),
  });

  const certificateSteps = createCertificateSteps({
    store,
    cache: deps.certificateCache,
    holder: deps.certificates,
    reference: deps.reference,
    userRemoved: (profileId, userId) => userGoneFromCaches(profileId, userId),
    log: deps.log,
    clock: deps.clock,
    done,
    failed,
    changed,
  });

  /** A non-idempotent operation sent before: is what it asked for there? Throws when DigiCert cannot be asked. */
  const lookFor = (op: StoredOperation, client: DigicertClient) =>
    op.request.kind === 'createCertificate' ? certificateSteps.lookFor(op, client) : findIssued(op, client);

  /** issueToken: DigiCert issued the token, but its value never reached the app. */
  function tokenLost(op: StoredOperation, tokenId: string | undefined, why: AppErrorValue): OperationOutcome {
    const error: AppErrorValue = {
      code: why.code,
      message:
        'The new token was issued, but its value never reached this app and cannot be shown. Revoke it and issue another.',
    };
    const ids: Record<string, string> = tokenId ? { tokenId } : {};
    const settled = store.markDone(
      op.id,
      { action: 'token_issue_lost', outcome: 'failed', details: { ...requestDetails(op), ...ids, code: why.code } },
      { result: ids, error },
    );
    changed(op.profileId);
    return { state: 'done', operation: publicOperation(settled) };
  }

  // ---- Requests ----

  /**
   * issueToken after a lost answer: is a token with the name the app gave it there? `absent`: it
   * was not issued and may be requested again. Undecided (DigiCert cannot be asked): throws.
   */
  async function findIssued(op: StoredOperation, client: DigicertClient): Promise<OperationOutcome | 'absent'> {
    let tokens;
    try {
      tokens = await client.listTokens(op.userId);
      deps.reference.answered(op.profileId);
    } catch (error) {
      deps.reference.observe(op.profileId, error);
      if (isAppError(error) && error.code === 'not_found') return failed(op, userGone());
      throw error;
    }
    const found = tokens.find((t) => t.name === op.sentName);
    if (!found) return 'absent';
    return tokenLost(
      op,
      found.id,
      op.error ?? { code: 'connection_lost', message: 'The answer to an earlier attempt never arrived.' },
    );
  }

  async function revokeAnswered404(op: StoredOperation, client: DigicertClient, error: unknown) {
    const r = op.request as Extract<OperationRequest, { kind: 'revokeToken' }>;
    let tokens;
    try {
      tokens = await client.listTokens(op.userId);
      deps.reference.answered(op.profileId);
    } catch (listError) {
      deps.reference.observe(op.profileId, listError);
      if (isAppError(listError) && listError.code === 'not_found') {
        userGoneFromCaches(op.profileId, op.userId);
        return done(op, { answered: 'not_found' });
      }
      return failed(op, error);
    }
    if (tokens.some((t) => t.id === r.tokenId)) return failed(op, error);
    return done(op, { answered: 'not_found' });
  }

  async function perform(op: StoredOperation, client: DigicertClient, signal?: AbortSignal): Promise<Answer> {
    const r = op.request;
    const opts = signal ? { signal } : {};
    switch (r.kind) {
      case 'update':
        return { user: await client.updateServiceUser(op.userId, r.change as ServiceUserChange, opts) };
      case 'delete':
        await client.deleteServiceUser(op.userId, opts);
        return {};
      case 'revokeToken':
        await client.revokeToken(r.tokenId, r.mode, opts);
        return {};
      case 'issueToken':
        return {
          issued: await client.createToken(
            { userId: op.userId, name: op.sentName!, ...(r.endDate ? { endDate: r.endDate } : {}) },
            opts,
          ),
        };
      case 'createCertificate': {
        // Validated in prepare (defaults filled in): the shape the client sends.
        const { kind: _kind, ...request } = r;
        return { generated: await client.createCertificate(op.userId, request as CertificateRequest, opts) };
      }
      case 'revokeCertificate':
        await client.revokeCertificate(op.userId, r.certificateId, opts);
        return {};
    }
  }

  function succeeded(
    op: StoredOperation,
    answer: Answer,
    save: SaveBeforeShow,
  ): Promise<OperationOutcome> | OperationOutcome {
    const now = deps.clock().toISOString();
    switch (op.request.kind) {
      case 'update': {
        if (answer.user) deps.cache.upsert(op.profileId, answer.user, now);
        return { ...done(op), ...(answer.user ? { user: answer.user } : {}) };
      }
      case 'delete':
        userGoneFromCaches(op.profileId, op.userId);
        return done(op);
      case 'revokeToken':
        return done(op);
      case 'issueToken':
        return issuedToken(op, answer.issued!, save.saveTo);
      case 'createCertificate':
        return certificateSteps.generated(op, answer.generated!, save.saveCertificateTo);
      case 'revokeCertificate':
        return certificateSteps.revoked(op);
    }
  }

  /** The new value goes to the vault first (nothing can lose it now), then the one-time token path. */
  async function issuedToken(
    op: StoredOperation,
    issued: IssuedToken | IssuedWithoutValue,
    saveTo?: KeychainItem,
  ): Promise<OperationOutcome> {
    const profile = deps.profiles.get(op.profileId);
    const about = {
      profileId: op.profileId,
      operationId: op.id,
      serviceUserId: op.userId,
      friendlyName: op.friendlyName,
      savedTo: null,
      suggested: defaultKeychainItem(profile, op.friendlyName),
      readBack: null,
    };
    const ids: Record<string, string> = issued.token.id ? { tokenId: issued.token.id } : {};
    if (issued.value === undefined) {
      // Issued, but the value is not where the app looks: the strings that may be it are held for
      // the admin to pick (as after a create), and the audit says exactly that.
      const answer = deps.vault.holdAnswer(issued.candidates, about);
      let outcome: Extract<OperationOutcome, { state: 'done' }>;
      try {
        outcome = done(op, { ...ids, tokenValue: 'unrecognised', candidates: issued.candidates.length }, ids);
      } catch (error) {
        deps.log.error('recording an issued token failed', { operationId: op.id, code: errorValue(error).code });
        outcome = { state: 'done', operation: { ...publicOperation(op), state: 'done' } };
      }
      return { ...outcome, answer };
    }
    let info = deps.vault.put(issued.value, about);
    let outcome: Extract<OperationOutcome, { state: 'done' }>;
    try {
      outcome = done(op, { tokenId: issued.token.id }, { tokenId: issued.token.id });
    } catch (error) {
      // The token exists and is in the vault: it is shown even if recording that failed.
      deps.log.error('recording an issued token failed', { operationId: op.id, code: errorValue(error).code });
      outcome = { state: 'done', operation: { ...publicOperation(op), state: 'done' } };
    }
    let saveFailed: { item: KeychainItem; error: AppErrorValue } | undefined;
    if (saveTo) {
      try {
        info = await deps.saveToken(info.handle, saveTo);
      } catch (error) {
        deps.log.warn('saving the issued token to the keychain failed', {
          code: isAppError(error) ? error.code : 'internal',
        });
        saveFailed = { item: saveTo, error: errorValue(error) };
      }
    }
    return { ...outcome, token: info, ...(saveFailed ? { saveFailed } : {}) };
  }

  /**
   * One attempt; after a lost answer the outcome is settled at once where DigiCert can be asked
   * (or, for the idempotent kinds, the request is repeated once).
   */
  async function attempt(
    op: StoredOperation,
    client: DigicertClient,
    save: SaveBeforeShow,
    signal: AbortSignal | undefined,
    repeated = false,
  ): Promise<OperationOutcome> {
    let answer;
    try {
      answer = await perform(op, client, signal);
      deps.reference.answered(op.profileId);
    } catch (error) {
      deps.reference.observe(op.profileId, error);
      const code = isAppError(error) ? error.code : 'internal';
      const kind = op.request.kind;
      // Already the case: a DELETE answered 404 is done.
      if (code === 'not_found' && kind === 'delete') {
        userGoneFromCaches(op.profileId, op.userId);
        return done(op, { answered: 'not_found' });
      }
      // A 404 on a token may be a wrong path as well as a gone token: done only once the list agrees.
      if (code === 'not_found' && kind === 'revokeToken') return revokeAnswered404(op, client, error);
      if (code === 'not_found' && kind === 'revokeCertificate') {
        return certificateSteps.revokeAnswered404(op, client, error);
      }
      if (code === 'not_found') {
        userGoneFromCaches(op.profileId, op.userId);
        return failed(op, userGone());
      }
      if (kind === 'issueToken' && isAppError(error) && error.params?.issued === true) {
        const tokenId = error.params.tokenId;
        return tokenLost(op, typeof tokenId === 'string' ? tokenId : undefined, error.toValue());
      }
      if (kind === 'createCertificate' && isAppError(error)) {
        if (error.params?.generated === true) return certificateSteps.lostInAnswer(op, error);
        if (code === 'duplicate_name') {
          // Taken: by an earlier attempt of this operation that landed late (it got no answer), or
          // by somebody else meanwhile (the nickname was free before the first send).
          if (op.unanswered) {
            try {
              const found = await certificateSteps.lookFor(op, client);
              if (found !== 'absent') return found;
            } catch {
              // Cannot be asked now: the next send looks again first.
              return failed(op, error);
            }
          }
          return failed(op, duplicateNickname(op.request.nickname));
        }
      }
      const unreached =
        NOT_SENT_CODES.has(code) ||
        (isAppError(error) && error.params?.mayHaveCommitted === false && code !== 'cancelled');
      // Not sent this time. After an earlier lost answer its outcome is still open: it stays sending.
      if (unreached) return op.unanswered ? stillSending(unanswered(op, error).op, error) : queued(op, error);
      if (!mayHaveCommitted(error)) return failed(op, error);

      // No answer: DigiCert may have acted on it.
      deps.log.warn('operation got no answer; settling', { operationId: op.id, kind, code });
      const pending = unanswered(op, error).op;
      if (code === 'cancelled') return stillSending(pending, error);
      if (LOOKED_FOR.has(kind)) {
        try {
          const found = await lookFor(pending, client);
          // Not there: safe to request again (the next send looks again first).
          return found === 'absent' ? failed(pending, error) : found;
        } catch {
          return stillSending(pending, error);
        }
      }
      if (repeated) return stillSending(pending, error);
      return attempt(pending, client, save, signal, true);
    }
    return succeeded(op, answer, save);
  }

  async function withClient(profileId: string): Promise<DigicertClient> {
    try {
      return await deps.clientFor(profileId);
    } catch (error) {
      deps.reference.observe(profileId, error);
      throw error;
    }
  }

  /**
   * What send() refuses before anything else: an operation being sent, gone or done, and a file
   * asked for an operation that is not a certificate being generated.
   */
  function sendable(operationId: string, savesCertificateFile: boolean): StoredOperation {
    if (inFlight.has(operationId)) throw new AppError('conflict', 'This operation is being sent.');
    const op = store.get(operationId);
    if (op.state === 'done') throw new AppError('conflict', 'This operation is already done.');
    if (savesCertificateFile && op.request.kind !== 'createCertificate') {
      throw new AppError('validation_failed', 'Only a certificate being generated can be saved to a file.');
    }
    return op;
  }

  return {
    /**
     * Throws what send() with `saveCertificateTo` would refuse first, so the desktop app asks for a
     * file only for a certificate create that may still be sent.
     */
    checkCertificateSend(operationId: string): void {
      sendable(operationId, true);
    },

    /** Validates and queues an operation (offline too); nothing is sent. */
    prepare(profileId: string, userId: string, request: OperationRequest): ManageOperation {
      deps.profiles.get(profileId);
      const cached = deps.cache.get(profileId, userId)?.user;
      const valid = validate(request, cached);
      if (
        (valid.kind === 'update' || valid.kind === 'delete') &&
        store.unsettledForUser(profileId, userId).some((o) => o.state === 'sending')
      ) {
        // Settling the earlier one repeats it; a newer change sent meanwhile would be undone.
        throw new AppError(
          'conflict',
          'An earlier change to this user is still being checked with DigiCert ONE. Try again once it is settled.',
        );
      }
      if (valid.kind === 'createCertificate') {
        assertNicknameFree(
          valid.nickname,
          store.unsettledForUser(profileId, userId).map((o) => o.request),
          deps.certificateCache.forUser(profileId, userId),
        );
      }
      // A certificate's sent name (its nickname) is recorded when it is first sent: see send().
      const sentName = valid.kind === 'issueToken' ? tokenNameFor(valid.name) : null;
      const friendlyName =
        cached?.friendlyName ??
        deps.referenceCache.get(profileId)?.serviceUsers.find((u) => u.id === userId)?.friendlyName ??
        userId;
      const op = store.create(
        { profileId, userId, friendlyName, request: valid, sentName },
        { action: 'operation_prepared', details: requestDetails({ request: valid, sentName }) },
      );
      changed(profileId);
      return publicOperation(op);
    },

    /** Sends a queued (or failed) operation once; one left `sending` is settled before anything is resent. */
    async send(
      operationId: string,
      saveTo?: KeychainItem,
      saveCertificateTo?: CertificateDestination,
    ): Promise<OperationOutcome> {
      let op = sendable(operationId, saveCertificateTo !== undefined);
      if (saveTo) assertNotReserved(saveTo.service);
      const controller = new AbortController();
      inFlight.set(operationId, controller);
      try {
        // Whatever save would refuse is refused now, while no certificate exists yet.
        if (saveCertificateTo) await deps.certificates.checkDestination(saveCertificateTo, certificateAbout(op));
        let client: DigicertClient;
        try {
          client = await withClient(op.profileId);
        } catch (error) {
          if (isAppError(error) && NOT_SENT_CODES.has(error.code) && op.state !== 'sending') return queued(op, error);
          throw error;
        }
        // Tried before (a 503 or a lost answer may follow a commit): look for it before sending again.
        if (op.request.kind === 'issueToken' && (op.state !== 'queued' || op.error || op.unanswered)) {
          let found;
          try {
            found = await findIssued(op, client);
          } catch (error) {
            if (op.state === 'sending') return stillSending(op, error);
            throw error;
          }
          if (found !== 'absent') return found;
        }
        if (op.request.kind === 'createCertificate') {
          // Never sent (no sent name yet): the nickname must be free. Sent before: look for it.
          let checked;
          try {
            checked =
              op.sentName === null
                ? await certificateSteps.refuseTaken(op, client)
                : await certificateSteps.lookFor(op, client);
          } catch (error) {
            if (op.state === 'sending') return stillSending(op, error);
            if (isAppError(error) && NOT_SENT_CODES.has(error.code)) return queued(op, error);
            throw error;
          }
          if (checked !== 'absent') return checked;
        }
        const kind = op.request.kind;
        op = store.markSending(
          operationId,
          kind === 'issueToken'
            ? { action: 'token_issue_requested', details: requestDetails(op) }
            : kind === 'createCertificate'
              ? { action: 'certificate_requested', details: { serviceUserId: op.userId, ...requestDetails(op) } }
              : undefined,
          kind === 'createCertificate' ? op.request.nickname : undefined,
        );
        return await attempt(op, client, { saveTo, saveCertificateTo }, controller.signal);
      } finally {
        inFlight.delete(operationId);
      }
    },

    discard(operationId: string): { discarded: true } {
      const op = store.get(operationId);
      store.discard(operationId);
      changed(op.profileId);
      return { discarded: true };
    },

    operations(profileId: string): ManageOperation[] {
      deps.profiles.get(profileId);
      return store.unsettled(profileId).map(publicOperation);
    },

    /**
     * Settles every operation of a profile left `sending` (a lost answer, a crash): issued tokens
     * are looked for by name, generated certificates by nickname; the other kinds are repeated,
     * which is harmless.
     */
    async reconcile(profileId: string): Promise<OperationOutcome[]> {
      deps.profiles.get(profileId);
      const pending = store.unsettled(profileId).filter((o) => o.state === 'sending' && !inFlight.has(o.id));
      if (pending.length === 0) return [];
      const client = await withClient(profileId);
      const outcomes: OperationOutcome[] = [];
      for (const listed of pending) {
        // Settled meanwhile (a send, another reconcile) while this one waited: the listed copy is stale.
        let op: StoredOperation;
        try {
          op = store.get(listed.id);
        } catch (error) {
          if (isAppError(error) && error.code === 'not_found') continue; // settled and discarded meanwhile
          throw error;
        }
        if (inFlight.has(op.id) || op.state !== 'sending') continue;
        const controller = new AbortController();
        inFlight.set(op.id, controller);
        try {
          if (LOOKED_FOR.has(op.request.kind)) {
            let found;
            try {
              found = await lookFor(op, client);
            } catch (error) {
              outcomes.push(stillSending(op, error));
              continue;
            }
            const message =
              op.request.kind === 'createCertificate'
                ? 'The earlier attempt did not generate the certificate. You can send it again.'
                : 'The earlier attempt did not issue the token. You can send it again.';
            outcomes.push(found === 'absent' ? failed(op, new AppError('connection_lost', message)) : found);
          } else {
            // Left `sending` (a crash, a lost answer): it may have gone out, so it counts as unanswered.
            outcomes.push(await attempt({ ...op, unanswered: true }, client, {}, controller.signal, true));
          }
        } finally {
          inFlight.delete(op.id);
        }
      }
      return outcomes;
    },

    /** Deletes a keychain item this app saved a token of this user into; any other item is refused. */
    async deleteSavedItem(profileId: string, userId: string, item: KeychainItem): Promise<{ deleted: boolean }> {
      deps.profiles.get(profileId);
      const saved = deps.history
        .savedItems(profileId, userId)
        .some((s) => s.item.service === item.service && s.item.account === item.account);
      if (!saved) {
        throw new AppError(
          'not_found',
          'This app did not save a token of this service user into that keychain item, so it leaves it alone.',
        );
      }
      assertNotReserved(item.service);
      const deleted = await deps.keychain.delete(item.service, item.account);
      deps.audit.record({
        action: 'keychain_item_deleted',
        profileId,
        target: userId,
        outcome: 'ok',
        details: { serviceUserId: userId, service: item.service, account: item.account, existed: deleted },
      });
      changed(profileId);
      return { deleted };
    },

    close(): void {
      for (const controller of inFlight.values()) controller.abort();
    },
  };
}

export type OperationService = ReturnType<typeof createOperationService>;
