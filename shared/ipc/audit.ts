import {
  auditCancelRequestSchema,
  auditExportRequestSchema,
  auditQuerySchema,
  auditSigningKeyRequestSchema,
  auditVerifyRequestSchema,
  type AuditExportResult,
  type AuditPage,
  type AuditSigningKeyInfo,
  type AuditVerifyResult,
} from '../audit';
import { channel } from './channel';

/** Audit log channels, spread into `contract`. */
export const auditChannels = {
  'audit.query': channel<AuditPage>()(auditQuerySchema),
  'audit.verify': channel<AuditVerifyResult>()(auditVerifyRequestSchema),
  'audit.export': channel<AuditExportResult>()(auditExportRequestSchema),
  /** The audit signing key's public part and fingerprint, for an auditor to compare. */
  'audit.signingKey': channel<AuditSigningKeyInfo>()(auditSigningKeyRequestSchema),
  /** Cancels the running verification or export; `cancelled`: one was running. */
  'audit.cancel': channel<{ cancelled: boolean }>()(auditCancelRequestSchema),
};
