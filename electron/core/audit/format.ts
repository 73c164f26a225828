/** CSV (RFC 4180) and JSON Lines rendering of raw audit rows, for the streamed export. */

const CSV_COLUMNS = [
  'seq',
  'at',
  'os_user',
  'profile_id',
  'profile_name',
  'action',
  'target',
  'outcome',
  'details',
  'prev_hash',
  'hash',
] as const;
export const CSV_HEADER = CSV_COLUMNS.join(',') + '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;

/** A spreadsheet treats a cell starting with = + - @ (or tab/CR) as a formula. */
function startsLikeFormula(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/**
 * One CSV cell: a text starting like a formula gets a leading apostrophe so a spreadsheet
 * shows it as text instead of running it; then RFC 4180 quoting.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = startsLikeFormula(value) ? "'" + value : value;
  return NEEDS_QUOTES.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

export function csvRow(row: readonly (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvCell(row[i] as string | number | null);
  return line + '\r\n';
}

/** One JSON line; `details` (already canonical JSON text) is embedded as an object. */
export function jsonlLine(r: readonly (string | number | null)[]): string {
  return (
    '{"seq":' +
    r[0] +
    ',"at":' +
    JSON.stringify(r[1]) +
    ',"osUser":' +
    JSON.stringify(r[2]) +
    ',"profileId":' +
    JSON.stringify(r[3]) +
    ',"profileName":' +
    JSON.stringify(r[4]) +
    ',"action":' +
    JSON.stringify(r[5]) +
    ',"target":' +
    JSON.stringify(r[6]) +
    ',"outcome":' +
    JSON.stringify(r[7]) +
    ',"details":' +
    (r[8] ?? 'null') +
    ',"prevHash":' +
    JSON.stringify(r[9]) +
    ',"hash":' +
    JSON.stringify(r[10]) +
    '}\n'
  );
}
