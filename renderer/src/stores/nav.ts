import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_VIEW, findView } from '../views/registry';

function fromHash(): string {
  const id = window.location.hash.replace(/^#\/?/, '');
  return findView(id) ? id : DEFAULT_VIEW;
}

/** Which view the main area shows; mirrored in the address as `#/<view>` so reload keeps it. */
export const useNavStore = defineStore('nav', () => {
  const current = ref<string>(fromHash());

  function go(id: string): void {
    if (!findView(id)) return;
    current.value = id;
    const hash = `#/${id}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }

  function syncFromLocation(): void {
    current.value = fromHash();
  }

  return { current, go, syncFromLocation };
});
