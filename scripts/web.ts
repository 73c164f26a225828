/**
 * `npm run web [-- --port N] [--data-dir DIR] [--skip-build]`: builds the renderer and serves it
 * with the real core behind the loopback bridge (electron/harness/server.ts). Prints exactly one
 * line on stdout, `Service User Desk harness: <url>`; everything else goes to stderr.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHarness } from '../electron/harness/server';

const root = fileURLToPath(new URL('..', import.meta.url));

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'service-user-desk-harness');
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  // Vite's own output goes to stderr so stdout keeps its one line.
  const log = console.log;
  console.log = (...args: unknown[]) => console.error(...args);
  try {
    await build({ configFile: join(root, 'vite.renderer.config.ts'), logLevel: 'warn' });
  } finally {
    console.log = log;
  }
}

/**
 * Builds the renderer (unless --skip-build), starts the harness and prints its address; stops it
 * on SIGINT/SIGTERM. `args` are the command-line arguments after `npm run web --`.
 */
export async function runHarness(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      // The only folder audit exports may be written into (default: the home folder).
      'export-dir': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      // E2E only: lets the test read the in-memory clipboard (see electron/harness/server.ts).
      'expose-clipboard': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535 (got ${values.port}).`);
  const dataDir = resolve(values['data-dir'] ?? process.env.SUD_DATA_DIR ?? defaultDataDir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  if (!values['skip-build']) {
    process.stderr.write('Building the renderer…\n');
    await buildRenderer();
  }
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  process.stderr.write(`Data folder: ${dataDir}\n`);
  const harness = await startHarness({
    port,
    dataDir,
    appVersion: version,
    exposeClipboard: values['expose-clipboard'],
    exportDir: values['export-dir'] && resolve(values['export-dir']),
  });
  process.stdout.write(`Service User Desk harness: ${harness.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`Stopping (${signal})…\n`);
    harness.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runHarness(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
