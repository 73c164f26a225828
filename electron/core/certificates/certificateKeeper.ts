import {
  defaultCertificateFileName,
  defaultCertificateItem,
  type CertificateDestination,
  type CertificateFacts,
  type HeldCertificate,
} from '../../../shared/certificates';
import type { Profile } from '../../../shared/profiles';
import type { Me } from '../../../shared/serviceUser';
import type { AuditRecorder } from '../audit/recorder';
import type { createClipboardGuard } from '../creation/clipboardGuard';
import type { GeneratedCertificate } from '../digicert/client';
import type { SecretStore } from '../keychain/secretStore';
import type { Logger } from '../log/logger';
import type { SecretRegistry } from '../log/secretRegistry';
import type { SavedItemRecord } from '../serviceUsers/history';
import { createCertificateVault } from './certificateVault';

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
  clipboard: ReturnType<typeof createClipboardGuard>;
  clock: () => Date;
  log: Logger;
  profiles: { get(id: string): Profile };
  /** The client-authentication address of a profile; null when there is none (or it is offline). */
  clientAuth: (profileId: string) => Promise<ClientAuthTarget | null>;
  /** The keychain items this app saved a token of the user into, newest first (SM_API_KEY of the hand-over). */
  savedTokenItems: (profileId: string, userId: string) => SavedItemRecord[];
  openPkcs12: OpenPkcs12;
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

  async function save(handle: string, destination: CertificateDestination): Promise<HeldCertificate> {
    void destination;
    return Promise.resolve(vault.info(handle));
  }

  return {
    hold,
    save,
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
