import type { Migration } from './types';

/**
 * Drafts of service users (autosaved wizard state) and the append-only, hash-chained audit log.
 *
 * - `drafts.profile_id` has no foreign key on purpose: removing a profile keeps its drafts' history.
 * - `drafts.deleted_at` marks a soft delete (undo within the session; purged after a grace period).
 * - `drafts.audit_at` / `audit_step` remember the last `draft_changed`/`draft_created` entry so the
 *   coalescing rule (one entry per draft per window or per step change) survives a restart.
 * - `audit_log` refuses UPDATE and DELETE through triggers; `audit_head` holds the last seq and
 *   hash so verification also notices entries cut from the end of the chain.
 */
export const m002DraftsAudit: Migration = {
  version: 2,
  name: 'drafts and audit log',
  up(db) {
    db.exec(`
      CREATE TABLE drafts (
        id                        TEXT PRIMARY KEY,
        profile_id                TEXT NOT NULL,
        step                      INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
        state                     TEXT NOT NULL DEFAULT 'editing'
                                  CHECK (state IN ('editing', 'ready', 'sending', 'created', 'created_token_lost', 'failed')),
        failure_code              TEXT,
        fields                    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(fields)),
        created_service_user_id   TEXT,
        created_service_user_name TEXT,
        created_by                TEXT,
        completed_at              TEXT,
        created_at                TEXT NOT NULL,
        updated_at                TEXT NOT NULL,
        deleted_at                TEXT,
        revision                  INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        audit_at                  TEXT,
        audit_step                INTEGER
      ) STRICT;
      CREATE INDEX drafts_profile_updated ON drafts (profile_id, updated_at);
      CREATE INDEX drafts_deleted ON drafts (deleted_at) WHERE deleted_at IS NOT NULL;

      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        os_user      TEXT NOT NULL,
        profile_id   TEXT,
        profile_name TEXT,
        action       TEXT NOT NULL,
        target       TEXT,
        outcome      TEXT NOT NULL,
        details      TEXT CHECK (details IS NULL OR json_valid(details)),
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL
      ) STRICT;
      -- seq is the rowid: each index below is ordered by (column, seq), which is what keyset
      -- paging newest-first needs.
      CREATE INDEX audit_log_at ON audit_log (at);
      CREATE INDEX audit_log_action ON audit_log (action);
      CREATE INDEX audit_log_profile ON audit_log (profile_id);

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE audit_head (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        seq  INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
      BEGIN SELECT RAISE(ABORT, 'audit_head cannot be deleted'); END;
      CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
      WHEN NEW.seq <= OLD.seq
      BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END;
    `);
  },
};
