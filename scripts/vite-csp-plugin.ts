import type { Plugin } from 'vite';
import { CSP_META, DEV_SERVER_CSP_META } from '../shared/csp';

export const CSP_META_PLUGIN_NAME = 'sud:csp-meta';

/**
 * Puts the app's CSP (shared/csp.ts) into index.html as a `<meta>` tag: a second layer under the
 * header main (app:// protocol) and the harness send. A hand-written CSP meta tag is replaced,
 * never duplicated. The dev server gets its variant (Vite injects styles as <style> elements there).
 */
export function cspMetaPlugin(): Plugin {
  let devServer = false;
  return {
    name: CSP_META_PLUGIN_NAME,
    configResolved(config) {
      devServer = config.command === 'serve';
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const stripped = html.replace(/<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*/gi, '');
        const content = devServer ? DEV_SERVER_CSP_META : CSP_META;
        return {
          html: stripped,
          tags: [
            { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' },
          ],
        };
      },
    },
  };
}
