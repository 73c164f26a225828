import { isRealDate, parseLocalDateTime } from '../../../shared/dates';

/**
 * Dates typed and shown in the app's language, not the browser's: the order of day, month and
 * year and their separator come from Intl for the app's locale (German 'TT.MM.JJJJ', English
 * 'MM/DD/YYYY'); time is always 24-hour 'HH:MM'. Values stay ISO ('YYYY-MM-DD' or
 * 'YYYY-MM-DDTHH:MM', as stored and sent over IPC); strictness is shared/dates' (one rule).
 */

type Part = 'day' | 'month' | 'year';

interface DatePattern {
  order: Part[];
  separator: string;
  /** What the field shows as its format, e.g. 'TT.MM.JJJJ'. */
  hint: string;
}

/** The letters a locale's users read a date pattern in. */
const LETTERS: Record<string, Record<Part, string>> = {
  de: { day: 'TT', month: 'MM', year: 'JJJJ' },
  en: { day: 'DD', month: 'MM', year: 'YYYY' },
};

export function datePattern(locale: string): DatePattern {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(
    new Date(2001, 10, 22),
  );
  const order = parts.map((p) => p.type).filter((type): type is Part => ['day', 'month', 'year'].includes(type));
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '-';
  const letters = LETTERS[locale.split('-')[0]!.toLowerCase()] ?? LETTERS.en!;
  return { order, separator, hint: order.map((part) => letters[part]).join(separator) };
}

/** The format a date (and time) field shows as its hint, e.g. 'TT.MM.JJJJ HH:MM'. */
export function dateHint(locale: string, withTime = false): string {
  return datePattern(locale).hint + (withTime ? ' HH:MM' : '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/** An ISO value ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM') as the locale shows it; anything else unchanged. */
export function formatLocaleDate(value: string, locale: string): string {
  const m = ISO_DATE.exec(value);
  if (!m) return value;
  const { order, separator } = datePattern(locale);
  const byPart: Record<Part, string> = { year: m[1]!, month: m[2]!, day: m[3]! };
  const date = order.map((part) => byPart[part]).join(separator);
  return m[4] ? `${date} ${m[4]}:${m[5]}` : date;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Typed text in the locale's pattern (or ISO already) as the ISO value it spells, not yet checked
 * against the calendar ('31.02.2026' gives '2026-02-31'); null when it does not match the pattern.
 * `withTime`: the time is required, 'HH:MM' 24-hour.
 */
export function localeDateToIso(text: string, locale: string, withTime = false): string | null {
  const value = text.trim();
  const isoMatch = ISO_DATE.exec(value);
  if (isoMatch) return Boolean(isoMatch[4]) === withTime ? value : null;
  const { order, separator } = datePattern(locale);
  const datePart = order.map((part) => (part === 'year' ? '(\\d{4})' : '(\\d{1,2})')).join(escape(separator));
  const m = new RegExp(`^${datePart}${withTime ? '\\s+(\\d{1,2}):(\\d{2})' : ''}$`).exec(value);
  if (!m) return null;
  const byPart = Object.fromEntries(order.map((part, i) => [part, m[i + 1]!])) as Record<Part, string>;
  const date = `${byPart.year}-${byPart.month.padStart(2, '0')}-${byPart.day.padStart(2, '0')}`;
  return withTime ? `${date}T${m[4]!.padStart(2, '0')}:${m[5]}` : date;
}

/**
 * Typed text as the ISO value: '' when empty; the ISO value when it matches the locale's pattern
 * (or is ISO already) and names a real day (and time), by shared/dates' strict rule; else null.
 */
export function parseLocaleDate(text: string, locale: string, withTime = false): string | null {
  if (!text.trim()) return '';
  const iso = localeDateToIso(text, locale, withTime);
  if (!iso) return null;
  const real = withTime ? parseLocalDateTime(iso) !== null : isRealDate(iso);
  return real ? iso : null;
}
