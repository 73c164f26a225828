#!/usr/bin/env node
// Run by `npm start` (scripts/start.ts) before the build: makes sure main can load better-sqlite3
// built for Electron's ABI, WITHOUT touching node_modules/better-sqlite3/build (the Node build the
// tests use).
//
// Result: build/native/electron-<version>-<platform>-<arch>/better_sqlite3.node, which main passes
// to `new Database(file, { nativeBinding })` (electron/main/nativeBinding.ts computes the same path).
// How: copy node_modules/better-sqlite3 (without its build/) to a temp folder, then there
//   1. prebuild-install --runtime electron --target <version>   (downloads from GitHub releases)
//   2. node-gyp rebuild --target=<version> --dist-url=https://electronjs.org/headers   (fallback)
// Set SUD_SKIP_NATIVE_PREPARE=1 to skip (e.g. node_modules was rebuilt for Electron on purpose).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const STEP_TIMEOUT_MS = 10 * 60_000;

const say = (line) => process.stdout.write(`[prepare-electron] ${line}\n`);

function fail(lines) {
  process.stderr.write(
    `\n[prepare-electron] Could not build better-sqlite3 for Electron.\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`,
  );
  process.exit(1);
}

if (process.env.SUD_SKIP_NATIVE_PREPARE === '1') {
  say('skipped (SUD_SKIP_NATIVE_PREPARE=1).');
  process.exit(0);
}

const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const { platform, arch } = process;
const targetDir = join(root, 'build', 'native', `electron-${electronVersion}-${platform}-${arch}`);
const target = join(targetDir, 'better_sqlite3.node');

if (existsSync(target)) {
  say(
    `better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}) is ready: ${target.slice(root.length + 1)}`,
  );
  process.exit(0);
}

const source = join(root, 'node_modules', 'better-sqlite3');
if (!existsSync(join(source, 'package.json'))) fail(['node_modules/better-sqlite3 is missing: run `npm ci` first.']);

const work = mkdtempSync(join(tmpdir(), 'sud-sqlite-electron-'));
cpSync(source, work, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });

// The machine's npmrc may set nodedir (Node's own headers) and npm passes it on as
// npm_config_nodedir: that would silently build for Node again. Start from a clean env.
const env = { ...process.env };
for (const name of Object.keys(env)) {
  if (/^npm_config_(nodedir|target|runtime|arch|disturl|dist_url|build_from_source)$/i.test(name)) delete env[name];
}

function run(label, command, args) {
  say(`${label}…`);
  const result = spawnSync(command, args, {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: STEP_TIMEOUT_MS,
    encoding: 'utf8',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status === 0) return { ok: true, output };
  const reason = result.error ? result.error.message : `exit code ${result.status}`;
  const useful = output
    .split('\n')
    .filter((line) => !/ stack +at |^gyp ERR! (System|command|cwd|node -v|node-gyp -v|not ok)/.test(line));
  return { ok: false, output: `${reason}\n${useful.slice(-6).join('\n')}` };
}

const bin = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
const built = join(work, 'build', 'Release', 'better_sqlite3.node');

const attempts = [];
const prebuild = run(`prebuild-install for Electron ${electronVersion}`, process.execPath, [
  bin('prebuild-install', 'bin.js'),
  '--runtime',
  'electron',
  '--target',
  electronVersion,
  '--arch',
  arch,
  '--platform',
  platform,
  '--verbose',
]);
attempts.push(['prebuild-install (GitHub releases of better-sqlite3)', prebuild]);

if (!prebuild.ok || !existsSync(built)) {
  const gyp = run(`node-gyp rebuild against Electron ${electronVersion} headers`, process.execPath, [
    bin('node-gyp', join('bin', 'node-gyp.js')),
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--dist-url=https://electronjs.org/headers',
  ]);
  attempts.push(['node-gyp (headers from electronjs.org, needs python3, make, g++)', gyp]);
}

if (!existsSync(built)) {
  rmSync(work, { recursive: true, force: true });
  fail([
    'Both ways failed; this usually means the machine cannot reach github.com or electronjs.org.',
    ...attempts.flatMap(([name, r]) => [
      `- ${name}: ${r.ok ? 'ran, but produced no binary' : 'failed'}`,
      ...r.output.split('\n').map((l) => `    ${l}`),
    ]),
    '',
    'Options:',
    `- On a machine with access, run \`node scripts/prepare-electron.mjs\` and copy`,
    `  build/native/electron-${electronVersion}-${platform}-${arch}/better_sqlite3.node here.`,
    '- Or use the browser harness: `npm run web` (npm start does that itself without SUD_NO_FALLBACK=1).',
    '- Or, if node_modules/better-sqlite3 is already built for Electron, set SUD_SKIP_NATIVE_PREPARE=1.',
  ]);
}

mkdirSync(targetDir, { recursive: true });
copyFileSync(built, target);
rmSync(work, { recursive: true, force: true });
say(`built ${target.slice(root.length + 1)}`);
