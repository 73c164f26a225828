/** The parts of Electron the close guard needs (injected so tests can drive it). */
export interface CloseGuardDeps {
  hasUnsavedSecret(): boolean;
  /** Shows the native question; true when the user chose to close anyway. */
  confirmDiscard(): boolean;
}

export const UNSAVED_SECRET_MESSAGE =
  'A token or a client certificate is shown that has not been saved. It can never be shown again. Close anyway?';

/**
 * Asks once before the window closes or the app quits while a one-time token or a generated
 * certificate is held and unsaved.
 * `check(event)` prevents the event unless closing is fine; after one "Close anyway" the rest of
 * that shutdown (before-quit → window close) is not asked again.
 */
export function createCloseGuard(deps: CloseGuardDeps) {
  let confirmed = false;
  return {
    check(event: { preventDefault(): void }): boolean {
      if (confirmed || !deps.hasUnsavedSecret()) return true;
      if (deps.confirmDiscard()) {
        confirmed = true;
        return true;
      }
      event.preventDefault();
      return false;
    },
    get confirmed() {
      return confirmed;
    },
  };
}
