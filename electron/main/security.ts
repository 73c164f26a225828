import type { Session, WebContents } from 'electron';
import { CSP } from '../../shared/csp';
import { describeUrl, openExternalIfAllowed } from './externalLinks';

export interface HardeningOptions {
  /** Same-app test for navigations (see appUrl.ts). */
  isAppUrl(url: string): boolean;
  /** `shell.openExternal`. Only ever called with allow-listed URLs. */
  openExternal(url: string): Promise<void>;
  log?: { warn(message: string, fields?: Record<string, unknown>): void };
}

/**
 * Session-wide rules: the CSP response header on every response (`csp`: shared/csp.ts, the dev
 * server's variant only while main loads from it), and every permission request (camera,
 * notifications, clipboard-read, geolocation, …) and permission check denied.
 */
export function hardenSession(session: Session, csp: string = CSP): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Rules for any webContents: no navigation away from the app, no new windows (allow-listed
 * documentation links go to the system browser instead), no <webview>.
 */
export function hardenWebContents(contents: WebContents, options: HardeningOptions): void {
  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    // A plain <a href> to the documentation hosts: open it where it belongs.
    if (!openExternalIfAllowed(url, options.openExternal))
      options.log?.warn('blocked navigation', { target: describeUrl(url) });
  };
  contents.on('will-navigate', (event, url) => guardNavigation(event, url));
  contents.on('will-redirect', (event, url) => guardNavigation(event, url));
  // Subframes (the CSP already limits them to 'self'; this is the second line).
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url, options.openExternal, options.log);
    return { action: 'deny' };
  });
}
