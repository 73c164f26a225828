import type { AuditAppendInput } from './audit/auditLog';

/** What other services need from the audit log: append one entry. */
export type AuditRecord = AuditAppendInput;

export interface AuditRecorder {
  record(entry: AuditRecord): void;
}
