import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The benchmarks make temp folders too; scripts/ may not import tests/, so the helper lives there.
export { makeTempDir } from '../../scripts/lib/tempDir';

/** Every file below `dir` (database, WAL, logs, exports...). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/**
 * Scans every byte of every file below `dir` for each secret in every spelling it could take there
 * (UTF-8, UTF-16LE, JSON-escaped once or twice, URL-encoded, hex, base64 and base64url at each alignment),
 * returning the files where one was found. Used to prove a key or token never reached disk.
 * Only files `include` accepts are scanned (e.g. all but the PKCS#12 file the password opens).
 */
export function findSecretsOnDisk(
  dir: string,
  secrets: string[],
  include: (file: string) => boolean = () => true,
): { file: string; secret: string }[] {
  const hits: { file: string; secret: string }[] = [];
  for (const file of listFiles(dir).filter(include)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      if (secretSpellings(secret).some((n) => bytes.includes(n))) hits.push({ file, secret: secret.slice(0, 4) + '…' });
    }
  }
  return hits;
}

/** Independent of core's scrubber on purpose: a test must not trust the code it checks. */
function secretSpellings(secret: string): Buffer[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const text = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    // A JSON text logged as a string field: escaped twice.
    JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1),
    encodeURIComponent(secret),
    utf8.toString('hex'),
    utf8.toString('hex').toUpperCase(),
  ];
  for (const encoding of ['base64', 'base64url'] as const) {
    text.push(utf8.toString(encoding));
    // Inside a longer text the secret starts at any offset modulo 3: compare the middle characters
    // that encode secret bytes only.
    for (let pad = 1; pad < 3; pad++) {
      const encoded = Buffer.concat([Buffer.alloc(pad), utf8]).toString(encoding);
      text.push(encoded.slice(4, Math.floor((pad + utf8.length) / 3) * 4));
    }
  }
  return [Buffer.from(secret, 'utf16le'), ...text.filter((t) => t.length >= 8).map((t) => Buffer.from(t))];
}
