import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify as edVerify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeItem, encodeItem, generateSigningKey } from '../../../electron/core/audit/signing';
import { DATABASE_FILE_NAME } from '../../../electron/core/db/database';
import { createKeyringStore } from '../../../electron/core/keychain/keyringStore';
import { probeKeychain } from '../../../electron/core/keychain/probe';
import { AUDIT_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import type { SecretStore } from '../../../electron/core/keychain/secretStore';
import { startTestCore, type TestCore } from '../../support/core';
import { requireService } from '../../support/skip';
import { rehashFrom, tamper } from '../../support/tamper';
import { findSecretsOnDisk, listFiles, makeTempDir } from '../../support/tmp';

const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

/** README's one-liner, exactly; through Node's crypto when openssl is not installed. */
function verifyLikeReadme(dir: string, file: string): boolean {
  if (haveOpenssl) {
    const r = spawnSync(
      'openssl',
      ['pkeyutl', '-verify', '-pubin', '-inkey', `${file}.pub.pem`, '-rawin', '-in', file, '-sigfile', `${file}.sig`],
      { cwd: dir, encoding: 'utf8' },
    );
    return r.status === 0 && /Signature Verified Successfully/.test(r.stdout);
  }
  return nodeOneLiner(dir, file);
}

/** README's Node alternative, exactly as documented (run with `node -e`). */
const NODE_ONE_LINER =
  "const c=require('crypto'),fs=require('fs'),f=process.argv[1];process.exit(c.verify(null,fs.readFileSync(f),fs.readFileSync(f+'.pub.pem'),fs.readFileSync(f+'.sig'))?0:1)";
function nodeOneLiner(dir: string, file: string): boolean {
  return spawnSync(process.execPath, ['-e', NODE_ONE_LINER, file], { cwd: dir }).status === 0;
}

/** The fingerprint as an auditor computes it: `openssl pkey -pubin -in F.pub.pem -outform DER | sha256sum`. */
function fingerprintOf(pemFile: string): string {
  if (haveOpenssl) {
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pemFile, '-outform', 'DER']);
    return createHash('sha256').update(der).digest('hex');
  }
  const der = createPublicKey(readFileSync(pemFile)).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

describe('audit integrity through core (in-memory keychain)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore | undefined;
  let dataDir: string;
  let exportDir: string;

  beforeEach(() => {
    tmp = makeTempDir('sud-audit-int-');
    dataDir = join(tmp.dir, 'data');
    exportDir = join(tmp.dir, 'exports');
    mkdirSync(exportDir);
  });
  afterEach(async () => {
    await t?.core.close();
    t = undefined;
    tmp.cleanup();
  });

  it('an export is verified by the documented one-liners; one changed byte is refused', async () => {
    t = await startTestCore(dataDir);
    for (let i = 0; i < 3; i++) await t.must('audit.verify', {});
    for (const format of ['csv', 'jsonl'] as const) {
      const name = `audit.${format}`;
      const result = await t.must('audit.export', { format, destination: join(exportDir, name) });
      expect(result.signature).toEqual({
        signaturePath: join(exportDir, `${name}.sig`),
        publicKeyPath: join(exportDir, `${name}.pub.pem`),
        keyFingerprint: (await t.must('audit.signingKey', {})).fingerprint,
      });
      expect(readFileSync(result.signature!.signaturePath)).toHaveLength(64);
      expect(fingerprintOf(result.signature!.publicKeyPath)).toBe(result.signature!.keyFingerprint);
      expect(verifyLikeReadme(exportDir, name)).toBe(true);
      expect(nodeOneLiner(exportDir, name)).toBe(true);

      const bytes = readFileSync(join(exportDir, name));
      const changed = Buffer.from(bytes);
      const middle = Math.floor(bytes.length / 2);
      changed[middle] = changed[middle]! ^ 0x01;
      writeFileSync(join(exportDir, name), changed);
      expect(verifyLikeReadme(exportDir, name)).toBe(false);
      expect(nodeOneLiner(exportDir, name)).toBe(false);
      writeFileSync(join(exportDir, name), bytes);
      expect(
        edVerify(
          null,
          bytes,
          readFileSync(`${join(exportDir, name)}.pub.pem`),
          readFileSync(`${join(exportDir, name)}.sig`),
        ),
      ).toBe(true);
    }
  });

  it('never replaces a signature file on its own; replaces it together with its confirmed export', async () => {
    t = await startTestCore(dataDir);
    const destination = join(exportDir, 'audit.csv');
    writeFileSync(`${destination}.sig`, 'someone else’s file');
    const refused = await t.call('audit.export', { format: 'csv', destination });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('export_file_exists');
    expect(readFileSync(`${destination}.sig`, 'utf8')).toBe('someone else’s file');
    expect(listFiles(exportDir).map((f) => f.slice(exportDir.length + 1))).toEqual(['audit.csv.sig']);

    writeFileSync(destination, 'an older export');
    await t.must('audit.export', { format: 'csv', destination });
    expect(verifyLikeReadme(exportDir, 'audit.csv')).toBe(true);
  });

  it('the private key is never in the database, the log or an export', async () => {
    t = await startTestCore(dataDir);
    for (let i = 0; i < 3; i++) await t.must('audit.verify', {});
    await t.must('audit.export', { format: 'jsonl', destination: join(exportDir, 'a.jsonl') });
    const item = decodeItem((await t.keychain.get(AUDIT_KEY_SERVICE, resolve(dataDir)))!);
    const der = item.key!.privateKey.export({ type: 'pkcs8', format: 'der' });
    const jwk = item.key!.privateKey.export({ format: 'jwk' });
    await t.core.close();
    t = undefined;
    const seed = der.subarray(der.length - 32);
    const spellings = [der.toString('base64'), jwk.d!, seed.toString('hex'), seed.toString('base64')];
    expect(findSecretsOnDisk(tmp.dir, spellings)).toEqual([]);
    for (const file of listFiles(tmp.dir)) expect(readFileSync(file).includes(seed), file).toBe(false);
  });

  it('a rewrite while the app was closed is reported after the restart', async () => {
    t = await startTestCore(dataDir);
    for (let i = 0; i < 4; i++) await t.must('audit.verify', {});
    const keychain = t.keychain;
    await t.core.close();
    tamper(join(dataDir, DATABASE_FILE_NAME), (db) => {
      db.prepare("UPDATE audit_log SET target = 'someone-else' WHERE seq = 2").run();
      rehashFrom(db, 2);
    });
    t = await startTestCore(dataDir, { keychain });
    const result = await t.must('audit.verify', {});
    expect(result).toMatchObject({ ok: false, verdict: 'changed' });
    expect(result).toMatchObject({ firstBadSeq: 2, lastBadSeq: 2 });
  });
});

async function realKeychainMissing(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'no D-Bus session (run under: dbus-run-session -- sh scripts/with-keyring.sh ...)';
  const status = await probeKeychain(createKeyringStore({ timeoutMs: 5000 }));
  return status.available ? null : `the Secret Service is unavailable: ${status.reason}`;
}

describe.runIf(requireService('keychain', await realKeychainMissing()))(
  'audit integrity with the real Secret Service',
  () => {
    let tmp: ReturnType<typeof makeTempDir>;
    let keychain: SecretStore;
    let t: TestCore | undefined;
    const accounts: string[] = [];
    let dataDir: string;

    const start = async () => (t = await startTestCore(dataDir, { keychain }));
    const restart = async () => {
      await t?.core.close();
      return start();
    };
    const entries = async (n: number) => {
      for (let i = 0; i < n; i++) await t!.must('audit.verify', {});
    };

    beforeEach(() => {
      tmp = makeTempDir('sud-audit-kr-');
      dataDir = join(tmp.dir, 'data');
      accounts.push(resolve(dataDir));
      keychain = createKeyringStore();
    });
    afterEach(async () => {
      await t?.core.close();
      t = undefined;
      tmp.cleanup();
    });
    afterAll(async () => {
      for (const account of accounts) await keychain.delete(AUDIT_KEY_SERVICE, account).catch(() => false);
    });

    it('keeps the key in the keychain, not the data folder, and stays intact across restarts', async () => {
      await start();
      await entries(3);
      const fingerprint = (await t!.must('audit.signingKey', {})).fingerprint;
      await restart();
      expect(await t!.must('audit.verify', {})).toMatchObject({ verdict: 'intact', keyFingerprint: fingerprint });
      const item = decodeItem((await keychain.get(AUDIT_KEY_SERVICE, resolve(dataDir)))!);
      expect(item.key!.fingerprint).toBe(fingerprint);
      expect(
        findSecretsOnDisk(tmp.dir, [item.key!.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')]),
      ).toEqual([]);
    });

    it('the issue’s rewrite-and-rehash: changed', async () => {
      await start();
      await entries(5);
      await t!.core.close();
      t = undefined;
      tamper(join(dataDir, DATABASE_FILE_NAME), (db) => {
        db.prepare("UPDATE audit_log SET target = 'someone-else' WHERE seq = 3").run();
        rehashFrom(db, 3);
      });
      await start();
      expect(await t!.must('audit.verify', {})).toMatchObject({ ok: false, verdict: 'changed' });
    });

    it('the issue’s cut tail with a rewritten head: truncated', async () => {
      await start();
      await entries(7);
      await t!.core.close();
      t = undefined;
      tamper(join(dataDir, DATABASE_FILE_NAME), (db) => {
        db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
        db.prepare('UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)').run();
      });
      await start();
      expect(await t!.must('audit.verify', {})).toMatchObject({ ok: false, verdict: 'truncated', firstBadSeq: 5 });
    });

    it('another key written into the keychain item: unprovable (key changed)', async () => {
      await start();
      await entries(3);
      await t!.core.close();
      t = undefined;
      const stored = decodeItem((await keychain.get(AUDIT_KEY_SERVICE, resolve(dataDir)))!);
      await keychain.set(AUDIT_KEY_SERVICE, resolve(dataDir), encodeItem(generateSigningKey(), stored.anchor!));
      await start();
      expect(await t!.must('audit.verify', {})).toMatchObject({
        ok: false,
        verdict: 'unprovable',
        reason: 'key_changed',
      });
    });

    it('the keychain item deleted: unprovable (key missing)', async () => {
      await start();
      await entries(3);
      await t!.core.close();
      t = undefined;
      expect(await keychain.delete(AUDIT_KEY_SERVICE, resolve(dataDir))).toBe(true);
      await start();
      expect(await t!.must('audit.verify', {})).toMatchObject({
        ok: false,
        verdict: 'unprovable',
        reason: 'key_missing',
      });
    });
  },
);
