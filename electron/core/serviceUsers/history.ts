import type { AuditAction, AuditDetails, AuditEntry, AuditOutcome } from '../../../shared/audit';
import type { KeychainItem } from '../../../shared/creation';
import { CERTIFICATE_SCREEN_ACTIONS } from '../certificates/savedRecords';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

/**
 * Read-only questions to the audit log about one service user (its details page). Entries name a
 * service user by id as their target, or — the token and certificate screens' entries — in
 * `details.serviceUserId`.
 */

const HISTORY_LIMIT = 200;
/** Entries that carry the service user in their details rather than as their target. */
const BY_DETAILS: readonly AuditAction[] = [
  'token_revealed',
  'token_copied',
  'token_path_picked',
  'token_saved_to_keychain',
  'token_save_conflict',
  'token_overwrote_keychain_item',
  'token_dismissed_unsaved',
  // The certificate screen's entries and the test of a saved certificate (target: the user's name).
  ...CERTIFICATE_SCREEN_ACTIONS,
  'certificate_tested',
];
const SAVED: readonly AuditAction[] = ['token_saved_to_keychain', 'token_overwrote_keychain_item'];

const COLUMNS = 'seq, at, os_user, profile_id, profile_name, action, target, outcome, details, prev_hash, hash';
interface Row {
  seq: number;
  at: string;
  os_user: string;
  profile_id: string | null;
  profile_name: string | null;
  action: string;
  target: string | null;
  outcome: string;
  details: string | null;
  prev_hash: string;
  hash: string;
}

function toEntry(r: Row): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    osUser: r.os_user,
    profileId: r.profile_id,
    profileName: r.profile_name,
    action: r.action as AuditAction,
    target: r.target,
    outcome: r.outcome as AuditOutcome,
    details: r.details === null ? null : (JSON.parse(r.details) as AuditDetails),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

const list = (actions: readonly AuditAction[]) => actions.map((a) => `'${a}'`).join(', ');

export interface SavedItemRecord {
  item: KeychainItem;
  savedAt: string;
}

export function createServiceUserHistory(db: Db) {
  // Two indexed lookups (target; action) joined by UNION, newest first.
  const historyStmt = db.prepare<{ profileId: string; userId: string; limit: number }, Row>(
    `SELECT ${COLUMNS} FROM audit_log WHERE profile_id = @profileId AND target = @userId
     UNION
     SELECT ${COLUMNS} FROM audit_log WHERE profile_id = @profileId AND action IN (${list(BY_DETAILS)})
        AND json_extract(details, '$.serviceUserId') = @userId
     ORDER BY seq DESC LIMIT @limit`,
  );
  const savedStmt = db.prepare<{ profileId: string; userId: string }, Row>(
    `SELECT ${COLUMNS} FROM audit_log WHERE profile_id = @profileId
        AND action IN (${list([...SAVED, 'keychain_item_deleted'])})
        AND (json_extract(details, '$.serviceUserId') = @userId OR target = @userId)
      ORDER BY seq`,
  );

  return {
    /** This app's audit entries about the user, newest first. */
    history(profileId: string, userId: string): AuditEntry[] {
      return withStorageErrors(() => historyStmt.all({ profileId, userId, limit: HISTORY_LIMIT }).map(toEntry));
    },

    /**
     * The keychain items this app saved a token of the user into (by the audit log), latest save
     * first; an item the app deleted afterwards (`keychain_item_deleted`) is left out.
     */
    savedItems(profileId: string, userId: string): SavedItemRecord[] {
      const items = new Map<string, SavedItemRecord>();
      for (const row of withStorageErrors(() => savedStmt.all({ profileId, userId }))) {
        const d = (row.details === null ? {} : JSON.parse(row.details)) as Record<string, unknown>;
        if (typeof d.service !== 'string' || typeof d.account !== 'string') continue;
        const key = `${d.service}\u0000${d.account}`;
        if (row.action === 'keychain_item_deleted') items.delete(key);
        else items.set(key, { item: { service: d.service, account: d.account }, savedAt: row.at });
      }
      return [...items.values()].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    },
  };
}

export type ServiceUserHistory = ReturnType<typeof createServiceUserHistory>;
