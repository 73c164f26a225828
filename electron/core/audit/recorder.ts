import type { AuditAppendInput } from './auditLog';

/** What other services need from the audit log: append one entry. */
export type AuditRecord = AuditAppendInput;

export interface AuditRecorder {
  record(entry: AuditRecord): void;
}
