import { describe, expect, it } from 'vitest';
import { createKeyringStore } from '../../../electron/core/keychain/keyringStore';
import { readBackCommands } from '../../../electron/core/creation/readBack';

/**
 * A fake of @napi-rs/keyring's Windows behaviour: one credential per target `<account>.<service>`,
 * built from the names the store hands it.
 */
function fakeWindowsKeyring() {
  const credentials = new Map<string, string>();
  class Entry {
    private readonly target: string;
    constructor(service: string, account: string) {
      this.target = `${account}.${service}`;
    }
    async getPassword() {
      return credentials.get(this.target) ?? null;
    }
    async setPassword(secret: string) {
      credentials.set(this.target, secret);
    }
    async deleteCredential() {
      return credentials.delete(this.target);
    }
  }
  return { credentials, Entry };
}

describe('keychain items on Windows (target = account.service)', () => {
  it('keeps (a.b, c) and (a, b.c) apart', async () => {
    const keyring = fakeWindowsKeyring();
    const store = createKeyringStore({ platform: 'win32', Entry: keyring.Entry });
    await store.set('c', 'a.b', 'first');
    await store.set('b.c', 'a', 'second');
    expect(await store.get('c', 'a.b')).toBe('first');
    expect(await store.get('b.c', 'a')).toBe('second');
    expect(keyring.credentials.size).toBe(2);
  });

  it("keeps a literal '%2E' apart from '.'", async () => {
    const keyring = fakeWindowsKeyring();
    const store = createKeyringStore({ platform: 'win32', Entry: keyring.Entry });
    await store.set('svc', 'a%2Eb', 'percent');
    await store.set('svc', 'a.b', 'dot');
    expect(await store.get('svc', 'a%2Eb')).toBe('percent');
    expect(await store.get('svc', 'a.b')).toBe('dot');
  });

  it('leaves names without "." or "%" (profile ids, the probe) as they were', async () => {
    const keyring = fakeWindowsKeyring();
    const store = createKeyringStore({ platform: 'win32', Entry: keyring.Entry });
    await store.set('Service User Desk admin API key', '6f1c2a0e-1b2c-4d5e-8f90-1234567890ab', 'k');
    expect([...keyring.credentials.keys()]).toEqual([
      '6f1c2a0e-1b2c-4d5e-8f90-1234567890ab.Service User Desk admin API key',
    ]);
  });

  it('hands names through unchanged on Linux and macOS', async () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const keyring = fakeWindowsKeyring();
      const store = createKeyringStore({ platform, Entry: keyring.Entry });
      await store.set('b.c', 'a', 'x');
      expect([...keyring.credentials.keys()]).toEqual(['a.b.c']);
    }
  });

  it('the Windows read-back command names the target the store really wrote', async () => {
    const keyring = fakeWindowsKeyring();
    const store = createKeyringStore({ platform: 'win32', Entry: keyring.Entry });
    const item = { service: 'DigiCert ONE service user token (Prod · one.digicert.com)', account: 'deploy.bot%1' };
    await store.set(item.service, item.account, 'token');
    const [target] = [...keyring.credentials.keys()];
    expect(readBackCommands(item).windows).toContain(`-Target '${target}'`);
    expect(target).toBe('deploy%2Ebot%251.DigiCert ONE service user token (Prod · one%2Edigicert%2Ecom)');
  });
});
