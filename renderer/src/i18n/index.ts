import { createI18n } from 'vue-i18n';
import en, { type Messages } from './en';
import de from './de';
import type { Settings } from '../../../shared/settings';

export type Locale = 'en' | 'de';

/** The OS/browser language mapped onto the languages the app has; English otherwise. */
export function systemLocale(
  languages: readonly string[] = typeof navigator === 'undefined'
    ? []
    : navigator.languages?.length
      ? navigator.languages
      : [navigator.language],
): Locale {
  for (const tag of languages) {
    const base = (tag ?? '').toLowerCase().split('-')[0];
    if (base === 'de') return 'de';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function resolveLocale(preference: Settings['language'], languages?: readonly string[]): Locale {
  return preference === 'system' ? systemLocale(languages) : preference;
}

export function createAppI18n(locale: Locale = systemLocale()) {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, de },
    missingWarn: false,
    fallbackWarn: false,
  });
}
