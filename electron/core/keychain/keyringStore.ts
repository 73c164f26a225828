import { AsyncEntry } from '@napi-rs/keyring';
import { AppError } from '../../../shared/errors';
import { diagnoseKeychainError, TIMEOUT_DIAGNOSIS, type KeychainDiagnosis } from './failures';
import type { SecretStore } from './secretStore';
import { encodeWindowsName } from './windowsTarget';

/** A locked keyring with a display can wait forever for its prompt; an AbortSignal does not stop it. */
const KEYCHAIN_TIMEOUT_MS = 10_000;

/** Pinned to the Secret Service on Linux: the default falls back to the kernel keyring, lost at logout. */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

export function keychainError(diagnosis: KeychainDiagnosis): AppError {
  return new AppError('keychain_unavailable', `The OS keychain is unavailable: ${diagnosis.detail} ${diagnosis.fix}`, {
    params: { reason: diagnosis.reason, detail: diagnosis.detail, fix: diagnosis.fix },
  });
}

/** The part of @napi-rs/keyring's AsyncEntry the store uses (tests pass a fake). */
type EntryLike = Pick<AsyncEntry, 'getPassword' | 'setPassword' | 'deleteCredential'>;
type EntryConstructor = new (service: string, account: string, options?: typeof ENTRY_OPTIONS) => EntryLike;

export function createKeyringStore(
  options: { timeoutMs?: number; platform?: NodeJS.Platform; Entry?: EntryConstructor } = {},
): SecretStore {
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  const Entry: EntryConstructor = options.Entry ?? AsyncEntry;
  // See windowsTarget.ts: on Windows the pair becomes one target, so each part is encoded.
  const name = platform === 'win32' ? encodeWindowsName : (n: string) => n;

  async function call<T>(operation: (entry: EntryLike) => Promise<T>, service: string, account: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(keychainError(TIMEOUT_DIAGNOSIS)), timeoutMs);
    });
    try {
      return await Promise.race([operation(new Entry(name(service), name(account), ENTRY_OPTIONS)), timeout]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw keychainError(diagnoseKeychainError(error, platform));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    backend:
      platform === 'linux'
        ? 'Secret Service'
        : platform === 'darwin'
          ? 'macOS Keychain'
          : platform === 'win32'
            ? 'Windows Credential Manager'
            : 'OS keychain',
    get: (service, account) => call((e) => e.getPassword(), service, account),
    // The keyring has no "exists" call: the value is read here and dropped, never returned.
    has: (service, account) => call(async (e) => (await e.getPassword()) != null, service, account),
    set: (service, account, secret) => call((e) => e.setPassword(secret), service, account),
    delete: (service, account) => call((e) => e.deleteCredential(), service, account),
  };
}
