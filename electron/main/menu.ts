import type { MenuItemConstructorOptions } from 'electron';

export const HELP_LINKS = [
  { label: 'DigiCert ONE Documentation', url: 'https://docs.digicert.com/en/digicert-one.html' },
  {
    label: 'Account Manager: Service Users',
    url: 'https://docs.digicert.com/en/digicert-one/account-manager/access/service-users.html',
  },
  { label: 'DigiCert ONE API Reference', url: 'https://dev.digicert.com/en/digicert-one-apis.html' },
] as const;

export interface MenuOptions {
  /** `!app.isPackaged`: adds Reload and Toggle Developer Tools. */
  development: boolean;
  platform: NodeJS.Platform;
  appName: string;
  openExternal(url: string): void;
}

/** The application menu: standard roles (and so their standard shortcuts) plus Help links. */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];

  if (mac) {
    template.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({ label: '&File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(options.development
        ? ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: '&Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: HELP_LINKS.map(({ label, url }) => ({ label, click: () => options.openExternal(url) })),
  });
  return template;
}
