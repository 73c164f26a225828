import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { Profile, ProfileInput, ProfileUpdate } from '../../../shared/profiles';
import type { KeyTest } from '../../../shared/ipc/contract';
import type { ConnectionTest } from '../../../shared/reference';
import { getApi } from '../api';

const CURRENT_KEY = 'sud.currentProfileId';

function readCurrent(): string | null {
  try {
    return window.localStorage.getItem(CURRENT_KEY);
  } catch {
    return null;
  }
}

/** Profiles (DigiCert ONE connections) and which one is current. Keys never reach this store's state. */
export const useProfilesStore = defineStore('profiles', () => {
  const profiles = ref<Profile[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<AppErrorValue | null>(null);
  const selectedId = ref<string | null>(readCurrent());

  const current = computed<Profile | null>(
    () => profiles.value.find((p) => p.id === selectedId.value) ?? profiles.value[0] ?? null,
  );

  function select(id: string | null): void {
    selectedId.value = id;
    try {
      if (id) window.localStorage.setItem(CURRENT_KEY, id);
      else window.localStorage.removeItem(CURRENT_KEY);
    } catch {
      // Storage can be unavailable; the choice then lasts for this window only.
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await getApi().profiles.list({});
      if (result.ok) {
        profiles.value = result.value;
        error.value = null;
      } else {
        error.value = result.error;
      }
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  function upsert(profile: Profile): void {
    const index = profiles.value.findIndex((p) => p.id === profile.id);
    if (index === -1) profiles.value = [...profiles.value, profile];
    else profiles.value = profiles.value.map((p, i) => (i === index ? profile : p));
  }

  async function add(input: ProfileInput): Promise<Result<Profile>> {
    const result = await getApi().profiles.add(input);
    if (result.ok) {
      upsert(result.value);
      if (!selectedId.value || !profiles.value.some((p) => p.id === selectedId.value)) select(result.value.id);
    }
    return result;
  }

  async function update(input: ProfileUpdate): Promise<Result<Profile>> {
    const result = await getApi().profiles.update(input);
    if (result.ok) upsert(result.value);
    return result;
  }

  async function remove(id: string): Promise<Result<{ id: string }>> {
    const result = await getApi().profiles.remove({ id });
    if (result.ok || result.error.code === 'not_found') {
      profiles.value = profiles.value.filter((p) => p.id !== id);
      if (selectedId.value === id) select(profiles.value[0]?.id ?? null);
    }
    return result;
  }

  /** "Test connection": whose key the profile holds, which accounts it sees, whether it may create. */
  function test(id: string): Promise<Result<ConnectionTest>> {
    return getApi().profiles.test({ id });
  }

  /** "Test key" in the profile form: the same questions with a key that is not saved yet. */
  function testKey(input: Pick<ProfileInput, 'region' | 'customBaseUrl' | 'apiKey'>): Promise<Result<KeyTest>> {
    return getApi().profiles.testKey(input);
  }

  return { profiles, loaded, loading, error, current, select, load, add, update, remove, test, testKey };
});
