import Database from 'better-sqlite3';
import { canonicalEntry, entryHash, GENESIS_HASH } from '../../electron/core/audit/canonical';

/**
 * Opens a second connection to a test database with the append-only triggers dropped, runs
 * `edit` (as an attacker with file access would), and closes it. The app's own connection is
 * not involved. Triggers are put back afterwards so the schema looks untouched.
 */
export function tamper(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_head')")
      .all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      edit(db);
      for (const t of triggers) db.exec(t.sql);
    })();
  } finally {
    db.close();
  }
}

/**
 * What a knowledgeable editor does after changing rows: recomputes prev_hash/hash from `fromSeq`
 * to the end with the app's own rule and points audit_head at the new last entry. Run inside
 * {@link tamper}'s `edit`.
 */
export function rehashFrom(db: Database.Database, fromSeq: number): void {
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as Record<
    string,
    string | number | null
  >[];
  let prev =
    (db.prepare('SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1').pluck().get(fromSeq) as
      string | undefined) ?? GENESIS_HASH;
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const hash = entryHash(
      prev,
      canonicalEntry({
        at: r.at as string,
        osUser: r.os_user as string,
        profileId: r.profile_id as string | null,
        profileName: r.profile_name as string | null,
        action: r.action as string,
        target: r.target as string | null,
        outcome: r.outcome as string,
        details: r.details as string | null,
      }),
    );
    update.run(prev, hash, r.seq);
    prev = hash;
  }
  db.prepare('UPDATE audit_head SET seq = (SELECT coalesce(max(seq), 0) FROM audit_log), hash = ? WHERE id = 1').run(
    prev,
  );
}
