import { AppError } from '../../../shared/errors';
import type { KeychainItem, TokenInfo } from '../../../shared/creation';
import type { AuditRecorder } from '../audit/recorder';
import { assertNotReserved } from '../keychain/reserved';
import type { SecretStore } from '../keychain/secretStore';
import { readBackCommands } from './readBack';
import type { TokenVault } from './tokenVault';

/**
 * The one save step for a one-time token held in the vault, after a create and after a rotation:
 * writes it to `item`, never to one of the app's own items, and never over another value unless
 * the admin chose `overwrite` (the same token already there is fine); then reads it back.
 * Audit entries name the item and the service user, never a value.
 */
export function createTokenSaver(deps: { keychain: SecretStore; vault: TokenVault; audit: AuditRecorder }) {
  return async function saveToKeychain(handle: string, item: KeychainItem, overwrite = false): Promise<TokenInfo> {
    const info = deps.vault.info(handle);
    const token = deps.vault.token(handle);
    assertNotReserved(item.service);
    const readBack = readBackCommands(item);
    const where = { profileId: info.profileId, target: info.friendlyName };
    const names = { serviceUserId: info.serviceUserId, service: item.service, account: item.account };
    const existing = await deps.keychain.get(item.service, item.account);
    const replacing = existing !== null && existing !== token;
    if (replacing && !overwrite) {
      deps.audit.record({ action: 'token_save_conflict', ...where, outcome: 'cancelled', details: names });
      throw new AppError(
        'keychain_item_exists',
        'A keychain item with this service and account already holds another value. Overwrite it, or choose another name.',
        { params: { service: item.service, account: item.account } },
      );
    }
    await deps.keychain.set(item.service, item.account, token);
    if ((await deps.keychain.get(item.service, item.account)) !== token) {
      throw new AppError(
        'keychain_verify_failed',
        'The keychain accepted the token but did not give it back. It is still held by the app: save it again or copy it.',
      );
    }
    deps.audit.record({
      action: replacing ? 'token_overwrote_keychain_item' : 'token_saved_to_keychain',
      ...where,
      outcome: 'ok',
      details: names,
    });
    return deps.vault.markSaved(handle, item, readBack);
  };
}

export type TokenSaver = ReturnType<typeof createTokenSaver>;
