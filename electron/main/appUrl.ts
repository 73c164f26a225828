import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the renderer is loaded from, and the test every navigation and IPC sender must pass:
 * in development the electron-vite dev server (`ELECTRON_RENDERER_URL`), otherwise
 * `file://…/out/renderer/index.html`.
 */
export interface AppLocation {
  /** The URL the main window loads. */
  readonly url: string;
  /** True for URLs of the app itself: same http(s) origin, or a file inside the renderer folder. */
  isAppUrl(url: string): boolean;
}

export function appLocation(options: { devServerUrl?: string | undefined; rendererHtml: string }): AppLocation {
  if (options.devServerUrl) {
    const origin = new URL(options.devServerUrl).origin;
    return {
      url: options.devServerUrl,
      isAppUrl: (url) => {
        const parsed = safeUrl(url);
        return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === origin;
      },
    };
  }
  const rendererDir = dirname(options.rendererHtml);
  return {
    url: pathToFileURL(options.rendererHtml).toString(),
    isAppUrl: (url) => {
      const parsed = safeUrl(url);
      if (parsed === null || parsed.protocol !== 'file:' || parsed.host !== '') return false;
      let path: string;
      try {
        path = fileURLToPath(parsed);
      } catch {
        return false;
      }
      return path === options.rendererHtml || path.startsWith(rendererDir + '/') || path.startsWith(rendererDir + '\\');
    },
  };
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
