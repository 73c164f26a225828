import type { ReminderCertificate } from '../../electron/core/reminders/compute';

/** An in-memory stand-in for the certificate cache (the slice the reminders use). */
export function fakeCertificateCache() {
  const profiles = new Map<string, ReminderCertificate[]>();
  const listeners = new Set<(profileId: string) => void>();
  return {
    /** Replaces the profile's certificates and tells the listeners. */
    set(profileId: string, ...certificates: ReminderCertificate[]) {
      profiles.set(profileId, certificates);
      for (const listener of [...listeners]) listener(profileId);
    },
    list: (profileId: string): ReminderCertificate[] => profiles.get(profileId) ?? [],
    onChange(listener: (profileId: string) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
