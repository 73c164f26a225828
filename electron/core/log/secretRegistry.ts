/**
 * Every secret value the process has seen (admin API keys, service-user tokens). The logger and
 * the error boundary scrub these out of anything they write, as a second line of defence behind
 * "never put a secret into a message in the first place".
 *
 * A secret can reach a log line in another spelling than its own: JSON-escaped (a key holding `"`
 * or `\` inside a JSON line), URL-encoded (a query string), base64 / base64url (a Basic header,
 * a dumped body) or hex. Each registered value is scrubbed in all of those forms.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private readonly forms = new Set<string>();
  /**
   * Every encoded form of every registered value, in a trie of {@link WINDOW}-character chunks
   * keyed by their hash. `scrub` rolls the first chunk's hash along the text, so a line costs
   * about the same with one secret registered as with thousands (each token issued is one), and
   * forms sharing a prefix (tokens of one format, their hex) are told apart chunk by chunk.
   */
  private readonly root = new Map<number, Chunk>();
  /** Whether any form's first chunk hashes to this (low 16 bits): most text positions stop here. */
  private readonly heads = new Uint8Array(1 << 16);

  add(value: string | null | undefined): void {
    if (!value || value.length < 8 || this.values.has(value)) return;
    this.values.add(value);
    for (const form of encodedForms(value)) {
      if (this.forms.has(form)) continue;
      this.forms.add(form);
      const head = windowHash(form, 0);
      this.heads[head & 0xffff] = 1;
      let chunk = this.root.get(head);
      if (!chunk) this.root.set(head, (chunk = { forms: [], next: undefined }));
      place(chunk, 1, form);
    }
  }

  /**
   * Replaces every occurrence of every form. Occurrences that overlap (two secrets sharing
   * characters, a form inside a longer one) become one `[redacted]`, so no part of either shows.
   */
  scrub(text: string): string {
    if (this.root.size === 0 || text.length < WINDOW) return text;
    let out = '';
    let kept = 0; // text before this index is in `out` already
    let coverStart = 0;
    let coverEnd = -1; // the redaction being built: [coverStart, coverEnd)
    let hash = windowHash(text, 0);
    for (let i = 0; ; i++) {
      if (this.heads[hash & 0xffff] !== 0) {
        const form = this.longestAt(text, i, hash);
        if (form) {
          const end = i + form.length;
          if (i < coverEnd) {
            coverEnd = Math.max(coverEnd, end);
          } else {
            if (coverEnd >= 0) {
              out += text.slice(kept, coverStart) + REDACTED;
              kept = coverEnd;
            }
            coverStart = i;
            coverEnd = end;
          }
        }
      }
      if (i + WINDOW >= text.length) break;
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(i), HIGHEST_POWER), BASE) + text.charCodeAt(i + WINDOW)) | 0;
    }
    if (coverEnd < 0) return text;
    return out + text.slice(kept, coverStart) + REDACTED + text.slice(coverEnd);
  }

  /** The longest form that starts at `at` in `text` (`head`: the hash of its first chunk there). */
  private longestAt(text: string, at: number, head: number): string | undefined {
    let found: string | undefined;
    let chunk = this.root.get(head);
    for (let depth = 1; chunk; depth++) {
      // Hashes can collide: each candidate is compared in full. Longest first in each chunk.
      const here = chunk.forms.find((f) => text.startsWith(f, at));
      if (here && (!found || here.length > found.length)) found = here;
      if (!chunk.next || at + (depth + 1) * WINDOW > text.length) break;
      chunk = chunk.next.get(windowHash(text, at + depth * WINDOW));
    }
    return found;
  }
}

/**
 * A node of the registry's trie, reached by the hashes of a form's first depth × WINDOW
 * characters. It holds its forms in a list until the list grows long (forms sharing a prefix);
 * then those long enough move one chunk deeper, by the hash of their next WINDOW characters.
 */
interface Chunk {
  /** Longest first. */
  forms: string[];
  next: Map<number, Chunk> | undefined;
}

/** Forms a chunk holds before the longer ones move a level down. */
const CHUNK_LIST_MAX = 8;

function place(chunk: Chunk, depth: number, form: string): void {
  const deeper = form.length >= (depth + 1) * WINDOW;
  if (chunk.next && deeper) {
    const key = windowHash(form, depth * WINDOW);
    let child = chunk.next.get(key);
    if (!child) chunk.next.set(key, (child = { forms: [], next: undefined }));
    place(child, depth + 1, form);
    return;
  }
  const shorter = chunk.forms.findIndex((f) => f.length < form.length);
  chunk.forms.splice(shorter < 0 ? chunk.forms.length : shorter, 0, form);
  if (chunk.next || chunk.forms.length <= CHUNK_LIST_MAX) return;
  // Split: the forms long enough to tell apart by their next chunk move down.
  const held = chunk.forms;
  chunk.forms = [];
  chunk.next = new Map();
  for (const f of held) place(chunk, depth, f);
}

const REDACTED = '[redacted]';

/** Shorter fragments would redact ordinary text; a secret is at least 8 characters (see `add`). */
const MIN_FORM_LENGTH = 8;

/** Characters hashed to find a form's candidates: every form is at least this long. */
const WINDOW = MIN_FORM_LENGTH;
const BASE = 0x01000193;
/** BASE^(WINDOW-1) mod 2^32: the weight of the character leaving the window. */
const HIGHEST_POWER = Array.from({ length: WINDOW - 1 }).reduce<number>((p) => Math.imul(p, BASE), 1);

/** A polynomial hash (mod 2^32) of text[start, start + WINDOW), the one `scrub` rolls along a text. */
function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let k = 0; k < WINDOW; k++) hash = (Math.imul(hash, BASE) + text.charCodeAt(start + k)) | 0;
  return hash;
}

/** The spellings a secret can take in a log line (see the class comment). */
function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const json = JSON.stringify(value).slice(1, -1);
  const forms = [
    value,
    json,
    // A JSON text logged as a string field is escaped twice.
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(value),
    encodeURIComponent(value).toLowerCase(),
    // application/x-www-form-urlencoded writes spaces as '+'.
    new URLSearchParams({ v: value }).toString().slice(2),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Cores(bytes, 'base64'),
    ...base64Cores(bytes, 'base64url'),
  ];
  return [...new Set(forms)].filter((form) => form.length >= MIN_FORM_LENGTH);
}

/**
 * Base64 of the secret inside a longer text (a header `user:key`, a body) depends on where the
 * secret starts modulo 3. For each of the three offsets, keep the characters that encode only
 * secret bytes; the characters shared with the bytes around it differ from text to text.
 */
function base64Cores(bytes: Buffer, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = [bytes.toString(encoding)];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString(encoding).replace(/=+$/, '');
    // Leading characters mixing pad and secret bits; trailing ones mixing secret and what follows.
    const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const wholeGroups = Math.floor(padded.length / 3) * 4;
    cores.push(encoded.slice(start, wholeGroups));
  }
  return cores;
}
