import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../../electron/core/keychain/secretStore';

/**
 * A keychain that outlives a killed process: items in one JSON file, written whole on every change
 * (tests only — a real keychain is the OS's).
 */
export function createFileSecretStore(file: string): SecretStore {
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return {
    backend: 'file',
    async get(service, account) {
      return read()[key(service, account)] ?? null;
    },
    async has(service, account) {
      return key(service, account) in read();
    },
    async set(service, account, secret) {
      writeFileSync(file, JSON.stringify({ ...read(), [key(service, account)]: secret }), { mode: 0o600 });
    },
    async delete(service, account) {
      const items = read();
      const had = key(service, account) in items;
      delete items[key(service, account)];
      writeFileSync(file, JSON.stringify(items), { mode: 0o600 });
      return had;
    },
  };
}
