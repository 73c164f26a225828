import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CertificateFileSystem } from '../../../electron/core/certificates/certificateFile';
import { openPkcs12 } from '../../../electron/core/certificates/pkcs12';
import { ADMIN_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import type { CertificateDestination } from '../../../shared/certificates';
import { AppError, isAppError } from '../../../shared/errors';
import { ABOUT, generatedCertificate, ORIGIN, setup } from './fixtures';

/** Resolves with the error an async call threw (an AppError's code is checked by the caller). */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('did not fail');
}

const destination = (dir: string, extra: Partial<CertificateDestination> = {}): CertificateDestination => ({
  item: { service: 'DigiCert ONE client certificate password (Prod)', account: 'build bot · build-01' },
  file: join(dir, 'build-bot-build-01.p12'),
  ...extra,
});

const mode = async (file: string) => (await stat(file)).mode & 0o777;
const posix = process.platform !== 'win32';

describe('certificate keeper: hold', () => {
  it('holds the password by handle, reads the facts in memory and suggests names', () => {
    const { keeper, secrets } = setup();
    const generated = generatedCertificate();
    const held = keeper.hold(generated, ABOUT);
    expect(held.handle).toMatch(/^[a-f0-9]{32}$/);
    expect(held.savedTo).toBeNull();
    expect(held.facts?.fingerprint).toBe(openPkcs12(generated.pkcs12, generated.password).facts.fingerprint);
    expect(held.suggested.fileName).toBe('build-bot-build-01.p12');
    expect(held.suggested.item.account).toBe('build bot · build-01');
    expect(held.suggested.item.service).toContain('client certificate password');
    expect(JSON.stringify(held)).not.toContain(generated.password);
    expect(keeper.password(held.handle)).toBe(generated.password);
    expect(secrets.scrub(`x ${generated.password} y`)).not.toContain(generated.password);
    expect(keeper.hasUnsaved()).toBe(true);
    expect(keeper.hasAny()).toBe(true);
  });

  it('tells listeners when certificates come and go, and forgets for good', () => {
    const { keeper } = setup();
    const seen: boolean[] = [];
    keeper.onChange(() => seen.push(keeper.hasAny()));
    const held = keeper.hold(generatedCertificate(), ABOUT);
    keeper.forget(held.handle);
    expect(seen).toEqual([true, false]);
    expect(() => keeper.info(held.handle)).toThrow(expect.objectContaining({ code: 'certificate_gone' }));
  });
});

describe('certificate keeper: save', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });
  afterEach(() => vi.restoreAllMocks());

  it('writes the password to the keychain and a 0600 file, reads both back, then says saved', async () => {
    const generated = generatedCertificate();
    const held = t.keeper.hold(generated, ABOUT);
    const to = destination(t.dir);
    const saved = await t.keeper.save(held.handle, to);

    expect(await t.keychain.get(to.item.service, to.item.account)).toBe(generated.password);
    expect(Buffer.compare(await readFile(to.file), Buffer.from(generated.pkcs12))).toBe(0);
    if (posix) expect(await mode(to.file)).toBe(0o600);
    expect(saved.savedTo).toEqual({ item: to.item, file: to.file });
    expect(saved.facts?.fingerprint).toBe(held.facts?.fingerprint);
    expect(saved.readBack?.linux).toContain('secret-tool lookup service');
    expect(t.keeper.hasUnsaved()).toBe(false);

    const entry = t.entries.find((e) => e.action === 'certificate_saved');
    expect(entry).toMatchObject({
      outcome: 'ok',
      profileId: 'p1',
      details: {
        serviceUserId: 'user-1',
        nickname: 'build-01',
        fingerprint: held.facts?.fingerprint,
        file: to.file,
        service: to.item.service,
        account: to.item.account,
      },
    });
    const everything = JSON.stringify([t.entries, t.log.lines, saved]);
    expect(everything).not.toContain(generated.password);
    expect(everything).not.toContain(Buffer.from(generated.pkcs12).toString('base64').slice(0, 40));
  });

  it('refuses an existing file unless told to replace it, and the replacement is 0600 too', async () => {
    const generated = generatedCertificate();
    const held = t.keeper.hold(generated, ABOUT);
    const to = destination(t.dir);
    await writeFile(to.file, 'an older certificate', { mode: 0o644 });
    if (posix) await chmod(to.file, 0o644);

    const refused = await failure(t.keeper.save(held.handle, to));
    expect(refused.code).toBe('certificate_file_exists');
    expect(refused.fieldErrors?.[0]?.field).toBe('file');
    expect(await readFile(to.file, 'utf8')).toBe('an older certificate');
    expect(t.keeper.info(held.handle).savedTo).toBeNull();
    // Refused before anything was written: the keychain item was not touched either.
    expect(await t.keychain.has(to.item.service, to.item.account)).toBe(false);

    await t.keeper.save(held.handle, { ...to, overwrite: true });
    expect(Buffer.compare(await readFile(to.file), Buffer.from(generated.pkcs12))).toBe(0);
    if (posix) expect(await mode(to.file)).toBe(0o600);
    // No temporary file is left beside it.
    expect((await readdir(t.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a keychain item holding another value unless told to replace it', async () => {
    const generated = generatedCertificate();
    const held = t.keeper.hold(generated, ABOUT);
    const to = destination(t.dir);
    await t.keychain.set(to.item.service, to.item.account, 'someone else’s secret');

    expect((await failure(t.keeper.save(held.handle, to))).code).toBe('keychain_item_exists');
    expect(existsSync(to.file)).toBe(false);
    expect(await t.keychain.get(to.item.service, to.item.account)).toBe('someone else’s secret');

    await t.keeper.save(held.handle, { ...to, overwriteItem: true });
    expect(await t.keychain.get(to.item.service, to.item.account)).toBe(generated.password);
  });

  it("never writes to one of the app's own keychain items", async () => {
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(t.dir, { item: { service: ADMIN_KEY_SERVICE, account: 'p1' } });
    expect((await failure(t.keeper.save(held.handle, to))).code).toBe('keychain_item_reserved');
    expect(await t.keychain.has(ADMIN_KEY_SERVICE, 'p1')).toBe(false);
  });

  it('does not say saved when the file on disk is another certificate by the time it is read back', async () => {
    const generated = generatedCertificate('build-01', 'same-password-1');
    const other = generatedCertificate('build-02', 'same-password-1');
    // Someone replaces the file right after it is written (same password: only the fingerprint tells).
    const fs: CertificateFileSystem = {
      async open(path, flags, fileMode) {
        const handle = await open(path, flags, fileMode);
        const close = handle.close.bind(handle);
        handle.close = async () => {
          await close();
          await writeFile(path, other.pkcs12);
        };
        return handle;
      },
    };
    const s = setup({ fs });
    const held = s.keeper.hold(generated, ABOUT);
    const refused = await failure(s.keeper.save(held.handle, destination(s.dir)));
    expect(refused.code).toBe('certificate_verify_failed');
    expect(s.keeper.info(held.handle).savedTo).toBeNull();
    expect(s.keeper.hasUnsaved()).toBe(true);
    expect(s.entries.filter((e) => e.action === 'certificate_saved').map((e) => e.outcome)).toEqual(['failed']);
  });

  it('keeps the certificate held when the disk fills up, and removes the partly written file', async () => {
    const fs: CertificateFileSystem = {
      async open(path, flags, fileMode) {
        const handle = await open(path, flags, fileMode);
        handle.writeFile = async (data) => {
          await handle.write(Buffer.from(data as Uint8Array).subarray(0, 100));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        };
        return handle;
      },
    };
    const s = setup({ fs });
    const held = s.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(s.dir);
    const refused = await failure(s.keeper.save(held.handle, to));
    expect(refused.code).toBe('certificate_write_failed');
    expect(refused.message).toContain('disk is full');
    expect(refused.message).toContain('still held');
    expect(existsSync(to.file)).toBe(false);
    expect(s.keeper.hasUnsaved()).toBe(true);

    // Saved elsewhere afterwards, it is the same certificate.
    const elsewhere = join(s.dir, 'other');
    await mkdir(elsewhere);
    const fine = setup();
    const again = fine.keeper.hold(generatedCertificate(), ABOUT);
    expect((await fine.keeper.save(again.handle, destination(elsewhere))).savedTo).not.toBeNull();
  });

  it('writes the file before the keychain: a failed file write keeps the old value of a replaced item', async () => {
    const fs: CertificateFileSystem = {
      open: async () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    };
    const s = setup({ fs });
    const held = s.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(s.dir, { overwriteItem: true });
    await s.keychain.set(to.item.service, to.item.account, 'the old password');
    expect((await failure(s.keeper.save(held.handle, to))).code).toBe('certificate_write_failed');
    expect(await s.keychain.get(to.item.service, to.item.account)).toBe('the old password');
    expect(s.keeper.hasUnsaved()).toBe(true);
  });

  it('removes the file it created when the keychain write fails, and keeps a file it was to replace', async () => {
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(t.dir);
    // What is on disk when the keychain is written: the file comes first.
    const onDiskAtSet: string[][] = [];
    const locked = async () => {
      onDiskAtSet.push(
        (await readdir(t.dir)).filter((n) => n !== 'keychain.json').map((n) => n.replace(/\.\w+\.tmp$/, '.tmp')),
      );
      throw new AppError('keychain_unavailable', 'The keychain is locked.');
    };
    const set = vi.spyOn(t.keychain, 'set').mockImplementation(locked);

    expect((await failure(t.keeper.save(held.handle, to))).code).toBe('keychain_unavailable');
    expect(set).toHaveBeenCalled();
    expect(existsSync(to.file)).toBe(false);

    await writeFile(to.file, 'an older certificate');
    await failure(t.keeper.save(held.handle, { ...to, overwrite: true }));
    expect(await readFile(to.file, 'utf8')).toBe('an older certificate');
    expect((await readdir(t.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(onDiskAtSet).toEqual([
      ['build-bot-build-01.p12'],
      ['.build-bot-build-01.p12.tmp', 'build-bot-build-01.p12'],
    ]);
    expect(t.keeper.info(held.handle).savedTo).toBeNull();
    expect(t.entries.filter((e) => e.action === 'certificate_saved').map((e) => e.outcome)).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('puts the old item value back and keeps the old file when the replacement cannot be renamed into place', async () => {
    const fs: CertificateFileSystem = {
      open: (path, flags, fileMode) => open(path, flags, fileMode),
      rename: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    };
    const s = setup({ fs });
    const held = s.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(s.dir, { overwrite: true, overwriteItem: true });
    await writeFile(to.file, 'an older certificate');
    await s.keychain.set(to.item.service, to.item.account, 'the old password');
    expect((await failure(s.keeper.save(held.handle, to))).code).toBe('certificate_write_failed');
    expect(await s.keychain.get(to.item.service, to.item.account)).toBe('the old password');
    expect(await readFile(to.file, 'utf8')).toBe('an older certificate');
    expect((await readdir(s.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // No item before: the one written for this save is removed again.
    await s.keychain.delete(to.item.service, to.item.account);
    await failure(s.keeper.save(held.handle, to));
    expect(await s.keychain.has(to.item.service, to.item.account)).toBe(false);
  });

  it('refuses a relative path and a folder', async () => {
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    expect((await failure(t.keeper.save(held.handle, destination(t.dir, { file: 'cert.p12' })))).code).toBe(
      'invalid_request',
    );
    expect((await failure(t.keeper.save(held.handle, destination(t.dir, { file: t.dir, overwrite: true })))).code).toBe(
      'invalid_request',
    );
  });
});

describe('certificate keeper: checkDestination (before a certificate exists)', () => {
  it('refuses what save would refuse, with the same codes, and writes nothing', async () => {
    const t = setup();
    const to = destination(t.dir);
    await expect(t.keeper.checkDestination(to, ABOUT)).resolves.toBeUndefined();

    const reserved = destination(t.dir, { item: { service: ADMIN_KEY_SERVICE, account: 'p1' } });
    expect((await failure(t.keeper.checkDestination(reserved, ABOUT))).code).toBe('keychain_item_reserved');
    const unquotable = destination(t.dir, { file: join(t.dir, 'a\nb.p12') });
    expect((await failure(t.keeper.checkDestination(unquotable, ABOUT))).code).toBe('invalid_request');

    await writeFile(to.file, 'an older certificate');
    expect((await failure(t.keeper.checkDestination(to, ABOUT))).code).toBe('certificate_file_exists');
    await expect(t.keeper.checkDestination({ ...to, overwrite: true }, ABOUT)).resolves.toBeUndefined();

    // Before the certificate exists, any value in the item is another value.
    await t.keychain.set(to.item.service, to.item.account, 'someone else’s secret');
    const taken = { ...to, overwrite: true };
    expect((await failure(t.keeper.checkDestination(taken, ABOUT))).code).toBe('keychain_item_exists');
    await expect(t.keeper.checkDestination({ ...taken, overwriteItem: true }, ABOUT)).resolves.toBeUndefined();

    expect(await readFile(to.file, 'utf8')).toBe('an older certificate');
    expect(await t.keychain.get(to.item.service, to.item.account)).toBe('someone else’s secret');
    expect((await readdir(t.dir)).filter((n) => n !== 'keychain.json')).toEqual(['build-bot-build-01.p12']);
    expect(t.entries).toEqual([]);
  });
});

describe('certificate hand-over', () => {
  it('quotes names and paths with quotes and spaces, and reads secrets by command, never by value', async () => {
    const t = setup({
      savedTokenItems: () => [
        { item: { service: "DigiCert ONE token 'prod'", account: 'bot "q"' }, savedAt: '2026-01-01T00:00:00Z' },
      ],
    });
    const folder = join(t.dir, `it's a "folder" $(id)`);
    await mkdir(folder);
    const generated = generatedCertificate();
    const held = t.keeper.hold(generated, { ...ABOUT, friendlyName: "o'brien bot", nickname: 'build 01' });
    const to = {
      item: { service: "svc 'quoted' `x`", account: 'acct $HOME "y"' },
      file: join(folder, "o'brien build 01.p12"),
    };
    const saved = await t.keeper.save(held.handle, to);
    const handOver = saved.handOver!;
    for (const text of Object.values(handOver)) {
      expect(text).not.toContain(generated.password);
      expect(text).toMatch(/SM_HOST/);
      expect(text).toMatch(/SM_API_KEY/);
      expect(text).toMatch(/SM_CLIENT_CERT_FILE/);
      expect(text).toMatch(/SM_CLIENT_CERT_PASSWORD/);
    }
    expect(handOver.windows).toContain('$env:SM_CLIENT_CERT_PASSWORD = (Get-StoredCredential -Target ');

    if (!existsSync('/bin/sh')) return;
    // sh runs the lines with a stand-in secret-tool that prints its arguments: each name arrives whole.
    const bin = join(t.dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'secret-tool'), '#!/bin/sh\nprintf "%s|" "$@"\n', { mode: 0o755 });
    const out = execFileSync(
      '/bin/sh',
      [
        '-c',
        `${handOver.linux}\nprintf '%s\\n' "$SM_HOST" "$SM_CLIENT_CERT_FILE" "$SM_CLIENT_CERT_PASSWORD" "$SM_API_KEY"`,
      ],
      { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' },
    ).split('\n');
    expect(out[0]).toBe(ORIGIN);
    expect(out[1]).toBe(to.file);
    expect(out[2]).toBe(`lookup|service|${to.item.service}|username|${to.item.account}|`);
    expect(out[3]).toBe(`lookup|service|DigiCert ONE token 'prod'|username|bot "q"|`);
  });

  it('says where to set SM_API_KEY from when the app saved no token of the user, and refuses control characters', async () => {
    const t = setup({ clientAuth: async () => null });
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    const saved = await t.keeper.save(held.handle, destination(t.dir));
    expect(saved.handOver!.linux).toMatch(/^# SM_API_KEY: set it from where/m);
    expect(saved.handOver!.linux).toMatch(/^# SM_HOST: /m);
    expect(saved.handOver!.linux).not.toMatch(/^export SM_API_KEY/m);

    const other = t.keeper.hold(generatedCertificate(), ABOUT);
    const refused = await failure(t.keeper.save(other.handle, destination(t.dir, { file: join(t.dir, 'a\nb.p12') })));
    expect(refused.code).toBe('invalid_request');
    expect(existsSync(join(t.dir, 'a\nb.p12'))).toBe(false);
  });
});

describe('saved certificates and the test', () => {
  it('lists what was saved with whether the file and the item are still there', async () => {
    const t = setup();
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    const to = destination(t.dir);
    await t.keeper.save(held.handle, to);
    let [saved] = await t.keeper.saved('p1', 'user-1');
    expect(saved).toMatchObject({ nickname: 'build-01', file: to.file, fileExists: true, itemExists: true });
    expect(saved!.handOver.linux).toContain(`export SM_CLIENT_CERT_FILE='${to.file}'`);

    await t.keychain.delete(to.item.service, to.item.account);
    await writeFile(to.file, '');
    const { rm } = await import('node:fs/promises');
    await rm(to.file);
    [saved] = await t.keeper.saved('p1', 'user-1');
    expect(saved).toMatchObject({ fileExists: false, itemExists: false });
  });

  it('tests with the password from the keychain and the file from disk, and says whose identity answered', async () => {
    const t = setup();
    const generated = generatedCertificate();
    const held = t.keeper.hold(generated, ABOUT);
    await t.keeper.save(held.handle, destination(t.dir));
    t.keeper.forget(held.handle); // the test uses only what was saved

    const request = { profileId: 'p1', userId: 'user-1', nickname: 'build-01', fingerprint: held.facts!.fingerprint };
    const result = await t.keeper.test(request);
    expect(result).toEqual({
      url: `${ORIGIN}/account/api/v1/user/me`,
      identity: { id: 'user-1' },
      matchesUser: true,
    });
    const call = t.whoAmI.mock.calls[0]![0];
    expect(call.origin).toBe(ORIGIN);
    expect(call.password).toBe(generated.password);
    expect(Buffer.compare(Buffer.from(call.pkcs12), Buffer.from(generated.pkcs12))).toBe(0);
    expect(t.entries.find((e) => e.action === 'certificate_tested')).toMatchObject({
      outcome: 'ok',
      details: { serviceUserId: 'user-1', nickname: 'build-01', identity: 'user-1', matchesUser: true },
    });

    t.whoAmI.mockResolvedValueOnce({ id: 'someone-else', canManageUsers: false });
    expect((await t.keeper.test(request)).matchesUser).toBe(false);
  });

  it('tests the certificate of the fingerprint asked for, not the newest of its nickname', async () => {
    const t = setup();
    const older = generatedCertificate();
    const newer = generatedCertificate();
    const first = t.keeper.hold(older, ABOUT);
    await t.keeper.save(first.handle, destination(t.dir, { file: join(t.dir, 'older.p12') }));
    const second = t.keeper.hold(newer, ABOUT);
    const item = { service: 'DigiCert ONE client certificate password (Prod)', account: 'build bot · build-01 (2)' };
    await t.keeper.save(second.handle, destination(t.dir, { item }));

    const about = { profileId: 'p1', userId: 'user-1', nickname: 'build-01' };
    await t.keeper.test({ ...about, fingerprint: first.facts!.fingerprint });
    expect(t.whoAmI.mock.calls.at(-1)![0].password).toBe(older.password);
    await t.keeper.test({ ...about, fingerprint: second.facts!.fingerprint });
    expect(t.whoAmI.mock.calls.at(-1)![0].password).toBe(newer.password);

    const unknown = { ...about, fingerprint: first.facts!.fingerprint.replace(/^../, '00') };
    expect((await failure(t.keeper.test(unknown))).code).toBe('not_found');
    // The nickname must match too.
    expect(
      (await failure(t.keeper.test({ ...about, nickname: 'build-02', fingerprint: first.facts!.fingerprint }))).code,
    ).toBe('not_found');
  });

  it('refuses clearly: nothing saved, no client-auth address, the file gone', async () => {
    const t = setup();
    const held = t.keeper.hold(generatedCertificate(), ABOUT);
    const request = { profileId: 'p1', userId: 'user-1', nickname: 'build-01', fingerprint: held.facts!.fingerprint };
    expect((await failure(t.keeper.test(request))).code).toBe('not_found');

    const to = destination(t.dir);
    await t.keeper.save(held.handle, to);
    const { rm } = await import('node:fs/promises');
    await rm(to.file);
    expect((await failure(t.keeper.test(request))).code).toBe('certificate_test_unavailable');
    expect(t.entries.filter((e) => e.action === 'certificate_tested').at(-1)).toMatchObject({
      outcome: 'failed',
      details: { code: 'certificate_test_unavailable' },
    });

    const offline = setup({ clientAuth: async () => null });
    const h2 = offline.keeper.hold(generatedCertificate(), ABOUT);
    await offline.keeper.save(h2.handle, destination(offline.dir));
    const offlineRequest = { ...request, fingerprint: h2.facts!.fingerprint };
    expect((await failure(offline.keeper.test(offlineRequest))).code).toBe('certificate_test_unavailable');
    expect(offline.whoAmI).not.toHaveBeenCalled();
  });
});
