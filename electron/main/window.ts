import { BrowserWindow, type BrowserWindowConstructorOptions, type WebPreferences } from 'electron';
import { clampToDisplays, MIN_SIZE, readWindowState, trackWindowState, type ScreenPort } from './windowState';

export interface MainWindowOptions {
  preload: string;
  /** `!app.isPackaged`: developer tools allowed. */
  development: boolean;
  /** JSON file with the remembered size and position. */
  stateFile: string;
  screen: ScreenPort;
  title: string;
}

/** The renderer's sandbox. Exported so tests assert it value by value. */
function secureWebPreferences(preload: string, development: boolean): WebPreferences {
  return {
    preload,
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
    devTools: development,
  };
}

function mainWindowConstructorOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  const state = clampToDisplays(readWindowState(options.stateFile), options.screen);
  return {
    title: options.title,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(options.preload, options.development),
  };
}

/**
 * Creates the one main window (hardening of its webContents happens in `web-contents-created`,
 * see main.ts, so it applies to every webContents the same way).
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const constructorOptions = mainWindowConstructorOptions(options);
  const window = new BrowserWindow(constructorOptions);
  if (clampToDisplays(readWindowState(options.stateFile), options.screen).maximized) window.maximize();
  trackWindowState(window, options.stateFile);
  window.once('ready-to-show', () => window.show());
  return window;
}
