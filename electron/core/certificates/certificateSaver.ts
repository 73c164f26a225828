import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  CertificateDestination,
  CertificateFacts,
  HeldCertificate,
  PasswordReadBack,
} from '../../../shared/certificates';
import { AppError, isAppError } from '../../../shared/errors';
import type { AuditRecorder } from '../audit/recorder';
import { assertNotReserved } from '../keychain/reserved';
import type { SecretStore } from '../keychain/secretStore';
import { checkCertificateFile, stageCertificateFile, type CertificateFileSystem } from './certificateFile';
import type { CertificateVault } from './certificateVault';
import { certificateHandOver, passwordReadBack } from './handOver';
import type { OpenPkcs12 } from './certificateKeeper';
import { assertQuotable } from '../shellQuote';

export interface CertificateSaverDeps {
  keychain: SecretStore;
  vault: CertificateVault;
  audit: AuditRecorder;
  openPkcs12: OpenPkcs12;
  /** The client-authentication origin of a profile for SM_HOST; null: not known. */
  clientAuthOrigin(profileId: string): Promise<string | null>;
  /** The newest keychain item this app saved a token of the user into, for SM_API_KEY. */
  apiKeyItem(profileId: string, userId: string): HeldCertificate['suggested']['item'] | null;
  fs?: CertificateFileSystem;
}

const verifyFailed = (why: string) =>
  new AppError(
    'certificate_verify_failed',
    `${why} The certificate was not marked as saved; it is still held by the app: save it again.`,
  );

/**
 * The checks a save makes before it writes anything, also run before a certificate is generated
 * (so a destination that would be refused is refused while nothing exists yet): not one of the
 * app's own items, names and path that quote for the hand-over, no file there and no other value
 * in the item unless the admin agreed to replace it. `password` is the certificate's own (a second
 * save into the same item is no replacement); null before it exists. Answers the read-back lines
 * and what the item holds now (null: no item), so a failed save can put it back.
 */
export async function checkDestination(
  keychain: SecretStore,
  to: CertificateDestination,
  password: string | null,
): Promise<{ readBack: PasswordReadBack; previous: string | null }> {
  const { item, file } = to;
  assertNotReserved(item.service);
  const readBack = passwordReadBack(item);
  assertQuotable('The file path', file);
  const existing = await keychain.get(item.service, item.account);
  if (existing !== null && existing !== password && to.overwriteItem !== true) {
    throw new AppError(
      'keychain_item_exists',
      'A keychain item with this service and account already holds another value. Replace it, or choose another name.',
      {
        params: { service: item.service, account: item.account },
        fieldErrors: [
          { field: 'item', code: 'keychain_item_exists', message: 'This keychain item already holds another value.' },
        ],
      },
    );
  }
  await checkCertificateFile(file, to.overwrite === true);
  return { readBack, previous: existing };
}

/**
 * Saves a held certificate: the password to a keychain item (never one of the app's own, never over
 * another value unasked), the PKCS#12 to the file (see certificateFile.ts); then reads both back —
 * the password from the keychain, the file from disk — opens the file with that password and
 * compares the fingerprint with the held one before the certificate counts as saved. On any failure
 * it stays held and unsaved. The audit entry names the item and the file, never the password.
 */
export function createCertificateSaver(deps: CertificateSaverDeps) {
  return async function save(handle: string, to: CertificateDestination): Promise<HeldCertificate> {
    const info = deps.vault.info(handle);
    const password = deps.vault.password(handle);
    const bytes = deps.vault.pkcs12(handle);
    const { item, file } = to;
    // Checked before anything is written: a refusal leaves nothing behind.
    const { readBack, previous } = await checkDestination(deps.keychain, to, password);
    const where = { profileId: info.profileId, target: info.friendlyName };
    const names = {
      operationId: info.operationId,
      serviceUserId: info.serviceUserId,
      nickname: info.nickname,
      file,
      service: item.service,
      account: item.account,
    };

    // File first, then the keychain, so a failure never costs the item its old value for nothing:
    // - the file cannot be written: nothing else was touched (a partial file is removed);
    // - the keychain write fails: the new file (or the replacement beside an old file) is removed,
    //   an old file stays as it was;
    // - the replacement cannot be renamed over the old file: the item gets its old value back (or
    //   is deleted when there was none) and the old file stays;
    // - the read-back fails after that: both are written but the certificate is not marked saved.
    let facts: CertificateFacts;
    try {
      const staged = await stageCertificateFile(file, bytes, { overwrite: to.overwrite === true, fs: deps.fs });
      try {
        await deps.keychain.set(item.service, item.account, password);
      } catch (error) {
        await staged.discard();
        throw error;
      }
      try {
        await staged.commit();
      } catch (error) {
        await restoreItem(item, previous);
        throw error;
      }
      facts = await readBackFacts(info, item, file);
    } catch (error) {
      const code = isAppError(error) ? error.code : 'internal';
      deps.audit.record({ action: 'certificate_saved', ...where, outcome: 'failed', details: { ...names, code } });
      throw error;
    }

    deps.audit.record({
      action: 'certificate_saved',
      ...where,
      outcome: 'ok',
      details: { ...names, fingerprint: facts.fingerprint },
    });
    const origin = await deps.clientAuthOrigin(info.profileId).catch(() => null);
    return deps.vault.update(handle, {
      savedTo: { item, file },
      facts,
      readBack,
      handOver: certificateHandOver({
        origin,
        file,
        passwordItem: item,
        apiKeyItem: deps.apiKeyItem(info.profileId, info.serviceUserId),
      }),
    });
  };

  /** Best effort: the item as it was before a save that did not complete. */
  async function restoreItem(item: CertificateDestination['item'], previous: string | null): Promise<void> {
    await (
      previous === null
        ? deps.keychain.delete(item.service, item.account)
        : deps.keychain.set(item.service, item.account, previous)
    ).catch(() => undefined);
  }

  /** The password from the keychain, the file from disk, opened together: the facts of what was saved. */
  async function readBackFacts(
    info: HeldCertificate,
    item: CertificateDestination['item'],
    file: string,
  ): Promise<CertificateFacts> {
    const stored = await deps.keychain.get(item.service, item.account);
    if (stored === null) throw verifyFailed('The keychain accepted the password but did not give it back.');
    let onDisk: Uint8Array;
    try {
      onDisk = await readFile(file);
    } catch {
      throw verifyFailed(`${basename(file)} could not be read back.`);
    }
    let facts: CertificateFacts;
    try {
      facts = deps.openPkcs12(onDisk, stored).facts;
    } catch {
      throw verifyFailed(`${basename(file)} does not open with the password read back from the keychain.`);
    }
    // Held facts are missing only when the bytes did not open in memory: then the bytes must match.
    const same = info.facts
      ? facts.fingerprint === info.facts.fingerprint
      : Buffer.compare(Buffer.from(onDisk), Buffer.from(deps.vault.pkcs12(info.handle))) === 0;
    if (!same) throw verifyFailed(`${basename(file)} holds another certificate than the one generated.`);
    return facts;
  }
}

export type CertificateSaver = ReturnType<typeof createCertificateSaver>;
