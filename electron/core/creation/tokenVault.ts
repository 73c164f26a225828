import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { KeychainItem, TokenInfo } from '../../../shared/creation';
import type { SecretRegistry } from '../log/secretRegistry';

interface Held {
  token: string;
  info: TokenInfo;
}

/**
 * One-time tokens held in main memory between "created" and "saved or dismissed", addressed by
 * opaque handles. The renderer gets a value only through `reveal`. Nothing here is ever persisted.
 */
export function createTokenVault(secrets: SecretRegistry) {
  const held = new Map<string, Held>();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());

  function take(handle: string): Held {
    const entry = held.get(handle);
    if (!entry) throw new AppError('token_gone', 'This token is no longer held by the app. It is shown only once.');
    return entry;
  }

  return {
    put(token: string, info: Omit<TokenInfo, 'handle'>): TokenInfo {
      const handle = randomBytes(16).toString('hex');
      secrets.add(token);
      const full: TokenInfo = { ...info, handle };
      held.set(handle, { token, info: full });
      changed();
      return full;
    },
    info: (handle: string): TokenInfo => take(handle).info,
    token: (handle: string): string => take(handle).token,
    markSaved(handle: string, item: KeychainItem, readBack: TokenInfo['readBack']): TokenInfo {
      const entry = take(handle);
      entry.info = { ...entry.info, savedTo: item, readBack };
      changed();
      return entry.info;
    },
    /** Forgets a token for good (after Close). */
    forget(handle: string): void {
      held.delete(handle);
      changed();
    },
    list: (): TokenInfo[] => [...held.values()].map((h) => h.info),
    hasUnsaved: (): boolean => [...held.values()].some((h) => !h.info.savedTo),
    hasAny: (): boolean => held.size > 0,
    /** Called whenever tokens come or go (main turns content protection on while any is held). */
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear(): void {
      held.clear();
      changed();
    },
  };
}

export type TokenVault = ReturnType<typeof createTokenVault>;
