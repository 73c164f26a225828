import {
  REMINDER_LEAD_DAYS_MAX as LEAD_DAYS_MAX,
  REMINDER_LEAD_TIMES_MAX as LEAD_TIMES_MAX,
} from '../../../../../shared/settings';

/**
 * The reminder lead times as the admin types them in Settings ("30, 7, 1"): parsed into whole days,
 * largest first, or the i18n key of what is wrong. Core checks the same rules again
 * (`reminderLeadDaysSchema` in shared/settings.ts) with the same limits.
 */
export type LeadDaysResult = { ok: true; days: number[] } | { ok: false; key: string };

export function parseLeadDays(text: string): LeadDaysResult {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, key: 'serviceUsers.settings.required' };
  if (parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > LEAD_DAYS_MAX))
    return { ok: false, key: 'serviceUsers.settings.invalidNumber' };
  const days = parts.map(Number);
  if (days.length > LEAD_TIMES_MAX) return { ok: false, key: 'serviceUsers.settings.tooMany' };
  if (new Set(days).size !== days.length) return { ok: false, key: 'serviceUsers.settings.duplicate' };
  return { ok: true, days: days.sort((a, b) => b - a) };
}

export const formatLeadDays = (days: readonly number[]): string => days.join(', ');
