import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPED_RULES = ['@typescript-eslint/no-floating-promises', '@typescript-eslint/no-misused-promises'];
let eslint: ESLint;

beforeAll(() => {
  // Syntax rules are checked at made-up paths no tsconfig includes, so type information is left out here;
  // the type-checked rules have their own describe below, at real files.
  eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: Object.fromEntries(TYPED_RULES.map((rule) => [rule, 'off'])),
    },
  });
});

const errorsOf = (result: ESLint.LintResult | undefined) =>
  (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? `fatal: ${m.message}`);

/** Rule ids that fire on `code` as if it lived at `filePath`. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return errorsOf(result);
}

const BOUNDARY = ['no-restricted-imports', 'no-restricted-syntax'];
const boundaryHits = async (filePath: string, code: string) =>
  (await rulesFor(filePath, code)).filter((r) => BOUNDARY.includes(r) || r.startsWith('fatal'));

describe('import boundaries', () => {
  describe('electron is banned in core, shared and renderer', () => {
    it.each([
      ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
      ['electron/core/x.ts', "import type { WebContents } from 'electron/main';\nexport type W = WebContents;\n"],
      ['shared/x.ts', "import { shell } from 'electron';\nexport const s = shell;\n"],
      ['renderer/src/x.ts', "import * as electron from 'electron';\nexport const e = electron;\n"],
    ])('%s: %s', async (file, code) => {
      expect(await boundaryHits(file, code)).toContain('no-restricted-imports');
    });

    it('in a .vue file too', async () => {
      const code =
        '<script setup lang="ts">\nimport { shell } from \'electron\';\nshell.beep();\n</script>\n<template><div /></template>\n';
      expect(await boundaryHits('renderer/src/X.vue', code)).toContain('no-restricted-imports');
    });

    it('but allowed in electron/main', async () => {
      expect(
        await boundaryHits('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
      ).toEqual([]);
    });
  });

  describe('ipcRenderer only in electron/preload', () => {
    it.each([
      ['electron/main/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
      ['electron/harness/x.ts', "import { ipcRenderer as ipc } from 'electron';\nexport const i = ipc;\n"],
      ['renderer/src/x.ts', "export const send = () => (window as any).electron.ipcRenderer.invoke('x');\n"],
      ['shared/x.ts', 'declare const ipcRenderer: unknown;\nexport const i = ipcRenderer;\n'],
    ])('%s: %s', async (file, code) => {
      const hits = await boundaryHits(file, code);
      expect(hits.some((h) => BOUNDARY.includes(h))).toBe(true);
    });

    it('allowed in electron/preload', async () => {
      const code =
        "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('api', { x: () => ipcRenderer.invoke('app.info', {}) });\n";
      expect(await boundaryHits('electron/preload/index.ts', code)).toEqual([]);
    });
  });

  describe('Node built-ins are banned in shared and renderer', () => {
    it.each([
      ['shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
      ['shared/x.ts', "import fs from 'fs';\nexport const r = fs;\n"],
      ['shared/x.ts', "import { join } from 'path';\nexport const j = join;\n"],
      ['renderer/src/x.ts', "import { readFile } from 'fs/promises';\nexport const r = readFile;\n"],
      ['renderer/src/x.ts', "import { createHash } from 'node:crypto';\nexport const c = createHash;\n"],
    ])('%s: %s', async (file, code) => {
      expect(await boundaryHits(file, code)).toContain('no-restricted-imports');
    });

    it.each([
      ['renderer/src/x.ts', "export const load = () => import('node:child_process');\n"],
      ['shared/x.ts', "export const load = () => import('fs/promises');\n"],
      ['shared/x.ts', "declare const require: (m: string) => unknown;\nexport const fs = require('fs');\n"],
    ])('%s: %s (dynamic)', async (file, code) => {
      expect(await boundaryHits(file, code)).toContain('no-restricted-syntax');
    });

    it('a dynamic import of app code stays fine', async () => {
      expect(
        await boundaryHits('renderer/src/x.ts', "export const load = () => import('./views/Home.vue');\n"),
      ).toEqual([]);
    });

    it('but allowed in electron/core', async () => {
      expect(
        await boundaryHits(
          'electron/core/x.ts',
          "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
        ),
      ).toEqual([]);
    });

    it('zod and relative imports stay fine in shared', async () => {
      expect(
        await boundaryHits(
          'shared/x.ts',
          "import { z } from 'zod';\nimport { CSP } from './csp';\nexport const s = [z, CSP];\n",
        ),
      ).toEqual([]);
    });
  });
});

describe('layers by folder', () => {
  const restricted = async (filePath: string, code: string) =>
    (await boundaryHits(filePath, code)).filter((r) => r === 'no-restricted-imports');

  describe('renderer imports no electron/** code', () => {
    it.each([
      ['renderer/src/x.ts', "import { createCore } from '../../electron/core/app';\nexport const c = createCore;\n"],
      [
        'renderer/src/stores/x.ts',
        "import type { Logger } from '../../../electron/core/log';\nexport type L = Logger;\n",
      ],
      ['renderer/src/x.ts', "import { setupIpc } from '../electron/main/ipc';\nexport const s = setupIpc;\n"],
      [
        'renderer/src/x.ts',
        "import { startSandbox } from '../../electron/sandbox/index';\nexport const s = startSandbox;\n",
      ],
      ['renderer/src/x.ts', "import { createCore } from 'electron/core/app';\nexport const c = createCore;\n"],
      ['renderer/src/x.ts', "import { createCore } from '@app/electron/core/app';\nexport const c = createCore;\n"],
      [
        'renderer/src/x.ts',
        "export type C = typeof import('../../electron/core/app');\nexport * from '../../electron/core/app';\n",
      ],
    ])('%s: %s', async (file, code) => {
      expect(await restricted(file, code)).toContain('no-restricted-imports');
    });

    it('in a .vue file too', async () => {
      const code =
        '<script setup lang="ts">\nimport { createCore } from \'../../../electron/core/app\';\ncreateCore;\n</script>\n<template><div /></template>\n';
      expect(await restricted('renderer/src/views/X.vue', code)).toContain('no-restricted-imports');
    });

    it('shared and the renderer itself stay fine', async () => {
      const code =
        "import type { Api } from '../../shared/ipc/contract';\nimport { useWizardStore } from './stores/wizard';\nimport Home from './views/Home.vue';\nexport const x = [useWizardStore, Home] as unknown as Api;\n";
      expect(await boundaryHits('renderer/src/x.ts', code)).toEqual([]);
    });
  });

  describe('shared imports neither electron/** nor renderer/**', () => {
    it.each([
      ['shared/x.ts', "import { createCore } from '../electron/core/app';\nexport const c = createCore;\n"],
      ['shared/ipc/x.ts', "import type { Logger } from '../../electron/core/log/logger';\nexport type L = Logger;\n"],
      ['shared/x.ts', "import { setupIpc } from '../electron/main/ipc';\nexport const s = setupIpc;\n"],
      [
        'shared/x.ts',
        "import { useWizardStore } from '../renderer/src/stores/wizard';\nexport const u = useWizardStore;\n",
      ],
      ['shared/ipc/x.ts', "import type { Api } from '../../renderer/src/api';\nexport type A = Api;\n"],
    ])('%s: %s', async (file, code) => {
      expect(await restricted(file, code)).toContain('no-restricted-imports');
    });

    it('shared itself and zod stay fine', async () => {
      const code =
        "import { z } from 'zod';\nimport { sandboxChannels } from './ipc/sandbox';\nimport { AppError } from '../shared/errors';\nexport const s = [z, sandboxChannels, AppError];\n";
      expect(await boundaryHits('shared/x.ts', code)).toEqual([]);
    });
  });

  describe('core imports neither electron/main, electron/harness nor the sandbox', () => {
    it.each([
      ['electron/core/app.ts', "import { setupIpc } from '../main/ipc';\nexport const s = setupIpc;\n"],
      ['electron/core/creation/x.ts', "import { setupIpc } from '../../main/ipc';\nexport const s = setupIpc;\n"],
      [
        'electron/core/creation/x.ts',
        "import { setupIpc } from '../../../electron/main/ipc';\nexport const s = setupIpc;\n",
      ],
      ['electron/core/app.ts', "import { startHarness } from '../harness/server';\nexport const s = startHarness;\n"],
      ['electron/core/db/x.ts', "import type { Harness } from '../../harness';\nexport type H = Harness;\n"],
      // The sandbox tenant at electron/sandbox/ …
      ['electron/core/app.ts', "import { startSandbox } from '../sandbox';\nexport const s = startSandbox;\n"],
      [
        'electron/core/connections/x.ts',
        "import { startSandbox } from '../../sandbox/index';\nexport const s = startSandbox;\n",
      ],
      // … and where it lived before, electron/core/sandbox/.
      ['electron/core/app.ts', "import { startSandbox } from './sandbox/index';\nexport const s = startSandbox;\n"],
      [
        'electron/core/connections/x.ts',
        "import { startSandbox } from '../sandbox';\nexport const s = startSandbox;\n",
      ],
      ['electron/core/connections/x.ts', "import { seed } from '../sandbox/seed';\nexport const s = seed;\n"],
      [
        'electron/core/x.ts',
        "import { useWizardStore } from '../../renderer/src/stores/wizard';\nexport const u = useWizardStore;\n",
      ],
    ])('%s: %s', async (file, code) => {
      expect(await restricted(file, code)).toContain('no-restricted-imports');
    });

    it('shared (with its sandbox channel file), core siblings, Node and packages stay fine', async () => {
      const code =
        "import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { sandboxChannels } from '../../shared/ipc/sandbox';\nimport { createSandboxHost } from './connections/sandboxHost';\nimport { createDraftStore } from './drafts/draftStore';\nexport const x = [readFileSync, Database, sandboxChannels, createSandboxHost, createDraftStore];\n";
      expect(await boundaryHits('electron/core/app.ts', code)).toEqual([]);
    });

    it('the layers above core may import it and the sandbox', async () => {
      const code =
        "import { createCore } from '../core/app';\nimport { startSandbox } from '../sandbox/index';\nexport const x = [createCore, startSandbox];\n";
      expect(await boundaryHits('electron/harness/server.ts', code)).toEqual([]);
      expect(await boundaryHits('electron/main/x.ts', code)).toEqual([]);
    });

    it('the sandbox tenant may import core, but not electron', async () => {
      expect(
        await boundaryHits(
          'electron/sandbox/x.ts',
          "import { createLogger } from '../core/log';\nexport const l = createLogger;\n",
        ),
      ).toEqual([]);
      expect(
        await restricted('electron/sandbox/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
      ).toContain('no-restricted-imports');
    });

    it('electron stays banned in core alongside the layer rule', async () => {
      expect(
        await restricted('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"),
      ).toContain('no-restricted-imports');
    });
  });

  describe('scripts import nothing from tests/', () => {
    it.each([
      ['scripts/x.ts', "import { makeTempDir } from '../tests/support/tmp';\nexport const m = makeTempDir;\n"],
      [
        'scripts/x.ts',
        "import { CHROMIUM_PATH } from '../tests/e2e/support/chromium';\nexport const c = CHROMIUM_PATH;\n",
      ],
      ['scripts/lib/x.ts', "import { until } from '../../tests/support/until';\nexport const u = until;\n"],
      ['scripts/x.mjs', "import { makeTempDir } from '../tests/support/tmp.ts';\nexport const m = makeTempDir;\n"],
    ])('%s: %s', async (file, code) => {
      expect(await restricted(file, code)).toContain('no-restricted-imports');
    });

    it('app code and packages stay fine', async () => {
      const code =
        "import { join } from 'node:path';\nimport { chromium } from '@playwright/test';\nimport { createCore } from '../electron/core/app';\nexport const x = [join, chromium, createCore];\n";
      expect(await boundaryHits('scripts/x.ts', code)).toEqual([]);
    });

    it('tests may still import scripts', async () => {
      expect(
        await boundaryHits(
          'tests/unit/x.test.ts',
          "import { summarise } from '../../scripts/bench-stats';\nexport const s = summarise;\n",
        ),
      ).toEqual([]);
    });
  });
});

describe('no fixed sleeps in tests', () => {
  const sleepHits = async (filePath: string, code: string) =>
    (await rulesFor(filePath, code)).filter((r) => r === 'no-restricted-syntax' || r.startsWith('fatal'));

  describe('fire anywhere under tests/', () => {
    it.each([
      [
        'tests/component/x.test.ts',
        'export const f = async () => {\n  await new Promise((r) => setTimeout(r, 250));\n};\n',
      ],
      [
        'tests/component/x.test.ts',
        'export const f = async () => {\n  await new Promise((r) => setTimeout(r, 0));\n};\n',
      ],
      [
        'tests/integration/x.test.ts',
        'export const f = async () => {\n  await new Promise<void>((resolve) => setTimeout(() => resolve(), 20));\n};\n',
      ],
      [
        'tests/integration/x.test.ts',
        'export const f = async () => {\n  await new Promise<void>((resolve) => setTimeout(() => {\n    resolve();\n  }, 20));\n};\n',
      ],
      [
        'tests/integration/x.test.ts',
        'export const f = async () => {\n  await new Promise<void>((resolve) => {\n    setTimeout(resolve, 1300);\n  });\n};\n',
      ],
      [
        'tests/unit/x.test.ts',
        'export const f = async () => {\n  await new Promise((r) => globalThis.setTimeout(r, 50));\n};\n',
      ],
      [
        'tests/e2e/x.spec.ts',
        'declare const page: { waitForTimeout(ms: number): Promise<void> };\nexport const f = () => page.waitForTimeout(300);\n',
      ],
      [
        'tests/component/x.test.ts',
        'declare function wait(ms: number): Promise<void>;\nexport const f = () => wait(20);\n',
      ],
      [
        'tests/component/x.test.ts',
        'declare function wait(ms: number): Promise<void>;\ndeclare const DELAY: number;\nexport const f = () => wait(DELAY + 50);\n',
      ],
      [
        'tests/integration/x.test.ts',
        'declare function sleep(ms: number): Promise<void>;\nexport const f = () => sleep(1_000);\n',
      ],
      [
        'tests/e2e/support/x.ts',
        'declare const timers: { delay(ms: number): Promise<void> };\nexport const f = () => timers.delay(100);\n',
      ],
      ['tests/unit/electron/x.ts', 'export const f = () => new Promise((r) => setTimeout(r, 10));\n'],
    ])('%s: %s', async (file, code) => {
      expect(await sleepHits(file, code)).toContain('no-restricted-syntax');
    });
  });

  describe('do not fire on waiting for the condition', () => {
    it.each([
      [
        'tests/component/x.test.ts',
        "import { expect, vi } from 'vitest';\nlet n = 0;\nexport const f = () => vi.waitFor(() => expect(n).toBe(1), { timeout: 5_000 });\nn++;\n",
      ],
      [
        'tests/component/x.test.ts',
        "import { expect } from 'vitest';\ndeclare function until(check: () => unknown, o?: { timeout: number }): Promise<void>;\nexport const f = () => until(() => expect(1).toBe(1), { timeout: 5_000 });\n",
      ],
      [
        'tests/integration/x.test.ts',
        "import { expect } from 'vitest';\nexport const f = () => expect.poll(() => 1, { timeout: 5_000 }).toBe(1);\n",
      ],
      [
        'tests/component/x.test.ts',
        "import { vi } from 'vitest';\nexport const f = async () => {\n  vi.useFakeTimers();\n  await vi.advanceTimersByTimeAsync(250);\n};\n",
      ],
      [
        'tests/e2e/x.spec.ts',
        "import { expect, type Page } from '@playwright/test';\nexport const f = (page: Page) => expect(page.getByText('Saved')).toBeVisible({ timeout: 10_000 });\n",
      ],
      [
        'tests/component/x.test.ts',
        'declare function wait(check: () => boolean): Promise<void>;\nlet ready = false;\nexport const f = () => wait(() => ready);\nready = true;\n',
      ],
    ])('%s: %s', async (file, code) => {
      expect(await sleepHits(file, code)).toEqual([]);
    });

    it.each([
      // A time limit that rejects, and a race against one, are guards, not sleeps.
      [
        'tests/e2e/support/x.ts',
        "export const limit = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000));\n",
      ],
      [
        'tests/e2e/support/x.ts',
        "export const limit = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));\n",
      ],
      // A fake that hangs until aborted keeps its timer to clear it: a modelled hang.
      [
        'tests/unit/x.test.ts',
        "export const hang = (signal: AbortSignal) =>\n  new Promise<void>((resolve) => {\n    const timer = setTimeout(resolve, 5_000);\n    signal.addEventListener('abort', () => clearTimeout(timer));\n  });\n",
      ],
      [
        'tests/integration/x.test.ts',
        'declare const c: AbortController;\nexport const f = () => new Promise<void>((resolve) => {\n  setTimeout(() => c.abort(), 1_000);\n  resolve();\n});\n',
      ],
      [
        'tests/integration/x.test.ts',
        "declare const child: { kill(s: string): void };\nexport const f = () => new Promise<void>((resolve) => {\n  setTimeout(() => child.kill('SIGKILL'), 30_000);\n  resolve();\n});\n",
      ],
    ])('guards: %s: %s', async (file, code) => {
      expect(await sleepHits(file, code)).toEqual([]);
    });

    it('an exception says why in place', async () => {
      const code =
        'export const f = async () => {\n  // eslint-disable-next-line no-restricted-syntax -- the child process must run for real time before it is killed\n  await new Promise((r) => setTimeout(r, 200));\n};\n';
      expect(await sleepHits('tests/integration/x.test.ts', code)).toEqual([]);
    });

    it('app code is not a test: fault-injection latency in the sandbox stays allowed', async () => {
      expect(
        await sleepHits(
          'electron/sandbox/x.ts',
          'export const latency = (ms: number) => new Promise((r) => setTimeout(r, ms));\n',
        ),
      ).toEqual([]);
    });
  });

  it('the ipcRenderer ban still holds in tests', async () => {
    expect(
      await sleepHits(
        'tests/component/x.test.ts',
        'declare const ipcRenderer: unknown;\nexport const i = ipcRenderer;\n',
      ),
    ).toContain('no-restricted-syntax');
  });
});

describe('type-checked promise rules', { timeout: 120_000 }, () => {
  // The project service types the given text as if it were the real file: these paths must exist.
  let typed: ESLint;
  beforeAll(() => {
    typed = new ESLint({ cwd: root });
  });
  const typedHits = async (filePath: string, code: string) => {
    const [result] = await typed.lintText(code, { filePath: `${root}${filePath}` });
    return errorsOf(result).filter((r) => TYPED_RULES.includes(r) || r.startsWith('fatal'));
  };
  const FLOATING = 'const load = async () => 1;\nexport function f() {\n  load();\n}\n';

  it.each([
    ['electron/core/app.ts'],
    ['shared/errors.ts'],
    ['renderer/src/main.ts'],
    ['tests/component/helpers.ts'],
    ['vitest.config.ts'],
  ])('an unawaited promise fails lint in %s', async (file) => {
    expect(await typedHits(file, FLOATING)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('in a .vue file too', async () => {
    const code =
      '<script setup lang="ts">\nimport { onMounted } from \'vue\';\nconst load = async () => 1;\nonMounted(() => {\n  load();\n});\n</script>\n<template><div /></template>\n';
    expect(await typedHits('renderer/src/App.vue', code)).toEqual(['@typescript-eslint/no-floating-promises']);
  });

  it('an async listener whose promise nobody handles fails lint', async () => {
    const code = "const load = async () => 1;\nwindow.addEventListener('online', async () => {\n  await load();\n});\n";
    expect(await typedHits('renderer/src/main.ts', code)).toEqual(['@typescript-eslint/no-misused-promises']);
  });

  it('awaited, returned, caught or deliberately voided promises pass', async () => {
    const code =
      "const load = async () => 1;\nexport async function a() {\n  await load();\n}\nexport const b = () => load();\nexport function c() {\n  load().catch(() => undefined);\n  void load();\n  window.addEventListener('online', () => void load());\n}\n";
    expect(await typedHits('renderer/src/main.ts', code)).toEqual([]);
    expect(
      await typedHits(
        'electron/core/app.ts',
        code.replace("window.addEventListener('online', () => void load());\n", ''),
      ),
    ).toEqual([]);
  });
});
