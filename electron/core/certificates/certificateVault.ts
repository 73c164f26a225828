import { randomBytes } from 'node:crypto';
import type { HeldCertificate } from '../../../shared/certificates';
import { AppError } from '../../../shared/errors';
import type { SecretRegistry } from '../log/secretRegistry';

interface Held {
  password: string;
  pkcs12: Uint8Array;
  info: HeldCertificate;
}

/**
 * Generated certificates (password and PKCS#12 bytes) held in main memory between "generated" and
 * "saved or dismissed", addressed by opaque handles, like one-time tokens (creation/tokenVault.ts).
 * The renderer gets the password only through Reveal and never the bytes. Nothing here is persisted.
 */
export function createCertificateVault(secrets: SecretRegistry) {
  const held = new Map<string, Held>();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());

  function take(handle: string): Held {
    const entry = held.get(handle);
    if (!entry) {
      throw new AppError(
        'certificate_gone',
        'This certificate is no longer held by the app. Its password and file are handed over only once.',
      );
    }
    return entry;
  }

  return {
    put(password: string, pkcs12: Uint8Array, info: Omit<HeldCertificate, 'handle'>): HeldCertificate {
      secrets.add(password);
      secrets.add(Buffer.from(pkcs12).toString('base64'));
      const handle = randomBytes(16).toString('hex');
      const full: HeldCertificate = { ...info, handle };
      held.set(handle, { password, pkcs12: Uint8Array.from(pkcs12), info: full });
      changed();
      return full;
    },
    info: (handle: string): HeldCertificate => take(handle).info,
    password: (handle: string): string => take(handle).password,
    /** A copy: callers cannot change the held bytes. */
    pkcs12: (handle: string): Uint8Array => Uint8Array.from(take(handle).pkcs12),
    update(handle: string, patch: Partial<Omit<HeldCertificate, 'handle'>>): HeldCertificate {
      const entry = take(handle);
      entry.info = { ...entry.info, ...patch };
      changed();
      return entry.info;
    },
    forget(handle: string): void {
      const entry = held.get(handle);
      if (!entry) return;
      entry.pkcs12.fill(0);
      held.delete(handle);
      changed();
    },
    list: (): HeldCertificate[] => [...held.values()].map((h) => h.info),
    hasUnsaved: (): boolean => [...held.values()].some((h) => !h.info.savedTo),
    hasAny: (): boolean => held.size > 0,
    /** Called whenever certificates come, go or are saved (main protects the window while any is held). */
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear(): void {
      for (const entry of held.values()) entry.pkcs12.fill(0);
      held.clear();
      changed();
    },
  };
}

export type CertificateVault = ReturnType<typeof createCertificateVault>;
