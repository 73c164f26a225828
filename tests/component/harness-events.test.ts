/**
 * The harness transport's event stream (renderer/src/transport/harness.ts) with a fake EventSource
 * and fetch: a ticket per connection, parsed events to subscribers, a new ticket after a break.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import { createHarnessEvents, EVENTS_RETRY_MAX_MS, EVENTS_RETRY_MIN_MS } from '../../renderer/src/transport/harness';

const SECRET = 'ab'.repeat(32);

class FakeSource {
  static all: FakeSource[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  close() {
    this.closed = true;
  }
  send(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
}

function setup(options: { refuseTickets?: number } = {}) {
  let n = 0;
  let refuse = options.refuseTickets ?? 0;
  const fetchFn = vi.fn(async (_url: string, _init: RequestInit) => {
    if (refuse > 0) {
      refuse--;
      return new Response(JSON.stringify({ ok: false, error: { code: 'untrusted_sender', message: 'no' } }), {
        status: 401,
      });
    }
    return new Response(JSON.stringify({ ok: true, value: { ticket: `t${++n}` } }));
  });
  const events = createHarnessEvents(SECRET, {
    fetch: fetchFn as unknown as typeof fetch,
    EventSource: FakeSource as unknown as typeof EventSource,
  });
  return { events, fetchFn };
}

const TOKENS = { name: 'tokens.changed', payload: { held: true, pending: 1 } };

beforeEach(() => {
  FakeSource.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('harness events transport', () => {
  it('connects on the first subscription with a ticket bought with the secret header', async () => {
    const { events, fetchFn } = setup();
    expect(fetchFn).not.toHaveBeenCalled();
    events.on('tokens.changed', () => undefined);
    events.on('keychain.changed', () => undefined);
    await vi.waitFor(() => expect(FakeSource.all).toHaveLength(1));
    expect(fetchFn).toHaveBeenCalledExactlyOnceWith(
      './events/ticket',
      expect.objectContaining({ method: 'POST', credentials: 'omit' }),
    );
    expect((fetchFn.mock.calls[0]![1].headers as Record<string, string>)[HARNESS_SECRET_HEADER]).toBe(SECRET);
    expect(FakeSource.all[0]!.url).toBe('./events?ticket=t1');
    expect(FakeSource.all[0]!.url).not.toContain(SECRET);
  });

  it('hands subscribers the payloads of their event; drops what is not a valid event', async () => {
    const { events } = setup();
    const got = vi.fn();
    const off = events.on('tokens.changed', got);
    await vi.waitFor(() => expect(FakeSource.all).toHaveLength(1));
    const source = FakeSource.all[0]!;
    source.send(TOKENS);
    source.send({ name: 'tokens.changed', payload: { held: 'yes' } });
    source.send({
      name: 'keychain.changed',
      payload: { status: { available: true, backend: 'x', checkedAt: '2026-03-10T12:00:00.000Z' } },
    });
    source.send('not json {');
    source.send('null');
    off();
    source.send(TOKENS);
    expect(got.mock.calls).toEqual([[TOKENS.payload]]);
  });

  it('after a break it reconnects with a new ticket, waiting longer each failed time', async () => {
    const { events, fetchFn } = setup({ refuseTickets: 0 });
    const got = vi.fn();
    events.on('tokens.changed', got);
    await vi.waitFor(() => expect(FakeSource.all).toHaveLength(1));
    FakeSource.all[0]!.onopen?.();

    FakeSource.all[0]!.onerror?.();
    expect(FakeSource.all[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(EVENTS_RETRY_MIN_MS - 1);
    expect(FakeSource.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(FakeSource.all).toHaveLength(2));
    expect(FakeSource.all[1]!.url).toBe('./events?ticket=t2');
    FakeSource.all[1]!.send(TOKENS);
    expect(got).toHaveBeenCalledOnce();

    // Failing again and again (no open in between): each wait doubles, up to the cap.
    const expected = [
      2 * EVENTS_RETRY_MIN_MS,
      4 * EVENTS_RETRY_MIN_MS,
      8 * EVENTS_RETRY_MIN_MS,
      EVENTS_RETRY_MAX_MS,
      EVENTS_RETRY_MAX_MS,
    ];
    expect(expected[2]).toBeLessThan(EVENTS_RETRY_MAX_MS);
    for (const [i, wait] of expected.entries()) {
      FakeSource.all.at(-1)!.onerror?.();
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(FakeSource.all, `wait ${i}`).toHaveLength(i + 2);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(FakeSource.all).toHaveLength(i + 3));
    }
    expect(fetchFn).toHaveBeenCalledTimes(7);
    expect(new Set(FakeSource.all.map((s) => s.url)).size).toBe(7); // a new ticket every time
  });

  it('keeps trying when the ticket is refused (the harness is restarting)', async () => {
    const { events } = setup({ refuseTickets: 2 });
    events.on('tokens.changed', () => undefined);
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(EVENTS_RETRY_MIN_MS);
      expect(FakeSource.all).toHaveLength(1);
    });
    expect(FakeSource.all[0]!.url).toBe('./events?ticket=t1');
  });
});
