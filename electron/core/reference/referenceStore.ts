import type { ReferenceData } from '../../../shared/reference';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

/** How long an added service user waits in memory before the stored row is rewritten. */
const STORE_ADDED_AFTER_MS = 1000;

/**
 * The last reference data fetched per profile, so the wizard works offline. Held parsed in memory
 * too: with thousands of accounts the stored JSON is about 1 MB, and parsing or writing it costs
 * milliseconds that a create must not wait for.
 */
export function createReferenceCache(db: Db) {
  const select = db.prepare<[string], { data: string }>('SELECT data FROM reference_cache WHERE profile_id = ?');
  const upsert = db.prepare(
    'INSERT INTO reference_cache (profile_id, data, refreshed_at) VALUES (?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET data = excluded.data, refreshed_at = excluded.refreshed_at',
  );
  const remove = db.prepare('DELETE FROM reference_cache WHERE profile_id = ?');
  /** What is stored, parsed (null: nothing usable stored). Callers only read what get() returns. */
  const memo = new Map<string, ReferenceData | null>();
  /** Profiles whose in-memory data is newer than the stored row. */
  const unsaved = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const write = (profileId: string, data: ReferenceData) =>
    withStorageErrors(() => upsert.run(profileId, JSON.stringify(data), data.refreshedAt));

  function flush(): void {
    flushTimer = undefined;
    for (const profileId of unsaved) {
      unsaved.delete(profileId);
      const data = memo.get(profileId);
      try {
        if (data) write(profileId, data);
      } catch {
        // A cache: the next refresh stores the whole list again; until then memory has it.
      }
    }
  }

  const cache = {
    get(profileId: string): ReferenceData | null {
      if (memo.has(profileId)) return memo.get(profileId)!;
      const row = select.get(profileId);
      let data: ReferenceData | null = null;
      if (row) {
        try {
          data = JSON.parse(row.data) as ReferenceData;
        } catch {
          data = null;
        }
      }
      memo.set(profileId, data);
      return data;
    },
    put(profileId: string, data: ReferenceData): void {
      unsaved.delete(profileId);
      memo.delete(profileId); // if the write fails, the next get reads what is stored
      write(profileId, data);
      memo.set(profileId, data);
    },
    /**
     * Adds a just-created service user so the uniqueness hint knows it before the next refresh:
     * at once in memory, stored a moment later (rewriting ~1 MB of JSON takes milliseconds, kept
     * off the create and coalesced when several users are created in a row).
     */
    addServiceUser(profileId: string, user: ReferenceData['serviceUsers'][number]): void {
      const data = cache.get(profileId);
      if (!data || data.serviceUsers.some((u) => u.id === user.id)) return;
      memo.set(profileId, { ...data, serviceUsers: [...data.serviceUsers, user] });
      unsaved.add(profileId);
      flushTimer ??= setTimeout(flush, STORE_ADDED_AFTER_MS).unref();
    },
    forget(profileId: string): void {
      unsaved.delete(profileId);
      memo.delete(profileId);
      remove.run(profileId);
    },
    /** Stores what is still waiting (before the database closes), so a quit loses no created user. */
    close(): void {
      if (flushTimer) clearTimeout(flushTimer);
      flush();
    },
  };
  return cache;
}

export type ReferenceCache = ReturnType<typeof createReferenceCache>;
