import { randomBytes } from 'node:crypto';
import type { KeychainStatus } from '../../../shared/keychain';
import { isAppError } from '../../../shared/errors';
import { diagnoseKeychainError, VERIFY_DIAGNOSIS, type KeychainDiagnosis } from './failures';
import { PROBE_SERVICE } from './reserved';
import type { SecretStore } from './secretStore';

/**
 * A read of a missing item proves nothing (several failure modes read as null), so the probe
 * writes, reads back and deletes a throw-away item.
 */
export async function probeKeychain(store: SecretStore, clock: () => Date = () => new Date()): Promise<KeychainStatus> {
  const account = `probe-${randomBytes(6).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  const checkedAt = clock().toISOString();
  const unavailable = (d: KeychainDiagnosis): KeychainStatus => ({
    available: false,
    backend: store.backend,
    checkedAt,
    ...d,
  });
  try {
    await store.set(PROBE_SERVICE, account, value);
    const back = await store.get(PROBE_SERVICE, account);
    await store.delete(PROBE_SERVICE, account);
    if (back !== value) return unavailable(VERIFY_DIAGNOSIS);
    return { available: true, backend: store.backend, checkedAt };
  } catch (error) {
    if (isAppError(error) && error.code === 'keychain_unavailable' && error.params) {
      const { reason, detail, fix } = error.params as Record<string, string>;
      return unavailable({ reason: reason as KeychainDiagnosis['reason'], detail: detail ?? '', fix: fix ?? '' });
    }
    return unavailable(diagnoseKeychainError(error));
  }
}
