import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, win32 } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { CSP } from '../../shared/csp';

/**
 * The renderer is served from `app://renderer/…` instead of `file://`: a real origin (so the IPC
 * sender check and navigation guards compare one origin, not file paths), the CSP as a response
 * header, and nothing on disk reachable except the files of the renderer build.
 */
const APP_SCHEME = 'app';
const APP_HOST = 'renderer';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs, a real origin and web storage; secure: a secure context like https;
 * supportFetchAPI: the module loader and `fetch` may load from it. Deliberately not bypassCSP,
 * corsEnabled or allowServiceWorkers.
 */
const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Content types of what the renderer build holds; any other file is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

const BASE_HEADERS = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };

/**
 * True when `url` is on the app origin. `app:` is not a special scheme to Node's URL parser (its
 * origin is 'null'), so the parts are compared: scheme, host, no port, no credentials.
 */
export function isAppOrigin(url: URL): boolean {
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

function refuse(status: 403 | 404 | 405): Response {
  return new Response(null, { status, headers: BASE_HEADERS });
}

/**
 * The file under `root` that `url` names, or null when it names nothing there: another scheme or
 * host, a `..` segment (plain or percent-encoded), an absolute or drive path, a backslash or NUL.
 * Exported for tests.
 */
function resolveAppPath(root: string, url: string): { file: string } | { refused: 403 | 404 } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: 404 };
  }
  if (!isAppOrigin(parsed)) return { refused: 403 };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { refused: 404 };
  }
  const rel = path.replace(/^\//, '') || 'index.html';
  if (
    /[\\\0]/.test(rel) ||
    isAbsolute(rel) ||
    win32.isAbsolute(rel) ||
    rel.split('/').some((segment) => segment === '..')
  ) {
    return { refused: 404 };
  }
  const file = resolve(root, rel);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { refused: 404 };
  return { file };
}

/**
 * The `protocol.handle('app', …)` handler: GET/HEAD of files inside `root` (out/renderer), with
 * their content type and the CSP header. Everything else is 403 (another host), 404 (outside the
 * folder, missing, a folder, an unknown type) or 405 (another method).
 */
export function createAppProtocolHandler(options: { root: string }): (request: Request) => Promise<Response> {
  const root = resolve(options.root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const target = resolveAppPath(root, request.url);
    if ('refused' in target) return refuse(target.refused);
    const type = CONTENT_TYPES[extname(target.file).toLowerCase()];
    if (!type) return refuse(404);
    try {
      if (!(await stat(target.file)).isFile()) return refuse(404);
      const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(target.file));
      return new Response(body, { status: 200, headers: { ...BASE_HEADERS, 'Content-Type': type } });
    } catch {
      return refuse(404);
    }
  };
}

/** Before `app` is ready: make `app:` a privileged (standard, secure) scheme. Once per process. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After `app` is ready: serve `root` (the renderer build) on `app://renderer/`. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root }));
}
