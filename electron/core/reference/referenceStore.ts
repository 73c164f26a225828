import type { ReferenceData } from '../../../shared/reference';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

/** The last reference data fetched per profile, so the wizard works offline. */
export function createReferenceCache(db: Db) {
  const select = db.prepare<[string], { data: string }>('SELECT data FROM reference_cache WHERE profile_id = ?');
  const upsert = db.prepare(
    'INSERT INTO reference_cache (profile_id, data, refreshed_at) VALUES (?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET data = excluded.data, refreshed_at = excluded.refreshed_at',
  );
  const remove = db.prepare('DELETE FROM reference_cache WHERE profile_id = ?');

  return {
    get(profileId: string): ReferenceData | null {
      const row = select.get(profileId);
      if (!row) return null;
      try {
        return JSON.parse(row.data) as ReferenceData;
      } catch {
        return null;
      }
    },
    put(profileId: string, data: ReferenceData): void {
      withStorageErrors(() => upsert.run(profileId, JSON.stringify(data), data.refreshedAt));
    },
    /** Adds a just-created service user so the uniqueness hint knows it before the next refresh. */
    addServiceUser(profileId: string, user: ReferenceData['serviceUsers'][number]): void {
      const data = this.get(profileId);
      if (!data || data.serviceUsers.some((u) => u.id === user.id)) return;
      this.put(profileId, { ...data, serviceUsers: [...data.serviceUsers, user] });
    },
    forget(profileId: string): void {
      remove.run(profileId);
    },
  };
}

export type ReferenceCache = ReturnType<typeof createReferenceCache>;
