/**
 * The sandbox tenant's state: plain JSON, wire-shaped (snake_case) so that the server can answer
 * from it directly. No API key or token is ever kept in plain text: only SHA-256 hashes of the
 * service-user tokens the sandbox issued (so they can authenticate later).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

export interface SandboxAccount {
  id: string;
  name: string;
  active: boolean;
  service_period: { from: string; to: string };
  friendly_identifier: string;
  admins: { id: string; name?: string; email: string }[];
  sign_in_methods: { signInMethod: string; status: string; mfaStatus: string; clientAuthCertLoginEnabled: boolean }[];
  locale: string;
}

export interface SandboxApplication {
  id: string;
  code: string;
  name: string;
}

export interface SandboxRole {
  id: string;
  name: string;
  code: string;
  application_code: string;
  permissions: string[];
}

export interface SandboxUser {
  id: string;
  user_type: 'service' | 'standard';
  friendly_name?: string;
  name?: string;
  email: string;
  description: string;
  status: 'ACTIVE' | 'DISABLED';
  access_scope: 'account';
  account_ids: string[];
  role_ids: string[];
  application_codes: string[];
  created_at: string;
  created_by: string;
  end_date?: string;
  locale: string;
}

/** An API token the sandbox issued: its value is kept as a SHA-256 hash only. */
export interface SandboxToken {
  /** SHA-256 (hex) of the value. */
  hash: string;
  userId: string;
  id: string;
  name: string;
  created_at: string;
  /** Absent: the token lasts as long as its user. */
  end_date?: string;
  status: 'ACTIVE' | 'DISABLED';
}

/**
 * A client-authentication certificate the sandbox's CA issued to a service user (issue 14). Only
 * what a listing and the mutual-TLS check need: never the private key nor the PKCS#12 password.
 */
export interface SandboxCertificate {
  id: string;
  user_id: string;
  nickname: string;
  /** Upper-case hex. */
  serial_number: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by ':' (how the mutual-TLS listener finds it). */
  fingerprint_sha256: string;
  /** UTC ISO instant (23:59:59Z of the end date asked for). */
  valid_to: string;
  /** EXPIRED is derived from `valid_to` when listed. */
  status: 'ACTIVE' | 'REVOKED';
  created_at: string;
  signature_hash: 'SHA256' | 'SHA384' | 'SHA512';
  encryption: 'AES' | '3DES';
  certificate_pem: string;
}

export interface SandboxState {
  version: 1;
  accounts: SandboxAccount[];
  applications: SandboxApplication[];
  roles: SandboxRole[];
  users: SandboxUser[];
  /** Every token issued to a service user (at its creation or by POST /api-access-token). */
  tokenHashes: SandboxToken[];
  /** Client certificates issued to service users (files before issue 14 have none). */
  certificates: SandboxCertificate[];
  /**
   * The tenant's play CA (certificateAuthority.ts), made at the first start that lacks one and kept
   * so that a restarted sandbox still trusts the certificates it issued.
   */
  ca?: { keyPem: string; certificatePem: string };
  /** Ids of the two built-in callers (admin; auditor without "Manage users"). */
  adminUserId: string;
  auditorUserId: string;
}

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** DigiCert-like token: hex(13 bytes) '_' hex(32 bytes) (docs/digicert-account-api.md §1). */
export function newToken(): string {
  return `${randomBytes(13).toString('hex')}_${randomBytes(32).toString('hex')}`;
}

export function loadState(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  const data = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  if (data.version !== 1 || !Array.isArray(data.users)) throw new Error(`Sandbox state ${file} has an unknown format.`);
  // Files written before tokens had ids and names kept only {hash, userId}.
  data.tokenHashes = (data.tokenHashes ?? []).map((t: Partial<SandboxToken> & { hash: string; userId: string }) => ({
    ...t,
    id: t.id ?? randomUUID(),
    name: t.name ?? 'Initial token',
    created_at: t.created_at ?? data.users.find((u) => u.id === t.userId)?.created_at ?? new Date(0).toISOString(),
    status: t.status ?? 'ACTIVE',
  }));
  data.certificates ??= [];
  return data;
}

/** Atomic: a temp file in the same folder, then rename over the target. */
export function saveState(file: string, state: SandboxState): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw error;
  }
}
