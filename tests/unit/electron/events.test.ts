import { describe, expect, it } from 'vitest';
import { forwardEvents } from '../../../electron/main/events';
import { IPC_EVENT_CHANNEL, type AppEvent, type AppEventListener } from '../../../shared/ipc/events';
import { FakeWebContents } from './fakeElectron';

const APP_URL = 'app://renderer/index.html';
const location = { url: APP_URL, isAppUrl: (url: string) => url.startsWith('app://renderer/') };
const TOKENS: AppEvent = { name: 'tokens.changed', payload: { held: true, pending: 1 } };

function setup() {
  const listeners = new Set<AppEventListener>();
  const emit = (event: AppEvent) => listeners.forEach((l) => l(event));
  const contents = new FakeWebContents();
  contents.mainFrame.url = location.url;
  let target: FakeWebContents | null = contents;
  const stop = forwardEvents(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => target,
    location.isAppUrl,
  );
  return { listeners, emit, contents, stop, setTarget: (t: FakeWebContents | null) => (target = t) };
}

describe('forwardEvents (main → renderer)', () => {
  it('sends each event to the app window as (IPC_EVENT_CHANNEL, name, payload)', () => {
    const { emit, contents } = setup();
    emit(TOKENS);
    emit({ name: 'reference.refreshed', payload: { profileId: 'p1', refreshedAt: '2026-03-10T12:00:00.000Z' } });
    expect(contents.sent).toEqual([
      [IPC_EVENT_CHANNEL, 'tokens.changed', { held: true, pending: 1 }],
      ['event', 'reference.refreshed', { profileId: 'p1', refreshedAt: '2026-03-10T12:00:00.000Z' }],
    ]);
  });

  it('sends nothing while there is no window, or when it shows anything but the app', () => {
    const { emit, contents, setTarget } = setup();
    setTarget(null);
    emit(TOKENS);
    setTarget(contents);
    contents.mainFrame.url = 'https://evil.example/';
    emit(TOKENS);
    expect(contents.sent).toEqual([]);
  });

  it('stops forwarding when unsubscribed', () => {
    const { emit, contents, stop, listeners } = setup();
    stop();
    expect(listeners.size).toBe(0);
    emit(TOKENS);
    expect(contents.sent).toEqual([]);
  });
});
