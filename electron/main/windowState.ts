import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The parts of Electron's `screen` we use. */
export interface ScreenPort {
  getAllDisplays(): Array<{ workArea: Rectangle }>;
  getPrimaryDisplay(): { workArea: Rectangle };
}

export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** How much of the window's title bar area must be on a display for the position to be kept. */
const MIN_VISIBLE = 100;

const int = z.number().int().min(-100_000).max(100_000);
const stateSchema = z
  .object({
    x: int.optional(),
    y: int.optional(),
    width: z.number().int().min(1).max(100_000),
    height: z.number().int().min(1).max(100_000),
    maximized: z.boolean().default(false),
  })
  .strip();

/** Reads the saved state; anything missing, unreadable or malformed gives the default. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // No file yet or not JSON: use the default.
  }
  return { ...DEFAULT_SIZE, maximized: false };
}

/**
 * Fits a saved state onto the displays that exist now: size clamped to [MIN_SIZE, the work area],
 * position dropped (OS centres the window) unless enough of the window's top is on some display.
 */
export function clampToDisplays(state: WindowState, screen: ScreenPort): WindowState {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay().workArea;
  const fitting = (area: Rectangle): WindowState => ({
    width: Math.max(MIN_SIZE.width, Math.min(state.width, area.width)),
    height: Math.max(MIN_SIZE.height, Math.min(state.height, area.height)),
    maximized: state.maximized,
  });

  if (state.x === undefined || state.y === undefined) return fitting(primary);
  const { x, y } = state;
  const host = displays.find(({ workArea }) => {
    // The strip along the window's top edge (where the title bar is) must be visible.
    const titleBar: Rectangle = { x, y, width: state.width, height: 40 };
    return (
      intersectionWidth(titleBar, workArea) >= MIN_VISIBLE && y >= workArea.y && y < workArea.y + workArea.height - 40
    );
  });
  if (!host) return fitting(primary);

  const sized = fitting(host.workArea);
  const area = host.workArea;
  return {
    ...sized,
    x: Math.min(Math.max(x, area.x), area.x + area.width - Math.min(sized.width, area.width)),
    y: Math.min(Math.max(y, area.y), area.y + area.height - Math.min(sized.height, area.height)),
  };
}

function intersectionWidth(a: Rectangle, b: Rectangle): number {
  const top = Math.max(a.y, b.y);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  if (bottom <= top) return 0;
  return Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
}

/** Writes the state atomically (temp file + rename). Failures are returned, never thrown. */
export function writeWindowState(file: string, state: WindowState): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
}

/** The parts of a BrowserWindow that window-state tracking uses. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's normal (un-maximized) bounds and maximized flag when it closes. */
export function trackWindowState(window: TrackedWindow, file: string): void {
  window.on('close', () => {
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    writeWindowState(file, { ...bounds, maximized: window.isMaximized() });
  });
}
