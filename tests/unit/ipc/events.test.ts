import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import { createEventRouter, EVENT_NAMES, eventSchemas, parseEvent, type AppEvent } from '../../../shared/ipc/events';

const AT = '2026-03-10T12:00:00.000Z';

/** One valid payload per event, as core emits them. */
const VALID: AppEvent[] = [
  {
    name: 'connectivity.changed',
    payload: {
      profileId: 'p1',
      connectivity: { state: 'offline', checkedAt: AT, lastError: 'dns_failed', nextAttemptAt: AT },
    },
  },
  {
    name: 'connectivity.changed',
    payload: {
      profileId: 'p1',
      connectivity: { state: 'unknown', checkedAt: null, lastError: null, nextAttemptAt: null },
    },
  },
  { name: 'reference.refreshed', payload: { profileId: 'sandbox', refreshedAt: AT } },
  { name: 'tokens.changed', payload: { held: false, pending: 0 } },
  { name: 'certificates.changed', payload: { held: true, pending: 1 } },
  { name: 'keychain.changed', payload: { status: { available: true, backend: 'Secret Service', checkedAt: AT } } },
  {
    name: 'keychain.changed',
    payload: {
      status: {
        available: false,
        backend: 'Secret Service',
        checkedAt: AT,
        reason: 'locked',
        detail: 'The collection is locked.',
        fix: 'Unlock it.',
      },
    },
  },
];

describe('event contract (shared/ipc/events.ts)', () => {
  it('names the eight events, none of them a channel', () => {
    expect(EVENT_NAMES.sort()).toEqual([
      'audit.progress',
      'certificates.changed',
      'connectivity.changed',
      'keychain.changed',
      'reference.refreshed',
      'reminders.changed',
      'serviceUsers.changed',
      'tokens.changed',
    ]);
    for (const name of EVENT_NAMES) expect(CHANNELS as string[]).not.toContain(name);
  });

  it.each(VALID.map((e) => [e.name, e] as const))('%s: a valid payload passes unchanged', (_name, event) => {
    expect(parseEvent(event.name, event.payload)).toEqual(event);
  });

  it.each([
    [
      'connectivity.changed',
      { profileId: 'p1', connectivity: { state: 'down', checkedAt: null, lastError: null, nextAttemptAt: null } },
    ],
    [
      'connectivity.changed',
      {
        profileId: 'p1',
        connectivity: { state: 'offline', checkedAt: 'yesterday', lastError: null, nextAttemptAt: null },
      },
    ],
    [
      'connectivity.changed',
      {
        profileId: 'p1',
        connectivity: { state: 'offline', checkedAt: AT, lastError: 'no_such_code', nextAttemptAt: null },
      },
    ],
    [
      'connectivity.changed',
      { profileId: '', connectivity: { state: 'online', checkedAt: AT, lastError: null, nextAttemptAt: null } },
    ],
    ['reference.refreshed', { profileId: 'p1' }],
    ['reference.refreshed', { profileId: 'p1', refreshedAt: AT, data: { accounts: [] } }],
    ['tokens.changed', { held: true, pending: -1 }],
    ['tokens.changed', { held: true, pending: 1.5 }],
    ['tokens.changed', { held: 1, pending: 1 }],
    ['keychain.changed', { status: { available: false, backend: 'x', checkedAt: AT } }],
    [
      'keychain.changed',
      { status: { available: false, backend: 'x', checkedAt: AT, reason: 'gone', detail: '', fix: '' } },
    ],
    ['keychain.changed', { status: { available: true, backend: 'x', checkedAt: AT, token: 'leak' } }],
    ['tokens.changed', null],
    ['tokens.changed', 'held'],
  ])('%s: %j is refused', (name, payload) => {
    expect(eventSchemas[name as keyof typeof eventSchemas].safeParse(payload).success).toBe(false);
    expect(parseEvent(name, payload)).toBeNull();
  });

  it('an unknown or inherited name is not an event', () => {
    for (const name of ['tokens', 'profiles.list', '__proto__', 'toString', 42, null])
      expect(parseEvent(name, {})).toBeNull();
  });
});

describe('createEventRouter', () => {
  it('delivers a valid event to the handlers of its name only, until they unsubscribe', () => {
    const router = createEventRouter();
    const tokens = vi.fn();
    const keychain = vi.fn();
    const off = router.on('tokens.changed', tokens);
    router.on('keychain.changed', keychain);
    router.deliver('tokens.changed', { held: true, pending: 1 });
    router.deliver('tokens.changed', { held: true }); // invalid: dropped
    off();
    router.deliver('tokens.changed', { held: false, pending: 0 });
    expect(tokens.mock.calls).toEqual([[{ held: true, pending: 1 }]]);
    expect(keychain).not.toHaveBeenCalled();
  });

  it("one handler's exception does not keep the event from the others", async () => {
    const router = createEventRouter();
    const thrown = new Promise<unknown>((resolve) => {
      const original = globalThis.queueMicrotask;
      vi.spyOn(globalThis, 'queueMicrotask').mockImplementationOnce((task) =>
        original(() => {
          try {
            task();
          } catch (error) {
            resolve(error);
          }
        }),
      );
    });
    const second = vi.fn();
    router.on('tokens.changed', () => {
      throw new Error('boom');
    });
    router.on('tokens.changed', second);
    router.deliver('tokens.changed', { held: true, pending: 1 });
    expect(second).toHaveBeenCalledOnce();
    expect(await thrown).toEqual(new Error('boom')); // still reported, not swallowed
    vi.restoreAllMocks();
  });
});
