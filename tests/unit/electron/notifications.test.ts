import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { readFileSync } from 'node:fs';
import {
  APP_USER_MODEL_ID,
  REMINDERS_ROUTE,
  reminderNotificationText,
  watchReminders,
  type ReminderNotifierDeps,
} from '../../../electron/main/notifications';
import type { ExpiryReminder } from '../../../shared/manage';
import { FakeBrowserWindow, resetFake } from './fakeElectron';

const { FakeNotification } = await vi.hoisted(async () => {
  // Hoisted with vi.mock below; node:events is imported inside for the same reason.
  const { EventEmitter } = await import('node:events');
  class FakeNotification extends EventEmitter {
    static supported = true;
    static created: FakeNotification[] = [];
    static isSupported() {
      return FakeNotification.supported;
    }
    shown = 0;
    constructor(readonly options: { title: string; body: string }) {
      super();
      FakeNotification.created.push(this);
    }
    show() {
      this.shown++;
    }
  }
  return { FakeNotification };
});

vi.mock('electron', async () => ({
  ...(await import('./fakeElectron')).electronModule(),
  Notification: FakeNotification,
}));

const APP = 'app://renderer/index.html';
const reminder = (friendlyName: string, daysLeft: number, profileName = 'Production'): ExpiryReminder => ({
  profileId: 'p1',
  profileName,
  userId: `id-${friendlyName}`,
  friendlyName,
  endDate: '2026-03-11',
  daysLeft,
});

describe('reminder notifications', () => {
  let window: FakeBrowserWindow;
  let listener: ((due: ExpiryReminder[]) => void) | undefined;
  let deps: ReminderNotifierDeps;
  const subscribe = vi.fn((l: (due: ExpiryReminder[]) => void) => {
    listener = l;
    return () => (listener = undefined);
  });

  beforeEach(() => {
    resetFake();
    FakeNotification.supported = true;
    FakeNotification.created = [];
    listener = undefined;
    subscribe.mockClear();
    window = new FakeBrowserWindow({ width: 800, height: 600, webPreferences: {} });
    deps = {
      window: () => window as unknown as BrowserWindow,
      appUrl: APP,
      isAppUrl: (url) => url.startsWith('app://renderer/'),
      log: { warn: vi.fn() },
    };
  });

  it('shows one notification for what is due: the count and the most urgent names', () => {
    watchReminders(subscribe, deps);
    listener!([reminder('later', 20), reminder('build-bot', 1), reminder('old', -3), reminder('today', 0)]);
    expect(FakeNotification.created).toHaveLength(1);
    const [notification] = FakeNotification.created;
    expect(notification!.shown).toBe(1);
    expect(notification!.options).toEqual({
      title: '4 service users expire soon or have expired',
      body: 'old (Production): expired\ntoday (Production): expires today\nbuild-bot (Production): expires tomorrow\nand 1 more',
    });
  });

  it('names a single user in the title', () => {
    expect(reminderNotificationText([reminder('deploy-bot', 7, 'Staging')])).toEqual({
      title: 'Service user deploy-bot expires in 7 days',
      body: 'deploy-bot (Staging): expires in 7 days',
    });
  });

  it('a certificate reminder names the certificate and its user', () => {
    const certificate = { ...reminder('deploy-bot', 12, 'Staging'), certificate: { id: 'c-1', nickname: 'build box' } };
    expect(reminderNotificationText([certificate])).toEqual({
      title: 'Certificate “build box” of deploy-bot expires in 12 days',
      body: 'Certificate “build box” of deploy-bot (Staging): expires in 12 days',
    });
    expect(reminderNotificationText([reminder('deploy-bot', 3, 'Staging'), certificate])).toEqual({
      title: '2 service users or certificates expire soon or have expired',
      body: 'deploy-bot (Staging): expires in 3 days\nCertificate “build box” of deploy-bot (Staging): expires in 12 days',
    });
  });

  it('a click brings the window forward on the list of expiring users, without reloading the app', async () => {
    watchReminders(subscribe, deps);
    await window.loadURL(`${APP}#/audit`);
    window.minimized = true;
    listener!([reminder('build-bot', 1)]);
    FakeNotification.created[0]!.emit('click');
    expect(window.restored).toBe(1);
    expect(window.shown).toBe(1);
    expect(window.focused).toBe(1);
    expect(window.loadedUrl).toBe(`${APP}${REMINDERS_ROUTE}`);
  });

  it('a click with no app page loaded opens the app on the list', () => {
    const reopened = new FakeBrowserWindow({ width: 800, height: 600, webPreferences: {} });
    deps.window = () => reopened as unknown as BrowserWindow;
    watchReminders(subscribe, deps);
    listener!([reminder('build-bot', 1)]);
    FakeNotification.created[0]!.emit('click');
    expect(reopened.loadedUrl).toBe(`${APP}${REMINDERS_ROUTE}`);
    expect(reopened.focused).toBe(1);
  });

  it('does not listen where the OS has no notifications', () => {
    FakeNotification.supported = false;
    watchReminders(subscribe, deps);
    expect(subscribe).not.toHaveBeenCalled();
  });

  it('returns the unsubscribe function', () => {
    const off = watchReminders(subscribe, deps);
    expect(listener).toBeDefined();
    off();
    expect(listener).toBeUndefined();
  });

  it("Windows: the app's user model id is the installer's appId", () => {
    const config = readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8');
    expect(config).toMatch(new RegExp(`^appId: ${APP_USER_MODEL_ID.replaceAll('.', '\\.')}$`, 'm'));
  });
});
