/**
 * The one strict parser for dates and times that come in from outside (IPC requests, form inputs).
 * `new Date(string)` and `Date.parse` are lenient: '2024-02-30' silently becomes 1 March and
 * '2024-01-01T24:00Z' the next day. Here every part is read by a pattern and must come back
 * unchanged from the calendar (round trip), so an impossible date is refused, never moved.
 */

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?`;
/** 'YYYY-MM-DDTHH:MM[:SS[.fff]]' with 'Z' or '±HH:MM'. */
const INSTANT = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})T${TIME}(Z|[+-]\d{2}:\d{2})$`);
/** What `<input type="datetime-local">` yields: 'YYYY-MM-DDTHH:MM[:SS[.fff]]', no zone. */
const LOCAL = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})T${TIME}$`);

function partsOf(m: RegExpExecArray): Parts {
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    year: n(1),
    month: n(2),
    day: n(3),
    hour: n(4),
    minute: n(5),
    second: n(6),
    ms: m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0,
  };
}

/** The parts as a UTC Date when they name a real moment (they read back unchanged), else null. */
function roundTrip(p: Parts): Date | null {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(p.year, p.month - 1, p.day);
  date.setUTCHours(p.hour, p.minute, p.second, p.ms);
  const same =
    date.getUTCFullYear() === p.year &&
    date.getUTCMonth() === p.month - 1 &&
    date.getUTCDate() === p.day &&
    date.getUTCHours() === p.hour &&
    date.getUTCMinutes() === p.minute &&
    date.getUTCSeconds() === p.second;
  return same ? date : null;
}

/** True when `value` is 'YYYY-MM-DD' and names a day that exists in the calendar. */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && roundTrip(partsOf(m)) !== null;
}

/** An ISO instant with a zone ('Z' or '±HH:MM') as canonical UTC ISO ('…T…Z'), or null. */
export function parseIsoInstant(value: string): string | null {
  const m = INSTANT.exec(value);
  if (!m) return null;
  const wall = roundTrip(partsOf(m));
  if (!wall) return null;
  const zone = m[8]!;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const instant = new Date(wall.getTime() - offsetMinutes * 60_000);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/**
 * A local wall time ('YYYY-MM-DDTHH:MM[:SS]', as `<input type="datetime-local">` gives it) as a
 * Date in this machine's time zone, or null when it is malformed or names no real day and time.
 * (A time inside a daylight-saving gap is moved forward by the clock change, as the OS does.)
 */
export function parseLocalDateTime(value: string): Date | null {
  const m = LOCAL.exec(value);
  if (!m) return null;
  const p = partsOf(m);
  if (!roundTrip(p)) return null;
  const date = new Date(0);
  date.setFullYear(p.year, p.month - 1, p.day);
  date.setHours(p.hour, p.minute, p.second, p.ms);
  return Number.isNaN(date.getTime()) ? null : date;
}
