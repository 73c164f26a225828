import { Notification, type BrowserWindow } from 'electron';
import type { ExpiryReminder } from '../../shared/manage';

/**
 * Windows shows a toast only for an app with an Application User Model ID; it must be the `appId`
 * the installer gives the Start-menu shortcut (electron-builder.yml).
 */
export const APP_USER_MODEL_ID = 'com.serviceuserdesk.app';

/** The in-app list of expiring service users (the renderer's hash route). */
export const REMINDERS_ROUTE = '#/service-users?filter=expiring';
/** Names listed in one notification; the rest are counted. */
const NAMES_SHOWN = 3;

function when(daysLeft: number): string {
  if (daysLeft < 0) return 'expired';
  if (daysLeft === 0) return 'expires today';
  if (daysLeft === 1) return 'expires tomorrow';
  return `expires in ${daysLeft} days`;
}

/** What a reminder is about: the service user, or one of its client certificates. */
function subject(r: ExpiryReminder): string {
  return r.certificate ? `Certificate “${r.certificate.nickname}” of ${r.friendlyName}` : r.friendlyName;
}

/**
 * One notification for every reminder that is due: how many, and the most urgent by name. Names
 * and dates only — a reminder carries nothing secret.
 */
export function reminderNotificationText(due: readonly ExpiryReminder[]): { title: string; body: string } {
  const sorted = [...due].sort((a, b) => a.daysLeft - b.daysLeft);
  const first = sorted[0]!;
  const title =
    due.length === 1
      ? `${first.certificate ? subject(first) : `Service user ${first.friendlyName}`} ${when(first.daysLeft)}`
      : due.some((r) => r.certificate)
        ? `${due.length} service users or certificates expire soon or have expired`
        : `${due.length} service users expire soon or have expired`;
  const lines = sorted.slice(0, NAMES_SHOWN).map((r) => `${subject(r)} (${r.profileName}): ${when(r.daysLeft)}`);
  if (due.length > NAMES_SHOWN) lines.push(`and ${due.length - NAMES_SHOWN} more`);
  return { title, body: lines.join('\n') };
}

export interface ReminderNotifierDeps {
  /** The app window; opened again when there is none (macOS keeps running without one). */
  window(): BrowserWindow;
  /** The address the window loads the app from, and the test for the app's own URLs. */
  appUrl: string;
  isAppUrl(url: string): boolean;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/** Brings the window to the front on the list of expiring users (a same-page hash change: no reload). */
function openReminders(deps: ReminderNotifierDeps): void {
  const window = deps.window();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  const current = window.webContents.mainFrame?.url ?? '';
  const base = deps.isAppUrl(current) ? current.split('#')[0]! : deps.appUrl;
  window
    .loadURL(base + REMINDERS_ROUTE)
    .catch((error: unknown) =>
      deps.log.warn('could not open the reminders', { error: error instanceof Error ? error.message : String(error) }),
    );
}

/**
 * Shows core's due expiry reminders as one OS notification each time; a click opens the in-app
 * list. Does nothing where the OS has no notifications. Returns the unsubscribe function.
 */
export function watchReminders(
  subscribe: (listener: (due: ExpiryReminder[]) => void) => () => void,
  deps: ReminderNotifierDeps,
): () => void {
  if (!Notification.isSupported()) return () => undefined;
  // Held until it is gone: a notification collected by the GC loses its click handler.
  const shown = new Set<Notification>();
  return subscribe((due) => {
    const notification = new Notification(reminderNotificationText(due));
    shown.add(notification);
    notification.on('click', () => openReminders(deps));
    notification.on('close', () => shown.delete(notification));
    notification.show();
  });
}
