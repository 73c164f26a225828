import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/core/app';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { createMemoryLogger } from '../../../electron/core/log/logger';
import { keychainError } from '../../../electron/core/keychain/keyringStore';
import { createMemorySecretStore, type SecretStore } from '../../../electron/core/keychain/secretStore';
import { PROFILE_KEY_SERVICE } from '../../../electron/core/profiles/profileStore';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

const KEY = 'adminkey_0123456789abcdef0123456789abcdef';

function brokenKeychain(): SecretStore {
  const fail = async () => {
    throw keychainError({ reason: 'locked', detail: 'The keyring is locked.', fix: 'Unlock it.' });
  };
  return { backend: 'broken', get: fail, has: fail, set: fail, delete: fail };
}

describe('profiles', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let core: Core;
  let keychain: ReturnType<typeof createMemorySecretStore>;

  beforeEach(async () => {
    tmp = makeTempDir();
    keychain = createMemorySecretStore('fake keychain');
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test', keychain });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  const call = (channel: string, payload: unknown) => dispatch(core.handlers, channel, payload, core.log);
  /** The admin's own connections (the built-in sandbox profile is always there besides). */
  const digicertProfiles = async () => {
    const res = await call('profiles.list', {});
    if (!res.ok) throw new Error(res.error.message);
    return (res.value as { kind: string }[]).filter((p) => p.kind === 'digicert');
  };

  it('adds a profile for a region: metadata in SQLite, key only in the keychain', async () => {
    const res = await call('profiles.add', { name: 'Production US', region: 'us', apiKey: KEY });
    expect(res.ok).toBe(true);
    const profile = (res as { value: { id: string; baseUrl: string; keyStorage: string } }).value;
    expect(profile.baseUrl).toBe('https://one.digicert.com');
    expect(profile.keyStorage).toBe('keychain');
    expect(await keychain.get(PROFILE_KEY_SERVICE, profile.id)).toBe(KEY);
    await core.close();
    expect(findSecretsOnDisk(tmp.dir, [KEY])).toEqual([]);
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test', keychain });
  });

  it('accepts a custom https base URL and rejects http, paths and credentials', async () => {
    const good = await call('profiles.add', {
      name: 'Private',
      region: 'custom',
      customBaseUrl: 'https://one.example.com/',
      apiKey: KEY,
    });
    expect(good.ok && (good.value as { baseUrl: string }).baseUrl).toBe('https://one.example.com');
    for (const url of [
      'http://one.example.com',
      'https://one.example.com/account',
      'https://u:p@one.example.com',
      'not a url',
    ]) {
      const bad = await call('profiles.add', { name: 'Bad ' + url, region: 'custom', customBaseUrl: url, apiKey: KEY });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.error.fieldErrors?.[0]?.field).toBe('customBaseUrl');
    }
    const missing = await call('profiles.add', { name: 'No URL', region: 'custom', apiKey: KEY });
    expect(!missing.ok && missing.error.fieldErrors?.[0]?.field).toBe('customBaseUrl');
  });

  it('refuses a duplicate name (case-insensitive) on the name field', async () => {
    await call('profiles.add', { name: 'Demo', region: 'us-demo', apiKey: KEY });
    const dup = await call('profiles.add', { name: 'demo', region: 'jp', apiKey: KEY });
    expect(!dup.ok && dup.error.code).toBe('profile_name_taken');
    expect(!dup.ok && dup.error.fieldErrors?.[0]?.field).toBe('name');
  });

  it('edits: rename, change region, replace the key; an edit keeps the key when none is given', async () => {
    const added = await call('profiles.add', { name: 'A', region: 'us', apiKey: KEY });
    const id = (added as { value: { id: string } }).value.id;
    const renamed = await call('profiles.update', { id, name: 'B', region: 'nl' });
    expect(renamed.ok && renamed.value).toMatchObject({ name: 'B', baseUrl: 'https://one.nl.digicert.com' });
    expect(await keychain.get(PROFILE_KEY_SERVICE, id)).toBe(KEY);
    await call('profiles.update', { id, apiKey: KEY + 'x2' });
    expect(await keychain.get(PROFILE_KEY_SERVICE, id)).toBe(KEY + 'x2');
  });

  it('removing a profile deletes its keychain item', async () => {
    const added = await call('profiles.add', { name: 'Gone', region: 'us', apiKey: KEY });
    const id = (added as { value: { id: string } }).value.id;
    expect((await call('profiles.remove', { id })).ok).toBe(true);
    expect(await keychain.get(PROFILE_KEY_SERVICE, id)).toBeNull();
    expect(await digicertProfiles()).toEqual([]);
  });

  it('with the keychain unavailable: a clear error, nothing written; session-only keeps the key in memory', async () => {
    await core.close();
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test', keychain: brokenKeychain() });
    const refused = await call('profiles.add', { name: 'X', region: 'us', apiKey: KEY });
    expect(!refused.ok && refused.error.code).toBe('keychain_unavailable');
    expect(!refused.ok && refused.error.params?.reason).toBe('locked');
    expect(!refused.ok && refused.error.message).not.toContain(KEY);
    expect(await digicertProfiles()).toEqual([]);

    const session = await call('profiles.add', { name: 'X', region: 'us', apiKey: KEY, sessionOnly: true });
    expect(session.ok && (session.value as { keyStorage: string }).keyStorage).toBe('session');
    const status = await call('keychain.status', {});
    expect(status.ok && status.value).toMatchObject({ available: false, reason: 'locked' });
    await core.close();
    expect(findSecretsOnDisk(tmp.dir, [KEY])).toEqual([]);
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test', keychain });
  });

  it('hostile payloads get an error value and leave the database unchanged', async () => {
    await call('profiles.add', { name: 'Keep', region: 'us', apiKey: KEY });
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = readFileSync(join(core.db.name));
    const hostile: [string, unknown][] = [
      ['profiles.add', { name: 42, region: 'us', apiKey: KEY }],
      ['profiles.add', { name: 'Y', region: 'mars', apiKey: KEY }],
      ['profiles.add', { name: 'Y', region: 'us', apiKey: KEY, admin: true }],
      ['profiles.add', { name: 'x'.repeat(300_000), region: 'us', apiKey: KEY }],
      ['profiles.add', { name: 'Y', region: 'us', apiKey: 'a'.repeat(600) }],
      ['profiles.add', JSON.parse('{"name":"Y","region":"us","apiKey":"k123456789","__proto__":{"polluted":true}}')],
      ['profiles.add', { name: 'Y', region: 'us', apiKey: KEY, constructor: { prototype: { polluted: true } } }],
      ['profiles.add', 'just a string'],
      ['profiles.add', [1, 2, 3]],
      ['profiles.remove', { id: { $ne: '' } }],
      ['profiles.update', { id: 'nope', name: 'Z' }],
      ['profiles.drop', {}],
      ['__proto__', {}],
      ['settings.set', { language: 'fr' }],
    ];
    for (const [channel, payload] of hostile) {
      const res = await call(channel, payload);
      expect(res.ok, `${channel} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(core.db.name).equals(before)).toBe(true);
  });

  it('never echoes a secret pasted into the wrong field in an error', async () => {
    const res = await call('profiles.add', { name: 'Y', region: KEY, apiKey: 'k' });
    expect(JSON.stringify(res)).not.toContain(KEY);
  });

  it('settings: default follows the OS, changes persist and are validated', async () => {
    expect(await call('settings.get', {})).toMatchObject({ ok: true, value: { language: 'system', theme: 'system' } });
    await call('settings.set', { language: 'de' });
    await core.close();
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test', keychain });
    expect(await call('settings.get', {})).toMatchObject({ ok: true, value: { language: 'de', theme: 'system' } });
  });
});

describe('logger', () => {
  it('scrubs registered secrets from every line', () => {
    const secrets = new SecretRegistry();
    secrets.add(KEY);
    const log = createMemoryLogger(secrets);
    log.error('failed', { detail: `header x-api-key: ${KEY}` });
    expect(log.lines.join('\n')).not.toContain(KEY);
    expect(log.lines[0]).toContain('[redacted]');
  });
});
