import type { Migration } from './types';

export const m003ReferenceCache: Migration = {
  version: 3,
  name: 'reference data cache',
  up(db) {
    db.exec(`
      CREATE TABLE reference_cache (
        profile_id   TEXT PRIMARY KEY,
        data         TEXT NOT NULL,
        refreshed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
