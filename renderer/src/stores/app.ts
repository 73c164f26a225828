import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppErrorValue } from '../../../shared/errors';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { KeychainStatus } from '../../../shared/keychain';
import { getApi } from '../api';

/** App-wide facts from the core: version/transport and the OS keychain's state. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const keychain = ref<KeychainStatus | null>(null);
  const keychainChecking = ref(false);
  const keychainError = ref<AppErrorValue | null>(null);

  async function loadInfo(): Promise<void> {
    const result = await getApi().app.info({});
    if (result.ok) info.value = result.value;
  }

  async function loadKeychain(recheck = false): Promise<void> {
    keychainChecking.value = true;
    try {
      const result = await getApi().keychain.status(recheck ? { recheck: true } : {});
      if (result.ok) {
        keychain.value = result.value;
        keychainError.value = null;
      } else {
        keychainError.value = result.error;
      }
    } finally {
      keychainChecking.value = false;
    }
  }

  return { info, keychain, keychainChecking, keychainError, loadInfo, loadKeychain };
});
