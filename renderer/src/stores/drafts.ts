import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CreationOutcome, KeychainItem } from '../../../shared/creation';
import { draftReferenceFrom, validateAgainstReference } from '../../../shared/draftReference';
import type { DraftSummary } from '../../../shared/drafts';
import type { AppErrorValue, FieldError, Result } from '../../../shared/errors';
import type { Profile } from '../../../shared/profiles';
import type { ReferenceData } from '../../../shared/reference';
import { getApi } from '../api';
import { draftKeychainItem } from '../lib/wizard';

export type DraftSort = 'updated' | 'name' | 'step';
export type DraftDirection = 'asc' | 'desc';
export type DraftTab = 'open' | 'created';

/** How many open drafts are checked against the reference data (each needs its fields). */
const REFERENCE_CHECK_MAX = 50;

/**
 * The Drafts list of one profile: query (search, sort, open/created), and the actions on a
 * draft (duplicate, delete with undo, create now, check with DigiCert ONE). The list is always
 * the core's answer: after every action it is asked again.
 */
export const useDraftsStore = defineStore('drafts', () => {
  const profileId = ref<string | null>(null);
  const tab = ref<DraftTab>('open');
  const search = ref('');
  const sort = ref<DraftSort>('updated');
  const direction = ref<DraftDirection>('desc');

  const items = shallowRef<DraftSummary[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<AppErrorValue | null>(null);
  /** Draft id → the choices that need a new decision because reference data changed. */
  const problems = shallowRef<Record<string, FieldError[]>>({});
  /** The last deleted draft, while its Undo is offered. */
  const lastDeleted = shallowRef<{ id: string; name: string } | null>(null);
  /** Draft ids with an action running (create, check, duplicate, delete). */
  const busy = ref<Record<string, 'create' | 'check' | 'duplicate' | 'delete'>>({});
  let requestNo = 0;

  function setTab(next: DraftTab): void {
    tab.value = next;
  }
  function setSearch(text: string): void {
    search.value = text;
  }
  function setOrder(by: DraftSort, dir: DraftDirection): void {
    sort.value = by;
    direction.value = dir;
  }

  async function load(id: string | null = profileId.value): Promise<void> {
    profileId.value = id;
    if (!id) {
      items.value = [];
      loaded.value = true;
      return;
    }
    const mine = ++requestNo;
    loading.value = true;
    try {
      const query = {
        profileId: id,
        sort: sort.value,
        direction: direction.value,
        status: tab.value,
        ...(search.value.trim() ? { search: search.value.trim().slice(0, 100) } : {}),
      };
      const result = await getApi().drafts.list(query);
      if (mine !== requestNo) return; // a newer query answered or will answer
      if (result.ok) {
        items.value = result.value;
        error.value = null;
      } else {
        error.value = result.error;
      }
      loaded.value = true;
    } finally {
      if (mine === requestNo) loading.value = false;
    }
  }

  /** Checks the open drafts against the profile's cached reference data (names taken, accounts/roles gone). */
  async function checkReference(data: ReferenceData | null | undefined): Promise<void> {
    if (!data || tab.value !== 'open') {
      problems.value = {};
      return;
    }
    const basis = draftReferenceFrom(data);
    const candidates = items.value
      .filter((d) => d.state === 'editing' || d.state === 'ready' || d.state === 'failed')
      .slice(0, REFERENCE_CHECK_MAX);
    const found: Record<string, FieldError[]> = {};
    await Promise.all(
      candidates.map(async (summary) => {
        const result = await getApi().drafts.get({ id: summary.id });
        if (!result.ok) return;
        const list = validateAgainstReference(result.value.fields, basis);
        if (list.length) found[summary.id] = list;
      }),
    );
    problems.value = found;
  }

  async function withBusy<T>(
    id: string,
    kind: 'create' | 'check' | 'duplicate' | 'delete',
    run: () => Promise<T>,
  ): Promise<T> {
    busy.value = { ...busy.value, [id]: kind };
    try {
      return await run();
    } finally {
      const { [id]: _done, ...rest } = busy.value;
      busy.value = rest;
    }
  }

  async function duplicate(id: string) {
    const result = await withBusy(id, 'duplicate', () => getApi().drafts.duplicate({ id }));
    if (result.ok) await load();
    return result;
  }

  async function remove(summary: DraftSummary): Promise<Result<{ id: string }>> {
    const result = await withBusy(summary.id, 'delete', () => getApi().drafts.delete({ id: summary.id }));
    if (result.ok) {
      lastDeleted.value = { id: summary.id, name: summary.friendlyName ?? '' };
      items.value = items.value.filter((d) => d.id !== summary.id);
      await load();
    }
    return result;
  }

  async function undoDelete() {
    const deleted = lastDeleted.value;
    if (!deleted) return null;
    const result = await getApi().drafts.undoDelete({ id: deleted.id });
    lastDeleted.value = null;
    if (result.ok) await load();
    return result;
  }

  function forgetDeleted(): void {
    lastDeleted.value = null;
  }

  /** The profile's most recent unfinished draft ("Resume your last draft?"), or null. */
  async function latestUnfinished(id: string): Promise<DraftSummary | null> {
    const result = await getApi().drafts.latestUnfinished({ profileId: id });
    return result.ok ? result.value.draft : null;
  }

  /** Where "Create now" saves the token: the draft's keychain item, or undefined to show it instead. */
  async function saveTarget(
    id: string,
    profile: Profile | null,
    keychainAvailable: boolean,
  ): Promise<Result<KeychainItem | undefined>> {
    const full = await getApi().drafts.get({ id });
    if (!full.ok) return full;
    const save = !!full.value.fields.saveToKeychain && keychainAvailable;
    return { ok: true, value: save ? draftKeychainItem(full.value.fields, profile) : undefined };
  }

  /** "Create now" for a queued draft. The token screen is the wizard's: the caller routes there. */
  async function createNow(id: string, saveTo?: KeychainItem): Promise<Result<CreationOutcome>> {
    const result = await withBusy(id, 'create', () =>
      getApi().creation.create({ draftId: id, ...(saveTo ? { saveTo } : {}) }),
    );
    await load();
    return result;
  }

  /** "Check with DigiCert": settles drafts left in "sending" by asking what exists. */
  async function reconcile(id: string): Promise<Result<CreationOutcome[]>> {
    const profile = profileId.value;
    if (!profile) return { ok: false, error: { code: 'not_found', message: 'No profile.' } };
    const result = await withBusy(id, 'check', () => getApi().creation.reconcile({ profileId: profile }));
    await load();
    return result;
  }

  return {
    profileId,
    tab,
    search,
    sort,
    direction,
    items,
    loading,
    loaded,
    error,
    problems,
    lastDeleted,
    busy,
    setTab,
    setSearch,
    setOrder,
    load,
    checkReference,
    duplicate,
    remove,
    undoDelete,
    forgetDeleted,
    latestUnfinished,
    saveTarget,
    createNow,
    reconcile,
  };
});
