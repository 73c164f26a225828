import type { CertificateCache } from './certificateCache';
import type { ServiceUserCache } from './userCache';

/** A user DigiCert no longer knows (deleted, or answered 404): forgotten with its certificates. */
export function forgetGoneUser(
  caches: { cache: Pick<ServiceUserCache, 'remove'>; certificateCache: Pick<CertificateCache, 'removeUser'> },
  profileId: string,
  userId: string,
): void {
  caches.cache.remove(profileId, userId);
  caches.certificateCache.removeUser(profileId, userId);
}
