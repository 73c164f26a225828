/**
 * The harness transport's invoke (renderer/src/transport/harness.ts) with a fake WebSocket and fetch:
 * one socket bought with a ticket, answers matched by id, "not reachable" when it drops, a new
 * socket on the next call, and POST /ipc/<channel> when no socket can be opened.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/errors';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import { createHarnessInvoke } from '../../renderer/src/transport/harness';

const SECRET = 'cd'.repeat(32);
const NOT_REACHABLE = { ok: false, error: { code: 'internal', message: 'The app core is not reachable.' } };

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  sent: { id: number; channel: string; payload: unknown }[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as FakeSocket['sent'][number]);
  }
  close() {
    this.drop(1000);
  }
  // --- what the test drives
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(id: unknown, result: unknown) {
    this.onmessage?.({ data: JSON.stringify({ id, result }) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** Waits until the `n`th socket exists (the ticket is fetched first, asynchronously). */
const socketNumber = (n: number) =>
  vi.waitFor(() => {
    if (FakeSocket.all.length < n) throw new Error(`${FakeSocket.all.length} sockets so far`);
    return FakeSocket.all[n - 1]!;
  });
/** Waits until `socket` has been sent `n` calls. */
const sentCount = (socket: FakeSocket, n: number) =>
  vi.waitFor(() => {
    if (socket.sent.length < n) throw new Error(`${socket.sent.length} sent so far`);
    return socket.sent;
  });

function setup(options: { harness?: 'up' | 'down' | 'refusing'; href?: string } = {}) {
  let n = 0;
  const fetchFn = vi.fn(async (url: string, _init: RequestInit) => {
    if (options.harness === 'down') throw new TypeError('Failed to fetch');
    if (options.harness === 'refusing') {
      return new Response(JSON.stringify({ ok: false, error: { code: 'untrusted_sender', message: 'no' } }), {
        status: 401,
      });
    }
    if (url === './events/ticket') return new Response(JSON.stringify({ ok: true, value: { ticket: `t${++n}` } }));
    return new Response(JSON.stringify({ ok: true, value: { over: 'http', url } }));
  });
  const invoke = createHarnessInvoke(SECRET, {
    fetch: fetchFn as unknown as typeof fetch,
    WebSocket: FakeSocket as unknown as typeof WebSocket,
    location: { href: options.href ?? 'http://127.0.0.1:5555/' },
  });
  const ipcPosts = () => fetchFn.mock.calls.filter(([url]) => url.startsWith('./ipc/')).map(([url]) => url);
  return { invoke, fetchFn, ipcPosts };
}

const ok = (value: unknown): Result<unknown> => ({ ok: true, value });

beforeEach(() => {
  FakeSocket.all = [];
});

describe('harness invoke over a WebSocket', () => {
  it('connects on the first call with a ticket bought with the secret header, never the secret in the URL', async () => {
    const { invoke, fetchFn } = setup();
    expect(fetchFn).not.toHaveBeenCalled();
    const call = invoke('app.info', {});
    const socket = await socketNumber(1);
    expect(fetchFn).toHaveBeenCalledExactlyOnceWith(
      './events/ticket',
      expect.objectContaining({ method: 'POST', credentials: 'omit' }),
    );
    expect((fetchFn.mock.calls[0]![1].headers as Record<string, string>)[HARNESS_SECRET_HEADER]).toBe(SECRET);
    expect(socket.url).toBe('ws://127.0.0.1:5555/ipc?ticket=t1');
    expect(socket.url).not.toContain(SECRET);
    socket.open();
    const [sent] = await sentCount(socket, 1);
    expect(sent).toEqual({ id: expect.any(Number), channel: 'app.info', payload: {} });
    socket.reply(sent!.id, ok({ version: '1' }));
    await expect(call).resolves.toEqual(ok({ version: '1' }));
  });

  it('on an open socket a call leaves at once, before anything the caller changed can render', async () => {
    const { invoke } = setup();
    const first = invoke('app.info', {});
    const socket = await socketNumber(1);
    socket.open();
    const [sent] = await sentCount(socket, 1);
    socket.reply(sent!.id, ok('first'));
    await first;

    void invoke('creation.create', { draftId: 'd1' });
    // No await in between: a microtask (Vue's render) would otherwise run before the send.
    expect(socket.sent.at(-1)).toMatchObject({ channel: 'creation.create', payload: { draftId: 'd1' } });
  });

  it('resolves ./ipc against the page address, wss: under https:', async () => {
    const { invoke } = setup({ href: 'https://127.0.0.1:6000/app/index.html#x' });
    void invoke('app.info', {});
    expect((await socketNumber(1)).url).toBe('wss://127.0.0.1:6000/app/ipc?ticket=t1');
  });

  it('queues calls made while connecting on one socket and matches answers by id, out of order', async () => {
    const { invoke, ipcPosts } = setup();
    const a = invoke('profiles.list', {});
    const b = invoke('app.info', undefined);
    const socket = await socketNumber(1);
    socket.open();
    const [sa, sb] = await sentCount(socket, 2);
    expect(FakeSocket.all).toHaveLength(1);
    expect(sa).toMatchObject({ channel: 'profiles.list', payload: {} });
    expect(sb).toMatchObject({ channel: 'app.info', payload: {} });
    expect(sa!.id).not.toBe(sb!.id);

    const settled: string[] = [];
    void a.then(() => settled.push('a'));
    void b.then(() => settled.push('b'));
    socket.reply(sb!.id, ok('info'));
    await expect(b).resolves.toEqual(ok('info'));
    expect(settled).toEqual(['b']);
    socket.reply(12345, ok('nobody asked')); // an id no call has: ignored
    socket.reply(sa!.id, ok(['p']));
    await expect(a).resolves.toEqual(ok(['p']));

    // Once open, the next call goes straight over the same socket.
    const c = invoke('settings.get', {});
    const sent = await sentCount(socket, 3);
    socket.reply(sent[2]!.id, ok('s'));
    await expect(c).resolves.toEqual(ok('s'));
    expect(FakeSocket.all).toHaveLength(1);
    expect(ipcPosts()).toEqual([]);
  });

  it('an answer that is not a Result is "unreadable"', async () => {
    const { invoke } = setup();
    const call = invoke('app.info', {});
    const socket = await socketNumber(1);
    socket.open();
    const [sent] = await sentCount(socket, 1);
    socket.reply(sent!.id, { value: 'no ok field' });
    await expect(call).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'The app core sent an unreadable answer.' },
    });
  });

  it('calls out when the socket closes resolve to "not reachable"; the next call connects again', async () => {
    const { invoke, ipcPosts } = setup();
    const first = invoke('app.info', {});
    const second = invoke('profiles.list', {});
    const old = await socketNumber(1);
    old.open();
    await sentCount(old, 2);
    old.drop();
    await expect(first).resolves.toEqual(NOT_REACHABLE);
    await expect(second).resolves.toEqual(NOT_REACHABLE);

    const again = invoke('app.info', {});
    const socket = await socketNumber(2);
    expect(socket.url).toBe('ws://127.0.0.1:5555/ipc?ticket=t2');
    socket.open();
    const [sent] = await sentCount(socket, 1);
    socket.reply(sent!.id, ok('back'));
    await expect(again).resolves.toEqual(ok('back'));
    // Nothing was re-sent: the core may have done the dropped calls.
    expect(socket.sent).toHaveLength(1);
    expect(ipcPosts()).toEqual([]);
  });

  it('an old socket closing late does not settle the calls of the new one', async () => {
    const { invoke } = setup();
    const warm = invoke('app.info', {});
    const old = await socketNumber(1);
    old.open();
    old.reply((await sentCount(old, 1))[0]!.id, ok('warm'));
    await warm;

    old.readyState = 2; // closing, its close event not here yet
    const call = invoke('profiles.list', {});
    const socket = await socketNumber(2);
    socket.open();
    const [sent] = await sentCount(socket, 1);
    old.drop();
    socket.reply(sent!.id, ok('mine'));
    await expect(call).resolves.toEqual(ok('mine'));
  });

  it('when the socket cannot be opened, the waiting calls go as POST /ipc/<channel>', async () => {
    const { invoke, ipcPosts, fetchFn } = setup();
    const a = invoke('app.info', {});
    const b = invoke('profiles.list', { x: 1 });
    (await socketNumber(1)).drop();
    await expect(a).resolves.toEqual(ok({ over: 'http', url: './ipc/app.info' }));
    await expect(b).resolves.toEqual(ok({ over: 'http', url: './ipc/profiles.list' }));
    expect(ipcPosts()).toEqual(['./ipc/app.info', './ipc/profiles.list']);
    const post = fetchFn.mock.calls.find(([url]) => url === './ipc/profiles.list')![1];
    expect(post).toMatchObject({ method: 'POST', body: JSON.stringify({ x: 1 }), credentials: 'omit' });
    expect((post.headers as Record<string, string>)[HARNESS_SECRET_HEADER]).toBe(SECRET);

    // The next call tries the socket again.
    const c = invoke('app.info', {});
    const socket = await socketNumber(2);
    socket.open();
    socket.reply((await sentCount(socket, 1))[0]!.id, ok('socket'));
    await expect(c).resolves.toEqual(ok('socket'));
  });

  it('a harness that is gone answers "not reachable"', async () => {
    const { invoke } = setup({ harness: 'down' });
    await expect(invoke('app.info', {})).resolves.toEqual(NOT_REACHABLE);
    expect(FakeSocket.all).toEqual([]);
  });

  it('a wrong secret is refused as before (no ticket, and POST says why)', async () => {
    const { invoke } = setup({ harness: 'refusing' });
    await expect(invoke('app.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'untrusted_sender', message: 'no' },
    });
    expect(FakeSocket.all).toEqual([]);
  });
});
