import type { Migration } from './types';

/**
 * Managing existing service users (issue 10).
 *
 * - `service_users`: the last list fetched per profile, one JSON row per user (never a secret);
 *   `service_user_lists` says when each profile's list was fetched (absent: never).
 * - `service_user_mutes`: reminders the admin muted; apart from the list so a refresh keeps them.
 * - `service_user_operations`: changes prepared by the admin and their state (queued → sending →
 *   done/failed). `sending` is written before the request goes out; `unanswered` remembers that an
 *   attempt got no answer, so DigiCert is asked what happened before anything is sent again.
 *   `sent_name` is the exact name a requested token was given (the key to find it afterwards).
 * - Every table follows its profile: removing the profile removes its rows (foreign keys).
 * - `audit_log_target`: a service user's history is looked up by target.
 */
export const m004ServiceUsers: Migration = {
  version: 4,
  name: 'service users cache and operations',
  up(db) {
    db.exec(`
      CREATE TABLE service_user_lists (
        profile_id TEXT PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
        as_of      TEXT NOT NULL
      ) STRICT;
      CREATE TABLE service_users (
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        data       TEXT NOT NULL CHECK (json_valid(data)),
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE service_user_mutes (
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        user_id    TEXT NOT NULL,
        muted_at   TEXT NOT NULL,
        PRIMARY KEY (profile_id, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE service_user_operations (
        id            TEXT PRIMARY KEY,
        profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        user_id       TEXT NOT NULL,
        friendly_name TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('update', 'delete', 'issueToken', 'revokeToken')),
        request       TEXT NOT NULL CHECK (json_valid(request)),
        sent_name     TEXT,
        state         TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done', 'failed')),
        unanswered    INTEGER NOT NULL DEFAULT 0 CHECK (unanswered IN (0, 1)),
        error         TEXT CHECK (error IS NULL OR json_valid(error)),
        result        TEXT CHECK (result IS NULL OR json_valid(result)),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX service_user_operations_profile ON service_user_operations (profile_id, state, created_at);

      CREATE INDEX audit_log_target ON audit_log (target);
    `);
  },
};
