import { expiryInstant, isRealDate } from './serviceUser';

const DAY_MS = 86_400_000;

/**
 * Whole UTC days from `today` ('YYYY-MM-DD', UTC) until a service user with this end date expires
 * (`expiryInstant`, 23:59:59 UTC of the end date): 0 on the end date itself ("expires today"),
 * negative from the next day on (expired). null when `endDate` is not a real date.
 */
export function daysUntilExpiry(endDate: string, today: string): number | null {
  if (!isRealDate(endDate) || !isRealDate(today)) return null;
  return Math.floor((Date.parse(expiryInstant(endDate)) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}
