import type { ServiceUserList, ServiceUserListItem } from '../../../shared/manage';
import type { ServiceUser } from '../../../shared/serviceUser';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

type Listener = (profileId: string) => void;

interface Row {
  data: string;
  muted: 0 | 1;
}

/** Only the fields of a service user the app shows: nothing else from an answer reaches the disk. */
function stored(user: ServiceUser): ServiceUser {
  const from = user as unknown as Record<string, unknown>;
  const keep: Record<string, unknown> = { id: user.id, friendlyName: user.friendlyName, description: user.description };
  for (const key of ['email', 'status', 'endDate', 'accountIds', 'managerIds', 'roleIds', 'createdAt']) {
    if (from[key] !== undefined) keep[key] = from[key];
  }
  return keep as unknown as ServiceUser;
}

/**
 * A cached row as the app reads it. wire.ts upper-cases the status of every user it reads; rows
 * cached before it did are upper-cased here, so every reader sees one spelling.
 */
function parsed(data: string, muted: boolean): ServiceUserListItem {
  const user = JSON.parse(data) as ServiceUserListItem;
  if (typeof user.status === 'string') user.status = user.status.toUpperCase();
  user.muted = muted;
  return user;
}

function item(row: Row): ServiceUserListItem {
  return parsed(row.data, row.muted === 1);
}

/**
 * The service users of each profile as last fetched, so the list, the details and the expiry
 * reminders work offline. One JSON row per (profile, user); mutes are kept apart so a refresh
 * keeps them. Rows go with their profile (foreign keys, see migration 004).
 */
export function createServiceUserCache(db: Db, clock: () => Date = () => new Date()) {
  const listeners = new Set<Listener>();
  const changed = (profileId: string) => {
    for (const listener of [...listeners]) {
      try {
        listener(profileId);
      } catch {
        // A listener's failure is its own: the cache changed.
      }
    }
  };

  const asOfStmt = db.prepare<[string], string>('SELECT as_of FROM service_user_lists WHERE profile_id = ?').pluck();
  // Two plain reads beat a join here: the mutes are few, the rows many (5,000 and more).
  const dataStmt = db.prepare<[string], string>('SELECT data FROM service_users WHERE profile_id = ?').pluck();
  const mutedStmt = db.prepare<[string], string>('SELECT user_id FROM service_user_mutes WHERE profile_id = ?').pluck();
  const getStmt = db.prepare<[string, string], Row & { fetched_at: string }>(
    `SELECT u.data, u.fetched_at, (m.user_id IS NOT NULL) AS muted FROM service_users u
       LEFT JOIN service_user_mutes m ON m.profile_id = u.profile_id AND m.user_id = u.user_id
      WHERE u.profile_id = ? AND u.user_id = ?`,
  );
  const deleteAllStmt = db.prepare('DELETE FROM service_users WHERE profile_id = ?');
  const upsertStmt = db.prepare(
    `INSERT INTO service_users (profile_id, user_id, data, fetched_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (profile_id, user_id) DO UPDATE SET data = excluded.data, fetched_at = excluded.fetched_at`,
  );
  const setAsOfStmt = db.prepare(
    `INSERT INTO service_user_lists (profile_id, as_of) VALUES (?, ?)
     ON CONFLICT (profile_id) DO UPDATE SET as_of = excluded.as_of`,
  );
  const pruneMutesStmt = db.prepare(
    `DELETE FROM service_user_mutes WHERE profile_id = ?
       AND user_id NOT IN (SELECT user_id FROM service_users WHERE profile_id = ?)`,
  );
  const removeStmt = db.prepare('DELETE FROM service_users WHERE profile_id = ? AND user_id = ?');
  const unmuteStmt = db.prepare('DELETE FROM service_user_mutes WHERE profile_id = ? AND user_id = ?');
  const muteStmt = db.prepare(
    'INSERT INTO service_user_mutes (profile_id, user_id, muted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const profilesStmt = db.prepare<[], string>('SELECT profile_id FROM service_user_lists ORDER BY profile_id').pluck();
  const forgetListStmt = db.prepare('DELETE FROM service_user_lists WHERE profile_id = ?');
  const forgetMutesStmt = db.prepare('DELETE FROM service_user_mutes WHERE profile_id = ?');

  function listed(profileId: string): ServiceUserListItem[] {
    const muted = new Set(mutedStmt.all(profileId));
    return dataStmt.all(profileId).map((data) => {
      const user = parsed(data, false);
      user.muted = muted.has(user.id);
      return user;
    });
  }

  const replaceTx = db.transaction((profileId: string, users: readonly ServiceUser[], asOf: string) => {
    deleteAllStmt.run(profileId);
    for (const user of users) upsertStmt.run(profileId, user.id, JSON.stringify(stored(user)), asOf);
    setAsOfStmt.run(profileId, asOf);
    pruneMutesStmt.run(profileId, profileId);
  });
  const removeTx = db.transaction((profileId: string, userId: string) => {
    const gone = removeStmt.run(profileId, userId).changes > 0;
    unmuteStmt.run(profileId, userId);
    return gone;
  });
  const forgetTx = db.transaction((profileId: string) => {
    deleteAllStmt.run(profileId);
    forgetMutesStmt.run(profileId);
    forgetListStmt.run(profileId);
  });

  return {
    /** The cached list of a profile (empty with `asOf: null` when never fetched). */
    list(profileId: string): ServiceUserList {
      return withStorageErrors(() => ({
        profileId,
        users: listed(profileId),
        asOf: asOfStmt.get(profileId) ?? null,
      }));
    },

    /** When the profile's list was last fetched, or null. */
    asOf(profileId: string): string | null {
      return withStorageErrors(() => asOfStmt.get(profileId) ?? null);
    },

    /** One cached user and when it was fetched (by a refresh or on its own). */
    get(profileId: string, userId: string): { user: ServiceUserListItem; asOf: string } | undefined {
      const row = withStorageErrors(() => getStmt.get(profileId, userId));
      return row ? { user: item(row), asOf: row.fetched_at } : undefined;
    },

    /** A fresh full list: replaces the profile's rows in one transaction; mutes of users still there stay. */
    replaceAll(profileId: string, users: readonly ServiceUser[], asOf: string): void {
      withStorageErrors(() => replaceTx(profileId, users, asOf));
      changed(profileId);
    },

    /**
     * One user as just fetched or changed. Listeners hear of it only when the user differs from the
     * cached row: reading details (which upserts) must not announce a change, or a screen that
     * reloads on `serviceUsers.changed` would reload for ever.
     */
    upsert(profileId: string, user: ServiceUser, asOf: string): void {
      const data = JSON.stringify(stored(user));
      const before = withStorageErrors(() => getStmt.get(profileId, user.id))?.data;
      withStorageErrors(() => upsertStmt.run(profileId, user.id, data, asOf));
      if (before !== data) changed(profileId);
    },

    /** A deleted user (its mute goes too). */
    remove(profileId: string, userId: string): void {
      if (withStorageErrors(() => removeTx(profileId, userId))) changed(profileId);
    },

    setMuted(profileId: string, userId: string, muted: boolean): void {
      withStorageErrors(() =>
        muted ? muteStmt.run(profileId, userId, clock().toISOString()) : unmuteStmt.run(profileId, userId),
      );
      changed(profileId);
    },

    /** Profiles whose list has been fetched at least once. */
    profilesWithCache(): string[] {
      return withStorageErrors(() => profilesStmt.all());
    },

    /** Drops everything of a profile (the foreign keys do it too when the profile row goes). */
    forget(profileId: string): void {
      withStorageErrors(() => forgetTx(profileId));
      changed(profileId);
    },

    /** Called with the profile whose cached users (or mutes) changed. */
    onChange(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type ServiceUserCache = ReturnType<typeof createServiceUserCache>;
