import type { Migration } from './types';

/**
 * Keyed integrity for the audit log (issue 16; docs/DESIGN.md "Audit log integrity").
 *
 * - `audit_checkpoints`: the chain head signed with the per-install Ed25519 key (held only in the
 *   OS keychain). `payload` is the exact signed text (seq, head hash, the epoch's carried-over
 *   range, crash-recovered ranges); `key_id` is the public key's fingerprint. Append-only.
 * - `audit_integrity`: how many entries were written before signing existed. They are carried over
 *   as they are: the first signature covers them from the upgrade on, never before it.
 */
export const m005AuditIntegrity: Migration = {
  version: 5,
  name: 'audit log checkpoints',
  up(db) {
    db.exec(`
      CREATE TABLE audit_checkpoints (
        id        INTEGER PRIMARY KEY,
        seq       INTEGER NOT NULL,
        payload   TEXT NOT NULL,
        signature TEXT NOT NULL,
        key_id    TEXT NOT NULL
      ) STRICT;
      -- A new key (keychain reset) signs the same head again: seq is not unique across keys.
      CREATE INDEX audit_checkpoints_key_seq ON audit_checkpoints (key_id, seq);
      CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
      CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;

      CREATE TABLE audit_integrity (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        carried_over INTEGER NOT NULL,
        migrated_at  TEXT NOT NULL
      ) STRICT;
      INSERT INTO audit_integrity (id, carried_over, migrated_at)
        VALUES (1, (SELECT coalesce(max(seq), 0) FROM audit_log), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
    `);
  },
};
