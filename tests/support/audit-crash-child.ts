/**
 * Appends `signed` audit entries and waits until they are signed and anchored, then appends
 * `unsigned` more inside the checkpoint bound, prints `ready`, and waits to be killed (SIGKILL):
 * the checkpoint that would sign the last ones never happens.
 *   node --import tsx tests/support/audit-crash-child.ts <db file> <keychain file> <signed> <unsigned>
 */
import { writeSync } from 'node:fs';
import { createAuditLog } from '../../electron/core/audit/auditLog';
import { createAuditIntegrity } from '../../electron/core/audit/integrity';
import { openDatabase } from '../../electron/core/db/database';
import { createFileSecretStore } from './fileSecretStore';

const [file, keychainFile, signed, unsigned] = process.argv.slice(2) as [string, string, string, string];
const db = openDatabase({ file });
// A long bound: the kill lands inside it however slow the machine is.
const integrity = createAuditIntegrity({
  db,
  keychain: createFileSecretStore(keychainFile),
  account: 'crash-test',
  boundMs: 600_000,
});
await integrity.start();
const audit = createAuditLog(db, { osUser: 'kill-test', integrity });
for (let i = 0; i < Number(signed); i++) audit.append({ action: 'token_revealed', target: `signed-${i}` });
integrity.checkpointNow();
await integrity.settled();
for (let i = 0; i < Number(unsigned); i++) audit.append({ action: 'token_copied', target: `unsigned-${i}` });
writeSync(1, 'ready\n');
setInterval(() => undefined, 1000);
