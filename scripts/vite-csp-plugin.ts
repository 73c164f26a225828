import type { Plugin } from 'vite';
import { CSP_META } from '../shared/csp';

export const CSP_META_PLUGIN_NAME = 'sud:csp-meta';

/**
 * Puts the app's CSP (shared/csp.ts) into index.html as a `<meta>` tag, so a page loaded from
 * file:// (packaged Electron, where no response header exists) gets the same policy that main and
 * the harness send as a header. A hand-written CSP meta tag is replaced, never duplicated.
 */
export function cspMetaPlugin(): Plugin {
  return {
    name: CSP_META_PLUGIN_NAME,
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const stripped = html.replace(/<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*/gi, '');
        return {
          html: stripped,
          tags: [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }],
        };
      },
    },
  };
}
