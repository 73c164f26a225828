import type { KeychainItem, ReadBackCommands } from '../../../shared/creation';
import { windowsTarget } from '../keychain/windowsTarget';
import { assertQuotable, psQuote, shQuote } from '../shellQuote';

/**
 * The expressions that read a keychain item's secret, per OS, bare enough to stand inside `$( )`
 * (sh) or on the right of an assignment (PowerShell). @napi-rs/keyring stores Secret Service items
 * with the attributes `service` and `username`, macOS items with service/account, and Windows
 * credentials under the target from `windowsTarget`.
 */
export function readBackExpressions(item: KeychainItem): ReadBackCommands {
  assertQuotable('Keychain item names', item.service, item.account);
  return {
    linux: `secret-tool lookup service ${shQuote(item.service)} username ${shQuote(item.account)}`,
    macos: `security find-generic-password -s ${shQuote(item.service)} -a ${shQuote(item.account)} -w`,
    windows: `(Get-StoredCredential -Target ${psQuote(windowsTarget(item.service, item.account))}).GetNetworkCredential().Password`,
  };
}

/** Where PowerShell's Get-StoredCredential comes from. */
export const WINDOWS_READ_BACK_MODULE = 'Install-Module CredentialManager';

/** One-line commands that read a saved secret (a token, a certificate's password) back in a script. */
export function readBackCommands(item: KeychainItem): ReadBackCommands {
  const bare = readBackExpressions(item);
  return { ...bare, windows: `${bare.windows}  # ${WINDOWS_READ_BACK_MODULE}` };
}
