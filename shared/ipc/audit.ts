import {
  auditExportRequestSchema,
  auditQuerySchema,
  auditVerifyRequestSchema,
  type AuditExportResult,
  type AuditPage,
  type AuditVerifyResult,
} from '../audit';
import { channel } from './channel';

/** Audit log channels, spread into `contract`. */
export const auditChannels = {
  'audit.query': channel<AuditPage>()(auditQuerySchema),
  'audit.verify': channel<AuditVerifyResult>()(auditVerifyRequestSchema),
  'audit.export': channel<AuditExportResult>()(auditExportRequestSchema),
};
