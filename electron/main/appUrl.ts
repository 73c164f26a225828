import { APP_INDEX_URL, isAppOrigin } from './appProtocol';

/**
 * Where the renderer is loaded from, and the test every navigation and IPC sender must pass:
 * in development the electron-vite dev server (`ELECTRON_RENDERER_URL`), otherwise the app's own
 * origin `app://renderer` (appProtocol.ts serves the renderer build there).
 */
export interface AppLocation {
  /** The URL the main window loads. */
  readonly url: string;
  /** True for URLs of the app itself: the app origin (or the dev server's origin) and nothing else. */
  isAppUrl(url: string): boolean;
}

export function appLocation(options: { devServerUrl?: string | undefined } = {}): AppLocation {
  if (options.devServerUrl) {
    const origin = new URL(options.devServerUrl).origin;
    return {
      url: options.devServerUrl,
      isAppUrl: (url) => {
        const parsed = safeUrl(url);
        return (
          parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === origin
        );
      },
    };
  }
  return {
    url: APP_INDEX_URL,
    isAppUrl: (url) => {
      const parsed = safeUrl(url);
      return parsed !== null && isAppOrigin(parsed);
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
