import type { KeychainItem, ReadBackCommands } from '../../../shared/creation';
import { AppError } from '../../../shared/errors';
import { windowsTarget } from '../keychain/windowsTarget';

/**
 * Control characters (a newline ends a command line) and Unicode line/paragraph separators are
 * refused outright: no quoting makes a pasted multi-line command safe.
 */
const UNQUOTABLE = /[\p{Cc}\u2028\u2029]/u;

/** POSIX sh: single quotes, where nothing is special; an embedded ' closes, escapes and reopens. */
const shQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
/**
 * PowerShell: single quotes, where ' and the typographic ‘ ’ ‚ ‛ (U+2018–U+201B) all count as a
 * quote; each is doubled (PowerShell reads any two of them in a row as one literal quote).
 */
const psQuote = (value: string) => `'${value.replace(/['\u2018-\u201B]/g, '$&$&')}'`;

/**
 * One-line commands that read a saved token back in a script. @napi-rs/keyring stores Secret
 * Service items with the attributes `service` and `username`, macOS items with service/account,
 * and Windows credentials under the target from `windowsTarget`.
 */
export function readBackCommands(item: KeychainItem): ReadBackCommands {
  if (UNQUOTABLE.test(item.service) || UNQUOTABLE.test(item.account)) {
    throw new AppError('invalid_request', 'Keychain item names cannot contain control characters or line breaks.');
  }
  return {
    linux: `secret-tool lookup service ${shQuote(item.service)} username ${shQuote(item.account)}`,
    macos: `security find-generic-password -s ${shQuote(item.service)} -a ${shQuote(item.account)} -w`,
    windows: `(Get-StoredCredential -Target ${psQuote(windowsTarget(item.service, item.account))}).GetNetworkCredential().Password  # Install-Module CredentialManager`,
  };
}
