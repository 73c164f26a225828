import { keychainItemSchema, type KeychainItem } from './creation';

/**
 * The keychain item a token goes to: the one default (offered by the wizard before the create and
 * suggested by core afterwards) and the one check of names an admin typed.
 */

export const KEYCHAIN_SERVICE_REQUIRED = 'Enter a service name.';
export const KEYCHAIN_ACCOUNT_REQUIRED = 'Enter an account name.';

/**
 * The default item: the DigiCert host (or "sandbox") and the trimmed friendly name. A base URL that
 * does not parse, or has no host, is used as it is.
 */
export function defaultKeychainItem(baseUrl: string | null | undefined, friendlyName: string, sandbox: boolean): KeychainItem {
  let host = 'sandbox';
  if (!sandbox) {
    const raw = baseUrl ?? '';
    try {
      host = new URL(raw).host || raw;
    } catch {
      host = raw;
    }
  }
  return { service: `DigiCert ONE service user token (${host})`, account: friendlyName.trim() };
}

/** Per name, the message to show (a blank name is asked for), or null when it is fine. */
interface KeychainItemErrors {
  service: string | null;
  account: string | null;
}

/** Checks typed item names against `keychainItemSchema`, with "enter a name" for a blank one. */
export function keychainItemErrors(item: { service: string; account: string }): KeychainItemErrors {
  const check = (name: 'service' | 'account', required: string): string | null => {
    const raw = item[name];
    const parsed = keychainItemSchema.shape[name].safeParse(raw);
    if (parsed.success) return null;
    return raw.trim() === '' ? required : parsed.error.issues[0]!.message;
  };
  return { service: check('service', KEYCHAIN_SERVICE_REQUIRED), account: check('account', KEYCHAIN_ACCOUNT_REQUIRED) };
}
