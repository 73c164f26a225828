import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_VIEW, findView } from '../views/registry';

export type NavParams = Record<string, string>;

/** `#/<view>` or `#/<view>?key=value&…` (e.g. `#/new?draft=<id>` resumes a draft). */
function parseHash(): { id: string; params: NavParams } {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?', 2);
  if (!findView(path)) return { id: DEFAULT_VIEW, params: {} };
  return { id: path, params: Object.fromEntries(new URLSearchParams(query)) };
}

function hashOf(id: string, params: NavParams): string {
  const query = new URLSearchParams(params).toString();
  return query ? `#/${id}?${query}` : `#/${id}`;
}

/**
 * Asked before the app leaves the current view (or its parameters) for `target`: false keeps the
 * admin where they are, and the guard asks them (e.g. an edit not yet sent); see LeaveGuard.vue.
 */
export type LeaveGuard = (target: { id: string; params: NavParams }) => boolean;

/** Which view the main area shows; mirrored in the address as `#/<view>` so reload keeps it. */
export const useNavStore = defineStore('nav', () => {
  const initial = parseHash();
  const current = ref<string>(initial.id);
  /** Parameters of the current view (from `?key=value` after the view id). */
  const params = ref<NavParams>(initial.params);

  /** Newest first: the innermost thing the admin is doing asks first. */
  const guards: LeaveGuard[] = [];
  function addLeaveGuard(guard: LeaveGuard): () => void {
    guards.unshift(guard);
    return () => {
      const index = guards.indexOf(guard);
      if (index >= 0) guards.splice(index, 1);
    };
  }
  const mayLeave = (target: { id: string; params: NavParams }) =>
    hashOf(target.id, target.params) === hashOf(current.value, params.value) || guards.every((g) => g(target));

  /** `force`: the admin already agreed to leave (a guard asked). */
  function go(id: string, withParams: NavParams = {}, options: { force?: boolean } = {}): void {
    if (!findView(id)) return;
    if (!options.force && !mayLeave({ id, params: { ...withParams } })) return;
    current.value = id;
    params.value = { ...withParams };
    const hash = hashOf(id, params.value);
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }

  /** Changes the current view's parameters without switching views (e.g. once a draft has an id). */
  function setParams(next: NavParams): void {
    params.value = { ...next };
    const hash = hashOf(current.value, params.value);
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }

  function syncFromLocation(): void {
    const parsed = parseHash();
    if (!mayLeave(parsed)) {
      window.history.replaceState(null, '', hashOf(current.value, params.value));
      return;
    }
    current.value = parsed.id;
    params.value = parsed.params;
  }

  return { current, params, go, setParams, syncFromLocation, addLeaveGuard };
});
