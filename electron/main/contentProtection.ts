/** The slice of a BrowserWindow content protection needs. */
export interface ProtectableWindow {
  setContentProtection(enabled: boolean): void;
  isDestroyed(): boolean;
}

/**
 * Keeps every window out of screen captures and screen sharing while a one-time token is held:
 * `set(held)` applies to all open windows, `protect(window)` gives a window created later (macOS
 * re-opens one from the dock) the current state. On Linux `setContentProtection` does nothing;
 * the token panel says so.
 */
export function createContentProtection(windows: () => readonly ProtectableWindow[]) {
  let held = false;
  return {
    set(next: boolean): void {
      held = next;
      for (const window of windows()) if (!window.isDestroyed()) window.setContentProtection(held);
    },
    protect(window: ProtectableWindow): void {
      window.setContentProtection(held);
    },
  };
}
