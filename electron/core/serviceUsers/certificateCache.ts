import type { ClientCertificate } from '../../../shared/certificates';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

type Listener = (profileId: string) => void;

/** A user's certificate as cached for the reminders: never a key, a password or a file. */
export interface CachedCertificate {
  userId: string;
  id: string;
  nickname: string;
  /** UTC ISO instant, or null when DigiCert did not say. */
  notAfter: string | null;
  /** Upper case, as the client reads it (digicert/wire.ts normalises it). */
  status: string | null;
}

interface Row {
  user_id: string;
  certificate_id: string;
  nickname: string;
  not_after: string | null;
  status: string | null;
}

const toCached = (r: Row): CachedCertificate => ({
  userId: r.user_id,
  id: r.certificate_id,
  nickname: r.nickname,
  notAfter: r.not_after,
  status: r.status,
});

/**
 * Each service user's client certificates as last listed (migration 006), so the expiry reminders
 * include them offline. A fetch replaces the user's rows; a generated certificate is added at once;
 * a revoke marks it. Listeners hear only of real changes (reading details must not announce one).
 */
export function createCertificateCache(db: Db) {
  const listeners = new Set<Listener>();
  const changed = (profileId: string) => {
    for (const listener of [...listeners]) {
      try {
        listener(profileId);
      } catch {
        // A listener's failure is its own: the cache changed.
      }
    }
  };

  const COLUMNS = 'user_id, certificate_id, nickname, not_after, status';
  const listStmt = db.prepare<[string], Row>(
    `SELECT ${COLUMNS} FROM service_user_certificates WHERE profile_id = ? ORDER BY user_id, nickname, certificate_id`,
  );
  const forUserStmt = db.prepare<[string, string], Row>(
    `SELECT ${COLUMNS} FROM service_user_certificates WHERE profile_id = ? AND user_id = ? ORDER BY nickname, certificate_id`,
  );
  const deleteUserStmt = db.prepare('DELETE FROM service_user_certificates WHERE profile_id = ? AND user_id = ?');
  const upsertStmt = db.prepare(
    `INSERT INTO service_user_certificates (profile_id, user_id, certificate_id, nickname, not_after, status, fetched_at)
     VALUES (@profileId, @userId, @id, @nickname, @notAfter, @status, @at)
     ON CONFLICT (profile_id, user_id, certificate_id) DO UPDATE SET
       nickname = excluded.nickname, not_after = excluded.not_after, status = excluded.status, fetched_at = excluded.fetched_at`,
  );
  const markStmt = db.prepare(
    'UPDATE service_user_certificates SET status = ? WHERE profile_id = ? AND user_id = ? AND certificate_id = ?',
  );
  const forgetStmt = db.prepare('DELETE FROM service_user_certificates WHERE profile_id = ?');

  const upsert = (profileId: string, userId: string, c: ClientCertificate, at: string) =>
    upsertStmt.run({
      profileId,
      userId,
      id: c.id,
      nickname: c.nickname,
      notAfter: c.notAfter ?? null,
      status: c.status ?? null,
      at,
    });

  const replaceTx = db.transaction(
    (profileId: string, userId: string, certificates: readonly ClientCertificate[], at: string) => {
      const before = JSON.stringify(forUserStmt.all(profileId, userId));
      deleteUserStmt.run(profileId, userId);
      for (const c of certificates) upsert(profileId, userId, c, at);
      return JSON.stringify(forUserStmt.all(profileId, userId)) !== before;
    },
  );

  return {
    /** Every cached certificate of a profile's users. */
    list(profileId: string): CachedCertificate[] {
      return withStorageErrors(() => listStmt.all(profileId).map(toCached));
    },

    forUser(profileId: string, userId: string): CachedCertificate[] {
      return withStorageErrors(() => forUserStmt.all(profileId, userId).map(toCached));
    },

    /** The user's certificates as just listed: replaces the user's rows. */
    replaceForUser(profileId: string, userId: string, certificates: readonly ClientCertificate[], at: string): void {
      if (withStorageErrors(() => replaceTx(profileId, userId, certificates, at))) changed(profileId);
    },

    /** A certificate just generated (or found generated after a lost answer). */
    add(profileId: string, userId: string, certificate: ClientCertificate, at: string): void {
      withStorageErrors(() => upsert(profileId, userId, certificate, at));
      changed(profileId);
    },

    markRevoked(profileId: string, userId: string, certificateId: string): void {
      if (withStorageErrors(() => markStmt.run('REVOKED', profileId, userId, certificateId).changes > 0)) {
        changed(profileId);
      }
    },

    /** A user that no longer exists: its certificates go too. */
    removeUser(profileId: string, userId: string): void {
      if (withStorageErrors(() => deleteUserStmt.run(profileId, userId).changes > 0)) changed(profileId);
    },

    /** Drops everything of a profile (the foreign key does it too when the profile row goes). */
    forget(profileId: string): void {
      withStorageErrors(() => forgetStmt.run(profileId));
      changed(profileId);
    },

    onChange(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type CertificateCache = ReturnType<typeof createCertificateCache>;
