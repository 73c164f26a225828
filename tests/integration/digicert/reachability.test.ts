/**
 * Issue 9 §3.4: once online, going offline (and coming back) is noticed on its own while the app
 * runs — a real core against a real sandbox tenant over HTTP, which is stopped and started again,
 * or made to answer 503. Nothing but `reference.get` is called (no refresh): it answers from
 * core's memory, so only core's own probing can see the change — the change the renderer then
 * learns of from core's connectivity.changed event.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REACHABILITY_BOUND_MS } from '../../../electron/core/reference/connectivity';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import type { ReferenceSnapshot } from '../../../shared/reference';
import { startTestCore, type TestCore } from '../../support/core';
import { makeTempDir } from '../../support/tmp';

describe('reachability while the app runs (real sandbox over HTTP)', () => {
  const adminKey = randomBytes(24).toString('hex');
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox | null;
  let t: TestCore;

  const start = (port = 0) => startSandbox({ port, adminKey, stateFile: join(tmp.dir, 'tenant.json') });

  beforeEach(async () => {
    tmp = makeTempDir();
    sandbox = await start();
    t = await startTestCore(join(tmp.dir, 'data'), { externalSandbox: { baseUrl: sandbox.url, apiKey: adminKey } });
  });
  afterEach(async () => {
    await t.core.close();
    await sandbox?.close();
    tmp.cleanup();
  });

  const look = () => t.must('reference.get', { profileId: 'sandbox' });

  /** Looks as the renderer does until `check` passes; fails once the 15 s bound has passed. */
  const until = (check: (s: ReferenceSnapshot) => boolean, what: string) =>
    vi.waitFor(
      async () => {
        const s = await look();
        if (!check(s)) throw new Error(`not yet ${what}: ${JSON.stringify(s.connectivity)}`);
        return s;
      },
      { timeout: REACHABILITY_BOUND_MS, interval: 250 },
    );

  it('the server stops: offline within the bound; it starts again: online, with fresh data', async () => {
    const first = await look();
    expect(first.connectivity.state).toBe('online');
    const port = sandbox!.port;

    await sandbox!.close();
    sandbox = null;
    const offline = await until((s) => s.connectivity.state === 'offline', 'offline');
    expect(offline.connectivity.lastError).toBe('offline');
    expect(offline.data?.refreshedAt).toBe(first.data?.refreshedAt); // the cache still serves

    sandbox = await start(port);
    const back = await until((s) => s.connectivity.state === 'online', 'online');
    expect(back.connectivity.lastError).toBeNull();
    // Back online, core fetched the reference data again on its own.
    await until((s) => s.data!.refreshedAt > first.data!.refreshedAt, 'refreshed');
  });

  it('the server answers 503 (maintenance): offline within the bound; the fault ends: online', async () => {
    expect((await look()).connectivity.state).toBe('online');
    sandbox!.faults.set({ kind: 'maintenance' });
    const offline = await until((s) => s.connectivity.state === 'offline', 'offline');
    expect(offline.connectivity.lastError).toBe('maintenance');
    expect(offline.connectivity.nextAttemptAt).not.toBeNull();

    sandbox!.faults.set(null);
    await until((s) => s.connectivity.state === 'online', 'online');
    expect(sandbox!.requests.some((r) => r.path.endsWith('/user/me') && r.status === 503)).toBe(true); // the probe saw it
  });
});
