/**
 * The app's Content Security Policy: the single source for the Electron main process (response
 * header), the browser harness (response header) and the renderer's `<meta>` tag (injected into
 * `renderer/index.html` at build time by `cspMetaPlugin` in `vite.renderer.config.ts`).
 */
const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
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

function serialize(skip: readonly Directive[]): string {
  return (Object.keys(CSP_DIRECTIVES) as Directive[])
    .filter((name) => !skip.includes(name))
    .map((name) => `${name} ${CSP_DIRECTIVES[name].join(' ')}`)
    .join('; ');
}

/** The value of the `Content-Security-Policy` response header. */
export const CSP = serialize([]);

/** The same policy for `<meta http-equiv="Content-Security-Policy">` (no header-only directives). */
export const CSP_META = serialize(HEADER_ONLY);
