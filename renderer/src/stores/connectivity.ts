import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppErrorValue } from '../../../shared/errors';
import type { ReferenceSnapshot } from '../../../shared/reference';
import { getApi } from '../api';

/**
 * How often the banner reads core's state. Core checks reachability itself and knows of a change
 * within CORE_DETECTION_MS (11 s, electron/core/reference/connectivity.ts); this poll adds at most
 * POLL_MS, keeping the banner within the 15 s bound. reference.get answers from core's memory (no
 * request to DigiCert ONE) and keeps the profile watched.
 */
export const POLL_MS = 3_000;

/**
 * The one owner of the current profile's ReferenceSnapshot (`reference.get`/`refresh`): its
 * reference data (the wizard's accounts, roles, taken names) and whether its DigiCert ONE answers
 * (judged in core, which probes the watched profile on its own). Every new snapshot goes through
 * `apply`. Notices the return from offline.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  /** The profile whose snapshot this is. */
  const profileId = ref<string | null>(null);
  const snapshot = shallowRef<ReferenceSnapshot | null>(null);
  const error = ref<AppErrorValue | null>(null);
  /** The first read for a screen that needs the data (the wizard) is under way. */
  const loading = ref(false);
  /** A refresh from DigiCert ONE ("Retry now", "Refresh") is under way. */
  const retrying = ref(false);
  /** Set when the profile went from offline to online in this window; cleared on dismiss. */
  const backOnline = ref(false);
  /** Drafts in state `ready` of the profile, counted when it came back. */
  const readyCount = ref(0);
  /** Bumped on every state change, so views (Drafts) can reload what depends on it. */
  const generation = ref(0);
  /** The profile followed by `watchProfile` (polled while its snapshot is held). */
  let followed: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const state = computed(() => snapshot.value?.connectivity.state ?? 'unknown');
  const offline = computed(() => state.value === 'offline');

  function stopPolling(): void {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function startPolling(): void {
    timer ??= setInterval(() => void poll(), POLL_MS);
  }

  async function countReady(id: string): Promise<void> {
    const result = await getApi().drafts.list({ profileId: id, status: 'open' });
    readyCount.value = result.ok ? result.value.filter((d) => d.state === 'ready').length : 0;
  }

  /** Holds `id`'s snapshot from now on (dropping the previous profile's). */
  function switchTo(id: string | null): void {
    stopPolling();
    profileId.value = id;
    snapshot.value = null;
    backOnline.value = false;
    readyCount.value = 0;
  }

  /** The one way a new snapshot comes in; one of another profile than the current is dropped. */
  async function apply(next: ReferenceSnapshot): Promise<void> {
    const id = next.profileId;
    if (id !== profileId.value) return; // the admin switched profiles meanwhile
    const was = snapshot.value?.profileId === id ? snapshot.value.connectivity.state : null;
    snapshot.value = next;
    error.value = null;
    const now = next.connectivity.state;
    if (was !== now) generation.value++;
    if (followed === id) startPolling();
    if (now === 'offline') {
      backOnline.value = false;
    } else if (was === 'offline' && now === 'online') {
      await countReady(id);
      backOnline.value = true;
    }
  }

  /** Reads `id`'s snapshot from core's memory (no request to DigiCert ONE) and applies it. */
  async function read(id: string): Promise<ReferenceSnapshot | null> {
    const result = await getApi().reference.get({ profileId: id });
    if (result.ok) {
      await apply(result.value);
      return result.value;
    }
    if (id === profileId.value) error.value = result.error;
    return null;
  }

  async function poll(): Promise<void> {
    if (profileId.value) await read(profileId.value);
  }

  /** Follows a profile (the current one); null stops everything. */
  async function watchProfile(id: string | null): Promise<void> {
    if (id === followed) return;
    followed = id;
    if (id !== profileId.value) switchTo(id);
    if (id) await poll();
  }

  /**
   * The wizard opens on `id`: reads its snapshot now, and fetches the reference data once when
   * there is none yet (and DigiCert ONE is not known to be offline).
   */
  async function load(id: string): Promise<void> {
    if (id !== profileId.value) switchTo(id);
    loading.value = true;
    error.value = null;
    try {
      const now = await read(id);
      // Never fetched (and not known to be offline): fetch once now.
      if (now && !now.data && now.connectivity.state !== 'offline' && id === profileId.value) await retry();
    } finally {
      loading.value = false;
    }
  }

  /** "Retry now" / "Refresh": asks DigiCert ONE again (the answer updates the state). */
  async function retry(): Promise<void> {
    const id = profileId.value;
    if (!id) return;
    retrying.value = true;
    try {
      const result = await getApi().reference.refresh({ profileId: id });
      if (result.ok) await apply(result.value);
      else if (id === profileId.value) error.value = result.error;
    } finally {
      retrying.value = false;
    }
  }

  function dismissBackOnline(): void {
    backOnline.value = false;
  }

  return {
    profileId,
    snapshot,
    error,
    loading,
    retrying,
    backOnline,
    readyCount,
    generation,
    state,
    offline,
    apply,
    watchProfile,
    load,
    poll,
    retry,
    dismissBackOnline,
    stopPolling,
  };
});
