import type { Profile } from '../../../shared/profiles';
import { SANDBOX_DISPLAY_URL, SANDBOX_PROFILE_NAME } from '../../../shared/profiles';

type Translate = (key: string) => string;

/**
 * A profile's name and address as shown, in the UI language. The built-in sandbox is stored with
 * English ones (keychain item names and tests depend on them, so they stay); while it keeps them,
 * it is shown with the translated ones. A name the admin chose is shown as it is.
 */
export function profileLabel(profile: Pick<Profile, 'kind' | 'name'>, t: Translate): string {
  return profile.kind === 'sandbox' ? profileNameLabel(profile.name, t) : profile.name;
}

/** A profile name recorded without its kind (an audit entry's): names are unique, so the sandbox's is its own. */
export function profileNameLabel(name: string, t: Translate): string {
  return name === SANDBOX_PROFILE_NAME ? t('profiles.sandboxName') : name;
}

export function profileAddress(profile: Pick<Profile, 'kind' | 'baseUrl'>, t: Translate): string {
  return profile.kind === 'sandbox' ? profileAddressLabel(profile.baseUrl, t) : profile.baseUrl;
}

/** A profile address recorded without its kind (an audit entry's target): the sandbox's is not a real URL. */
export function profileAddressLabel(address: string, t: Translate): string {
  return address === SANDBOX_DISPLAY_URL ? t('profiles.sandboxAddress') : address;
}
