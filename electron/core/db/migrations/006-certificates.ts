import type { Migration } from './types';

/**
 * Client authentication certificates (issue 14).
 *
 * - `service_user_certificates`: each user's certificates as last listed (never a key, a password
 *   or a file), so the expiry reminders include them offline. A fetch replaces the user's rows; a
 *   generated certificate is added at once; a revoke marks it. Rows go with their profile.
 * - `service_user_operations` learns the certificate kinds: its `kind` CHECK cannot be altered in
 *   place, so the table is rebuilt with its rows (nothing references it).
 */
export const m006Certificates: Migration = {
  version: 6,
  name: 'client certificates',
  up(db) {
    db.exec(`
      CREATE TABLE service_user_certificates (
        profile_id     TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        user_id        TEXT NOT NULL,
        certificate_id TEXT NOT NULL,
        nickname       TEXT NOT NULL,
        not_after      TEXT,
        status         TEXT,
        fetched_at     TEXT NOT NULL,
        PRIMARY KEY (profile_id, user_id, certificate_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE service_user_operations_new (
        id            TEXT PRIMARY KEY,
        profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        user_id       TEXT NOT NULL,
        friendly_name TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('update', 'delete', 'issueToken', 'revokeToken',
                                                    'createCertificate', 'revokeCertificate')),
        request       TEXT NOT NULL CHECK (json_valid(request)),
        sent_name     TEXT,
        state         TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'failed')),
        unanswered    INTEGER NOT NULL DEFAULT 0 CHECK (unanswered IN (0, 1)),
        error         TEXT CHECK (error IS NULL OR json_valid(error)),
        result        TEXT CHECK (result IS NULL OR json_valid(result)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      -- rowid order is the tie-break of operations created in the same millisecond: keep it.
      INSERT INTO service_user_operations_new (rowid, id, profile_id, user_id, friendly_name, kind, request,
                                               sent_name, state, unanswered, error, result, created_at, updated_at)
        SELECT rowid, id, profile_id, user_id, friendly_name, kind, request,
               sent_name, state, unanswered, error, result, created_at, updated_at
          FROM service_user_operations;
      DROP TABLE service_user_operations;
      ALTER TABLE service_user_operations_new RENAME TO service_user_operations;
      CREATE INDEX service_user_operations_profile ON service_user_operations (profile_id, state, created_at);
    `);
  },
};
