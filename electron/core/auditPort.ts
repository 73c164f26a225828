/** What other services need from the audit log: append one entry. */
export interface AuditRecord {
  action: string;
  profileId?: string | null;
  profileName?: string | null;
  target?: string | null;
  outcome: 'ok' | 'failed';
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  record(entry: AuditRecord): void;
}
