import type { ErrorCode } from './errors';
import type { Account, Manager, Role } from './serviceUser';

/** What the app knows of an existing service user, enough for the uniqueness hint and expiry. */
export interface ServiceUserBrief {
  id: string;
  friendlyName: string;
  endDate?: string;
  status?: string;
}

/** Reference data of one profile, cached in SQLite so the wizard works offline. */
export interface ReferenceData {
  accounts: Account[];
  managers: Manager[];
  roles: Role[];
  serviceUsers: ServiceUserBrief[];
  /** UTC instant of the last successful refresh. */
  refreshedAt: string;
}

/** Whether DigiCert ONE answered lately — judged by the API answering, not by the OS flag. */
export interface Connectivity {
  state: 'online' | 'offline' | 'unknown';
  checkedAt: string | null;
  /** Why the last attempt failed (offline, dns_failed, timeout, invalid_api_key, ...). */
  lastError: ErrorCode | null;
  /** When the app will try again on its own (backoff). */
  nextAttemptAt: string | null;
}

export interface ReferenceSnapshot {
  profileId: string;
  /** null: never fetched for this profile. */
  data: ReferenceData | null;
  connectivity: Connectivity;
}

/** Result of "Test connection" on a profile. */
export interface ConnectionTest {
  profileId: string;
  who: { id: string; name: string | null; email: string | null };
  canManageUsers: boolean;
  accounts: { id: string; name: string }[];
}
