import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { ServiceUserList } from '../../../shared/manage';
import { getApi, subscribe } from '../api';

/**
 * The current profile's cached service-user list (`serviceUsers.list`, offline too) and its
 * refresh from DigiCert ONE. Core's `serviceUsers.changed` event keeps it current (a refresh
 * elsewhere, an operation carried out); nothing is polled. The list is a shallowRef: 5,000 users
 * are replaced as a whole, never watched deeply.
 */
export const useServiceUsersStore = defineStore('serviceUsers', () => {
  const profileId = ref<string | null>(null);
  const list = shallowRef<ServiceUserList | null>(null);
  const loading = ref(false);
  const refreshing = ref(false);
  /** Reading the cache failed. */
  const error = ref<AppErrorValue | null>(null);
  /** The last refresh failed (offline, refused…); the cached list stays shown. */
  const refreshError = ref<AppErrorValue | null>(null);
  let unlisten: (() => void) | null = null;

  function listen(): void {
    if (unlisten) return;
    unlisten = subscribe('serviceUsers.changed', ({ profileId: id }) => {
      if (id === profileId.value) void read(id);
    });
  }

  function stop(): void {
    unlisten?.();
    unlisten = null;
  }

  async function read(id: string): Promise<void> {
    const result = await getApi().serviceUsers.list({ profileId: id });
    if (id !== profileId.value) return; // the admin switched profiles meanwhile
    if (result.ok) {
      list.value = result.value;
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  /** Shows `id`'s cached list (dropping another profile's) and follows its changes. */
  async function load(id: string): Promise<void> {
    if (id !== profileId.value) {
      profileId.value = id;
      list.value = null;
      error.value = null;
      refreshError.value = null;
    }
    listen(); // before the read, so a change while it is under way is not missed
    loading.value = true;
    try {
      await read(id);
    } finally {
      if (id === profileId.value) loading.value = false;
    }
  }

  /** Fetches every page from DigiCert ONE; on failure the cached list stays and `refreshError` says why. */
  async function refresh(): Promise<Result<ServiceUserList> | null> {
    const id = profileId.value;
    if (!id || refreshing.value) return null;
    refreshing.value = true;
    try {
      const result = await getApi().serviceUsers.refresh({ profileId: id });
      if (id !== profileId.value) return result;
      if (result.ok) {
        list.value = result.value;
        refreshError.value = null;
      } else {
        refreshError.value = result.error;
      }
      return result;
    } finally {
      refreshing.value = false;
    }
  }

  return { profileId, list, loading, refreshing, error, refreshError, load, refresh, stop };
});
