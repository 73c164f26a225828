/**
 * `npm start`: the desktop app when its Electron parts can be had, else the browser harness.
 *
 * The desktop app needs two things this machine may be unable to download: the Electron binary
 * (fetched from GitHub on first use) and better-sqlite3 built for Electron's ABI
 * (scripts/prepare-electron.mjs). When either is missing, the same app runs as the browser
 * harness (`npm run web`) and one line on stderr says why and how to get the desktop app.
 * SUD_NO_FALLBACK=1 turns the fallback off: the full error is printed and npm start fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export type StepResult = { ok: true } | { ok: false; reason: string; details: string };

/** The two things the desktop app needs; each gets them if it can (download, build). */
export interface StartProbe {
  electronBinary(): StepResult;
  nativeBuild(): StepResult;
}

export type StartPlan = { kind: 'electron' } | { kind: 'harness'; notice: string } | { kind: 'fail'; message: string };

const NO_FALLBACK = 'SUD_NO_FALLBACK';
const HELP = 'README "When npm start opens the browser harness"';

/** Decides how `npm start` goes on. The native build is only tried once Electron is there. */
export function planStart(probe: StartProbe, env: Record<string, string | undefined>): StartPlan {
  const electron = probe.electronBinary();
  const native = electron.ok ? probe.nativeBuild() : null;
  const failure = !electron.ok ? electron : native && !native.ok ? native : null;
  if (!failure) return { kind: 'electron' };
  if (env[NO_FALLBACK] === '1') return { kind: 'fail', message: failure.details };
  const [what, how] =
    failure === electron
      ? ['the Electron binary could not be downloaded', 'let this machine reach github.com or set ELECTRON_MIRROR']
      : [
          'better-sqlite3 could not be built for Electron',
          'let this machine reach github.com and electronjs.org, or copy a build made elsewhere into build/native/',
        ];
  return {
    kind: 'harness',
    notice: `[start] ${what} (${failure.reason}), so the browser harness starts instead of the desktop app. For the desktop app, ${how}, then run npm start again (${HELP}; ${NO_FALLBACK}=1 shows the full error).`,
  };
}

/** The first line that reads like an error, without its class name, shortened. */
export function reasonFrom(output: string, fallback: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line =
    lines.find((l) => /error|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|failed|\b[45]\d\d\b/i.test(l) && !/^at /.test(l)) ??
    lines[0];
  if (!line) return fallback;
  const text = line.replace(/^(\w*Error|npm ERR!|gyp ERR!):?\s*/, '');
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function run(
  script: string,
  args: string[],
  stdout: 'pipe' | 'inherit',
): { status: number | null; output: string; error?: Error } {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    stdio: ['ignore', stdout, 'pipe'],
    encoding: 'utf8',
  });
  return {
    status: result.status,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
    ...(result.error ? { error: result.error } : {}),
  };
}

/** The real steps: Electron's own installer (a no-op once the binary is there), then prepare-electron. */
export function createProbe(options: { electronInstall: string; prepareElectron: string }): StartProbe {
  return {
    electronBinary() {
      const result = run(options.electronInstall, [], 'pipe');
      if (result.status === 0) return { ok: true };
      const output = (result.error?.message ?? result.output).trim();
      const details = [
        '',
        '[start] Could not download the Electron binary.',
        ...output.split('\n').map((l) => `    ${l}`),
        '',
        '  Options:',
        "  - Let this machine reach github.com (Electron's releases), or set ELECTRON_MIRROR to a mirror",
        '    of them, then run `npm start` again.',
        '  - Or use the browser harness: `npm run web` (npm start does that itself without SUD_NO_FALLBACK=1).',
        '',
        '',
      ].join('\n');
      return { ok: false, reason: reasonFrom(output, `exit code ${result.status}`), details };
    },
    nativeBuild() {
      // Progress lines go to stdout as they come (a build can take minutes); the report of a
      // failure comes on stderr and is kept for SUD_NO_FALLBACK=1.
      const result = run(options.prepareElectron, [], 'inherit');
      if (result.status === 0) return { ok: true };
      return {
        ok: false,
        reason: 'no prebuilt binary could be downloaded and no build succeeded',
        details: result.error?.message ?? result.output,
      };
    },
  };
}

function electronVite(command: 'build' | 'preview'): number {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('electron-vite/package.json');
  const bin = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { bin: Record<string, string> }).bin['electron-vite']!;
  const result = spawnSync(process.execPath, [join(dirname(pkgPath), bin), command], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  const probe = createProbe({
    electronInstall: join(dirname(require.resolve('electron/package.json')), 'install.js'),
    prepareElectron: join(root, 'scripts', 'prepare-electron.mjs'),
  });
  const plan = planStart(probe, process.env);
  if (plan.kind === 'fail') {
    process.stderr.write(plan.message);
    process.exit(1);
  }
  if (plan.kind === 'harness') {
    process.stderr.write(`${plan.notice}\n`);
    const { runHarness } = await import('./web');
    await runHarness([]);
    return;
  }
  const built = electronVite('build');
  if (built !== 0) process.exit(built);
  process.exit(electronVite('preview'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
