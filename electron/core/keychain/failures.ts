import type { KeychainFailure } from '../../../shared/keychain';

export interface KeychainDiagnosis {
  reason: KeychainFailure;
  detail: string;
  fix: string;
}

const LINUX_FIX_INSTALL =
  'Install a Secret Service provider (for example: sudo apt install gnome-keyring) and sign in to a desktop session, or start one with `dbus-run-session` and `gnome-keyring-daemon --unlock`.';

/**
 * Maps what @napi-rs/keyring (pinned to the Secret Service on Linux) reports to a reason the admin
 * can act on. The patterns are the failure modes listed in docs/TOOLCHAIN.md "How keychains fail".
 */
export function diagnoseKeychainError(error: unknown, platform: NodeJS.Platform = process.platform): KeychainDiagnosis {
  const text = error instanceof Error ? error.message : String(error);
  if (platform === 'linux') {
    if (/DBUS_SESSION_BUS_ADDRESS/i.test(text)) {
      return {
        reason: 'no_session_bus',
        detail: 'There is no D-Bus session bus, so no keychain can be reached.',
        fix: 'Run the app inside a desktop session, or start a session bus (dbus-run-session) and a keyring daemon.',
      };
    }
    if (/Failed to connect to socket|Connection refused|No such file or directory/i.test(text)) {
      return {
        reason: 'bus_unreachable',
        detail: 'The D-Bus session bus address is set but nothing answers there (a stale session?).',
        fix: 'Log out and back in, or restart the session bus, then press "Check again".',
      };
    }
    if (/not provided by any \.service files|ServiceUnknown|org\.freedesktop\.secrets/i.test(text)) {
      return {
        reason: 'no_secret_service',
        detail: 'No Secret Service (such as GNOME Keyring or KWallet) is running on the session bus.',
        fix: LINUX_FIX_INSTALL,
      };
    }
    if (/no result found|NoSuchObject|no default collection/i.test(text)) {
      return {
        reason: 'no_collection',
        detail: 'The Secret Service has no default keyring (collection).',
        fix: 'Open your keyring manager (for example Seahorse, "Passwords and Keys") and create a default keyring, then press "Check again".',
      };
    }
    if (/prompt was dismissed|locked/i.test(text)) {
      return {
        reason: 'locked',
        detail: 'The keyring is locked and could not be unlocked.',
        fix: 'Unlock your keyring (for example by signing in to the desktop, or in Seahorse), then press "Check again".',
      };
    }
  } else if (/locked|denied|cancel/i.test(text)) {
    return {
      reason: 'locked',
      detail: 'The system keychain refused access or is locked.',
      fix: 'Unlock the keychain and allow Service User Desk to use it, then press "Check again".',
    };
  }
  return {
    reason: 'unknown',
    detail: 'The system keychain reported an error.',
    fix: 'Check that your system keychain works (for example with another app), then press "Check again".',
  };
}

export const TIMEOUT_DIAGNOSIS: KeychainDiagnosis = {
  reason: 'timeout',
  detail: 'The keychain did not answer in time. It may be waiting for an unlock prompt.',
  fix: 'Look for an unlock prompt from your keyring and answer it, then press "Check again".',
};

export const VERIFY_DIAGNOSIS: KeychainDiagnosis = {
  reason: 'verify_failed',
  detail: 'The keychain accepted a test item but did not give it back.',
  fix: 'Your keychain may be misconfigured (on Linux, a store that drops secrets). Check it, then press "Check again".',
};
