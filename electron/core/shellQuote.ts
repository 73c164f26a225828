import { AppError } from '../../shared/errors';

/**
 * Quoting for the one-line commands and environment lines the app hands an admin to paste into a
 * shell (keychain read-back, certificate hand-over): one set of rules for every such line.
 */

/**
 * Control characters (a newline ends a command line) and Unicode line/paragraph separators are
 * refused outright: no quoting makes a pasted multi-line command safe.
 */
const UNQUOTABLE = /[\p{Cc}\u2028\u2029]/u;

/** Throws `invalid_request` when a value cannot be put safely on one command line. */
export function assertQuotable(what: string, ...values: string[]): void {
  if (values.some((value) => UNQUOTABLE.test(value))) {
    throw new AppError('invalid_request', `${what} cannot contain control characters or line breaks.`);
  }
}

/** POSIX sh: single quotes, where nothing is special; an embedded ' closes, escapes and reopens. */
export const shQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * PowerShell: single quotes, where ' and the typographic ‘ ’ ‚ ‛ (U+2018–U+201B) all count as a
 * quote; each is doubled (PowerShell reads any two of them in a row as one literal quote).
 */
export const psQuote = (value: string) => `'${value.replace(/['\u2018-\u201B]/g, '$&$&')}'`;
