/**
 * Time display for lists and banners: exact local time, UTC for hovers, and a relative phrase
 * ("5 minutes ago") from Intl.RelativeTimeFormat in the UI language. Pure, no Vue.
 */

function parseInstant(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Local date and time, e.g. "28 Nov 2026, 14:05:09". */
export function localTime(iso: string | null | undefined, locale: string, withSeconds = false): string {
  const date = parseInstant(iso);
  if (!date) return iso ?? '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: withSeconds ? 'medium' : 'short' }).format(
    date,
  );
}

/** The same instant in UTC, ISO-like and unambiguous: "2026-11-28 13:05:09 UTC". */
export function utcTime(iso: string | null | undefined): string {
  const date = parseInstant(iso);
  if (!date) return iso ?? '';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago", "in 2 hours", "now" — in the given language. */
export function relativeTime(iso: string | null | undefined, locale: string, now: Date = new Date()): string {
  const date = parseInstant(iso);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(seconds) < 10) return format.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.round(seconds / size), unit);
  }
  return '';
}
