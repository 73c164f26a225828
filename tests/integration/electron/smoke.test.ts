/**
 * Electron smoke test: launches the real app (the built out/main/index.js) with Playwright's
 * `_electron` when an Electron binary is installed. On machines where the binary cannot be
 * downloaded (ours), the suite reports itself skipped via requireService('electron', reason);
 * CI lists `electron` in SUD_ALLOW_SKIP.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireService } from '../../support/skip';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function electronBinary(): { path: string | null; reason: string | null } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path, reason: null };
    return { path: null, reason: `require('electron') gave ${String(path)}, which does not exist` };
  } catch (error) {
    return {
      path: null,
      reason: `the Electron binary is not installed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    };
  }
}

function prepare(): string | null {
  const native = spawnSync(process.execPath, [join(root, 'scripts', 'prepare-electron.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (native.status !== 0)
    return `better-sqlite3 for Electron is unavailable: ${(native.stderr || native.stdout).trim().split('\n').slice(0, 3).join(' ')}`;
  const build = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  return null;
}

const binary = electronBinary();
const available = requireService('electron', binary.reason) && requireService('electron', prepare());

describe.skipIf(!available)('Electron smoke', () => {
  type ElectronApp = Awaited<ReturnType<(typeof import('@playwright/test'))['_electron']['launch']>>;
  let app: ElectronApp;
  let dataDir: string;

  beforeAll(async () => {
    const { _electron } = await import('@playwright/test');
    dataDir = mkdtempSync(join(tmpdir(), 'sud-electron-smoke-'));
    const args = [join(root, 'out', 'main', 'index.js')];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    app = await _electron.launch({
      executablePath: binary.path!,
      args,
      cwd: root,
      env: { ...process.env, SUD_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' } as Record<string, string>,
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens one locked-down window that sees only window.api', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.title()).toBe('Service User Desk');
    const surface = await page.evaluate(() => {
      // Runs in the page (the Node tsconfig has no DOM types, hence globalThis).
      const w = globalThis as unknown as Record<string, unknown>;
      const leaks: Record<string, string> = {};
      for (const name of ['require', 'process', 'ipcRenderer', 'electron', 'module', 'Buffer'])
        leaks[name] = typeof w[name];
      return { domains: Object.keys((w.api ?? {}) as object).sort(), leaks };
    });
    expect(surface.domains.length).toBeGreaterThan(0);
    expect(
      Object.values(surface.leaks).every((type) => type === 'undefined'),
      JSON.stringify(surface.leaks),
    ).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('answers app.info over IPC from the real core', async () => {
    const page = await app.firstWindow();
    const info = await page.evaluate(() =>
      (globalThis as unknown as { api: { app: { info(r: object): Promise<unknown> } } }).api.app.info({}),
    );
    expect(info).toMatchObject({ ok: true, value: { transport: 'electron', dataDir } });
  });

  it('refuses window.open and foreign navigation', async () => {
    const page = await app.firstWindow();
    const opened = await page.evaluate(() => (globalThis as any).open('https://example.com/') === null);
    expect(opened).toBe(true);
    const before = page.url();
    // Listen after the app's own guard (registered at creation), so we see its decision.
    await app.evaluate(({ BrowserWindow }) => {
      const seen: { url: string; prevented: boolean }[] = [];
      (globalThis as any).__navigations = seen;
      BrowserWindow.getAllWindows()[0]!.webContents.on('will-navigate', (event, url) =>
        seen.push({ url, prevented: event.defaultPrevented }),
      );
    });
    await page.evaluate(() => {
      (globalThis as any).location.href = 'https://example.com/';
    });
    await vi.waitFor(
      async () => {
        expect(await app.evaluate(() => (globalThis as any).__navigations)).toEqual([
          { url: 'https://example.com/', prevented: true },
        ]);
      },
      { timeout: 10_000 },
    );
    expect(page.url()).toBe(before);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
