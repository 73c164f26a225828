import { keychainItemSchema, type KeychainItem } from './creation';
import type { Profile } from './profiles';

/**
 * The keychain item a token goes to: the one default (offered by the wizard before the create and
 * suggested by core afterwards) and the one check of names an admin typed.
 */

export const KEYCHAIN_SERVICE_REQUIRED = 'Enter a service name.';
export const KEYCHAIN_ACCOUNT_REQUIRED = 'Enter an account name.';

/** What the default item needs to know about the profile the service user belongs to. */
export type KeychainItemProfile = Pick<Profile, 'name' | 'baseUrl' | 'kind'>;

/**
 * The service name of a default item: `DigiCert ONE <purpose> (<profile name> · <host>)` (host
 * "sandbox" for the sandbox profile). The profile name (unique among profiles) keeps two profiles
 * on one host, or a custom host named like a region, apart. A base URL that does not parse, or has
 * no host, is used as it is. Without a profile yet, the service names the host alone.
 */
export function defaultKeychainService(profile: KeychainItemProfile | null | undefined, purpose: string): string {
  let host = 'sandbox';
  if (profile?.kind !== 'sandbox') {
    const raw = profile?.baseUrl ?? '';
    try {
      host = new URL(raw).host || raw;
    } catch {
      host = raw;
    }
  }
  const name = profile?.name.trim();
  const where = name ? `${name} · ${host}` : host;
  return `DigiCert ONE ${purpose} (${where})`;
}

/** The default item of a token: service `DigiCert ONE service user token (…)`, account = the trimmed friendly name. */
export function defaultKeychainItem(
  profile: KeychainItemProfile | null | undefined,
  friendlyName: string,
): KeychainItem {
  return { service: defaultKeychainService(profile, 'service user token'), account: friendlyName.trim() };
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
