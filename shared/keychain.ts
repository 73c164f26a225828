/** Why the OS keychain cannot be used (docs/TOOLCHAIN.md "How keychains fail"). */
export const KEYCHAIN_FAILURES = [
  'no_session_bus',
  'bus_unreachable',
  'no_secret_service',
  'no_collection',
  'locked',
  'timeout',
  'verify_failed',
  'unknown',
] as const;
export type KeychainFailure = (typeof KEYCHAIN_FAILURES)[number];

export type KeychainStatus =
  | { available: true; backend: string; checkedAt: string }
  | { available: false; backend: string; checkedAt: string; reason: KeychainFailure; detail: string; fix: string };
