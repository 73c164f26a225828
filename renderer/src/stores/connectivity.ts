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
 * Whether the current profile's DigiCert ONE answers, from `reference.get` (connectivity is judged
 * by the API answering, in core, which probes the watched profile on its own). Notices the return.
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const profileId = ref<string | null>(null);
  const snapshot = shallowRef<ReferenceSnapshot | null>(null);
  const error = ref<AppErrorValue | null>(null);
  const retrying = ref(false);
  /** Set when the profile went from offline to online in this window; cleared on dismiss. */
  const backOnline = ref(false);
  /** Drafts in state `ready` of the profile, counted when it came back. */
  const readyCount = ref(0);
  /** Bumped on every state change, so views (Drafts) can reload what depends on it. */
  const generation = ref(0);
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

  async function apply(id: string, next: ReferenceSnapshot): Promise<void> {
    if (id !== profileId.value) return; // the admin switched profiles meanwhile
    const was = snapshot.value?.profileId === id ? snapshot.value.connectivity.state : null;
    snapshot.value = next;
    error.value = null;
    const now = next.connectivity.state;
    if (was !== now) generation.value++;
    startPolling();
    if (now === 'offline') {
      backOnline.value = false;
    } else if (was === 'offline' && now === 'online') {
      await countReady(id);
      backOnline.value = true;
    }
  }

  async function poll(): Promise<void> {
    const id = profileId.value;
    if (!id) return;
    const result = await getApi().reference.get({ profileId: id });
    if (result.ok) await apply(id, result.value);
    else if (id === profileId.value) error.value = result.error;
  }

  /** Follows a profile (the current one); null stops everything. */
  async function watchProfile(id: string | null): Promise<void> {
    if (id === profileId.value) return;
    stopPolling();
    profileId.value = id;
    snapshot.value = null;
    backOnline.value = false;
    readyCount.value = 0;
    if (id) await poll();
  }

  /** "Retry now": asks DigiCert ONE again (the answer updates the state). */
  async function retry(): Promise<void> {
    const id = profileId.value;
    if (!id) return;
    retrying.value = true;
    try {
      const result = await getApi().reference.refresh({ profileId: id });
      if (result.ok) await apply(id, result.value);
      else if (id === profileId.value) error.value = result.error;
    } finally {
      retrying.value = false;
    }
  }

  function dismissBackOnline(): void {
    backOnline.value = false;
  }

  return { profileId, snapshot, error, retrying, backOnline, readyCount, generation, state, offline, watchProfile, poll, retry, dismissBackOnline, stopPolling };
});
