import type { ClientCertificate, SavedCertificate } from '../../../shared/certificates';
import { AppError, isAppError, type AppErrorValue } from '../../../shared/errors';
import type { ApiToken, SavedTokenItem, ServiceUserDetails, ServiceUserList } from '../../../shared/manage';
import { UNKNOWN_MANAGER_ID } from '../../../shared/manage';
import type { ServiceUser } from '../../../shared/serviceUser';
import type { AuditRecorder } from '../audit/recorder';
import type { ClientFactory } from '../connections/clients';
import { errorValue } from '../digicert/errors';
import type { SecretStore } from '../keychain/secretStore';
import type { ProfileStore } from '../profiles/profileStore';
import type { ReferenceCache } from '../reference/referenceStore';
import type { ReferenceService } from '../reference/referenceService';
import type { CertificateCache } from './certificateCache';
import { userGone } from './errors';
import { forgetGoneUser } from './goneUser';
import type { ServiceUserHistory } from './history';
import { publicOperation, type OperationStore } from './operationStore';
import type { ServiceUserCache } from './userCache';

/**
 * The service users of a profile: the cached list (offline too), a full refresh from DigiCert ONE,
 * and one user's details (fetched when DigiCert answers, else from the cache).
 */
export function createServiceUserService(deps: {
  cache: ServiceUserCache;
  operations: OperationStore;
  history: ServiceUserHistory;
  clientFor: ClientFactory;
  reference: Pick<ReferenceService, 'observe' | 'answered'>;
  referenceCache: Pick<ReferenceCache, 'get'>;
  profiles: Pick<ProfileStore, 'get'>;
  keychain: SecretStore;
  audit: AuditRecorder;
  clock: () => Date;
  /** Each fetched certificate list is kept for the expiry reminders. */
  certificateCache: Pick<CertificateCache, 'replaceForUser' | 'removeUser'>;
  /** The certificates this app saved for a user (the certificate keeper's records). */
  savedCertificates?: (profileId: string, userId: string) => Promise<SavedCertificate[]> | SavedCertificate[];
}) {
  const refreshing = new Map<string, Promise<ServiceUserList>>();

  async function fetchAll(profileId: string): Promise<ServiceUserList> {
    const client = await deps.clientFor(profileId);
    let users: ServiceUser[];
    try {
      users = await client.listServiceUsers();
      deps.reference.answered(profileId);
    } catch (error) {
      deps.reference.observe(profileId, error);
      throw error;
    }
    deps.cache.replaceAll(profileId, users, deps.clock().toISOString());
    deps.audit.record({
      action: 'service_users_refreshed',
      profileId,
      outcome: 'ok',
      details: { count: users.length },
    });
    return deps.cache.list(profileId);
  }

  /** Roles grouped by manager: the user's managers first, roles the reference data does not know last. */
  function rolesPerManager(profileId: string, user: ServiceUser): ServiceUserDetails['roles'] {
    const managerOf = new Map((deps.referenceCache.get(profileId)?.roles ?? []).map((r) => [r.id, r.managerId]));
    const groups = new Map<string, string[]>();
    for (const managerId of user.managerIds ?? []) groups.set(managerId, []);
    const unknown: string[] = [];
    for (const roleId of user.roleIds ?? []) {
      const managerId = managerOf.get(roleId);
      if (managerId === undefined) unknown.push(roleId);
      else groups.set(managerId, [...(groups.get(managerId) ?? []), roleId]);
    }
    const roles = [...groups].map(([managerId, roleIds]) => ({ managerId, roleIds }));
    if (unknown.length > 0) roles.push({ managerId: UNKNOWN_MANAGER_ID, roleIds: unknown });
    return roles;
  }

  async function savedTokenItems(profileId: string, userId: string): Promise<SavedTokenItem[]> {
    return Promise.all(
      deps.history.savedItems(profileId, userId).map(async ({ item, savedAt }) => {
        let exists: boolean | null;
        try {
          exists = await deps.keychain.has(item.service, item.account);
        } catch {
          exists = null;
        }
        return { item, savedAt, exists };
      }),
    );
  }

  /** The details still open when the keeper's records cannot be read (they are shown without them). */
  async function savedCertificates(profileId: string, userId: string): Promise<SavedCertificate[]> {
    try {
      return (await deps.savedCertificates?.(profileId, userId)) ?? [];
    } catch {
      return [];
    }
  }

  return {
    list(profileId: string): ServiceUserList {
      deps.profiles.get(profileId);
      return deps.cache.list(profileId);
    },

    /** Every page from DigiCert ONE, then the cache is replaced; on failure the cache stays as it was. */
    refresh(profileId: string): Promise<ServiceUserList> {
      deps.profiles.get(profileId);
      let pending = refreshing.get(profileId);
      if (!pending) {
        pending = fetchAll(profileId).finally(() => refreshing.delete(profileId));
        refreshing.set(profileId, pending);
      }
      return pending;
    },

    async details(profileId: string, userId: string): Promise<ServiceUserDetails> {
      deps.profiles.get(profileId);
      let fetched: { user: ServiceUser; asOf: string } | undefined;
      let tokens: ApiToken[] | null = null;
      let tokensError: AppErrorValue | undefined;
      let certificates: ClientCertificate[] | null = null;
      let certificatesError: AppErrorValue | undefined;
      let certificatesUnreadable = 0;
      try {
        const client = await deps.clientFor(profileId);
        try {
          fetched = { user: await client.getUser(userId), asOf: deps.clock().toISOString() };
          deps.reference.answered(profileId);
        } catch (error) {
          deps.reference.observe(profileId, error);
          if (isAppError(error) && error.code === 'not_found') {
            forgetGoneUser(deps, profileId, userId);
            throw userGone(userId);
          }
          throw error;
        }
        deps.cache.upsert(profileId, fetched.user, fetched.asOf);
        const [tokenList, certificateList] = await Promise.allSettled([
          client.listTokens(userId),
          client.listCertificates(userId),
        ]);
        if (tokenList.status === 'fulfilled') tokens = tokenList.value;
        else {
          deps.reference.observe(profileId, tokenList.reason);
          tokensError = errorValue(tokenList.reason);
        }
        if (certificateList.status === 'fulfilled') {
          certificates = certificateList.value.certificates;
          certificatesUnreadable = certificateList.value.skipped;
          deps.certificateCache.replaceForUser(profileId, userId, certificates, deps.clock().toISOString());
        } else {
          deps.reference.observe(profileId, certificateList.reason);
          certificatesError = errorValue(certificateList.reason);
        }
      } catch (error) {
        if (isAppError(error) && error.code === 'not_found') throw error;
        // DigiCert did not answer (or refused): the cached user, without tokens or certificates.
        if (!deps.cache.get(profileId, userId)) throw error;
        tokensError = errorValue(error);
        certificatesError = tokensError;
      }
      const cached = deps.cache.get(profileId, userId);
      if (!cached) throw new AppError('not_found', 'This service user is not known. Refresh the list.');
      return {
        profileId,
        user: cached.user,
        roles: rolesPerManager(profileId, cached.user),
        tokens,
        ...(tokensError ? { tokensError } : {}),
        asOf: cached.asOf,
        history: deps.history.history(profileId, userId),
        savedTokenItems: await savedTokenItems(profileId, userId),
        certificates,
        ...(certificatesError ? { certificatesError } : {}),
        ...(certificatesUnreadable > 0 ? { certificatesUnreadable } : {}),
        savedCertificates: await savedCertificates(profileId, userId),
        operations: deps.operations.unsettledForUser(profileId, userId).map(publicOperation),
      };
    },
  };
}

export type ServiceUserService = ReturnType<typeof createServiceUserService>;
