import { stat } from 'node:fs/promises';
import {
  defaultCertificateFileName,
  defaultCertificateItem,
  type CertificateDestination,
  type CertificateFacts,
  type HeldCertificate,
  type SavedCertificate,
} from '../../../shared/certificates';
import type { Profile } from '../../../shared/profiles';
import type { Me } from '../../../shared/serviceUser';
import type { AuditRecorder } from '../audit/recorder';
import type { GeneratedCertificate } from '../digicert/client';
import type { SecretStore } from '../keychain/secretStore';
import type { Logger } from '../log/logger';
import type { SecretRegistry } from '../log/secretRegistry';
import type { SavedItemRecord } from '../serviceUsers/history';
import type { CertificateFileSystem } from './certificateFile';
import { checkDestination, createCertificateSaver } from './certificateSaver';
import { createCertificateTest } from './certificateTest';
import { createCertificateVault } from './certificateVault';
import { certificateHandOver, passwordReadBack } from './handOver';
import type { SavedCertificateRecords } from './savedRecords';

/** Opens a PKCS#12 file with its password and reads the certificate's facts (pkcs12.ts). */
export type OpenPkcs12 = (pkcs12: Uint8Array, password: string) => { facts: CertificateFacts };

/** Where a profile's service users authenticate with a client certificate (mutual TLS). */
export interface ClientAuthTarget {
  origin: string;
  /** PEM of the CA that signs the server's certificate there, when it is not a public one (the sandbox). */
  ca?: string;
}

/** One read call over mutual TLS with a certificate (digicert/mutualTls.ts). */
export type WhoAmIWithCertificate = (input: {
  origin: string;
  pkcs12: Uint8Array;
  password: string;
  ca?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}) => Promise<Me>;

/** What a generated certificate is about (for its suggested names and the audit log). */
export interface CertificateAbout {
  profileId: string;
  operationId: string;
  serviceUserId: string;
  friendlyName: string;
  nickname: string;
}

export interface CertificateKeeperDeps {
  keychain: SecretStore;
  secrets: SecretRegistry;
  audit: AuditRecorder;
  log: Logger;
  profiles: { get(id: string): Profile };
  /** The client-authentication address of a profile; null when there is none (or it is offline). */
  clientAuth: (profileId: string) => Promise<ClientAuthTarget | null>;
  /** The keychain items this app saved a token of the user into, newest first (SM_API_KEY of the hand-over). */
  savedTokenItems: (profileId: string, userId: string) => SavedItemRecord[];
  /** The certificates this app saved, from its audit log. */
  records: SavedCertificateRecords;
  openPkcs12: OpenPkcs12;
  whoAmI: WhoAmIWithCertificate;
  /** A user's friendly name for audit entries of a test (the id when unknown). */
  userName?: (profileId: string, userId: string) => string | undefined;
  /** Per-request timeout of the mutual-TLS test. */
  timeoutMs?: number;
  /** Tests stub the file writes. */
  fs?: CertificateFileSystem;
}

/**
 * Generated client certificates, held like one-time tokens: in main memory by an opaque handle,
 * saved (password to the keychain, PKCS#12 to the admin's file) and read back before "saved".
 * The password and the bytes never reach SQLite, a log or the audit log.
 */
export function createCertificateKeeper(deps: CertificateKeeperDeps) {
  const vault = createCertificateVault(deps.secrets);

  function hold(generated: GeneratedCertificate, about: CertificateAbout): HeldCertificate {
    let facts: CertificateFacts | null = null;
    try {
      facts = deps.openPkcs12(generated.pkcs12, generated.password).facts;
    } catch (error) {
      // Still held: the admin can save it and the read-back will tell.
      deps.log.warn('generated certificate could not be opened in memory', {
        code: (error as { code?: string }).code ?? 'unknown',
      });
    }
    let profile: Profile | null;
    try {
      profile = deps.profiles.get(about.profileId);
    } catch {
      profile = null;
    }
    return vault.put(generated.password, generated.pkcs12, {
      ...about,
      savedTo: null,
      facts,
      suggested: {
        item: defaultCertificateItem(profile, about.friendlyName, about.nickname),
        fileName: defaultCertificateFileName(about.friendlyName, about.nickname),
      },
      readBack: null,
      handOver: null,
    });
  }

  const origin = (profileId: string) => deps.clientAuth(profileId).then((target) => target?.origin ?? null);
  const apiKeyItem = (profileId: string, userId: string) => deps.savedTokenItems(profileId, userId)[0]?.item ?? null;
  const save = createCertificateSaver({
    keychain: deps.keychain,
    vault,
    audit: deps.audit,
    openPkcs12: deps.openPkcs12,
    clientAuthOrigin: origin,
    apiKeyItem,
    fs: deps.fs,
  });

  /** The certificates this app saved for a user, with whether the file and the keychain item are still there. */
  async function saved(profileId: string, userId: string): Promise<SavedCertificate[]> {
    const records = deps.records.list(profileId, userId);
    if (records.length === 0) return [];
    const [host, keyItem] = [await origin(profileId).catch(() => null), apiKeyItem(profileId, userId)];
    return Promise.all(
      records.map(async (r): Promise<SavedCertificate> => {
        const [fileExists, itemExists] = await Promise.all([
          stat(r.file).then(
            (s) => s.isFile(),
            (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? false : null),
          ),
          deps.keychain.has(r.item.service, r.item.account).catch(() => null),
        ]);
        let readBack: SavedCertificate['readBack'];
        let handOver: SavedCertificate['handOver'];
        try {
          readBack = passwordReadBack(r.item);
          handOver = certificateHandOver({ origin: host, file: r.file, passwordItem: r.item, apiKeyItem: keyItem });
        } catch {
          // A name that cannot be quoted was refused at save; an old record is shown without commands.
          readBack = { linux: '', macos: '', windows: '' };
          handOver = { linux: '', macos: '', windows: '' };
        }
        return { ...r, fileExists, itemExists, readBack, handOver };
      }),
    );
  }

  const test = createCertificateTest({
    keychain: deps.keychain,
    secrets: deps.secrets,
    audit: deps.audit,
    records: deps.records,
    openPkcs12: deps.openPkcs12,
    clientAuth: deps.clientAuth,
    whoAmI: deps.whoAmI,
    friendlyName: (profileId, userId) => deps.userName?.(profileId, userId) ?? userId,
    timeoutMs: deps.timeoutMs,
  });

  /**
   * The checks `save` makes before writing (reserved item, quotable names and path, an existing
   * file or another value in the item without consent), run before a certificate is generated:
   * throws the same AppErrors and writes nothing. `about` is the certificate to be (its operation).
   */
  async function checkSaveDestination(to: CertificateDestination, about: CertificateAbout): Promise<void> {
    void about; // the checks do not depend on it today; the signature matches hold()'s
    await checkDestination(deps.keychain, to, null);
  }

  return {
    hold,
    save,
    checkDestination: checkSaveDestination,
    reachedApp: deps.records.reachedApp,
    saved,
    test,
    info: vault.info,
    password: vault.password,
    list: vault.list,
    hasUnsaved: vault.hasUnsaved,
    hasAny: vault.hasAny,
    onChange: vault.onChange,
    forget: vault.forget,
    clear: vault.clear,
  };
}

export type CertificateKeeper = ReturnType<typeof createCertificateKeeper>;
