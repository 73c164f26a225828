/**
 * Core's events through the browser harness as server-sent events (`GET /events`), end to end: a
 * real core behind the real bridge, a raw HTTP client standing in for EventSource.
 */
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REACHABILITY_BOUND_MS } from '../../electron/core/reference/connectivity';
import type { Harness } from '../../electron/harness/server';
import { startSandbox } from '../../electron/sandbox';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import type { AppEvent } from '../../shared/ipc/events';
import { startBridgedCore } from '../support/harnessBridge';
import { findSecretsOnDisk } from '../support/tmp';

interface Reply {
  status: number;
  body: string;
}

function call(
  h: Harness,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const trusted = (h: Harness) => ({
  origin: h.origin,
  'content-type': 'application/json',
  [HARNESS_SECRET_HEADER]: h.secret,
});

async function ipc(h: Harness, channel: string, body: unknown): Promise<unknown> {
  const reply = JSON.parse(
    (await call(h, { path: `/ipc/${channel}`, headers: trusted(h), body: JSON.stringify(body) })).body,
  ) as { ok: boolean; value?: unknown };
  if (!reply.ok) throw new Error(`${channel} refused: ${JSON.stringify(reply)}`);
  return reply.value;
}

async function ticket(h: Harness): Promise<string> {
  const reply = await call(h, { path: '/events/ticket', headers: trusted(h), body: '' });
  expect(reply.status).toBe(200);
  return (JSON.parse(reply.body) as { value: { ticket: string } }).value.ticket;
}

interface Stream {
  status: number;
  contentType: string | undefined;
  events: AppEvent[];
  ended: boolean;
  close(): void;
}

/** Opens `GET path` and collects every `data:` message as JSON (what EventSource's onmessage gets). */
function openStream(h: Harness, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | null = null;
    req = request(
      { host: '127.0.0.1', port: h.port, method: 'GET', path, headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        const stream: Stream = {
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          events: [],
          ended: false,
          close: () => req!.destroy(),
        };
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = message
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            if (data) stream.events.push(JSON.parse(data) as AppEvent);
          }
        });
        res.on('close', () => (stream.ended = true));
        resolve(stream);
      },
    );
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

/** Waits until an event matching `match` has arrived (after the first `from`); throws when it has not within `timeout`. */
const eventArrives = (
  stream: Stream,
  match: (e: AppEvent) => boolean,
  what: string,
  options: { from?: number; timeout?: number } = {},
) =>
  vi.waitFor(
    () => {
      const found = stream.events.slice(options.from ?? 0).find(match);
      if (!found) throw new Error(`no ${what} yet; got ${JSON.stringify(stream.events.map((e) => e.name))}`);
      return found;
    },
    { timeout: options.timeout ?? 5_000, interval: 20 },
  );

describe('harness: core events as server-sent events', () => {
  let harness: Harness;
  let listeners = 0;
  const issued: string[] = [];

  beforeAll(async () => {
    harness = await startBridgedCore('sud-harness-events-', {
      core: { startSandbox },
      // Counts the bridge's subscriptions, to see a closed stream let go of the core.
      wrap: (core) => ({
        ...core,
        onEvent(listener) {
          listeners++;
          const off = core.onEvent(listener);
          return () => {
            listeners--;
            off();
          };
        },
      }),
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const open = async () => {
    const t = await ticket(harness);
    issued.push(t);
    return openStream(harness, `/events?ticket=${t}`);
  };

  it('streams reference and connectivity changes as they happen in core', async () => {
    const stream = await open();
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');

      // The renderer asks once …
      await ipc(harness, 'reference.refresh', { profileId: 'sandbox' });
      const refreshed = await eventArrives(stream, (e) => e.name === 'reference.refreshed', 'reference.refreshed');
      expect(refreshed.payload).toEqual({ profileId: 'sandbox', refreshedAt: expect.any(String) });
      await eventArrives(
        stream,
        (e) => e.name === 'connectivity.changed' && e.payload.connectivity.state === 'online',
        'online',
      );

      // … then the tenant goes away and a refresh finds out: offline, with the reason.
      await ipc(harness, 'sandbox.setRunning', { running: false });
      await ipc(harness, 'reference.refresh', { profileId: 'sandbox' });
      const offline = await eventArrives(
        stream,
        (e) => e.name === 'connectivity.changed' && e.payload.connectivity.state === 'offline',
        'offline',
      );
      expect(offline.payload).toMatchObject({
        profileId: 'sandbox',
        connectivity: { lastError: 'offline', nextAttemptAt: expect.any(String) },
      });

      // Back: nothing is asked; core's own retry notices and the event says so.
      const seen = stream.events.length;
      await ipc(harness, 'sandbox.setRunning', { running: true });
      const back = await eventArrives(
        stream,
        (e) => e.name === 'connectivity.changed' && e.payload.connectivity.state === 'online',
        'online again',
        {
          from: seen,
          timeout: REACHABILITY_BOUND_MS,
        },
      );
      expect(back.payload).toMatchObject({
        profileId: 'sandbox',
        connectivity: { lastError: null, nextAttemptAt: null },
      });
    } finally {
      stream.close();
    }
  });

  it('a stream closed by the page lets go of the core', async () => {
    const stream = await open();
    await vi.waitFor(() => expect(listeners).toBeGreaterThan(0));
    stream.close();
    await vi.waitFor(() => expect(listeners).toBe(0));
  });

  it('needs a fresh ticket: none, a made-up one or a used one is refused with 401', async () => {
    const t = await ticket(harness);
    const first = await openStream(harness, `/events?ticket=${t}`);
    expect(first.status).toBe(200);
    first.close();
    for (const path of ['/events', `/events?ticket=${t}`, `/events?ticket=${'a'.repeat(64)}`, '/events?ticket=short']) {
      const reply = await call(harness, { method: 'GET', path });
      expect(reply.status, path).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    }
  });

  it('a ticket is given only to the harness page with the secret', async () => {
    const { [HARNESS_SECRET_HEADER]: _s, ...noSecret } = trusted(harness);
    expect((await call(harness, { path: '/events/ticket', headers: noSecret, body: '' })).status).toBe(401);
    expect(
      (
        await call(harness, {
          path: '/events/ticket',
          headers: { ...trusted(harness), origin: 'http://evil.example' },
          body: '',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(harness, {
          path: '/events/ticket',
          headers: { ...trusted(harness), host: `attacker.example:${harness.port}` },
          body: '',
        })
      ).status,
    ).toBe(403);
    expect((await call(harness, { method: 'GET', path: '/events/ticket', headers: trusted(harness) })).status).toBe(
      405,
    );
  });

  it('the stream refuses a foreign Origin or Host even with a good ticket', async () => {
    const foreignOrigin = await call(harness, {
      method: 'GET',
      path: `/events?ticket=${await ticket(harness)}`,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreignOrigin.status).toBe(403);
    const foreignHost = await call(harness, {
      method: 'GET',
      path: `/events?ticket=${await ticket(harness)}`,
      headers: { host: `attacker.example:${harness.port}` },
    });
    expect(foreignHost.status).toBe(403);
  });

  it('neither the secret nor a ticket reaches the data folder (log, database)', () => {
    expect(issued.length).toBeGreaterThan(0);
    expect(findSecretsOnDisk(harness.dataDir, [harness.secret, ...issued])).toEqual([]);
  });
});
