import { join } from 'node:path';
import type { KeychainStatus } from '../../shared/keychain';
import type { AuditRecorder } from './auditPort';
import { DATABASE_FILE_NAME, openDatabase, type Db } from './db/database';
import type { Handlers } from './ipc/dispatch';
import { createKeyringStore } from './keychain/keyringStore';
import { probeKeychain } from './keychain/probe';
import { createMemorySecretStore, type SecretStore } from './keychain/secretStore';
import { createLogger, type Logger } from './log';
import { createProfileStore } from './profiles/profileStore';
import { SecretRegistry } from './secrets';
import { createSettingsStore } from './settings/settingsStore';

export interface ClipboardPort {
  readText(): string;
  writeText(text: string): void;
  clear(): void;
}

export interface CoreOptions {
  dataDir: string;
  transport: 'electron' | 'harness';
  appVersion: string;
  /** Electron passes net.fetch so the system proxy and trust store apply; Node's fetch otherwise. */
  fetch?: typeof fetch;
  clipboard?: ClipboardPort;
  log?: Logger;
  /** The OS keychain; tests pass a fake. */
  keychain?: SecretStore;
  /** better-sqlite3 binary built for Electron's ABI. */
  sqliteNativeBinding?: string;
  clock?: () => Date;
}

export interface Core {
  handlers: Handlers;
  log: Logger;
  secrets: SecretRegistry;
  db: Db;
  close(): Promise<void>;
  /** True while a one-time token is held in main and not yet saved to the keychain. */
  hasUnsavedToken(): boolean;
}

export const LOG_FILE = join('logs', 'app.log');

/** Wires every core service for one data folder and returns the handlers of the IPC contract. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? (() => new Date());
  const secrets = new SecretRegistry();
  const log = options.log ?? createLogger({ file: join(options.dataDir, LOG_FILE), secrets, clock });
  const db = openDatabase({ file: join(options.dataDir, DATABASE_FILE_NAME), nativeBinding: options.sqliteNativeBinding, clock });
  const keychain = options.keychain ?? createKeyringStore();
  const sessionKeys = createMemorySecretStore('session memory');
  const audit: AuditRecorder = { record: () => undefined };

  const profiles = createProfileStore({ db, keychain, sessionKeys, secrets, audit, clock });
  const settings = createSettingsStore(db, audit);

  let keychainStatus: Promise<KeychainStatus> | undefined;
  const checkKeychain = (recheck = false) => {
    if (!keychainStatus || recheck) keychainStatus = probeKeychain(keychain, clock);
    return keychainStatus;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Service User Desk',
      version: options.appVersion,
      platform: process.platform,
      dataDir: options.dataDir,
      transport: options.transport,
    }),
    'keychain.status': ({ recheck }) => checkKeychain(recheck),
    'profiles.list': () => profiles.list(),
    'profiles.add': (input) => profiles.add(input),
    'profiles.update': (input) => profiles.update(input),
    'profiles.remove': ({ id }) => profiles.remove(id),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
  };

  log.info('core started', { transport: options.transport, version: options.appVersion });

  return {
    handlers,
    log,
    secrets,
    db,
    hasUnsavedToken: () => false,
    async close() {
      log.info('core stopping');
      db.close();
    },
  };
}
