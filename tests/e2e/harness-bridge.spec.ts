import { expect, test, type Page } from '@playwright/test';
import { createCore } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';
import { startHarness, type Harness } from '../../electron/harness/server';
import type { Result } from '../../shared/errors';
import type { Api } from '../../shared/ipc/contract';
import { openApp } from './support/app';
import { makeDataDir } from './support/harness';

/**
 * The page's window.api calls travel over the harness's WebSocket (GET /ipc), not one POST each,
 * and a harness restarted on the same port is usable again without reloading the page.
 */
type WithApi = { api: Api };

let data: ReturnType<typeof makeDataDir>;
let harness: Harness | null = null;
test.beforeEach(() => {
  data = makeDataDir();
});
test.afterEach(async () => {
  await harness?.close();
  harness = null;
  data.cleanup();
});

async function start(port: number, secret?: string): Promise<Harness> {
  const core = await createCore({
    dataDir: data.dir,
    transport: 'harness',
    appVersion: '0.0.0-e2e',
    keychain: createMemorySecretStore('e2e keychain'),
  });
  return startHarness({ port, dataDir: data.dir, core, secret });
}

const appInfo = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as WithApi).api.app.info({}) as Promise<Result<unknown>>);

/** The page's POSTs to /ipc/<channel> so far (Resource Timing lists every fetch). */
const ipcPosts = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.startsWith('/ipc/')),
  );

test('window.api goes over one WebSocket; after a restart on the same port the next call reconnects', async ({
  page,
}) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  harness = await start(0);
  const { port, secret } = harness;
  await openApp(page, harness.url);
  await expect(appInfo(page)).resolves.toMatchObject({ ok: true, value: { transport: 'harness' } });

  expect(sockets).toHaveLength(1);
  expect(sockets[0]).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/ipc\\?ticket=[0-9a-f]{64}$`));
  expect(sockets[0]).not.toContain(secret);
  expect(await ipcPosts(page)).toEqual([]);

  // The harness goes away: a call now says so (over the socket's close, or the POST fallback).
  await harness.close();
  await expect(appInfo(page)).resolves.toMatchObject({
    ok: false,
    error: { code: 'internal', message: 'The app core is not reachable.' },
  });

  // Back on the same port with the same secret: the page, not reloaded, gets a new socket.
  harness = await start(port, secret);
  await expect(appInfo(page)).resolves.toMatchObject({ ok: true, value: { transport: 'harness' } });
  expect(sockets).toHaveLength(2);
  expect(sockets[1]).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/ipc\\?ticket=`));
});
