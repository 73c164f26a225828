import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppErrorValue } from '../../../shared/errors';
import type { Connectivity, ReferenceSnapshot, ServiceUserBrief } from '../../../shared/reference';
import { getApi, subscribe } from '../api';

/**
 * The one owner of the current profile's ReferenceSnapshot (`reference.get`/`refresh`): its
 * reference data (the wizard's accounts, roles, taken names) and whether its DigiCert ONE answers
 * (judged in core, which probes the profile asked for last on its own). Every new snapshot goes
 * through `apply`. Notices the return from offline.
 *
 * Nothing is polled: one `reference.get` when the profile changes, then core's events
 * (`connectivity.changed`, `reference.refreshed`) keep the snapshot current — core knows of a
 * change within CORE_DETECTION_MS and tells at once, inside the 15 s bound (REACHABILITY_BOUND_MS
 * in electron/core/reference/connectivity.ts).
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
  /** The profile followed by `watchProfile` (the shell's current one). */
  let followed: string | null = null;
  /** Unsubscribes from core's events; null while not listening. */
  let unlisten: (() => void) | null = null;

  const state = computed(() => snapshot.value?.connectivity.state ?? 'unknown');
  const offline = computed(() => state.value === 'offline');

  /** Follows core's events about the held profile (from the first snapshot asked for until `stop`). */
  function listen(): void {
    if (unlisten) return;
    const offs = [
      subscribe('connectivity.changed', ({ profileId: id, connectivity }) => {
        if (id !== profileId.value) return;
        const held = snapshot.value;
        // No snapshot yet (its read is under way): read again rather than guess the data.
        if (held?.profileId === id) void apply({ ...held, connectivity });
        else void read(id);
      }),
      subscribe('reference.refreshed', ({ profileId: id, refreshedAt }) => {
        if (id === profileId.value && snapshot.value?.data?.refreshedAt !== refreshedAt) void read(id);
      }),
    ];
    unlisten = () => offs.forEach((off) => off());
  }

  /** Stops following core's events (and the followed profile). */
  function stop(): void {
    unlisten?.();
    unlisten = null;
    followed = null;
  }

  async function countReady(id: string): Promise<void> {
    const result = await getApi().drafts.list({ profileId: id, status: 'open' });
    readyCount.value = result.ok ? result.value.filter((d) => d.state === 'ready').length : 0;
  }

  /** Holds `id`'s snapshot from now on (dropping the previous profile's). */
  function switchTo(id: string | null): void {
    profileId.value = id;
    snapshot.value = null;
    backOnline.value = false;
    readyCount.value = 0;
  }

  /** The one way a new snapshot comes in; one of another profile than the current is dropped. */
  async function apply(incoming: ReferenceSnapshot): Promise<void> {
    const id = incoming.profileId;
    if (id !== profileId.value) return; // the admin switched profiles meanwhile
    const held = snapshot.value?.profileId === id ? snapshot.value.connectivity : null;
    const next = { ...incoming, connectivity: newer(held, incoming.connectivity) };
    const was = held?.state ?? null;
    snapshot.value = next;
    error.value = null;
    const now = next.connectivity.state;
    if (was !== now) generation.value++;
    if (now === 'offline') {
      backOnline.value = false;
    } else if (was === 'offline' && now === 'online') {
      await countReady(id);
      backOnline.value = true;
    }
  }

  /**
   * An answer and an event may cross (the harness streams events on their own connection): an
   * answer from before the check the held state comes from does not take it back.
   */
  function newer(held: Connectivity | null, incoming: Connectivity): Connectivity {
    return held && (held.checkedAt ?? '') > (incoming.checkedAt ?? '') ? held : incoming;
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

  /** Reads the held profile's snapshot once more (a view change is a cheap moment to look). */
  async function poll(): Promise<void> {
    if (profileId.value) await read(profileId.value);
  }

  /** Follows a profile (the current one): one read, then core's events; null follows none. */
  async function watchProfile(id: string | null): Promise<void> {
    if (id === followed) return;
    followed = id;
    if (id !== profileId.value) switchTo(id);
    if (!id) return;
    listen(); // before the read, so a change while it is under way is not missed
    await poll();
  }

  /** `id`'s snapshot is held with its data and core's events are followed: they keep it current. */
  function heldAndFollowed(id: string): boolean {
    return unlisten !== null && snapshot.value?.profileId === id && snapshot.value.data !== null;
  }

  /**
   * The wizard opens on `id`: reads its snapshot now, and fetches the reference data once when
   * there is none yet (and DigiCert ONE is not known to be offline). A snapshot already held and
   * followed is not read again: with thousands of accounts it is about 1 MB, and core's events
   * (`reference.refreshed`, `connectivity.changed`) have kept it current.
   */
  async function load(id: string): Promise<void> {
    if (id !== profileId.value) switchTo(id);
    if (heldAndFollowed(id)) return;
    listen();
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

  /**
   * Core has just created a service user and added it to its cached list: the held snapshot takes
   * it the same way (the wizard's name-taken hint), rather than reading the whole snapshot again.
   */
  function addServiceUser(id: string, user: ServiceUserBrief): void {
    const held = snapshot.value;
    if (held?.profileId !== id || !held.data || held.data.serviceUsers.some((u) => u.id === user.id)) return;
    snapshot.value = { ...held, data: { ...held.data, serviceUsers: [...held.data.serviceUsers, user] } };
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
    addServiceUser,
    dismissBackOnline,
    stop,
  };
});
