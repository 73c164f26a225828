import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { buildPkcs12 } from '../../../electron/core/certificates/pkcs12';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';
import type { AuditRecord, AuditRecorder } from '../../../electron/core/audit/recorder';
import {
  createCertificateKeeper,
  type CertificateKeeperDeps,
  type WhoAmIWithCertificate,
} from '../../../electron/core/certificates/certificateKeeper';
import { openPkcs12 } from '../../../electron/core/certificates/pkcs12';
import type { SavedCertificateRecord } from '../../../electron/core/certificates/savedRecords';
import type { GeneratedCertificate } from '../../../electron/core/digicert/client';
import { createMemoryLogger } from '../../../electron/core/log/logger';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import type { Profile } from '../../../shared/profiles';
import { createFileSecretStore } from '../../support/fileSecretStore';
import { makeTempDir } from '../../support/tmp';

/** A self-signed client certificate packed as PKCS#12 under a random password, as DigiCert hands it over. */
export function generatedCertificate(
  nickname = 'build-01',
  password = `pw-${randomBytes(12).toString('base64url')}`,
): GeneratedCertificate {
  const keyPem = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `7f${randomBytes(7).toString('hex')}`;
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-06-30T23:59:59Z');
  cert.setSubject([{ name: 'commonName', value: nickname }]);
  cert.setIssuer([{ name: 'commonName', value: nickname }]);
  cert.sign(key, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  return {
    certificate: { id: `cert-${randomBytes(4).toString('hex')}`, nickname },
    password,
    pkcs12: buildPkcs12({ privateKeyPem: keyPem, certificatePem, password, encryption: 'AES' }),
  };
}

export const PROFILE: Profile = {
  id: 'p1',
  name: 'Prod',
  kind: 'digicert',
  region: 'us',
  baseUrl: 'https://one.digicert.com',
  keyStorage: 'keychain',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
export const ABOUT = {
  profileId: 'p1',
  operationId: 'op-1',
  serviceUserId: 'user-1',
  friendlyName: 'build bot',
  nickname: 'build-01',
};
export const ORIGIN = 'https://clientauth.one.digicert.com';

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

/** A keeper on a file-backed fake keychain; audit entries and log lines kept in memory. */
export function setup(overrides: Partial<CertificateKeeperDeps> = {}) {
  const { dir, cleanup } = makeTempDir('sud-cert-');
  cleanups.push(cleanup);
  const keychain = createFileSecretStore(join(dir, 'keychain.json'));
  const secrets = new SecretRegistry();
  const log = createMemoryLogger(secrets);
  const entries: AuditRecord[] = [];
  const audit: AuditRecorder = { record: (entry) => void entries.push(entry) };
  // The records the audit log would give back: its `certificate_saved` entries, newest first.
  const records = {
    list: (profileId: string, userId: string): SavedCertificateRecord[] =>
      entries
        .filter(
          (e) =>
            e.action === 'certificate_saved' &&
            e.outcome === 'ok' &&
            e.profileId === profileId &&
            e.details?.serviceUserId === userId,
        )
        .map((e, i) => {
          const d = e.details as Record<string, string>;
          return {
            nickname: d.nickname!,
            fingerprint: d.fingerprint!,
            file: d.file!,
            item: { service: d.service!, account: d.account! },
            savedAt: `2026-01-0${i + 1}T00:00:00.000Z`,
          };
        })
        .reverse(),
    reachedApp: (profileId: string, operationId: string) =>
      entries.some((e) => e.profileId === profileId && e.details?.operationId === operationId),
  };
  const whoAmI = vi.fn<WhoAmIWithCertificate>(async () => ({ id: 'user-1', canManageUsers: false }));
  const keeper = createCertificateKeeper({
    keychain,
    secrets,
    audit,
    log,
    profiles: { get: () => PROFILE },
    clientAuth: async () => ({ origin: ORIGIN }),
    savedTokenItems: () => [],
    records,
    openPkcs12,
    whoAmI,
    ...overrides,
  });
  return { dir, keychain, secrets, log, entries, keeper, whoAmI };
}
