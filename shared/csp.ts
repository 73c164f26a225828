/**
 * The app's Content Security Policy: the single source for the Electron main process (the app://
 * protocol's and the session's response header), the browser harness (response header) and the
 * renderer's `<meta>` tag (injected into `renderer/index.html` at build time by `cspMetaPlugin` in
 * `vite.renderer.config.ts`).
 *
 * style-src has no 'unsafe-inline': the build has no <style> element or style attribute (its CSS
 * is in files), and Vue's `:style` bindings and `v-show` set CSSOM properties, which CSP does not
 * govern. Only Vite's dev server needs it (below).
 */
const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
} as const satisfies Record<string, readonly string[]>;

type Directive = keyof typeof CSP_DIRECTIVES;

/** Directives a browser ignores (and warns about) when they arrive in a `<meta>` tag. */
const HEADER_ONLY: readonly Directive[] = ['frame-ancestors'];

function serialize(skip: readonly Directive[], devServer = false): string {
  return (Object.keys(CSP_DIRECTIVES) as Directive[])
    .filter((name) => !skip.includes(name))
    .map(
      (name) =>
        `${name} ${[...CSP_DIRECTIVES[name], ...(devServer && name === 'style-src' ? ["'unsafe-inline'"] : [])].join(' ')}`,
    )
    .join('; ');
}

/** The value of the `Content-Security-Policy` response header. */
export const CSP = serialize([]);

/** The same policy for `<meta http-equiv="Content-Security-Policy">` (no header-only directives). */
export const CSP_META = serialize(HEADER_ONLY);

/**
 * Vite's dev server (`electron-vite dev`) injects every stylesheet as a <style> element for hot
 * reload, so pages it serves get style-src 'unsafe-inline' as well. A build never does.
 */
export const DEV_SERVER_CSP = serialize([], true);
export const DEV_SERVER_CSP_META = serialize(HEADER_ONLY, true);
