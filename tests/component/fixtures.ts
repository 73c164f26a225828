import type { KeychainStatus } from '../../shared/keychain';
import type { Profile } from '../../shared/profiles';

/** Values many component tests need: one DigiCert connection and the two keychain states. */
export const PROFILE: Profile = {
  id: 'p1',
  name: 'Production US',
  kind: 'digicert',
  region: 'us',
  baseUrl: 'https://one.digicert.com',
  keyStorage: 'keychain',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

export const AVAILABLE: KeychainStatus = {
  available: true,
  backend: 'Secret Service',
  checkedAt: '2026-01-01T00:00:00Z',
};

export const UNAVAILABLE: KeychainStatus = {
  available: false,
  backend: 'Secret Service',
  checkedAt: '2026-01-01T00:00:00Z',
  reason: 'no_session_bus',
  detail: 'No bus.',
  fix: 'Start one.',
};
