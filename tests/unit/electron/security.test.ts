import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CSP, CSP_META, DEV_SERVER_CSP, DEV_SERVER_CSP_META } from '../../../shared/csp';
import { appLocation } from '../../../electron/main/appUrl';
import { isAllowedExternalUrl } from '../../../electron/main/externalLinks';
import { hardenSession, hardenWebContents } from '../../../electron/main/security';
import { FakeWebContents, fake, fakeEvent, resetFake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const location = appLocation();
const APP_URL = location.url;

const hostile = [
  'https://evil.example/',
  'http://docs.digicert.com/en/x.html',
  'https://docs.digicert.com:8443/x',
  'https://user:pass@docs.digicert.com/x',
  'https://docs.digicert.com.evil.example/x',
  'https://evil.example/?docs.digicert.com',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'file:///opt/sud/out/renderer/index.html',
  'app://evil/index.html',
  'app://renderer.evil.example/index.html',
  'app://renderer:8080/index.html',
  'app://x@renderer/index.html',
  'apps://renderer/index.html',
  'data:text/html,hi',
  'https://one.digicert.com/account',
  'not a url',
];

describe('CSP', () => {
  it('is the agreed policy, in one place: no inline styles or scripts', () => {
    expect(CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    expect(CSP).not.toContain('unsafe');
    expect(CSP_META).toBe(CSP.replace(" frame-ancestors 'none';", ''));
  });

  it("only the dev server's variant allows inline styles (Vite injects <style> elements there)", () => {
    expect(DEV_SERVER_CSP).toBe(CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"));
    expect(DEV_SERVER_CSP_META).toBe(CSP_META.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"));
  });
});

describe('hardenSession', () => {
  beforeEach(() => resetFake());

  it('adds the CSP header to every response and replaces one the server sent', () => {
    const session = fake().session;
    hardenSession(session as never);
    const callback = vi.fn();
    session.headersListener!(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CSP] } });
    session.headersListener!({}, callback);
    expect(callback).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': [CSP] } });
    hardenSession(session as never, DEV_SERVER_CSP);
    session.headersListener!({}, callback);
    expect(callback).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': [DEV_SERVER_CSP] } });
  });

  it.each(['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen'])(
    'denies the %s permission',
    (permission) => {
      const session = fake().session;
      hardenSession(session as never);
      const callback = vi.fn();
      session.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!({}, permission, 'file://', {})).toBe(false);
    },
  );
});

describe('hardenWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    resetFake();
    contents = new FakeWebContents();
    hardenWebContents(contents as never, { isAppUrl: location.isAppUrl, openExternal: fake().shell.openExternal });
  });

  it('allows navigation within the app', () => {
    for (const event of ['will-navigate', 'will-redirect'] as const) {
      const e = fakeEvent();
      contents.emit(event, e, APP_URL + '#/drafts');
      expect(e.defaultPrevented).toBe(false);
    }
  });

  it.each(hostile)('prevents navigation and redirects to %s, opening nothing', (url) => {
    for (const event of ['will-navigate', 'will-redirect'] as const) {
      const e = fakeEvent();
      contents.emit(event, e, url);
      expect(e.defaultPrevented).toBe(true);
    }
    expect(fake().shell.openExternal).not.toHaveBeenCalled();
  });

  it('a link to the documentation opens in the system browser instead of navigating', () => {
    const e = fakeEvent();
    contents.emit('will-navigate', e, 'https://docs.digicert.com/en/digicert-one.html');
    expect(e.defaultPrevented).toBe(true);
    expect(fake().shell.openExternal).toHaveBeenCalledWith('https://docs.digicert.com/en/digicert-one.html');
  });

  it('subframes may not navigate away from the app', () => {
    const sub = fakeEvent({ isMainFrame: false, url: 'https://evil.example/' });
    contents.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
    const ok = fakeEvent({ isMainFrame: false, url: APP_URL });
    contents.emit('will-frame-navigate', ok);
    expect(ok.defaultPrevented).toBe(false);
  });

  it('window.open is always denied; documentation links go to the system browser', () => {
    expect(contents.windowOpenHandler!({ url: 'https://dev.digicert.com/en/apis.html' })).toEqual({ action: 'deny' });
    expect(fake().shell.openExternal).toHaveBeenCalledWith('https://dev.digicert.com/en/apis.html');
    expect(contents.windowOpenHandler!({ url: APP_URL })).toEqual({ action: 'deny' });
  });

  it.each(hostile)('window.open(%s) is denied and opens nothing', (url) => {
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(fake().shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach a <webview>', () => {
    const e = fakeEvent();
    contents.emit('will-attach-webview', e, {}, {});
    expect(e.defaultPrevented).toBe(true);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each(['https://docs.digicert.com/', 'https://dev.digicert.com/en/x.html?q=1#a', 'https://DOCS.digicert.com/x'])(
    'allows %s',
    (url) => {
      expect(isAllowedExternalUrl(url)).toBe(true);
    },
  );
  it.each([...hostile, 42, null, undefined, {}, 'https://docs.digicert.com/' + 'a'.repeat(3000)])(
    'refuses %s',
    (url) => {
      expect(isAllowedExternalUrl(url)).toBe(false);
    },
  );
});

describe('appLocation', () => {
  it('build: the app origin app://renderer and nothing else (file:// included)', () => {
    expect(APP_URL).toBe('app://renderer/index.html');
    expect(location.isAppUrl(APP_URL)).toBe(true);
    expect(location.isAppUrl('app://renderer/assets/x.js')).toBe(true);
    expect(location.isAppUrl('app://renderer/#/drafts')).toBe(true);
    expect(location.isAppUrl('file:///opt/sud/out/renderer/index.html')).toBe(false);
    expect(location.isAppUrl('app://renderer:1/index.html')).toBe(false);
    expect(location.isAppUrl('app://rendererx/index.html')).toBe(false);
    expect(location.isAppUrl('app:renderer/index.html')).toBe(false);
    expect(location.isAppUrl('https://localhost/')).toBe(false);
    expect(location.isAppUrl('https://renderer/index.html')).toBe(false);
  });
  it('dev server: same origin only', () => {
    const dev = appLocation({ devServerUrl: 'http://localhost:5173' });
    expect(dev.url).toBe('http://localhost:5173');
    expect(dev.isAppUrl('http://localhost:5173/src/main.ts')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(dev.isAppUrl('file:///x/index.html')).toBe(false);
    expect(dev.isAppUrl('app://renderer/index.html')).toBe(false);
  });
});
