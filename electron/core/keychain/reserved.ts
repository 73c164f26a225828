import { AppError } from '../../../shared/errors';

/**
 * The keychain items the app itself owns, by service name: the ONE list. Core refuses to write a
 * service-user token to any of them, whatever the renderer sends (a token saved as
 * `{ service: ADMIN_KEY_SERVICE, account: <profile id> }` would replace that profile's admin key).
 */
export const ADMIN_KEY_SERVICE = 'Service User Desk admin API key';
export const PROBE_SERVICE = 'Service User Desk (probe)';
/** The audit log's signing key and anchor, one item per data folder (account: the folder's path). */
export const AUDIT_KEY_SERVICE = 'Service User Desk audit signing key';
const RESERVED_KEYCHAIN_SERVICES: readonly string[] = [ADMIN_KEY_SERVICE, PROBE_SERVICE, AUDIT_KEY_SERVICE];

// Compared loosely (case, width, surrounding space): Windows targets ignore case, and a look-alike
// of the app's own name is refused rather than argued about.
const normal = (name: string) => name.normalize('NFKC').trim().toLowerCase();
const reserved = new Set(RESERVED_KEYCHAIN_SERVICES.map(normal));

function isReservedKeychainService(service: string): boolean {
  return reserved.has(normal(service));
}

/** Throws `keychain_item_reserved` when `service` is one of the app's own items. */
export function assertNotReserved(service: string): void {
  if (isReservedKeychainService(service)) {
    throw new AppError(
      'keychain_item_reserved',
      'This keychain item belongs to Service User Desk itself. Choose another service name.',
      {
        fieldErrors: [
          {
            field: 'service',
            code: 'keychain_item_reserved',
            message: 'This name is reserved for Service User Desk. Choose another one.',
          },
        ],
      },
    );
  }
}
