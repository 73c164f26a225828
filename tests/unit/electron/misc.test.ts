import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createCloseGuard } from '../../../electron/main/closeGuard';
import { buildMenuTemplate, HELP_LINKS } from '../../../electron/main/menu';
import { nativeBindingDir, sqliteNativeBinding } from '../../../electron/main/nativeBinding';
import { isAllowedExternalUrl } from '../../../electron/main/externalLinks';
import { resolveDataDir } from '../../../electron/main/main';
import { fakeEvent } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

describe('menu', () => {
  const roles = (development: boolean, platform: NodeJS.Platform) =>
    JSON.stringify(
      buildMenuTemplate({ development, platform, appName: 'Service User Desk', openExternal: () => undefined }),
    );

  it('has the usual edit roles and zoom everywhere', () => {
    for (const role of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'quit',
    ]) {
      expect(roles(false, 'linux')).toContain(`"${role}"`);
    }
  });

  it('reload and devtools only in development', () => {
    expect(roles(false, 'linux')).not.toMatch(/toggleDevTools|"reload"|forceReload/);
    expect(roles(true, 'linux')).toMatch(/toggleDevTools/);
  });

  it('macOS gets the app menu', () => {
    expect(roles(false, 'darwin')).toContain('"hideOthers"');
  });

  it('help links are all on the allow-list', () => {
    for (const link of HELP_LINKS) expect(isAllowedExternalUrl(link.url)).toBe(true);
  });
});

describe('close guard', () => {
  it('asks only when a token is unsaved, and only until the user confirmed once', () => {
    let unsaved = false;
    let answers = [false, true];
    let asked = 0;
    const guard = createCloseGuard({
      hasUnsavedSecret: () => unsaved,
      confirmDiscard: () => (asked++, answers.shift()!),
    });
    const e1 = fakeEvent();
    expect(guard.check(e1)).toBe(true);
    expect(asked).toBe(0);
    unsaved = true;
    const e2 = fakeEvent();
    expect(guard.check(e2)).toBe(false);
    expect(e2.defaultPrevented).toBe(true);
    const e3 = fakeEvent();
    expect(guard.check(e3)).toBe(true);
    expect(e3.defaultPrevented).toBe(false);
    answers = [];
    expect(guard.check(fakeEvent())).toBe(true);
    expect(asked).toBe(2);
  });
});

describe('native binding path', () => {
  it('points at build/native/electron-<v>-<platform>-<arch> when present', () => {
    expect(nativeBindingDir('45.5.0', 'linux', 'x64')).toBe(join('build', 'native', 'electron-45.5.0-linux-x64'));
    const file = sqliteNativeBinding({
      appRoot: '/r',
      packaged: false,
      electronVersion: '45.5.0',
      platform: 'linux',
      arch: 'x64',
      exists: () => true,
    });
    expect(file).toBe(join('/r', 'build', 'native', 'electron-45.5.0-linux-x64', 'better_sqlite3.node'));
  });
  it('is undefined when missing, packaged, or not in Electron', () => {
    expect(
      sqliteNativeBinding({ appRoot: '/r', packaged: false, electronVersion: '45.5.0', exists: () => false }),
    ).toBeUndefined();
    expect(
      sqliteNativeBinding({ appRoot: '/r', packaged: true, electronVersion: '45.5.0', exists: () => true }),
    ).toBeUndefined();
    expect(
      sqliteNativeBinding({ appRoot: '/r', packaged: false, electronVersion: undefined, exists: () => true }),
    ).toBeUndefined();
  });
});

describe('data dir', () => {
  it('SUD_DATA_DIR wins when set and not blank', () => {
    expect(resolveDataDir({ SUD_DATA_DIR: '/data/x' }, '/home/u/.config/sud')).toBe('/data/x');
    expect(resolveDataDir({ SUD_DATA_DIR: '  ' }, '/home/u/.config/sud')).toBe('/home/u/.config/sud');
    expect(resolveDataDir({}, '/home/u/.config/sud')).toBe('/home/u/.config/sud');
  });
});
