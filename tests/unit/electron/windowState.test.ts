import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  DEFAULT_SIZE,
  MIN_SIZE,
  readWindowState,
  trackWindowState,
  writeWindowState,
  type ScreenPort,
} from '../../../electron/main/windowState';

const oneScreen: ScreenPort = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
};
const twoScreens: ScreenPort = {
  getAllDisplays: () => [
    { workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    { workArea: { x: 1920, y: 0, width: 1280, height: 1000 } },
  ],
  getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
};

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sud-ws-'));
  file = join(dir, 'window-state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state file', () => {
  it('round-trips', () => {
    expect(writeWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: true })).toBe(true);
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
  });

  it.each([
    ['missing file', null],
    ['not JSON', '{oops'],
    ['wrong types', JSON.stringify({ x: 'a', y: 1, width: 1000, height: 700 })],
    ['absurd sizes', JSON.stringify({ width: 1e9, height: 700 })],
    ['fractions', JSON.stringify({ width: 1000.5, height: 700 })],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
  ])('%s gives the default', (_name, content) => {
    if (content !== null) writeFileSync(file, content);
    expect(readWindowState(file)).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('drops unknown keys', () => {
    writeFileSync(file, JSON.stringify({ width: 900, height: 600, __proto__x: 1, evil: true }));
    expect(readWindowState(file)).toEqual({ width: 900, height: 600, maximized: false });
  });

  it('a write into an unwritable place fails quietly', () => {
    writeFileSync(join(dir, 'blocker'), 'x');
    expect(writeWindowState(join(dir, 'blocker', 'state.json'), { width: 900, height: 600, maximized: false })).toBe(
      false,
    );
  });

  it('tracks the normal bounds when the window closes', () => {
    const window = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 5, y: 6, width: 1001, height: 701 }),
      isMaximized: () => false,
      isDestroyed: () => false,
    });
    trackWindowState(window, file);
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 5, y: 6, width: 1001, height: 701, maximized: false });
  });
});

describe('clampToDisplays', () => {
  it('keeps a position that is on screen', () => {
    expect(clampToDisplays({ x: 100, y: 50, width: 1000, height: 700, maximized: false }, oneScreen)).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('keeps a window on the second display', () => {
    expect(clampToDisplays({ x: 2000, y: 100, width: 1000, height: 700, maximized: true }, twoScreens)).toEqual({
      x: 2000,
      y: 100,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('drops the position of a window on a display that is gone', () => {
    expect(clampToDisplays({ x: 2000, y: 100, width: 1000, height: 700, maximized: false }, oneScreen)).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it.each([
    ['far left', -5000, 100],
    ['far below', 100, 5000],
    ['title bar above the screen', 100, -300],
    ['only a sliver visible', 1900, 100],
  ])('drops the position when %s', (_name, x, y) => {
    expect(clampToDisplays({ x, y, width: 1000, height: 700, maximized: false }, oneScreen)).not.toHaveProperty('x');
  });

  it('shrinks a window bigger than the work area, and moves it inside', () => {
    expect(clampToDisplays({ x: 500, y: 100, width: 4000, height: 3000, maximized: false }, oneScreen)).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
      maximized: false,
    });
  });

  it('pulls a window partly off the right edge back in', () => {
    expect(clampToDisplays({ x: 1500, y: 100, width: 1000, height: 700, maximized: false }, oneScreen)).toEqual({
      x: 920,
      y: 100,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('never goes below the minimum size', () => {
    expect(clampToDisplays({ width: 10, height: 10, maximized: false }, oneScreen)).toEqual({
      ...MIN_SIZE,
      maximized: false,
    });
  });
});
