import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import type { AuditCarryReason } from '../../../shared/audit';

/**
 * The audit log's signing key: Ed25519, one per data folder, kept only in the OS keychain.
 * Everything signed is plain text starting with a domain line, so a signature made for one purpose
 * (a checkpoint) can never pass for another (an export's bytes are signed as they are, unprefixed).
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the public key's DER (SubjectPublicKeyInfo), lowercase hex: what an auditor compares. */
  fingerprint: string;
  publicKeyPem: string;
}

export function generateSigningKey(): SigningKey {
  return fromPrivateKey(generateKeyPairSync('ed25519').privateKey);
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    fingerprint: createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The epoch a checkpoint belongs to: entries up to `carried` were not provably signed when written. */
export interface Epoch {
  carried: number;
  reason: AuditCarryReason | null;
  /** When this key started signing (UTC ISO). */
  since: string;
}

/** What one checkpoint signs. `recovered`: ranges written before a crash and signed only at the next start. */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  epoch: Epoch;
  recovered: [number, number][];
}

/**
 * At most this many recovered ranges travel in every checkpoint: beyond it the oldest are merged
 * into one range (it may then cover signed entries too, but never drops an unsigned one).
 */
const MAX_RECOVERED = 20;

function capRecovered(ranges: [number, number][]): [number, number][] {
  if (ranges.length <= MAX_RECOVERED) return ranges;
  const merged = ranges.length - MAX_RECOVERED + 1;
  return [[ranges[0]![0], ranges[merged - 1]![1]], ...ranges.slice(merged)];
}

const CHECKPOINT_DOMAIN = 'Service User Desk audit checkpoint v1\n';

export interface SignedCheckpoint {
  payload: string;
  signature: string;
}

export function signCheckpoint(key: SigningKey, checkpoint: Checkpoint): SignedCheckpoint {
  const payload = JSON.stringify({
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    at: checkpoint.at,
    epoch: { carried: checkpoint.epoch.carried, reason: checkpoint.epoch.reason, since: checkpoint.epoch.since },
    recovered: capRecovered(checkpoint.recovered),
  });
  const signature = sign(null, Buffer.from(CHECKPOINT_DOMAIN + payload), key.privateKey).toString('base64');
  return { payload, signature };
}

/** The checkpoint when `signature` is the key's signature over `payload`; null otherwise (never throws). */
export function openCheckpoint(key: SigningKey, signed: SignedCheckpoint): Checkpoint | null {
  try {
    const ok = verify(
      null,
      Buffer.from(CHECKPOINT_DOMAIN + signed.payload),
      key.publicKey,
      Buffer.from(signed.signature, 'base64'),
    );
    if (!ok) return null;
    const c = JSON.parse(signed.payload) as Checkpoint;
    if (!Number.isSafeInteger(c.seq) || c.seq < 0 || typeof c.hash !== 'string' || !c.epoch) return null;
    return c;
  } catch {
    return null;
  }
}

/** A raw Ed25519 signature over the exact bytes (what `openssl pkeyutl -verify -rawin` checks). */
export function signBytes(key: SigningKey, bytes: Buffer): Buffer {
  return sign(null, bytes, key.privateKey);
}

/**
 * The keychain item: the private key and the anchor (the newest signed checkpoint). One item, so
 * key and anchor are always replaced together and a keychain reset loses both at once.
 */
interface StoredItem {
  v: 1;
  privateKey: string;
  anchor: SignedCheckpoint;
  /** The app closed cleanly after this anchor: anything written after it came from elsewhere. */
  closed: boolean;
}

export function encodeItem(key: SigningKey, anchor: SignedCheckpoint, closed = false): string {
  const item: StoredItem = {
    v: 1,
    privateKey: key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    anchor,
    closed,
  };
  return JSON.stringify(item);
}

/** The key (null when unreadable) and the anchor as stored (not yet checked) from an item's text. */
export function decodeItem(text: string): { key: SigningKey | null; anchor: SignedCheckpoint | null; closed: boolean } {
  let item: Partial<StoredItem>;
  try {
    item = JSON.parse(text) as Partial<StoredItem>;
  } catch {
    return { key: null, anchor: null, closed: false };
  }
  let key: SigningKey | null = null;
  try {
    if (typeof item.privateKey === 'string') {
      const privateKey = createPrivateKey({
        key: Buffer.from(item.privateKey, 'base64'),
        format: 'der',
        type: 'pkcs8',
      });
      if (privateKey.asymmetricKeyType === 'ed25519') key = fromPrivateKey(privateKey);
    }
  } catch {
    key = null;
  }
  const a = item.anchor;
  const anchor = a && typeof a.payload === 'string' && typeof a.signature === 'string' ? a : null;
  return { key, anchor, closed: item.closed === true };
}
