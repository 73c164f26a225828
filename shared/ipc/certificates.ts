import { z } from 'zod';
import {
  certificateDismissSchema,
  certificateHandleSchema,
  certificateSaveSchema,
  certificateTestSchema,
  type CertificateTestResult,
  type HeldCertificate,
} from '../certificates';
import { channel } from './channel';

/**
 * The one-time certificate screen (issue 14): a generated certificate held in main until saved or
 * dismissed, and the mutual-TLS test of a saved one. Generating and revoking are operations
 * (`serviceUsers.prepare` / `serviceUsers.sendOperation`). Spread into `contract`.
 */
export const certificateChannels = {
  'certificates.pending': channel<HeldCertificate[]>()(z.object({}).strict()),
  'certificates.revealPassword': channel<{ password: string }>()(certificateHandleSchema),
  'certificates.copyPassword': channel<{ clearsAt: string; seconds: number }>()(certificateHandleSchema),
  /** Saves the password to the keychain and the file, then reads both back; answers the held certificate. */
  'certificates.save': channel<HeldCertificate>()(certificateSaveSchema),
  'certificates.dismiss': channel<{ dismissed: true }>()(certificateDismissSchema),
  'certificates.test': channel<CertificateTestResult>()(certificateTestSchema),
};
