import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createDigicertClient } from '../../../electron/core/digicert/client';
import { PAGE_SIZE } from '../../../electron/core/digicert/wire';
import { STUB_KEY, json } from './stub';

/*
 * Enveloped lists: once the first page told the total, the next pages are requested ahead. The
 * result must be exactly what reading the pages one by one gives, whatever the server does.
 */

const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, friendly_name: `user-${i}` }));

interface ServerOptions {
  /** The page size the server keeps to, whatever `limit` asked (a server may cap it). */
  pageSize?: number;
  /** Answers every offset with the first page (a server that ignores `offset`). */
  ignoreOffset?: boolean;
  /** Offsets answered with a 500. */
  failAt?: number[];
}

/** A fake tenant answering by offset; each answer waits until the test releases it (to see what runs at once). */
function tenant(all: unknown[], options: ServerOptions = {}) {
  const requested: number[] = [];
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let aborted = 0;
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const offset = Number(new URL(url).searchParams.get('offset') ?? 0);
    requested.push(offset);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        waiting.push(resolve);
        init.signal?.addEventListener('abort', () => {
          aborted++;
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    } finally {
      inFlight--;
    }
    if (options.failAt?.includes(offset)) return json({ errors: [{ code: 'internal' }] }, 500);
    const size = options.pageSize ?? PAGE_SIZE;
    const from = options.ignoreOffset ? 0 : offset;
    return json({ total: all.length, offset: from, limit: size, items: all.slice(from, from + size) });
  };
  /** Releases every waiting answer until `done` settles. */
  async function serve<T>(done: Promise<T>): Promise<T> {
    let settled = false;
    const result = done.finally(() => (settled = true));
    result.catch(() => undefined);
    while (!settled) {
      const next = waiting.shift();
      if (next) next();
      await new Promise<void>((r) => setImmediate(r));
    }
    return result;
  }
  const client = createDigicertClient({ baseUrl: 'https://one.example.test', apiKey: STUB_KEY, fetch });
  return {
    client,
    serve,
    requested,
    get maxInFlight() {
      return maxInFlight;
    },
    get aborted() {
      return aborted;
    },
    get inFlight() {
      return inFlight;
    },
  };
}

describe('reading every page of an enveloped list', () => {
  it('requests the next pages ahead and returns every item once, in order', async () => {
    const all = users(5 * PAGE_SIZE + 17);
    const t = tenant(all);
    const list = await t.serve(t.client.listServiceUsers());
    expect(list.map((u) => u.id)).toEqual(all.map((u) => u.id));
    expect(t.maxInFlight).toBeGreaterThan(1);
    expect(t.maxInFlight).toBeLessThanOrEqual(4);
    expect([...new Set(t.requested)].sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it('a server that keeps to smaller pages than asked still gives every item once', async () => {
    const all = users(3 * PAGE_SIZE);
    const t = tenant(all, { pageSize: 30 });
    const list = await t.serve(t.client.listServiceUsers());
    expect(list.map((u) => u.id)).toEqual(all.map((u) => u.id));
  });

  it('a server that ignores the offset: the repeat ends the list, and what was requested ahead is stopped', async () => {
    const all = users(10 * PAGE_SIZE);
    const t = tenant(all, { ignoreOffset: true });
    const list = await t.serve(t.client.listServiceUsers());
    expect(list.map((u) => u.id)).toEqual(all.slice(0, PAGE_SIZE).map((u) => u.id));
    expect(t.requested.length).toBeLessThanOrEqual(1 + 4);
    expect(t.aborted).toBeGreaterThan(0);
    expect(t.inFlight).toBe(0);
  });

  it('a page that fails fails the whole list (nothing silently missing)', async () => {
    const t = tenant(users(4 * PAGE_SIZE), { failAt: [200] });
    await expect(t.serve(t.client.listServiceUsers({ maxRetries: 0 }))).rejects.toMatchObject({ code: 'server_error' });
  });

  it('cancelling the list stops the pages requested ahead', async () => {
    const t = tenant(users(6 * PAGE_SIZE));
    const controller = new AbortController();
    const listing = t.client.listServiceUsers({ signal: controller.signal });
    listing.catch(() => undefined);
    // The first page answered, the next ones requested ahead: then the admin cancels.
    await t.serve(
      (async () => {
        while (t.requested.length < 2) await new Promise<void>((r) => setImmediate(r));
      })(),
    );
    const inFlightAtCancel = t.inFlight;
    controller.abort();
    await expect(listing).rejects.toMatchObject({ code: 'cancelled' });
    expect(inFlightAtCancel).toBeGreaterThan(1);
    expect(t.aborted).toBe(inFlightAtCancel);
  });
  it('a list that one page answers requests nothing ahead and leaves nothing on the caller signal', async () => {
    const t = tenant(users(12));
    const controller = new AbortController();
    const list = await t.serve(t.client.listServiceUsers({ signal: controller.signal }));
    expect(list.map((u) => u.id)).toEqual(users(12).map((u) => u.id));
    expect(t.requested).toEqual([0]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('once the pages requested ahead are read, nothing stays in flight or on the caller signal', async () => {
    const all = users(3 * PAGE_SIZE + 5);
    const t = tenant(all);
    const controller = new AbortController();
    const list = await t.serve(t.client.listServiceUsers({ signal: controller.signal }));
    expect(list.map((u) => u.id)).toEqual(all.map((u) => u.id));
    expect(t.maxInFlight).toBeGreaterThan(1);
    expect(t.inFlight).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
