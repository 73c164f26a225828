import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Rule ids that fire on `code` as if it lived at `filePath`. */
async function rulesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const BOUNDARY = ['no-restricted-imports', 'no-restricted-syntax'];
const boundaryHits = async (filePath: string, code: string) => (await rulesFor(filePath, code)).filter((r) => BOUNDARY.includes(r) || r.startsWith('fatal'));

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
      const code = "<script setup lang=\"ts\">\nimport { shell } from 'electron';\nshell.beep();\n</script>\n<template><div /></template>\n";
      expect(await boundaryHits('renderer/src/X.vue', code)).toContain('no-restricted-imports');
    });

    it('but allowed in electron/main', async () => {
      expect(await boundaryHits('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
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
      const code = "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('api', { x: () => ipcRenderer.invoke('app.info', {}) });\n";
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
      expect(await boundaryHits('renderer/src/x.ts', "export const load = () => import('./views/Home.vue');\n")).toEqual([]);
    });

    it('but allowed in electron/core', async () => {
      expect(await boundaryHits('electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toEqual([]);
    });

    it('zod and relative imports stay fine in shared', async () => {
      expect(await boundaryHits('shared/x.ts', "import { z } from 'zod';\nimport { CSP } from './csp';\nexport const s = [z, CSP];\n")).toEqual([]);
    });
  });
});
