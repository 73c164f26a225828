import type { AuditAction } from '../../../shared/audit';
import type { KeychainItem } from '../../../shared/creation';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';

/** One certificate this app saved and read back, as the audit log's `certificate_saved` entry records it. */
export interface SavedCertificateRecord {
  nickname: string;
  fingerprint: string;
  file: string;
  item: KeychainItem;
  savedAt: string;
}

interface Row {
  at: string;
  details: string | null;
}

/**
 * The one-time certificate screen's entries: each names, in its details, the service user and the
 * operation whose certificate it showed.
 */
export const CERTIFICATE_SCREEN_ACTIONS = [
  'certificate_saved',
  'certificate_password_revealed',
  'certificate_password_copied',
  'certificate_dismissed_unsaved',
] as const satisfies readonly AuditAction[];

/**
 * The certificates this app saved for a service user, from its own audit log (the one record of
 * them: the password and the file are only in the keychain and the admin's file). Newest first; a
 * certificate saved twice to the same place counts once, at its latest save.
 */
export function createSavedCertificateRecords(db: Db) {
  const screenEntry = db.prepare<{ profileId: string; operationId: string }, { found: number }>(
    `SELECT 1 AS found FROM audit_log WHERE profile_id = @profileId
        AND action IN (${CERTIFICATE_SCREEN_ACTIONS.map((a) => `'${a}'`).join(', ')})
        AND json_extract(details, '$.operationId') = @operationId
      LIMIT 1`,
  );
  const stmt = db.prepare<{ profileId: string; userId: string }, Row>(
    `SELECT at, details FROM audit_log WHERE profile_id = @profileId AND action = 'certificate_saved'
        AND outcome = 'ok' AND json_extract(details, '$.serviceUserId') = @userId
      ORDER BY seq DESC`,
  );
  return {
    list(profileId: string, userId: string): SavedCertificateRecord[] {
      const seen = new Set<string>();
      const out: SavedCertificateRecord[] = [];
      for (const row of withStorageErrors(() => stmt.all({ profileId, userId }))) {
        const d = (row.details === null ? {} : JSON.parse(row.details)) as Record<string, unknown>;
        const { nickname, fingerprint, file, service, account } = d;
        if (![nickname, fingerprint, file, service, account].every((v) => typeof v === 'string')) continue;
        const record: SavedCertificateRecord = {
          nickname: nickname as string,
          fingerprint: fingerprint as string,
          file: file as string,
          item: { service: service as string, account: account as string },
          savedAt: row.at,
        };
        const key = JSON.stringify([record.fingerprint, record.file, record.item.service, record.item.account]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(record);
      }
      return out;
    },

    /**
     * Whether the certificate of this operation reached this app, as its audit log tells after a
     * restart: its one-time screen left an entry (saved, password revealed or copied, dismissed).
     */
    reachedApp(profileId: string, operationId: string): boolean {
      return withStorageErrors(() => screenEntry.get({ profileId, operationId })) !== undefined;
    },
  };
}

export type SavedCertificateRecords = ReturnType<typeof createSavedCertificateRecords>;
