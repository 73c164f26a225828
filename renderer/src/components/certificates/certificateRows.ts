import type { ClientCertificate, SavedCertificate } from '../../../../shared/certificates';
import { daysUntilExpiry } from '../../../../shared/expiry';
import { urgencyOf, type Urgency } from '../serviceUsers/list/listModel';

/**
 * A service user's certificates as the details show them, pure: DigiCert's list joined with what
 * this app saved (by fingerprint, else by nickname), days left and the list's expiry urgency.
 */

export interface CertificateRow {
  certificate: ClientCertificate;
  /** Whole UTC days from today to the not-after date (0: today, negative: expired); null: unknown. */
  daysLeft: number | null;
  /** The service users list's colours and icons; a revoked certificate has none ('none'). */
  urgency: Urgency;
  /** Where this app saved it; null: not saved by this app (it cannot be tested here). */
  saved: SavedCertificate | null;
}

export function isRevoked(certificate: ClientCertificate): boolean {
  return certificate.status === 'REVOKED';
}

/**
 * The saved record of a listed certificate: same fingerprint, or (without one) the same nickname.
 * Both fingerprints are already in one spelling (core writes upper-case hex pairs joined by ':').
 */
export function savedFor(certificate: ClientCertificate, saved: readonly SavedCertificate[]): SavedCertificate | null {
  const { fingerprint } = certificate;
  if (fingerprint) {
    const byFingerprint = saved.find((s) => s.fingerprint === fingerprint);
    if (byFingerprint) return byFingerprint;
    if (saved.some((s) => s.nickname === certificate.nickname && s.fingerprint)) return null;
  }
  return saved.find((s) => s.nickname === certificate.nickname) ?? null;
}

export function certificateRows(
  certificates: readonly ClientCertificate[],
  saved: readonly SavedCertificate[],
  today: string,
  now: Date = new Date(),
): CertificateRow[] {
  return certificates.map((certificate) => {
    const daysLeft = certificate.notAfter ? daysUntilExpiry(certificate.notAfter.slice(0, 10), today) : null;
    const past = certificate.notAfter ? Date.parse(certificate.notAfter) <= now.getTime() : false;
    const urgency: Urgency = isRevoked(certificate)
      ? 'none'
      : past
        ? 'expired'
        : urgencyOf(daysLeft, certificate.status);
    return { certificate, daysLeft, urgency, saved: savedFor(certificate, saved) };
  });
}

/** Saved certificates that DigiCert's list (when there is one) does not hold: shown on their own. */
export function unlistedSaved(
  certificates: readonly ClientCertificate[] | null,
  saved: readonly SavedCertificate[],
): SavedCertificate[] {
  if (!certificates) return [...saved];
  const matched = new Set(certificates.map((c) => savedFor(c, saved)).filter((s) => s !== null));
  return saved.filter((s) => !matched.has(s));
}

/** "AB:CD:EF:01…89:AB:CD:EF": the first and last four bytes of a SHA-256 fingerprint. */
export function shortFingerprint(fingerprint: string): string {
  const pairs = fingerprint.split(':');
  return pairs.length > 10 ? `${pairs.slice(0, 4).join(':')}…${pairs.slice(-4).join(':')}` : fingerprint;
}
