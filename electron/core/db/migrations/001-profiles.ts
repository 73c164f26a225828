import type { Migration } from './types';

export const m001Profiles: Migration = {
  version: 1,
  name: 'profiles and settings',
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind        TEXT NOT NULL CHECK (kind IN ('digicert', 'sandbox')),
        region      TEXT NOT NULL,
        base_url    TEXT NOT NULL,
        key_storage TEXT NOT NULL CHECK (key_storage IN ('keychain', 'session', 'none')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
