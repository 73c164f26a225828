import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { cspMetaPlugin } from './scripts/vite-csp-plugin';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The renderer build, shared by the Electron build (electron-vite can spread this into its
 * `renderer` section) and the browser harness (`npm run web`, Playwright globalSetup).
 */
export const rendererConfig = defineConfig({
  root: here('./renderer'),
  base: './',
  // cspMetaPlugin: the <meta> CSP comes from shared/csp.ts (same policy main and the harness send as a header).
  plugins: [vue(), cspMetaPlugin()],
  define: {
    // vue-i18n: composition API only, JIT message compiler (no eval, CSP-safe), no devtools in prod.
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_JIT_COMPILATION__: 'true',
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: here('./out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // Vite injects a modulepreload polyfill as an inline script by default; the CSP forbids that.
    modulePreload: { polyfill: false },
  },
});

export default rendererConfig;
