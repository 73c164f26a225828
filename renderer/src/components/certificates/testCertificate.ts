import type { CertificateTestResult } from '../../../../shared/certificates';
import type { Result } from '../../../../shared/errors';
import { getApi } from '../../api';

/**
 * "Test the certificate": core opens the file this app saved with the password from the keychain and
 * makes one read call (GET /user/me) over mutual TLS, as a build server would. Nothing secret comes back.
 */
export function testCertificate(
  profileId: string,
  userId: string,
  nickname: string,
): Promise<Result<CertificateTestResult>> {
  return getApi().certificates.test({ profileId, userId, nickname });
}
