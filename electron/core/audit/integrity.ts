import type Database from 'better-sqlite3';
import { isAppError } from '../../../shared/errors';
import type { AuditCarryReason, AuditProblem, AuditSigningKeyInfo, AuditVerifyResult } from '../../../shared/audit';
import { AUDIT_KEY_SERVICE } from '../keychain/reserved';
import type { SecretStore } from '../keychain/secretStore';
import { GENESIS_HASH } from './canonical';
import {
  decodeItem,
  encodeItem,
  generateSigningKey,
  openCheckpoint,
  signBytes,
  signCheckpoint,
  type Checkpoint,
  type Epoch,
  type SignedCheckpoint,
  type SigningKey,
} from './signing';

type Db = Database.Database;

/** The entry a run without its signing key starts with (see createAuditLog). */
export const SIGNING_UNAVAILABLE = 'audit_signing_unavailable';

/** At most this long between an append and the checkpoint that signs it (docs/DESIGN.md). */
export const CHECKPOINT_BOUND_MS = 1000;

/** What the plain hash-chain walk found (auditLog.ts), the input to the keyed verdict. */
export interface ChainWalk {
  /** Consistent entries from #1 on. */
  entries: number;
  /** The last entry of the consistent part (0: none). */
  lastSeq: number;
  /** The first problem the plain chain shows, if any; `atTail`: entries are missing from the end. */
  broken: { seq: number; problem: AuditProblem; atTail: boolean } | null;
  /** The chain's own hash at each seq asked for by `capture()`, within the consistent part. */
  hashes: Map<number, string>;
}

export interface AuditIntegrityOptions {
  db: Db;
  keychain: SecretStore;
  /** The keychain account of this data folder's item: its path (one key per data folder). */
  account: string;
  clock?: () => Date;
  boundMs?: number;
  /** The private key is registered here so no log line can carry it. */
  secrets?: { add(value: string): void };
  log?: { warn(message: string, fields?: Record<string, unknown>): void };
}

export interface AuditIntegrity {
  /** Reads the keychain item once and settles the epoch; signs what the last run left unsigned. */
  start(): Promise<void>;
  /** After an append: a checkpoint follows within the bound (one timer, however many appends). */
  noteAppend(): void;
  /** Signs the current head now when it is newer than the last checkpoint; the anchor write follows. */
  checkpointNow(): void;
  /** Stops the timer, signs the head, and waits for the anchor to reach the keychain. */
  close(): Promise<void>;
  /** Resolves once the queued anchor writes are done. */
  settled(): Promise<void>;
  info(): AuditSigningKeyInfo;
  /** A raw Ed25519 signature over `bytes`, or null when no key could be read. */
  signExport(bytes: Buffer): { signature: Buffer; publicKeyPem: string; fingerprint: string } | null;
  /** The seqs whose chain hash `judge` needs. */
  capture(): Set<number>;
  judge(walk: ChainWalk): AuditVerifyResult;
}

interface Row {
  seq: number;
  payload: string;
  signature: string;
  key_id: string;
}

export function createAuditIntegrity(options: AuditIntegrityOptions): AuditIntegrity {
  const { db, keychain, account } = options;
  const clock = options.clock ?? (() => new Date());
  const boundMs = options.boundMs ?? CHECKPOINT_BOUND_MS;

  const headStmt = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1');
  const hashAtStmt = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck();
  const maxSeqStmt = db.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck();
  const insertStmt = db.prepare(
    'INSERT INTO audit_checkpoints (seq, payload, signature, key_id) VALUES (@seq, @payload, @signature, @keyId)',
  );
  const anyRowStmt = db.prepare('SELECT 1 FROM audit_checkpoints LIMIT 1').pluck();
  const newestAfterStmt = db.prepare(
    'SELECT seq, payload, signature, key_id FROM audit_checkpoints WHERE key_id = ? AND seq > ? ORDER BY seq DESC LIMIT 1',
  );
  const seqsStmt = db.prepare('SELECT seq FROM audit_checkpoints WHERE key_id = ? AND seq <= ?').pluck();
  const downFromStmt = db.prepare(
    'SELECT seq, payload, signature, key_id FROM audit_checkpoints WHERE key_id = ? AND seq <= ? ORDER BY seq DESC',
  );
  const carriedStmt = db.prepare('SELECT carried_over FROM audit_integrity WHERE id = 1').pluck();
  const newestOfKeyStmt = db.prepare(
    'SELECT seq, payload, signature, key_id FROM audit_checkpoints WHERE key_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const actionAtStmt = db.prepare('SELECT action FROM audit_log WHERE seq = ?').pluck();

  let state: AuditSigningKeyInfo['state'] = 'unavailable';
  let key: SigningKey | null = null;
  /** The newest checkpoint this app signed or read from the keychain: trusted (never from the file alone). */
  let trusted: Checkpoint | null = null;
  /** Start found the file behind the anchor (an older copy, or a cut tail): said so until a new epoch. */
  let behindAtStart = false;
  /**
   * Entries past the anchor of a clean close, not preceded by a note that signing was unavailable.
   * With that note they are signed as `recovered` and judged `unprovable`, never `intact`: the note is
   * in the file, so anyone who edits the file can write it too.
   */
  let addedWhileClosed: { from: number; to: number } | null = null;
  /** The signed form of `trusted` (what the anchor item holds, or will). */
  let lastSigned: SignedCheckpoint | null = null;
  /** Set by close(): the anchor written from then on says the app stopped cleanly. */
  let closing = false;
  let lastWriteFailed = false;
  let timer: NodeJS.Timeout | undefined;
  let pendingAnchor: SignedCheckpoint | null = null;
  let writing: Promise<void> | null = null;

  const head = (): { seq: number; hash: string } =>
    (headStmt.get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS_HASH };
  const chainHashAt = (seq: number): string | undefined =>
    seq === 0 ? GENESIS_HASH : (hashAtStmt.get(seq) as string | undefined);

  /** Signs (seq, hash) in `epoch`, stores the row, and queues the anchor; returns it. */
  function sign(k: SigningKey, at: { seq: number; hash: string }, epoch: Epoch, recovered: [number, number][]) {
    const checkpoint: Checkpoint = { seq: at.seq, hash: at.hash, at: clock().toISOString(), epoch, recovered };
    const signed = signCheckpoint(k, checkpoint);
    insertStmt.run({ seq: at.seq, ...signed, keyId: k.fingerprint });
    trusted = checkpoint;
    lastSigned = signed;
    return signed;
  }

  function queueAnchor(signed: SignedCheckpoint): void {
    pendingAnchor = signed;
    writing ??= (async () => {
      while (pendingAnchor && key) {
        const next = pendingAnchor;
        pendingAnchor = null;
        try {
          await keychain.set(AUDIT_KEY_SERVICE, account, encodeItem(key, next, closing));
          lastWriteFailed = false;
        } catch (error) {
          lastWriteFailed = true;
          // The DB row is signed all the same; only rollback protection lags until the next write.
          options.log?.warn('audit anchor could not be written to the keychain', {
            code: isAppError(error) ? error.code : 'unknown',
          });
        }
      }
      writing = null;
    })();
  }

  /** A new key, or a key whose anchor it cannot open: everything so far is carried over. */
  async function newEpoch(k: SigningKey, reason: AuditCarryReason | null): Promise<void> {
    const at = head();
    const epoch: Epoch = { carried: reason ? at.seq : 0, reason, since: clock().toISOString() };
    const checkpoint: Checkpoint = { seq: at.seq, hash: at.hash, at: epoch.since, epoch, recovered: [] };
    const signed = signCheckpoint(k, checkpoint);
    // The key must be in the keychain before anything it signs counts: a key that cannot be kept
    // would sign what no later run could check.
    await keychain.set(AUDIT_KEY_SERVICE, account, encodeItem(k, signed));
    insertStmt.run({ seq: at.seq, ...signed, keyId: k.fingerprint });
    key = k;
    trusted = checkpoint;
    lastSigned = signed;
    state = 'ready';
  }

  async function start(): Promise<void> {
    let text: string | null;
    try {
      text = await keychain.get(AUDIT_KEY_SERVICE, account);
    } catch (error) {
      options.log?.warn('audit signing key unreadable: the log is not signed this session', {
        code: isAppError(error) ? error.code : 'unknown',
      });
      state = 'unavailable';
      return;
    }
    const decoded = text === null ? null : decodeItem(text);
    if (decoded?.key)
      options.secrets?.add(decoded.key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
    const anchor = decoded?.key && decoded.anchor ? openCheckpoint(decoded.key, decoded.anchor) : null;
    try {
      if (!decoded || !decoded.key || !anchor) {
        const signedBefore = anyRowStmt.get() !== undefined;
        const at = head();
        let reason: AuditCarryReason | null = null;
        if (signedBefore || decoded) reason = text === null ? 'key_missing' : 'key_changed';
        else if (((carriedStmt.get() as number | undefined) ?? 0) > 0) reason = 'upgrade';
        else if (at.seq > 0) reason = 'keychain_unavailable';
        const k = decoded?.key ?? generateSigningKey();
        options.secrets?.add(k.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
        await newEpoch(k, reason);
        return;
      }
      key = decoded.key;
      trusted = anchor;
      lastSigned = decoded.anchor;
      state = 'ready';
      if (chainHashAt(anchor.seq) !== anchor.hash) {
        // Older or rewritten: never sign over it, or the next run would take it for the truth.
        behindAtStart = (maxSeqStmt.get() as number) < anchor.seq;
        state = 'frozen';
        options.log?.warn('audit log disagrees with its keychain anchor; signing stops', {
          anchorSeq: anchor.seq,
        });
        return;
      }
      // The anchor may lag the file by one checkpoint (a crash before the keychain write).
      const newer = newestAfterStmt.get(key.fingerprint, anchor.seq) as Row | undefined;
      const opened = newer ? openCheckpoint(key, newer) : null;
      if (opened && sameEpoch(opened.epoch, anchor.epoch) && chainHashAt(opened.seq) === opened.hash) {
        trusted = opened;
        lastSigned = newer!;
        queueAnchor(newer!);
      }
      const now = head();
      if (now.seq > trusted.seq && decoded.closed && actionAtStmt.get(trusted.seq + 1) !== SIGNING_UNAVAILABLE) {
        // The app closed cleanly at the anchor and no later run said it could not sign: written by
        // someone else while it was not running. Never signed over. (With that note the entries are
        // signed below as `recovered`, which keeps the verdict `unprovable` for good.)
        addedWhileClosed = { from: trusted.seq + 1, to: now.seq };
        state = 'frozen';
        options.log?.warn('audit entries were added while the app was not running; signing stops', {
          from: addedWhileClosed.from,
          to: addedWhileClosed.to,
        });
        return;
      }
      if (now.seq > trusted.seq) {
        // Written by the last run after its last checkpoint (it stopped within the bound, or had no key).
        queueAnchor(sign(key, now, trusted.epoch, [...trusted.recovered, [trusted.seq + 1, now.seq]]));
      } else if (decoded.closed) {
        // From now on a stop without close() must read as a crash, not as a clean close.
        queueAnchor(lastSigned!);
      }
      await writing;
      if (decoded.closed && lastWriteFailed) {
        // The item still says "closed": this run's entries would later read as added behind the
        // app's back. Run as without a key instead (the log says so in its first entry).
        key = null;
        trusted = null;
        state = 'unavailable';
      }
    } catch (error) {
      options.log?.warn('audit signing could not start: the log is not signed this session', {
        code: isAppError(error) ? error.code : 'unknown',
      });
      key = null;
      trusted = null;
      state = 'unavailable';
    }
  }

  function checkpointNow(): void {
    clearTimeout(timer);
    timer = undefined;
    if (state !== 'ready' || !key || !trusted) return;
    const now = head();
    if (now.seq <= trusted.seq) return;
    queueAnchor(sign(key, now, trusted.epoch, trusted.recovered));
  }

  function noteAppend(): void {
    if (state !== 'ready' || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      try {
        checkpointNow();
      } catch (error) {
        options.log?.warn('audit checkpoint failed', { code: (error as { code?: string }).code ?? 'unknown' });
      }
    }, boundMs);
    timer.unref?.();
  }

  function capture(): Set<number> {
    const seqs = new Set<number>();
    if (!key || !trusted) return seqs;
    seqs.add(trusted.seq);
    for (const seq of seqsStmt.iterate(key.fingerprint, trusted.seq) as IterableIterator<number>) seqs.add(seq);
    return seqs;
  }

  /**
   * Pins a rewrite down to the entries between the newest signed checkpoint the chain still matches
   * and the oldest signed one above it that it does not (exact when checkpoints were one entry
   * apart). Looks at checkpoints up to `top`; `upper` is a mismatch already known above them. Null
   * when the newest signed checkpoint found matches and nothing above was known to differ.
   */
  function localize(
    k: SigningKey,
    top: number,
    upper: number | null,
    hashes: Map<number, string>,
  ): { from: number; to: number } | null {
    for (const row of downFromStmt.iterate(k.fingerprint, top) as IterableIterator<Row>) {
      if (hashes.get(row.seq) === undefined) continue;
      const c = openCheckpoint(k, row);
      if (!c || c.seq !== row.seq) continue;
      if (hashes.get(c.seq) === c.hash) return upper === null ? null : { from: c.seq + 1, to: upper };
      upper = c.seq;
    }
    return upper === null ? null : { from: 1, to: upper };
  }

  function judge(walk: ChainWalk): AuditVerifyResult {
    const base = {
      entries: walk.entries,
      signedThrough: 0,
      unsigned: walk.lastSeq,
      carriedOver: null,
      recovered: [],
      keyFingerprint: key?.fingerprint ?? null,
    };
    const result = (r: Partial<AuditVerifyResult> & Pick<AuditVerifyResult, 'verdict'>): AuditVerifyResult => ({
      ...base,
      ...r,
      ok: r.verdict === 'intact',
    });
    const t = trusted;
    const signedThrough = t && walk.hashes.get(t.seq) === t.hash ? t.seq : 0;
    if (t && signedThrough) {
      Object.assign(base, {
        signedThrough,
        unsigned: Math.max(0, walk.lastSeq - signedThrough),
        carriedOver:
          t.epoch.reason && t.epoch.carried > 0
            ? { through: t.epoch.carried, reason: t.epoch.reason, since: t.epoch.since }
            : null,
        recovered: t.recovered.map(([from, to]) => ({ from, to })),
      });
    }
    if (walk.broken && !walk.broken.atTail) return { ...plainVerdict(walk, null), ...base };
    if (!key || !t) return plainVerdict(walk, base.keyFingerprint);
    if (walk.broken || walk.lastSeq < t.seq) {
      // What is left may be rewritten as well (an entry removed and the rest renumbered).
      const rewritten = localize(key, walk.lastSeq, null, walk.hashes);
      if (rewritten)
        return result({
          verdict: 'changed',
          firstBadSeq: rewritten.from,
          lastBadSeq: rewritten.to,
          problem: 'changed',
        });
      // The file itself remembers more (its head, or a signed checkpoint past its end): a cut tail.
      // Otherwise it is indistinguishable from an older copy put back in place.
      let cut = walk.broken !== null;
      if (!cut) {
        const row = newestAfterStmt.get(key.fingerprint, walk.lastSeq) as Row | undefined;
        cut = row !== undefined && openCheckpoint(key, row) !== null;
      }
      return result({
        verdict: cut ? 'truncated' : 'rolled_back',
        firstBadSeq: walk.lastSeq + 1,
        lastSignedSeq: t.seq,
        ...(walk.broken ? { problem: 'removed' as const } : {}),
        ...(cut ? {} : orphaned(key)),
      });
    }
    if (addedWhileClosed && signedThrough === t.seq)
      return result({
        verdict: 'changed',
        firstBadSeq: addedWhileClosed.from,
        lastBadSeq: addedWhileClosed.to,
        problem: 'added',
      });
    if (signedThrough !== t.seq) {
      if (behindAtStart)
        return result({
          verdict: 'rolled_back',
          firstBadSeq: walk.lastSeq + 1,
          lastSignedSeq: t.seq,
          ...orphaned(key),
        });
      const range = localize(key, t.seq, t.seq, walk.hashes)!;
      return result({ verdict: 'changed', firstBadSeq: range.from, lastBadSeq: range.to, problem: 'changed' });
    }
    if (t.epoch.reason && t.epoch.carried > 0) return result({ verdict: 'unprovable', reason: t.epoch.reason });
    // Signed only at a later start (a crash inside the bound, or a run without the key): an edit made
    // to them in between cannot be told, so the log as a whole cannot be proven.
    if (t.recovered.length > 0) return result({ verdict: 'unprovable', reason: 'recovered' });
    return result({ verdict: 'intact' });
  }

  /**
   * The file holds no checkpoint this key signed: the anchor belongs to a log that is not here any
   * more (the data folder was deleted or replaced, or a copy from before signing was put back).
   */
  function orphaned(k: SigningKey): { anchorWithoutLog?: true } {
    const row = newestOfKeyStmt.get(k.fingerprint) as Row | undefined;
    return row && openCheckpoint(k, row) ? {} : { anchorWithoutLog: true };
  }

  return {
    start,
    noteAppend,
    checkpointNow,
    async close() {
      // Twice is fine (the harness closes core, and so may its owner); the database may be gone.
      if (closing || !db.open) return;
      if (state === 'ready' && lastSigned) {
        closing = true;
        checkpointNow();
        // Nothing new queued: the same anchor again, now marked as a clean close.
        if (!pendingAnchor) queueAnchor(lastSigned);
      }
      closing = true;
      clearTimeout(timer);
      await writing;
    },
    async settled() {
      await writing;
    },
    info: () => ({
      state,
      fingerprint: key?.fingerprint ?? null,
      publicKeyPem: key?.publicKeyPem ?? null,
    }),
    signExport(bytes) {
      if (!key) return null;
      return { signature: signBytes(key, bytes), publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
    },
    capture,
    judge,
  };
}

function sameEpoch(a: Epoch, b: Epoch): boolean {
  return a.since === b.since && a.carried === b.carried && a.reason === b.reason;
}

/**
 * The verdict without a key: what the plain chain proves wrong is wrong; a chain that looks fine is
 * only `unprovable` (anyone who can edit the file can recompute it).
 */
export function plainVerdict(walk: ChainWalk, keyFingerprint: string | null = null): AuditVerifyResult {
  const base = {
    ok: false,
    entries: walk.entries,
    signedThrough: 0,
    unsigned: walk.lastSeq,
    carriedOver: null,
    recovered: [],
    keyFingerprint,
  };
  const b = walk.broken;
  if (b && !b.atTail) return { ...base, verdict: 'changed', firstBadSeq: b.seq, lastBadSeq: b.seq, problem: b.problem };
  if (b) return { ...base, verdict: 'truncated', firstBadSeq: b.seq, problem: 'removed' };
  return { ...base, verdict: 'unprovable', reason: 'keychain_unavailable' };
}
