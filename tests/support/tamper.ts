import Database from 'better-sqlite3';

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
