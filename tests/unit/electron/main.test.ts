import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSP, DEV_SERVER_CSP } from '../../../shared/csp';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../electron/core/ipc/dispatch';
import { UNSAVED_SECRET_MESSAGE } from '../../../electron/main/closeGuard';
import { startMain, type MainCore, type MainCoreOptions } from '../../../electron/main/main';
import { AppError } from '../../../shared/errors';
import { IPC_EVENT_CHANNEL, type AppEventListener } from '../../../shared/ipc/events';
import { FakeBrowserWindow, FakeWebContents, fake, fakeEvent, resetFake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const OUT_MAIN = '/opt/sud/out/main';

function fakeCore() {
  const calls: string[] = [];
  const handlers: Record<string, () => unknown> = {};
  for (const channel of CHANNELS) handlers[channel] = () => void calls.push(channel);
  const core = {
    handlers: handlers as unknown as Handlers,
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
    unsaved: false,
    closed: 0,
    calls,
    close: vi.fn(async () => {
      core.closed++;
    }),
    hasUnsavedSecret: () => core.unsaved,
    /** Like the core: only 'certificate-op' is a certificate create that may be saved to a file. */
    checkCertificateSend: vi.fn((operationId: string) => {
      if (operationId === 'token-op')
        throw new AppError('validation_failed', 'Only a certificate being generated can be saved to a file.');
      if (operationId !== 'certificate-op') throw new AppError('not_found', 'This operation no longer exists.');
    }),
    tokenListeners: [] as ((held: boolean) => void)[],
    onSecretsHeldChanged(listener: (held: boolean) => void) {
      core.tokenListeners.push(listener);
      return () => undefined;
    },
    eventListeners: [] as AppEventListener[],
    onEvent(listener: AppEventListener) {
      core.eventListeners.push(listener);
      return () => undefined;
    },
  };
  return core;
}

let dataDir: string;
let core: ReturnType<typeof fakeCore>;
let coreOptions: MainCoreOptions | undefined;
const createCore = vi.fn(async (options: MainCoreOptions): Promise<MainCore> => {
  coreOptions = options;
  return core;
});

async function start(arrange?: () => void) {
  resetFake();
  fake().app.paths.userData = dataDir;
  arrange?.();
  const handle = await startMain({ createCore, outDir: OUT_MAIN });
  const window = FakeBrowserWindow.windows[0];
  return { handle, window: window! };
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sud-main-'));
  core = fakeCore();
  coreOptions = undefined;
  createCore.mockClear();
  delete process.env.SUD_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.SUD_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});

describe('startMain: the window', () => {
  it('creates one window with the locked-down webPreferences and loads the app from app://', async () => {
    const { window } = await start();
    const headers = vi.fn();
    fake().session.headersListener!({}, headers);
    expect(headers).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CSP] } });
    expect(FakeBrowserWindow.windows).toHaveLength(1);
    expect(window.options.webPreferences).toEqual({
      preload: '/opt/sud/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: true,
    });
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    expect(fake().app.sandboxEnabled).toBe(true);
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });

  it('packaged: no developer tools, no reload or devtools menu items, dev server URL ignored', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { window } = await start(() => {
      fake().app.isPackaged = true;
    });
    expect(window.options.webPreferences.devTools).toBe(false);
    expect(window.loadedUrl).toBe('app://renderer/index.html');
    const roles = JSON.stringify((fake().menu as { template: unknown }).template);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('"reload"');
    expect(coreOptions?.sqliteNativeBinding).toBeUndefined();
  });

  it('development: developer tools and reload in the View menu, dev server URL loaded with its CSP', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { window } = await start();
    expect(window.loadedUrl).toBe('http://localhost:5173');
    const headers = vi.fn();
    fake().session.headersListener!({}, headers);
    expect(headers).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [DEV_SERVER_CSP] } });
    const roles = JSON.stringify((fake().menu as { template: unknown }).template);
    expect(roles).toContain('toggleDevTools');
    expect(roles).toContain('"reload"');
  });

  it('hardens the main window and every other webContents (navigation, window.open)', async () => {
    const { window } = await start();
    const nav = fakeEvent();
    window.webContents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.defaultPrevented).toBe(true);
    expect(window.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    const other = new FakeWebContents();
    fake().app.emit('web-contents-created', fakeEvent(), other);
    const nav2 = fakeEvent();
    other.emit('will-navigate', nav2, 'https://evil.example/');
    expect(nav2.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://docs.digicert.com/x' })).toEqual({ action: 'deny' });
    expect(fake().shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake().session.headersListener).not.toBeNull();
    expect(fake().session.permissionRequestHandler).not.toBeNull();
  });

  it('registers app: as a privileged scheme before ready and serves out/renderer on it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sud-out-'));
    try {
      mkdirSync(join(tmp, 'renderer'));
      writeFileSync(join(tmp, 'renderer', 'index.html'), '<!doctype html><title>app</title>');
      writeFileSync(join(tmp, 'main.js'), 'main process code');
      resetFake();
      fake().app.paths.userData = dataDir;
      await startMain({ createCore, outDir: join(tmp, 'main') });
      // The fake throws when this happens after ready or twice, as Electron does.
      expect(fake().protocol.privileged).toEqual([
        { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
      ]);
      expect(fake().protocol.privileged[0]!.privileges).not.toHaveProperty('bypassCSP');
      const handler = fake().protocol.handlers.get('app')!;
      const index = await handler(new Request('app://renderer/index.html'));
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<title>app</title>');
      expect((await handler(new Request('app://renderer/%2e%2e/main.js'))).status).toBe(404);
      expect((await handler(new Request('app://renderer/..%2Fmain.js'))).status).toBe(404);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('Help menu items open only documentation links', async () => {
    await start();
    const template = (fake().menu as { template: Array<{ role?: string; submenu?: Array<{ click?: () => void }> }> })
      .template;
    const help = template.find((item) => item.role === 'help')!;
    for (const item of help.submenu!) item.click!();
    const urls = fake().shell.openExternal.mock.calls.map(([url]) => new URL(url).host);
    expect(urls.length).toBe(help.submenu!.length);
    expect(new Set(urls)).toEqual(new Set(['docs.digicert.com', 'dev.digicert.com']));
  });

  it('the certificate save dialog opens only for a certificate create the core would send', async () => {
    const { window } = await start();
    const send = fake().ipcMain.handlers.get('serviceUsers.sendOperation')!;
    const event = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    const to = { item: { service: 'svc', account: 'acct' }, file: 'cert.p12' };

    expect(await send(event, { operationId: 'token-op', saveCertificateTo: to })).toEqual({
      ok: false,
      error: { code: 'validation_failed', message: 'Only a certificate being generated can be saved to a file.' },
    });
    expect(await send(event, { operationId: 'no-such-op', saveCertificateTo: to })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(fake().dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(core.calls).toEqual([]);

    // A certificate create: the dialog asks (cancelled here, so nothing is sent).
    expect(await send(event, { operationId: 'certificate-op', saveCertificateTo: to })).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    expect(fake().dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    expect(core.calls).toEqual([]);
  });

  it('the IPC wrapper trusts exactly the main window', async () => {
    const { window } = await start();
    const handler = fake().ipcMain.handlers.get('app.info')!;
    expect(await handler({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, {})).toEqual({
      ok: true,
      value: null,
    });
    const other = new FakeWebContents();
    other.mainFrame.url = window.loadedUrl!;
    expect(await handler({ sender: other, senderFrame: other.mainFrame }, {})).toMatchObject({
      ok: false,
      error: { code: 'untrusted_sender' },
    });
    expect(core.calls).toEqual(['app.info']);
  });
});

describe('startMain: core wiring', () => {
  it('uses userData, net.fetch and the Electron clipboard (secrets written with the concealed markers)', async () => {
    await start();
    expect(coreOptions).toMatchObject({ dataDir, transport: 'electron', appVersion: '0.1.0-test' });
    await coreOptions!.fetch(new URL('https://one.digicert.com/x'));
    expect(fake().net.fetch).toHaveBeenCalledWith('https://one.digicert.com/x', undefined);
    await coreOptions!.clipboard.writeSecret('abc');
    await coreOptions!.clipboard.clear();
    await coreOptions!.clipboard.readText();
    expect(fake().clipboard.write).toHaveBeenCalledTimes(1);
    const [items] = fake().clipboard.write.mock.calls[0]!;
    expect(items).toHaveLength(1);
    expect(items[0]!.items['text/plain']).toBe('abc');
    expect(items[0]!.types.length).toBeGreaterThan(1);
    expect(fake().clipboard.clear).toHaveBeenCalled();
    expect(fake().clipboard.readText).toHaveBeenCalled();
  });

  it('SUD_DATA_DIR overrides the data folder (and Chromium follows it)', async () => {
    const override = join(dataDir, 'override');
    process.env.SUD_DATA_DIR = override;
    await start();
    expect(coreOptions?.dataDir).toBe(override);
    expect(fake().app.getPath('userData')).toBe(override);
  });

  it('a core that cannot start shows an error and exits', async () => {
    createCore.mockRejectedValueOnce(new Error('The database was written by a newer version.'));
    const { handle } = await start();
    expect(handle).toBeNull();
    expect(fake().dialog.showErrorBox).toHaveBeenCalledWith(
      'Service User Desk',
      expect.stringContaining('newer version'),
    );
    expect(fake().app.exitCode).toBe(1);
    expect(FakeBrowserWindow.windows).toHaveLength(0);
  });

  it('quitting closes the core once, then quits', async () => {
    await start();
    const quit = fakeEvent();
    fake().app.emit('will-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fake().app.quitCalls).toBe(1));
    expect(core.close).toHaveBeenCalledTimes(1);
    const again = fakeEvent();
    fake().app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
    expect(core.close).toHaveBeenCalledTimes(1);
  });
});

describe('startMain: events', () => {
  it("core's events go to the app window as IPC_EVENT_CHANNEL (name, payload)", async () => {
    const { window } = await start();
    expect(core.eventListeners).toHaveLength(1);
    core.eventListeners.forEach((l) => l({ name: 'tokens.changed', payload: { held: true, pending: 1 } }));
    expect(window.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, 'tokens.changed', { held: true, pending: 1 }]]);
  });
});

describe('startMain: single instance', () => {
  it('a second instance quits at once without opening anything', async () => {
    const { handle } = await start(() => {
      fake().app.singleInstanceLock = false;
    });
    expect(handle).toBeNull();
    expect(fake().app.quitCalls).toBe(1);
    expect(createCore).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.windows).toHaveLength(0);
  });

  it('the first instance restores and focuses its window when a second one starts', async () => {
    const { window } = await start();
    window.minimized = true;
    fake().app.emit('second-instance', fakeEvent(), [], '/');
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    expect(FakeBrowserWindow.windows).toHaveLength(1);
  });
});

describe('startMain: unsaved token guard', () => {
  it('content protection is on exactly while a one-time token is held', async () => {
    const { window } = await start();
    expect(window.contentProtected).toBe(false);
    core.tokenListeners.forEach((l) => l(true));
    expect(window.contentProtected).toBe(true);
    core.tokenListeners.forEach((l) => l(false));
    expect(window.contentProtected).toBe(false);
  });

  it('a window opened while a token is held (macOS: re-opened from the dock) is protected at once', async () => {
    const { window } = await start();
    core.tokenListeners.forEach((l) => l(true));
    core.unsaved = false;
    expect(window.close()).toBe(true);
    fake().app.emit('activate');
    const reopened = FakeBrowserWindow.windows[1]!;
    expect(reopened).toBeDefined();
    expect(reopened.contentProtected).toBe(true);
    core.tokenListeners.forEach((l) => l(false));
    expect(reopened.contentProtected).toBe(false);
  });

  it('every open window follows a change, not only the main one', async () => {
    const { window } = await start();
    const other = new FakeBrowserWindow({ width: 400, height: 300, webPreferences: {} });
    core.tokenListeners.forEach((l) => l(true));
    expect([window.contentProtected, other.contentProtected]).toEqual([true, true]);
    core.tokenListeners.forEach((l) => l(false));
    expect([window.contentProtected, other.contentProtected]).toEqual([false, false]);
  });

  it('closing without an unsaved token asks nothing', async () => {
    const { window } = await start();
    expect(window.close()).toBe(true);
    expect(fake().dialog.showMessageBoxSync).not.toHaveBeenCalled();
  });

  it('closing with an unsaved token asks; Cancel keeps the window open', async () => {
    const { window } = await start();
    core.unsaved = true;
    fake().dialog.showMessageBoxSync.mockReturnValueOnce(0);
    expect(window.close()).toBe(false);
    expect(fake().dialog.showMessageBoxSync).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ message: UNSAVED_SECRET_MESSAGE, cancelId: 0, defaultId: 0 }),
    );
    expect(window.isDestroyed()).toBe(false);
  });

  it('"Close anyway" closes, and the following quit does not ask again', async () => {
    const { window } = await start();
    core.unsaved = true;
    fake().dialog.showMessageBoxSync.mockReturnValueOnce(1);
    expect(window.close()).toBe(true);
    const beforeQuit = fakeEvent();
    fake().app.emit('before-quit', beforeQuit);
    expect(beforeQuit.defaultPrevented).toBe(false);
    expect(fake().dialog.showMessageBoxSync).toHaveBeenCalledTimes(1);
  });

  it('quitting (Ctrl+Q, menu) with an unsaved token asks; Cancel stops the quit', async () => {
    await start();
    core.unsaved = true;
    fake().dialog.showMessageBoxSync.mockReturnValueOnce(0);
    const beforeQuit = fakeEvent();
    fake().app.emit('before-quit', beforeQuit);
    expect(beforeQuit.defaultPrevented).toBe(true);
    expect(fake().dialog.showMessageBoxSync).toHaveBeenCalledTimes(1);
  });
});
