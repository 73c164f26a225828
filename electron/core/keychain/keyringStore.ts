import { AsyncEntry } from '@napi-rs/keyring';
import { AppError } from '../../../shared/errors';
import { diagnoseKeychainError, TIMEOUT_DIAGNOSIS, type KeychainDiagnosis } from './failures';
import type { SecretStore } from './secretStore';

/** A locked keyring with a display can wait forever for its prompt; an AbortSignal does not stop it. */
export const KEYCHAIN_TIMEOUT_MS = 10_000;

/** Pinned to the Secret Service on Linux: the default falls back to the kernel keyring, lost at logout. */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

export function keychainError(diagnosis: KeychainDiagnosis): AppError {
  return new AppError('keychain_unavailable', `The OS keychain is unavailable: ${diagnosis.detail} ${diagnosis.fix}`, {
    params: { reason: diagnosis.reason, detail: diagnosis.detail, fix: diagnosis.fix },
  });
}

export function createKeyringStore(options: { timeoutMs?: number; platform?: NodeJS.Platform } = {}): SecretStore {
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;

  async function call<T>(operation: (entry: AsyncEntry) => Promise<T>, service: string, account: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(keychainError(TIMEOUT_DIAGNOSIS)), timeoutMs);
    });
    try {
      return await Promise.race([operation(new AsyncEntry(service, account, ENTRY_OPTIONS)), timeout]);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw keychainError(diagnoseKeychainError(error, platform));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    backend: platform === 'linux' ? 'Secret Service' : platform === 'darwin' ? 'macOS Keychain' : platform === 'win32' ? 'Windows Credential Manager' : 'OS keychain',
    get: (service, account) => call((e) => e.getPassword(), service, account),
    set: (service, account, secret) => call((e) => e.setPassword(secret), service, account),
    delete: (service, account) => call((e) => e.deleteCredential(), service, account),
  };
}
