/**
 * Runs one storage operation in a separate process (possibly as another OS user) and prints the
 * outcome as one JSON line: {"ok":true,...} or {"ok":false,"code":...,"message":...}.
 *   node --import tsx tests/support/storage-child.ts open <file>
 *   node --import tsx tests/support/storage-child.ts save <file>
 */
import { openDatabase } from '../../electron/core/db/database';
import { createAuditLog } from '../../electron/core/audit/auditLog';
import { createDraftStore } from '../../electron/core/drafts/draftStore';
import { isAppError } from '../../shared/errors';

const [mode, file] = process.argv.slice(2);
try {
  const db = openDatabase({ file: file! });
  if (mode === 'save') {
    const drafts = createDraftStore(db, { audit: createAuditLog(db, { osUser: 'child' }) });
    const saved = drafts.save({ profileId: 'p1', step: 0, fields: { friendlyName: 'from child' } });
    process.stdout.write(JSON.stringify({ ok: true, id: saved.id }) + '\n');
  } else {
    process.stdout.write(JSON.stringify({ ok: true }) + '\n');
  }
  db.close();
} catch (error) {
  process.stdout.write(
    JSON.stringify(
      isAppError(error)
        ? { ok: false, code: error.code, message: error.message }
        : { ok: false, code: 'unexpected', message: String(error) },
    ) + '\n',
  );
}
