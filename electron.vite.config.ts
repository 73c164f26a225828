import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { PluginOption } from 'vite';
import { cspMetaPlugin, CSP_META_PLUGIN_NAME } from './scripts/vite-csp-plugin';
import { rendererConfig } from './vite.renderer.config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Native modules: always loaded from node_modules at run time (asar-unpacked when packaged). */
export const NATIVE_DEPS = ['better-sqlite3', '@napi-rs/keyring'];

const rendererPlugins: PluginOption[] = [...(rendererConfig.plugins ?? [])];
const hasCspPlugin = rendererPlugins.some(
  (p) => typeof p === 'object' && p !== null && 'name' in p && p.name === CSP_META_PLUGIN_NAME,
);

export default defineConfig({
  main: {
    build: {
      outDir: here('./out/main'),
      // Runtime dependencies stay imports of node_modules; the native ones must.
      externalizeDeps: { include: NATIVE_DEPS },
      lib: { entry: here('./electron/main/index.ts'), formats: ['es'] },
      rolldownOptions: { output: { entryFileNames: 'index.js' } },
    },
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      // A sandboxed preload can only require('electron') and a few builtins: bundle everything
      // else (shared/ipc/contract.ts, zod) into ONE CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  // The harness engineer's shared renderer config (vite.renderer.config.ts) plus the CSP meta tag.
  renderer: {
    ...rendererConfig,
    plugins: hasCspPlugin ? rendererPlugins : [...rendererPlugins, cspMetaPlugin()],
    build: {
      ...rendererConfig.build,
      rolldownOptions: { ...rendererConfig.build?.rolldownOptions, input: here('./renderer/index.html') },
    },
  },
});
