/**
 * Core start-up (open + migrate + load profiles) beside a bare better-sqlite3 open of the same
 * file, and the renderer's initial JS size (gzip). Targets: < 50 ms and < 5× the bare open;
 * < 200 KB initial JS.
 */
import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createCore } from '../electron/core/app';
import { DATABASE_FILE_NAME } from '../electron/core/db/database';
import { createMemorySecretStore } from '../electron/core/keychain/secretStore';
import { makeTempDir } from './lib/tempDir';
import { fmt, median, percentile } from './bench-stats';
import { record } from './lib/record';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function benchStartup(runs = 40): Promise<void> {
  const tmp = makeTempDir('sud-bench-');
  try {
    const keychain = createMemorySecretStore();
    const seed = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'bench', keychain });
    for (let i = 0; i < 20; i++) {
      await seed.handlers['profiles.add']({ name: `Profile ${i}`, region: 'us', apiKey: `bench-key-${i}-0123456789` });
    }
    await seed.close();
    const file = join(tmp.dir, DATABASE_FILE_NAME);

    const bare: number[] = [];
    const core: number[] = [];
    for (let i = 0; i < runs; i++) {
      let t0 = performance.now();
      const db = new Database(file);
      bare.push(performance.now() - t0);
      db.close();

      t0 = performance.now();
      const c = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'bench', keychain });
      await c.handlers['profiles.list']({});
      core.push(performance.now() - t0);
      await c.close();
    }
    const m = median(core);
    const b = median(bare);
    record({
      name: 'core start-up (open + migrate + load profiles)',
      value: m,
      unit: 'ms',
      p50: m,
      p99: percentile(core, 99),
      baseline: b,
      baselineName: 'bare: new better-sqlite3 Database(file) of the same file',
      ratio: m / b,
      target: '< 50 ms',
      met: m < 50,
    });
    console.log(
      `core start-up (open + integrity check + migrate + load 21 profiles): median ${fmt(m)} ms | bare better-sqlite3 open: median ${fmt(b, 3)} ms | ratio ${fmt(m / b, 1)}× (targets: < 50 ms, < 5×)`,
    );
  } finally {
    tmp.cleanup();
  }
}

/** Gzip size of the JS the renderer loads before any view is opened (entry + modulepreloads). */
export function rendererInitialJs(): void {
  const outDir = join(root, 'out', 'renderer');
  let html: string;
  try {
    html = readFileSync(join(outDir, 'index.html'), 'utf8');
  } catch {
    console.log('renderer initial JS: not built (run `npm run build` or `npm run web` first)');
    return;
  }
  const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gz = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f))).length, 0);
  const all = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'));
  const allGz = all.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, 'assets', f))).length, 0);
  console.log(
    `renderer initial JS: ${fmt(gz / 1024, 1)} KB gzip in ${initial.length} file(s) (target < 200 KB); all views: ${fmt(allGz / 1024, 1)} KB gzip in ${all.length} files`,
  );
}
