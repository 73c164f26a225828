import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell } from 'electron';
import { CSP, DEV_SERVER_CSP } from '../../shared/csp';
import type { ExpiryReminder } from '../../shared/manage';
import type { Core, CoreOptions } from '../core/app';
import type { ClipboardPort } from '../core/creation/clipboard';
import { registerAppScheme, serveAppProtocol } from './appProtocol';
import { appLocation } from './appUrl';
import { electronClipboard } from './clipboard';
import { createCloseGuard, UNSAVED_SECRET_MESSAGE } from './closeGuard';
import { createContentProtection } from './contentProtection';
import { forwardEvents } from './events';
import { APP_USER_MODEL_ID, watchReminders } from './notifications';
import { certificateSaveDialogOptions, withCertificateDialog, type ChooseCertificatePath } from './certificateDialog';
import { exportSaveDialogOptions, withExportDialog, type ChooseExportPath } from './exportDialog';
import { openExternalIfAllowed } from './externalLinks';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { sqliteNativeBinding } from './nativeBinding';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

/** The slice of the core that main uses (tests pass a fake; without `onRemindersDue`, no OS notifications). */
export type MainCore = Pick<
  Core,
  'handlers' | 'log' | 'close' | 'checkCertificateSend' | 'hasUnsavedSecret' | 'onSecretsHeldChanged' | 'onEvent'
> & {
  onRemindersDue?(listener: (due: ExpiryReminder[]) => void): () => void;
};
export type MainCoreOptions = CoreOptions & { transport: 'electron'; fetch: typeof fetch; clipboard: ClipboardPort };
export type CreateCore = (options: MainCoreOptions) => Promise<MainCore>;

const PRODUCT_NAME = 'Service User Desk';

/** `SUD_DATA_DIR` (tests, portable use) wins over Electron's userData folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  const override = env.SUD_DATA_DIR?.trim();
  return override ? resolve(override) : userData;
}

export interface MainHandle {
  /** null once the second instance handed over, or before the window exists. */
  window(): BrowserWindow | null;
}

/**
 * The Electron app: single instance, hardened session and webContents, core + IPC, the main
 * window, menu, and the unsaved-token guard on close/quit. Resolves when the window exists
 * (or at once, with `null`, when another instance already runs).
 */
export async function startMain(deps: { createCore: CreateCore; outDir?: string }): Promise<MainHandle | null> {
  const outDir = deps.outDir ?? import.meta.dirname;
  const development = !app.isPackaged;
  const dataDir = resolveDataDir(process.env, app.getPath('userData'));
  // Chromium's own profile (cache, local storage) follows the data folder.
  if (dataDir !== app.getPath('userData')) app.setPath('userData', dataDir);
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // Before ready: the renderer is served from app://renderer/ (appProtocol.ts), not file://.
  registerAppScheme(protocol);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  let mainWindow: BrowserWindow | null = null;
  const liveWindow = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);
  const devServerUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
  const location = appLocation({ devServerUrl });
  const openExternal = (url: string) => shell.openExternal(url);

  app.on('second-instance', () => {
    const window = liveWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { isAppUrl: location.isAppUrl, openExternal }),
  );

  await app.whenReady();
  hardenSession(session.defaultSession, devServerUrl ? DEV_SERVER_CSP : CSP);
  serveAppProtocol(protocol, join(outDir, '..', 'renderer'));

  let core: MainCore;
  try {
    const options: MainCoreOptions = {
      dataDir,
      transport: 'electron',
      appVersion: app.getVersion(),
      // Chromium's network stack: system proxy settings and the OS trust store apply.
      fetch: ((input: string | URL | Request, init?: RequestInit) =>
        net.fetch(input instanceof URL ? input.toString() : input, init)) as typeof fetch,
      clipboard: electronClipboard(),
    };
    const binding = sqliteNativeBinding({
      appRoot: app.getAppPath(),
      packaged: app.isPackaged,
      electronVersion: process.versions.electron,
    });
    if (binding) options.sqliteNativeBinding = binding;
    core = await deps.createCore(options);
  } catch (error) {
    dialog.showErrorBox(
      PRODUCT_NAME,
      `${PRODUCT_NAME} could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    app.exit(1);
    return null;
  }

  const guard = createCloseGuard({
    hasUnsavedSecret: () => core.hasUnsavedSecret(),
    confirmDiscard: () => {
      const options = {
        type: 'warning' as const,
        title: PRODUCT_NAME,
        message: UNSAVED_SECRET_MESSAGE,
        buttons: ['Cancel', 'Close anyway'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const window = liveWindow();
      return (window ? dialog.showMessageBoxSync(window, options) : dialog.showMessageBoxSync(options)) === 1;
    },
  });

  const chooseExportPath: ChooseExportPath = async (suggestedName, format) => {
    const options = exportSaveDialogOptions(app.getPath('documents'), suggestedName, format);
    const window = liveWindow();
    const result = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
    return result.canceled || !result.filePath ? null : result.filePath;
  };

  const chooseCertificatePath: ChooseCertificatePath = async (suggestedName) => {
    const options = certificateSaveDialogOptions(app.getPath('documents'), suggestedName);
    const window = liveWindow();
    const result = await (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options));
    return result.canceled || !result.filePath ? null : result.filePath;
  };

  const handlers = withCertificateDialog(
    withExportDialog(core.handlers, chooseExportPath),
    chooseCertificatePath,
    (id) => core.checkCertificateSend(id),
  );
  registerIpc(ipcMain, handlers, core.log, {
    trustedWebContentsId: () => liveWindow()?.webContents.id ?? null,
    isAppUrl: location.isAppUrl,
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        development,
        platform: process.platform,
        appName: PRODUCT_NAME,
        openExternal: (url) => void openExternalIfAllowed(url, openExternal, core.log),
      }),
    ),
  );

  // While a one-time token is held, keep every window out of screen captures and screen sharing.
  const protection = createContentProtection(() => BrowserWindow.getAllWindows());
  core.onSecretsHeldChanged((held) => protection.set(held));

  const openWindow = () => {
    const window = createMainWindow({
      preload: join(outDir, '..', 'preload', 'index.cjs'),
      development,
      stateFile: join(dataDir, 'window-state.json'),
      screen,
      title: PRODUCT_NAME,
    });
    protection.protect(window);
    window.on('close', (event) => guard.check(event));
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    void window.loadURL(location.url).catch((error: unknown) =>
      core.log.error('could not load the renderer', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    mainWindow = window;
    return window;
  };
  openWindow();
  forwardEvents(core.onEvent, () => liveWindow()?.webContents ?? null, location.isAppUrl);
  // Expiry reminders as OS notifications; a click shows the in-app list.
  if (core.onRemindersDue) {
    watchReminders(core.onRemindersDue, {
      window: () => liveWindow() ?? openWindow(),
      appUrl: location.url,
      isAppUrl: location.isAppUrl,
      log: core.log,
    });
  }

  app.on('activate', () => {
    if (!liveWindow()) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => guard.check(event));

  let coreClosed = false;
  app.on('will-quit', (event) => {
    if (coreClosed) return;
    event.preventDefault();
    core
      .close()
      .catch((error: unknown) =>
        core.log.error('core close failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        coreClosed = true;
        app.quit();
      });
  });

  return { window: liveWindow };
}
