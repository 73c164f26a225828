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

/** Which view the main area shows; mirrored in the address as `#/<view>` so reload keeps it. */
export const useNavStore = defineStore('nav', () => {
  const initial = parseHash();
  const current = ref<string>(initial.id);
  /** Parameters of the current view (from `?key=value` after the view id). */
  const params = ref<NavParams>(initial.params);

  function go(id: string, withParams: NavParams = {}): void {
    if (!findView(id)) return;
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
    current.value = parsed.id;
    params.value = parsed.params;
  }

  return { current, params, go, setParams, syncFromLocation };
});
