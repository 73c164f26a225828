import { defineStore } from 'pinia';
import { onScopeDispose, ref } from 'vue';
import type { AppErrorValue } from '../../../shared/errors';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { KeychainStatus } from '../../../shared/keychain';
import { getApi, subscribe } from '../api';

/**
 * App-wide facts from the core: version/transport and the OS keychain's state. The keychain status
 * is read once (`loadKeychain`), then core's `keychain.changed` keeps it current — nothing polls.
 */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const keychain = ref<KeychainStatus | null>(null);
  const keychainChecking = ref(false);
  const keychainError = ref<AppErrorValue | null>(null);
  /** Unsubscribes from `keychain.changed`; null while not listening. */
  let unlisten: (() => void) | null = null;

  async function loadInfo(): Promise<void> {
    const result = await getApi().app.info({});
    if (result.ok) info.value = result.value;
  }

  /** An answer and an event may cross: a status from an older probe does not replace a newer one. */
  function applyKeychain(status: KeychainStatus): void {
    const held = keychain.value;
    if (held && held.checkedAt > status.checkedAt) return;
    keychain.value = status;
    keychainError.value = null;
  }

  /** Follows core's `keychain.changed` (from the first status asked for until the store is disposed). */
  function listen(): void {
    if (unlisten) return;
    unlisten = subscribe('keychain.changed', ({ status }) => applyKeychain(status));
  }
  onScopeDispose(() => {
    unlisten?.();
    unlisten = null;
  });

  async function loadKeychain(recheck = false): Promise<void> {
    listen(); // before the read, so a change while it is under way is not missed
    keychainChecking.value = true;
    try {
      const result = await getApi().keychain.status(recheck ? { recheck: true } : {});
      if (result.ok) applyKeychain(result.value);
      else keychainError.value = result.error;
    } finally {
      keychainChecking.value = false;
    }
  }

  return { info, keychain, keychainChecking, keychainError, loadInfo, loadKeychain };
});
