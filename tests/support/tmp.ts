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
 * Scans every byte of every file below `dir` for each secret (as UTF-8, UTF-16LE and base64),
 * returning the files where one was found. Used to prove a key or token never reached disk.
 */
export function findSecretsOnDisk(dir: string, secrets: string[]): { file: string; secret: string }[] {
  const hits: { file: string; secret: string }[] = [];
  for (const file of listFiles(dir)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
      if (needles.some((n) => bytes.includes(n))) hits.push({ file, secret: secret.slice(0, 4) + '…' });
    }
  }
  return hits;
}
