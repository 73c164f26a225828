import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { KeychainItem, TokenInfo, UnrecognisedAnswer } from '../../../shared/creation';
import { maskedPreview, type TokenCandidate } from '../digicert/tokenCandidates';
import type { SecretRegistry } from '../log/secretRegistry';

interface Held {
  token: string;
  info: TokenInfo;
}

/** A create answer without a recognised token: its candidate strings, until one is picked. */
interface HeldAnswer {
  candidates: Map<string, string>;
  info: Omit<TokenInfo, 'handle'>;
}

/**
 * One-time tokens held in main memory between "created" and "saved or dismissed", addressed by
 * opaque handles. The renderer gets a value only through `reveal`. Nothing here is ever persisted.
 */
export function createTokenVault(secrets: SecretRegistry) {
  const held = new Map<string, Held>();
  const answers = new Map<string, HeldAnswer>();
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());

  function take(handle: string): Held {
    const entry = held.get(handle);
    if (!entry) throw new AppError('token_gone', 'This token is no longer held by the app. It is shown only once.');
    return entry;
  }

  function takeAnswer(handle: string): HeldAnswer {
    const entry = answers.get(handle);
    if (!entry) throw new AppError('token_gone', 'This answer is no longer held by the app.');
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
    hasUnsaved: (): boolean => answers.size > 0 || [...held.values()].some((h) => !h.info.savedTo),
    hasAny: (): boolean => held.size > 0 || answers.size > 0,

    /** Holds the candidates of an unrecognised create answer; the renderer sees paths and masked previews. */
    holdAnswer(candidates: TokenCandidate[], info: Omit<TokenInfo, 'handle'>): UnrecognisedAnswer {
      const handle = randomBytes(16).toString('hex');
      for (const c of candidates) secrets.add(c.value);
      answers.set(handle, { candidates: new Map(candidates.map((c) => [c.path, c.value])), info });
      changed();
      return { handle, candidates: candidates.map((c) => ({ path: c.path, preview: maskedPreview(c.value) })) };
    },
    answerInfo: (handle: string): Omit<TokenInfo, 'handle'> => takeAnswer(handle).info,
    candidate(handle: string, path: string): string {
      const value = takeAnswer(handle).candidates.get(path);
      if (value === undefined) throw new AppError('not_found', 'The answer has no such field.');
      return value;
    },
    /** The picked value becomes a normal held token; the rest of the answer is dropped. */
    pickCandidate(handle: string, path: string): TokenInfo {
      const entry = takeAnswer(handle);
      const value = entry.candidates.get(path);
      if (value === undefined) throw new AppError('not_found', 'The answer has no such field.');
      answers.delete(handle);
      const handleOfToken = randomBytes(16).toString('hex');
      const full: TokenInfo = { ...entry.info, handle: handleOfToken };
      held.set(handleOfToken, { token: value, info: full });
      changed();
      return full;
    },
    dropAnswer(handle: string): void {
      answers.delete(handle);
      changed();
    },
    /** Called whenever tokens come or go (main turns content protection on while any is held). */
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear(): void {
      held.clear();
      answers.clear();
      changed();
    },
  };
}

export type TokenVault = ReturnType<typeof createTokenVault>;
