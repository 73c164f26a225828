import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createAuditLog } from '../../../electron/core/audit/auditLog';
import { createAuditIntegrity } from '../../../electron/core/audit/integrity';
import { openDatabase } from '../../../electron/core/db/database';
import { createFileSecretStore } from '../../support/fileSecretStore';
import { rehashFrom, tamper } from '../../support/tamper';
import { makeTempDir } from '../../support/tmp';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Runs the child until it says `ready`, then kills it with SIGKILL: no close, no last checkpoint. */
function crashAfter(file: string, keychainFile: string, signed: number, unsigned: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'tests/support/audit-crash-child.ts'),
        file,
        keychainFile,
        `${signed}`,
        `${unsigned}`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? done() : fail(new Error(`child exited without being killed: ${stderr}`)),
    );
  });
}

describe('a crash inside the checkpoint bound (SIGKILL)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('sud-audit-crash-');
  });
  afterEach(() => tmp.cleanup());

  async function restart(file: string, keychainFile: string) {
    const db = openDatabase({ file });
    const integrity = createAuditIntegrity({
      db,
      keychain: createFileSecretStore(keychainFile),
      account: 'crash-test',
    });
    await integrity.start();
    const result = await createAuditLog(db, { osUser: 'after', integrity }).verify({ record: false });
    await integrity.close();
    db.close();
    return result;
  }

  it('proves what was signed before the kill and names what was signed only after it', async () => {
    const file = join(tmp.dir, 'app.sqlite');
    const keychainFile = join(tmp.dir, 'keychain.json');
    await crashAfter(file, keychainFile, 5, 3);
    expect(await restart(file, keychainFile)).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      entries: 8,
      signedThrough: 8,
      recovered: [{ from: 6, to: 8 }],
    });
  });

  it('an edit of the unsigned tail before the restart cannot be told; an edit of a signed entry can', async () => {
    const file = join(tmp.dir, 'app.sqlite');
    const keychainFile = join(tmp.dir, 'keychain.json');
    await crashAfter(file, keychainFile, 5, 3);
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'someone-else' WHERE seq = 7").run();
      rehashFrom(db, 7);
    });
    expect(await restart(file, keychainFile)).toMatchObject({
      verdict: 'unprovable',
      reason: 'recovered',
      recovered: [{ from: 6, to: 8 }],
    });
    tamper(file, (db) => {
      db.prepare("UPDATE audit_log SET target = 'someone-else' WHERE seq = 3").run();
      rehashFrom(db, 3);
    });
    expect(await restart(file, keychainFile)).toMatchObject({ verdict: 'changed', firstBadSeq: 1, lastBadSeq: 5 });
  });
});
