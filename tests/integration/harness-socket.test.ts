/**
 * The harness bridge's WebSocket (`GET /ipc`), end to end: a real core behind the real bridge, a real
 * `ws` client standing in for the page (it may set Origin and Host freely, as a hostile process could).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { SOCKET_CALL_CHANNEL, type Harness } from '../../electron/harness/server';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import { startBridgedCore } from '../support/harnessBridge';
import { findSecretsOnDisk } from '../support/tmp';

interface Reply {
  status: number;
  body: string;
}

/** Raw HTTP, as in harness.test.ts. */
function post(h: Harness, path: string, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        method: 'POST',
        path,
        headers: { origin: h.origin, 'content-type': 'application/json', [HARNESS_SECRET_HEADER]: h.secret },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function ticket(h: Harness): Promise<string> {
  const reply = await post(h, '/events/ticket', '');
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as { value: { ticket: string } }).value.ticket;
}

interface Client {
  ws: WebSocket;
  /** Every message received, parsed. */
  messages: { id?: number; result: { ok: boolean; value?: unknown; error?: { code: string } } }[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the answer to `id` (sent with `send`). */
  answer(id: number): Promise<Client['messages'][number]>;
}

type Opened = { opened: true; client: Client } | { opened: false; status: number; body: string };

/** Opens `ws://…/ipc?ticket=…` with the page's headers unless told otherwise; reports a refused upgrade's status. */
function open(
  h: Harness,
  options: { ticket?: string | null; origin?: string | null; host?: string; path?: string } = {},
): Promise<Opened> {
  const path = options.path ?? (options.ticket === null ? '/ipc' : `/ipc?ticket=${options.ticket ?? ''}`);
  const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${h.port}` };
  if (options.origin !== null) headers.origin = options.origin ?? h.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}${path}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ opened: false, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    ws.once('error', reject);
    ws.once('open', () => {
      const messages: Client['messages'] = [];
      ws.on('message', (data: Buffer) =>
        messages.push(JSON.parse(data.toString('utf8')) as Client['messages'][number]),
      );
      const closed = new Promise<{ code: number; reason: string }>((done) =>
        ws.once('close', (code, reason) => done({ code, reason: reason.toString('utf8') })),
      );
      resolve({
        opened: true,
        client: {
          ws,
          messages,
          closed,
          answer: (id) =>
            vi.waitFor(
              () => {
                const found = messages.find((m) => m.id === id);
                if (!found) throw new Error(`no answer to ${id} yet`);
                return found;
              },
              { timeout: 5_000, interval: 5 },
            ),
        },
      });
    });
  });
}

async function client(h: Harness): Promise<Client> {
  const opened = await open(h, { ticket: await ticket(h) });
  if (!opened.opened) throw new Error(`socket refused: ${opened.status} ${opened.body}`);
  return opened.client;
}

const send = (c: Client, message: unknown) => c.ws.send(JSON.stringify(message));

const API_KEY = 'harness-socket-key-8d2f41c0aa';

describe('harness bridge over a WebSocket', () => {
  let harness: Harness;
  const issued: string[] = [];
  /** profiles.list waits for this while set: a slow call, to see answers overtake each other. */
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    harness = await startBridgedCore('sud-harness-ws-', {
      wrap(core) {
        const list = core.handlers['profiles.list'];
        return {
          ...core,
          handlers: {
            ...core.handlers,
            'profiles.list': async (req) => {
              await gate;
              return list(req);
            },
          },
        };
      },
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const fresh = async () => {
    const t = await ticket(harness);
    issued.push(t);
    return t;
  };

  it('answers a call exactly as POST /ipc/<channel> does', async () => {
    const c = await client(harness);
    try {
      send(c, { id: 1, channel: 'app.info', payload: {} });
      const viaHttp = JSON.parse((await post(harness, '/ipc/app.info', '{}')).body) as unknown;
      expect((await c.answer(1)).result).toEqual(viaHttp);
      expect(viaHttp).toMatchObject({ ok: true, value: { transport: 'harness', version: '9.9.9-test' } });

      // A domain error is a value too, field errors and all.
      const bad = { name: '', region: 'mars', apiKey: 'x' };
      send(c, { id: 2, channel: 'profiles.add', payload: bad });
      const badViaHttp = JSON.parse((await post(harness, '/ipc/profiles.add', JSON.stringify(bad))).body) as unknown;
      expect((await c.answer(2)).result).toEqual(badViaHttp);
      expect(badViaHttp).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

      // A real write, and the key it carried never comes back.
      send(c, { id: 3, channel: 'profiles.add', payload: { name: 'Socket US', region: 'us', apiKey: API_KEY } });
      expect((await c.answer(3)).result).toMatchObject({
        ok: true,
        value: { name: 'Socket US', keyStorage: 'keychain' },
      });
      expect(JSON.stringify(c.messages)).not.toContain(API_KEY);
    } finally {
      c.ws.close();
    }
  });

  it('runs calls concurrently and matches answers by id, out of order', async () => {
    const c = await client(harness);
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    try {
      send(c, { id: 10, channel: 'profiles.list', payload: {} });
      send(c, { id: 11, channel: 'app.info', payload: {} });
      expect((await c.answer(11)).result).toMatchObject({ ok: true, value: { transport: 'harness' } });
      expect(c.messages.map((m) => m.id)).toEqual([11]);
      release();
      expect((await c.answer(10)).result).toMatchObject({ ok: true, value: expect.any(Array) });
      expect(c.messages.map((m) => m.id)).toEqual([11, 10]);
    } finally {
      gate = null;
      release();
      c.ws.close();
    }
  });

  it("publishes each call's channel and arrival time for the bench, never its payload", async () => {
    const seen: unknown[] = [];
    const listener = (message: unknown) => seen.push(message);
    subscribe(SOCKET_CALL_CHANNEL, listener);
    const c = await client(harness);
    try {
      const before = performance.now();
      send(c, { id: 30, channel: 'profiles.add', payload: { name: 'Published', region: 'us', apiKey: API_KEY } });
      await c.answer(30);
      expect(seen).toEqual([{ channel: 'profiles.add', receivedAt: expect.any(Number) }]);
      expect((seen[0] as { receivedAt: number }).receivedAt).toBeGreaterThanOrEqual(before);
    } finally {
      unsubscribe(SOCKET_CALL_CHANNEL, listener);
      c.ws.close();
    }
  });

  it('refuses a foreign, missing or look-alike Origin, or a foreign Host, with 403 before the upgrade', async () => {
    const cases: { origin?: string | null; host?: string }[] = [
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${harness.port}` },
      { origin: 'null' },
      { origin: `http://127.0.0.1:${harness.port + 1}` },
      { origin: null },
      { host: `attacker.example:${harness.port}` },
    ];
    for (const headers of cases) {
      const reply = await open(harness, { ticket: await fresh(), ...headers });
      expect(reply, JSON.stringify(headers)).toMatchObject({ opened: false, status: 403 });
      expect(JSON.parse((reply as { body: string }).body)).toMatchObject({
        ok: false,
        error: { code: 'untrusted_sender' },
      });
    }
  });

  it('needs a fresh ticket: none, a made-up, a used or an expired one is refused with 401', async () => {
    expect(await open(harness, { ticket: null })).toMatchObject({ opened: false, status: 401 });
    expect(await open(harness, { ticket: 'a'.repeat(64) })).toMatchObject({ opened: false, status: 401 });
    expect(await open(harness, { ticket: 'short' })).toMatchObject({ opened: false, status: 401 });

    const once = await fresh();
    const first = await open(harness, { ticket: once });
    expect(first.opened).toBe(true);
    if (first.opened) first.client.ws.close();
    expect(await open(harness, { ticket: once })).toMatchObject({ opened: false, status: 401 });

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const late = await fresh();
    vi.setSystemTime(Date.now() + 31_000);
    expect(await open(harness, { ticket: late })).toMatchObject({ opened: false, status: 401 });
  });

  it('a ticket opens the event stream or the socket, not both', async () => {
    const t = await fresh();
    const socket = await open(harness, { ticket: t });
    expect(socket.opened).toBe(true);
    if (socket.opened) socket.client.ws.close();
    const events = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: harness.port, path: `/events?ticket=${t}` }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toBe(401);
  });

  it('upgrades nothing but /ipc', async () => {
    expect(await open(harness, { path: `/events?ticket=${await fresh()}` })).toMatchObject({
      opened: false,
      status: 404,
    });
    expect(await open(harness, { path: `/ipc/app.info?ticket=${await fresh()}` })).toMatchObject({
      opened: false,
      status: 404,
    });
  });

  it('answers a bad or unknown channel as an error value when the message has an id', async () => {
    const c = await client(harness);
    try {
      send(c, { id: 20, channel: '../etc/passwd', payload: {} });
      send(c, { id: 21, channel: 42, payload: {} });
      send(c, { id: 22, payload: {} });
      send(c, { id: 23, channel: 'shell.exec', payload: {} });
      send(c, { id: 24, channel: 'app.info', payload: { extra: true } });
      for (const id of [20, 21, 22]) {
        expect((await c.answer(id)).result, String(id)).toMatchObject({
          ok: false,
          error: { code: 'invalid_request' },
        });
      }
      expect((await c.answer(23)).result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect((await c.answer(24)).result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      // Still open: an error value does not end the conversation.
      send(c, { id: 25, channel: 'app.info' });
      expect((await c.answer(25)).result).toMatchObject({ ok: true });
    } finally {
      c.ws.close();
    }
  });

  it.each([
    ['not JSON', '{"id": 1, "channel": '],
    ['no id', JSON.stringify({ channel: 'app.info', payload: {} })],
    ['a fractional id', JSON.stringify({ id: 1.5, channel: 'app.info', payload: {} })],
    ['a string id', JSON.stringify({ id: '1', channel: 'app.info', payload: {} })],
    ['not an object', '7'],
  ])('closes with 1008 on a message with %s', async (_what, text) => {
    const c = await client(harness);
    c.ws.send(text);
    expect((await c.closed).code).toBe(1008);
    expect(c.messages).toEqual([]);
  });

  it('closes with 1003 on a binary message', async () => {
    const c = await client(harness);
    c.ws.send(Buffer.from(JSON.stringify({ id: 1, channel: 'app.info', payload: {} })), { binary: true });
    expect((await c.closed).code).toBe(1003);
    expect(c.messages).toEqual([]);
  });

  it('closes with 1009 on a message over the size cap', async () => {
    const c = await client(harness);
    c.ws.on('error', () => undefined); // the server cuts the connection after its close frame
    send(c, { id: 1, channel: 'profiles.add', payload: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect((await c.closed).code).toBe(1009);
    expect(c.messages).toEqual([]);
  });

  it('neither the secret, a ticket nor a payload reaches the data folder (log, database)', () => {
    expect(issued.length).toBeGreaterThan(0);
    expect(findSecretsOnDisk(harness.dataDir, [harness.secret, ...issued, API_KEY])).toEqual([]);
  });
});

describe('closing the harness', () => {
  it('closes its open sockets with 1001 (going away)', async () => {
    const h = await startBridgedCore('sud-harness-ws-close-');
    try {
      const a = await client(h);
      const b = await client(h);
      await h.close();
      expect((await a.closed).code).toBe(1001);
      expect((await b.closed).code).toBe(1001);
    } finally {
      await h.close();
    }
  });
});
