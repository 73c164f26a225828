import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../electron/core/audit/auditLog';
import { createAuditIntegrity, SIGNING_UNAVAILABLE } from '../../../electron/core/audit/integrity';
import { openDatabase } from '../../../electron/core/db/database';
import { AUDIT_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import { createFileSecretStore } from '../../support/fileSecretStore';
import { makeTempDir } from '../../support/tmp';

const ACCOUNT = 'added-while-closed-test';

/**
 * The attacks of docs/DESIGN.md §5 that write no signature: entries appended to the real SQLite
 * file while the app is not running, by someone using the app's own code but not holding the keychain.
 */
describe('entries added while the app was closed (real SQLite file)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  let keychainFile: string;
  beforeEach(() => {
    tmp = makeTempDir('sud-audit-added-');
    file = join(tmp.dir, 'app.sqlite');
    keychainFile = join(tmp.dir, 'keychain.json');
  });
  afterEach(() => tmp.cleanup());

  /** One run of the app: start, append `n` entries, verify (optional), close cleanly. */
  async function run(n: number, options: { verify?: boolean } = {}) {
    const db = openDatabase({ file });
    const integrity = createAuditIntegrity({ db, keychain: createFileSecretStore(keychainFile), account: ACCOUNT });
    await integrity.start();
    const log = createAuditLog(db, { osUser: 'alice', integrity });
    for (let i = 0; i < n; i++) log.append({ action: 'profile_added', target: `p${i}` });
    const result = options.verify === false ? null : await log.verify({ record: false });
    await integrity.close();
    db.close();
    return result;
  }

  /** The editor: a plain connection and the app's own append (correct seq, prev_hash, hash, head). */
  function attackerAppends(actions: Parameters<ReturnType<typeof createAuditLog>['append']>[0][]): void {
    const db = new Database(file);
    try {
      const log = createAuditLog(db, { osUser: 'alice', worker: false });
      for (const a of actions) log.append(a);
    } finally {
      db.close();
    }
  }

  const removeDataFile = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  };

  it('a forged "signing unavailable" entry does not make the added entries pass: unprovable, never intact', async () => {
    await run(3, { verify: false });
    attackerAppends([
      { action: SIGNING_UNAVAILABLE, outcome: 'failed' },
      { action: 'token_revealed', target: 'prod-robot' },
    ]);
    const next = await run(0);
    expect(next).toMatchObject({
      ok: false,
      verdict: 'unprovable',
      reason: 'recovered',
      entries: 5,
      recovered: [{ from: 4, to: 5 }],
    });
    // Signed over from then on, yet later runs still say it cannot be proven.
    expect(await run(2)).toMatchObject({ ok: false, verdict: 'unprovable', recovered: [{ from: 4, to: 5 }] });
  });

  it('without that entry the addition is reported as a change', async () => {
    await run(3, { verify: false });
    attackerAppends([{ action: 'token_revealed', target: 'prod-robot' }]);
    expect(await run(0)).toMatchObject({ ok: false, verdict: 'changed', firstBadSeq: 4, problem: 'added' });
  });

  it('the data folder deleted to start over: rolled back, and the anchor belongs to a log that is not here', async () => {
    await run(3, { verify: false });
    removeDataFile();
    expect(await run(1)).toMatchObject({
      ok: false,
      verdict: 'rolled_back',
      anchorWithoutLog: true,
      lastSignedSeq: 3,
    });
    // The reset the verdict describes: quit, delete the keychain item and the data folder, start again.
    await createFileSecretStore(keychainFile).delete(AUDIT_KEY_SERVICE, ACCOUNT);
    removeDataFile();
    expect(await run(2)).toMatchObject({ ok: true, verdict: 'intact', entries: 2 });
  });

  it('an older copy of the same log put back is rolled back without that note', async () => {
    await run(3, { verify: false });
    const copy = join(tmp.dir, 'copy.sqlite');
    copyFileSync(file, copy);
    await run(2, { verify: false });
    removeDataFile();
    copyFileSync(copy, file);
    const result = await run(0);
    expect(result).toMatchObject({ ok: false, verdict: 'rolled_back', lastSignedSeq: 5 });
    expect(result?.anchorWithoutLog).toBeUndefined();
  });
});
