import { useI18n } from 'vue-i18n';
import type { AppErrorValue } from '../../../shared/errors';

/** Translates an error value by its code (`errors.<code>`); the English fallback message otherwise. */
export function useErrorText() {
  const { t, te } = useI18n({ useScope: 'global' });
  return (error: AppErrorValue): string => {
    const key = `errors.${error.code}`;
    return te(key) ? t(key, error.params ?? {}) : error.message;
  };
}
