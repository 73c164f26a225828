import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Result } from '../../../shared/errors';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { getApi } from '../api';
import { resolveLocale, type Locale } from '../i18n';

/** Language and theme, stored by the core; `locale`/`theme` are what the UI applies. */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS });
  const loaded = ref(false);

  const locale = computed<Locale>(() => resolveLocale(settings.value.language));
  /** `null`: follow the OS (prefers-color-scheme). */
  const theme = computed<'light' | 'dark' | null>(() =>
    settings.value.theme === 'system' ? null : settings.value.theme,
  );

  async function load(): Promise<void> {
    const result = await getApi().settings.get({});
    if (result.ok) settings.value = result.value;
    loaded.value = true;
  }

  async function set(change: Partial<Settings>): Promise<Result<Settings>> {
    const previous = settings.value;
    settings.value = { ...previous, ...change }; // apply at once; roll back if the core refuses
    const result = await getApi().settings.set(change);
    settings.value = result.ok ? result.value : previous;
    return result;
  }

  return { settings, loaded, locale, theme, load, set };
});
