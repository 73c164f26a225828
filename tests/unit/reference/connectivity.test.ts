/**
 * The connectivity monitor on fake timers: a watched profile's change of reachability is known in
 * core within CORE_DETECTION_MS, inside the 15 s bound (core pushes it to the renderer at once).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKOFF_MAX_MS,
  CORE_DETECTION_MS,
  createConnectivityMonitor,
  ONLINE_PROBE_MS,
  PROBE_TIMEOUT_MS,
  REACHABILITY_BOUND_MS,
  WATCH_LEASE_MS,
  WATCHED_BACKOFF_MAX_MS,
  type ConnectivityMonitor,
} from '../../../electron/core/reference/connectivity';
import { AppError } from '../../../shared/errors';
import type { Connectivity } from '../../../shared/reference';

const P = 'profile-1';

/** A stand-in DigiCert ONE: up, refusing connections, or swallowing requests until they time out. */
function fakeServer() {
  const server = { mode: 'up' as 'up' | 'refused' | 'silent' | 'bad_key', probes: 0 };
  const probe = async (_profileId: string, signal: AbortSignal) => {
    server.probes++;
    if (server.mode === 'up') return;
    if (server.mode === 'bad_key') throw new AppError('invalid_api_key', 'refused');
    if (server.mode === 'refused') throw new AppError('offline', 'cannot be reached');
    // silent: the client's own timeout (PROBE_TIMEOUT_MS) ends the attempt.
    await new Promise<never>((_resolve, reject) => {
      const timer = setTimeout(() => reject(new AppError('timeout', 'no answer')), PROBE_TIMEOUT_MS);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AppError('cancelled', 'stopped'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { server, probe };
}

describe('connectivity monitor', () => {
  let monitor: ConnectivityMonitor;
  let server: ReturnType<typeof fakeServer>['server'];
  let changes: { now: Connectivity; before: Connectivity }[];

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-10T12:00:00Z') });
    const fake = fakeServer();
    server = fake.server;
    monitor = createConnectivityMonitor({ clock: () => new Date(), probe: fake.probe });
    changes = [];
    monitor.onChange((_id, now, before) => changes.push({ now, before }));
  });
  afterEach(() => {
    monitor.stop();
    vi.useRealTimers();
  });

  /** Keeps the profile watched the way the renderer does (it asked for it once and listens for events) for `ms`. */
  async function watchFor(ms: number): Promise<void> {
    monitor.watch(P);
    monitor.setListening(true);
    await vi.advanceTimersByTimeAsync(ms);
  }
  const state = () => monitor.get(P).state;

  it('the bound holds: core detection fits in 15 s with room for the event to arrive', () => {
    expect(CORE_DETECTION_MS).toBeLessThan(REACHABILITY_BOUND_MS);
  });

  it.each(['refused', 'silent'] as const)(
    'goes offline within the bound when the server stops answering (%s)',
    async (mode) => {
      monitor.watch(P);
      monitor.answered(P);
      await watchFor(ONLINE_PROBE_MS * 3); // ends just as a probe was answered: the worst moment to go away
      expect(state()).toBe('online');
      expect(server.probes).toBe(3); // it did look while online

      server.mode = mode;
      await watchFor(CORE_DETECTION_MS);
      expect(state()).toBe('offline');
      expect(monitor.get(P).lastError).toBe(mode === 'refused' ? 'offline' : 'timeout');
      expect(changes.find((c) => c.now.state === 'offline')?.before.state).toBe('online');
    },
  );

  it.each(['refused', 'silent'] as const)('comes back within the bound however long it was away (%s)', async (mode) => {
    monitor.watch(P);
    monitor.unreachable(P, 'offline');
    server.mode = mode;
    await watchFor(30 * 60_000); // half an hour away: the backoff has long reached its cap
    expect(state()).toBe('offline');
    const next = Date.parse(monitor.get(P).nextAttemptAt!) - Date.parse(monitor.get(P).checkedAt!);
    expect(next).toBeLessThanOrEqual(WATCHED_BACKOFF_MAX_MS);

    // The worst moment to come back: just as an attempt went out (it still fails).
    await vi.advanceTimersByTimeAsync(Date.parse(monitor.get(P).nextAttemptAt!) - Date.now());
    server.mode = 'up';
    await watchFor(CORE_DETECTION_MS);
    expect(state()).toBe('online');
    expect(changes.at(-1)).toMatchObject({
      before: { state: 'offline' },
      now: { state: 'online', lastError: null, nextAttemptAt: null },
    });
  });

  it('backs off while offline: attempts get further apart up to the watched cap', async () => {
    monitor.watch(P);
    server.mode = 'refused';
    monitor.unreachable(P, 'offline');
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const c = monitor.get(P);
      waits.push(Date.parse(c.nextAttemptAt!) - Date.parse(c.checkedAt!));
      const probes = server.probes;
      monitor.watch(P);
      await vi.advanceTimersByTimeAsync(waits.at(-1)!);
      expect(server.probes).toBe(probes + 1);
    }
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits[0]).toBeLessThan(waits.at(-1)!);
    expect(waits.at(-1)).toBe(WATCHED_BACKOFF_MAX_MS);
  });

  it('a refusal (e.g. a revoked key) is an answer: online, with the reason', async () => {
    monitor.watch(P);
    monitor.unreachable(P, 'offline');
    server.mode = 'bad_key';
    await watchFor(CORE_DETECTION_MS);
    expect(monitor.get(P)).toMatchObject({ state: 'online', lastError: 'invalid_api_key' });
  });

  it('does not probe a profile nobody watches, and stops when the watch lapses', async () => {
    monitor.answered(P);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.probes).toBe(0);

    monitor.watch(P);
    await vi.advanceTimersByTimeAsync(WATCH_LEASE_MS);
    const probed = server.probes;
    expect(probed).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.probes).toBe(probed);
  });

  it('while the renderer listens, the profile it asked for last stays watched past the lease; then the lease applies', async () => {
    monitor.watch('other');
    monitor.watch(P);
    monitor.answered('other');
    monitor.answered(P);
    monitor.setListening(true);
    await vi.advanceTimersByTimeAsync(WATCH_LEASE_MS);
    const early = server.probes;
    await vi.advanceTimersByTimeAsync(10 * ONLINE_PROBE_MS);
    expect(server.probes - early).toBe(10); // P only: 'other' lapsed with its lease

    server.mode = 'refused';
    await vi.advanceTimersByTimeAsync(CORE_DETECTION_MS);
    expect(state()).toBe('offline');
    server.mode = 'up';
    await vi.advanceTimersByTimeAsync(CORE_DETECTION_MS);
    expect(state()).toBe('online');

    monitor.setListening(false);
    await vi.advanceTimersByTimeAsync(WATCH_LEASE_MS);
    const stopped = server.probes;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.probes).toBe(stopped);
  });

  it('starting to listen looks again at the profile asked for last, even after its lease lapsed', async () => {
    monitor.watch(P);
    monitor.answered(P);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    const lapsed = server.probes;
    server.mode = 'refused';
    monitor.setListening(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.probes).toBe(lapsed + 1);
    expect(state()).toBe('offline');
  });

  it('looks at once when a stale profile is watched again', async () => {
    monitor.answered(P);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    server.mode = 'refused';
    monitor.watch(P);
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('offline');
  });

  it('an unwatched offline profile keeps retrying (queued creates) with a longer backoff, capped by watching it', async () => {
    server.mode = 'refused';
    monitor.unreachable(P, 'offline');
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    const c = monitor.get(P);
    expect(Date.parse(c.nextAttemptAt!) - Date.parse(c.checkedAt!)).toBe(BACKOFF_MAX_MS);

    server.mode = 'up';
    monitor.watch(P);
    await vi.advanceTimersByTimeAsync(WATCHED_BACKOFF_MAX_MS);
    expect(state()).toBe('online');
  });

  it('tells listeners about changes, not about every successful probe', async () => {
    monitor.watch(P);
    monitor.answered(P);
    await watchFor(ONLINE_PROBE_MS * 5);
    expect(changes.map((c) => c.now.state)).toEqual(['online']);
  });

  it('stop() ends all probing', async () => {
    monitor.watch(P);
    monitor.answered(P);
    monitor.stop();
    await watchFor(ONLINE_PROBE_MS * 3);
    expect(server.probes).toBe(0);
  });
});
