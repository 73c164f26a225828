import type { KeychainItem, ReadBackCommands } from '../../../shared/creation';

/** Quotes for a POSIX shell: single quotes, with embedded ones closed and escaped. */
const sh = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
/** Quotes for PowerShell: single quotes doubled. */
const ps = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * One-line commands that read a saved token back in a script. @napi-rs/keyring stores Secret
 * Service items with the attributes `service` and `username`, macOS items with service/account,
 * and Windows credentials under the target `<account>.<service>`.
 */
export function readBackCommands(item: KeychainItem): ReadBackCommands {
  return {
    linux: `secret-tool lookup service ${sh(item.service)} username ${sh(item.account)}`,
    macos: `security find-generic-password -s ${sh(item.service)} -a ${sh(item.account)} -w`,
    windows: `(Get-StoredCredential -Target ${ps(`${item.account}.${item.service}`)}).GetNetworkCredential().Password  # Install-Module CredentialManager`,
  };
}
