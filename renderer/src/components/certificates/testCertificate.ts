import type { CertificateTestResult, SavedCertificate } from '../../../../shared/certificates';
import type { Result } from '../../../../shared/errors';
import { getApi } from '../../api';

/**
 * "Test the certificate": core opens the file this app saved with the password from the keychain and
 * makes one read call (GET /user/me) over mutual TLS, as a build server would. Nothing secret comes back.
 * The saved record is named by its fingerprint too: a nickname may have been used by more than one.
 */
export function testCertificate(
  profileId: string,
  userId: string,
  saved: Pick<SavedCertificate, 'nickname' | 'fingerprint'>,
): Promise<Result<CertificateTestResult>> {
  return getApi().certificates.test({ profileId, userId, nickname: saved.nickname, fingerprint: saved.fingerprint });
}
