import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CertificateTestRequest, CertificateTestResult } from '../../../shared/certificates';
import { AppError, isAppError } from '../../../shared/errors';
import type { AuditRecorder } from '../audit/recorder';
import { paths } from '../digicert/wire';
import type { SecretStore } from '../keychain/secretStore';
import type { SecretRegistry } from '../log/secretRegistry';
import type { ClientAuthTarget, OpenPkcs12, WhoAmIWithCertificate } from './certificateKeeper';
import type { SavedCertificateRecords } from './savedRecords';

export interface CertificateTestDeps {
  keychain: SecretStore;
  secrets: SecretRegistry;
  audit: AuditRecorder;
  records: SavedCertificateRecords;
  openPkcs12: OpenPkcs12;
  clientAuth(profileId: string): Promise<ClientAuthTarget | null>;
  whoAmI: WhoAmIWithCertificate;
  /** The user's friendly name for the audit entry's target (the id when unknown). */
  friendlyName(profileId: string, userId: string): string;
  timeoutMs?: number;
}

const unavailable = (message: string) => new AppError('certificate_test_unavailable', message);

/**
 * "Test the certificate": the newest save of that certificate (fingerprint and nickname) this app
 * made for the user —
 * its password from the keychain, its file from disk — makes one `GET /user/me` over mutual TLS at
 * the profile's client-auth origin, as a build server would, and says whose identity answered.
 */
export function createCertificateTest(deps: CertificateTestDeps) {
  return async function test(request: CertificateTestRequest): Promise<CertificateTestResult> {
    const { profileId, userId, nickname, fingerprint } = request;
    const record = deps.records
      .list(profileId, userId)
      .find((r) => r.fingerprint === fingerprint && r.nickname === nickname);
    if (!record) {
      throw new AppError('not_found', `This app has not saved this certificate ("${nickname}") for this user.`);
    }
    const where = { profileId, target: deps.friendlyName(profileId, userId) };
    const details = { serviceUserId: userId, nickname, fingerprint: record.fingerprint };
    try {
      const target = await deps.clientAuth(profileId);
      if (!target) {
        throw unavailable('This connection has no client-authentication address to test the certificate at.');
      }
      const password = await deps.keychain.get(record.item.service, record.item.account);
      if (password === null) throw unavailable('The keychain item with the certificate password no longer exists.');
      deps.secrets.add(password);
      let pkcs12: Uint8Array;
      try {
        pkcs12 = await readFile(record.file);
      } catch {
        throw unavailable(`${basename(record.file)} could not be read.`);
      }
      if (deps.openPkcs12(pkcs12, password).facts.fingerprint !== fingerprint) {
        throw unavailable(`${basename(record.file)} now holds another certificate.`);
      }
      const me = await deps.whoAmI({
        origin: target.origin,
        pkcs12,
        password,
        ...(target.ca ? { ca: target.ca } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
      const result: CertificateTestResult = {
        url: new URL(paths.me(), target.origin).toString(),
        identity: {
          id: me.id,
          ...(me.name ? { friendlyName: me.name } : {}),
          ...(me.userType ? { userType: me.userType } : {}),
        },
        matchesUser: me.id === userId,
      };
      deps.audit.record({
        action: 'certificate_tested',
        ...where,
        outcome: result.matchesUser ? 'ok' : 'failed',
        details: { ...details, identity: me.id, matchesUser: result.matchesUser },
      });
      return result;
    } catch (error) {
      deps.audit.record({
        action: 'certificate_tested',
        ...where,
        outcome: 'failed',
        details: { ...details, code: isAppError(error) ? error.code : 'internal' },
      });
      throw error;
    }
  };
}
