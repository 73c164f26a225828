/**
 * Autosaves one draft in a tight loop, like the wizard does while the admin types, and after each
 * committed save prints `ack <revision>` on stdout. The parent kills it with SIGKILL at a random
 * moment and checks that every acknowledged revision survived.
 *   node --import tsx tests/support/autosave-child.ts <file>
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../electron/core/db/database';
import { createAuditLog } from '../../electron/core/audit/auditLog';
import { createDraftStore } from '../../electron/core/drafts/draftStore';

const file = process.argv[2]!;
const db = openDatabase({ file });
const drafts = createDraftStore(db, { audit: createAuditLog(db, { osUser: 'kill-test' }) });
const existing = drafts.latestUnfinished('p1');
let draft = existing
  ? drafts.get(existing.id)
  : drafts.save({ profileId: 'p1', step: 0, fields: { friendlyName: '' } });
writeSync(1, `id ${draft.id}\n`);
let i = 0;
for (;;) {
  i++;
  draft = drafts.save({
    id: draft.id,
    profileId: 'p1',
    step: i % 4,
    fields: { friendlyName: `Bot ${i}`, description: 'x'.repeat(i % 900), accountIds: [`a${i % 7}`] },
  });
  // Synchronous write: the ack reaches the pipe before the next save starts.
  writeSync(1, `ack ${draft.revision}\n`);
}
