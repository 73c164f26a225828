/**
 * A small stand-in for the `electron` module (the binary cannot be downloaded here). Tests do
 *   vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());
 * and drive it through `fake()`. State lives on globalThis so vi.resetModules() keeps one instance.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export function fakeEvent<T extends object>(extra?: T): FakeEvent & T {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
    ...extra,
  } as FakeEvent & T;
  return event;
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++;
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  /** Every `send(channel, ...args)` to this page's renderer. */
  readonly sent: unknown[][] = [];
  constructor() {
    super();
    this.mainFrame = { url: '', parent: null, processId: 7, routingId: this.id * 10 };
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  /** A subframe of this page (an <iframe>). */
  subframe(url: string): FakeFrame {
    return { url, parent: this.mainFrame, processId: 7, routingId: this.id * 10 + 1 };
  }
}

export interface FakeWindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  show?: boolean;
  webPreferences: Record<string, unknown>;
  [key: string]: unknown;
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;
type PermissionRequestHandler = (
  wc: unknown,
  permission: string,
  cb: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (...args: unknown[]) => boolean;

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.windows.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  maximized = false;
  minimized = false;
  loadedUrl: string | null = null;
  shown = 0;
  focused = 0;
  restored = 0;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: FakeWindowOptions) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width, height: options.height };
    FakeBrowserWindow.windows.push(this);
    state().app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.restored++;
    this.minimized = false;
  }
  show() {
    this.shown++;
  }
  contentProtected = false;
  setContentProtection(enabled: boolean) {
    this.contentProtected = enabled;
  }
  focus() {
    this.focused++;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  /** Like a user clicking the close button: 'close' (preventable), then 'closed'. */
  close(): boolean {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

/** Electron's main-process ClipboardItem: MIME type → payload. */
export class FakeClipboardItem {
  constructor(readonly items: Record<string, string | Blob>) {}
  get types(): string[] {
    return Object.keys(this.items);
  }
}

function createState() {
  const app = Object.assign(new EventEmitter(), {
    ready: false,
    isPackaged: false,
    paths: { userData: '/tmp/sud-fake-userdata' } as Record<string, string>,
    singleInstanceLock: true,
    quitCalls: 0,
    exitCode: null as number | null,
    sandboxEnabled: false,
    getPath: (name: string) => app.paths[name] ?? `/tmp/fake-${name}`,
    setPath: (name: string, value: string) => {
      app.paths[name] = value;
    },
    getVersion: () => '0.1.0-test',
    getAppPath: () => '/tmp/fake-app-root',
    enableSandbox: () => {
      app.sandboxEnabled = true;
    },
    requestSingleInstanceLock: () => app.singleInstanceLock,
    whenReady: () => {
      app.ready = true;
      return Promise.resolve();
    },
    quit: () => {
      app.quitCalls++;
    },
    exit: (code: number) => {
      app.exitCode = code;
    },
  });
  const session = {
    headersListener: null as null | HeadersListener,
    permissionRequestHandler: null as null | PermissionRequestHandler,
    permissionCheckHandler: null as null | PermissionCheckHandler,
    webRequest: {
      onHeadersReceived: (listener: HeadersListener) => {
        session.headersListener = listener;
      },
    },
    setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
      session.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler: PermissionCheckHandler) => {
      session.permissionCheckHandler = handler;
    },
  };
  const ipcMain = {
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      ipcMain.handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcMain.handlers.delete(channel);
    },
  };
  return {
    app,
    session,
    ipcMain,
    menu: null as unknown,
    dialog: {
      showMessageBoxSync: vi.fn((..._args: unknown[]) => 0),
      showErrorBox: vi.fn(),
      showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
        canceled: true,
      })),
    },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    clipboard: {
      readText: vi.fn(() => Promise.resolve('')),
      write: vi.fn((_items: FakeClipboardItem[]) => Promise.resolve()),
      clear: vi.fn(),
    },
    protocol: {
      privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
      handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
      registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
        // Like Electron: only before ready, and only once.
        if (state().app.ready) throw new Error('registerSchemesAsPrivileged after ready');
        if (state().protocol.privileged.length) throw new Error('registerSchemesAsPrivileged called twice');
        state().protocol.privileged.push(...schemes);
      },
      handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
        if (state().protocol.handlers.has(scheme)) throw new Error(`second handler for ${scheme}`);
        state().protocol.handlers.set(scheme, handler);
      },
    },
    net: { fetch: vi.fn(() => Promise.resolve(new Response('ok'))) },
    screen: {
      displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      getAllDisplays: () => state().screen.displays,
      getPrimaryDisplay: () => state().screen.displays[0]!,
    },
    exposed: new Map<string, unknown>(),
    ipcRenderer: Object.assign(new EventEmitter(), {
      invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: null })),
    }),
  };
}

type State = ReturnType<typeof createState>;
const holder = globalThis as unknown as { __fakeElectron?: State };

function state(): State {
  return (holder.__fakeElectron ??= createState());
}

/** The current fake (fresh after `resetFake()`). */
export function fake(): State {
  return state();
}

export function resetFake(): State {
  holder.__fakeElectron = createState();
  FakeBrowserWindow.windows = [];
  return state();
}

/** The module object `vi.mock('electron')` returns; every export reads the current state. */
export function electronModule() {
  const mod = {
    get app() {
      return state().app;
    },
    BrowserWindow: FakeBrowserWindow,
    get session() {
      return { defaultSession: state().session };
    },
    get ipcMain() {
      return state().ipcMain;
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => {
        state().menu = menu;
      },
    },
    get dialog() {
      return state().dialog;
    },
    get shell() {
      return state().shell;
    },
    get clipboard() {
      return state().clipboard;
    },
    ClipboardItem: FakeClipboardItem,
    get protocol() {
      return state().protocol;
    },
    get net() {
      return state().net;
    },
    get screen() {
      return state().screen;
    },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => {
        state().exposed.set(key, value);
      },
    },
    get ipcRenderer() {
      return state().ipcRenderer;
    },
  };
  Object.defineProperty(mod, 'default', { value: mod, enumerable: true });
  return mod;
}
