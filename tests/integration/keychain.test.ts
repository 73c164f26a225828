import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AsyncEntry } from '@napi-rs/keyring';
import { createCore, type Core } from '../../electron/core/app';
import { dispatch } from '../../electron/core/ipc/dispatch';
import { createKeyringStore } from '../../electron/core/keychain/keyringStore';
import { probeKeychain } from '../../electron/core/keychain/probe';
import { PROFILE_KEY_SERVICE } from '../../electron/core/profiles/profileStore';
import type { KeychainStatus } from '../../shared/keychain';
import { requireService } from '../support/skip';
import { findSecretsOnDisk, listFiles, makeTempDir } from '../support/tmp';

const PROBE = ['npx', 'tsx', 'tests/support/keychain-probe.ts'];

function haveTools(): string | null {
  for (const tool of ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon']) {
    if (!existsSync(tool)) return `${tool} is not installed (run scripts/install-system-deps.sh)`;
  }
  return null;
}

/** Runs the probe in a child with its own environment and returns what the app would show. */
function probeIn(command: string[], env: NodeJS.ProcessEnv): KeychainStatus {
  const result = spawnSync(command[0]!, command.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as KeychainStatus;
  } catch {
    throw new Error(`probe printed no status: ${result.stdout}\n${result.stderr}`);
  }
}

const baseEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  return env;
};

describe.runIf(requireService('keychain-failures', haveTools()))(
  'keychain failure states (real D-Bus, real gnome-keyring)',
  () => {
    it('no session bus', () => {
      expect(probeIn(PROBE, baseEnv())).toMatchObject({ available: false, reason: 'no_session_bus' });
    });

    it('a stale bus address', () => {
      expect(
        probeIn(PROBE, { ...baseEnv(), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/sud-no-such-bus' }),
      ).toMatchObject({
        available: false,
        reason: 'bus_unreachable',
      });
    });

    it('a bus without any Secret Service', () => {
      const status = probeIn(
        ['dbus-run-session', '--config-file=tests/support/dbus-no-services.conf', '--', ...PROBE],
        baseEnv(),
      );
      expect(status).toMatchObject({ available: false, reason: 'no_secret_service' });
    });

    it('a Secret Service with no default collection', () => {
      const home = makeTempDir();
      try {
        const env = { ...baseEnv(), HOME: home.dir, XDG_DATA_HOME: `${home.dir}/data`, XDG_RUNTIME_DIR: home.dir };
        expect(probeIn(['dbus-run-session', '--', ...PROBE], env)).toMatchObject({
          available: false,
          reason: 'no_collection',
        });
      } finally {
        home.cleanup();
      }
    });

    it('a locked keyring with no display to prompt on', () => {
      const status = probeIn(['dbus-run-session', '--', 'sh', 'tests/support/locked-keyring.sh', ...PROBE], {
        ...baseEnv(),
        DISPLAY: '',
      });
      expect(status).toMatchObject({ available: false, reason: 'locked' });
      if (!status.available) expect(status.fix).toMatch(/Unlock/);
    });

    it('every unavailable status says why and how to fix it', () => {
      const status = probeIn(PROBE, baseEnv());
      expect(status.available).toBe(false);
      if (!status.available) {
        expect(status.detail.length).toBeGreaterThan(10);
        expect(status.fix.length).toBeGreaterThan(10);
      }
    });
  },
);

async function realKeychainMissing(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'no D-Bus session (run under: dbus-run-session -- sh scripts/with-keyring.sh ...)';
  const status = await probeKeychain(createKeyringStore({ timeoutMs: 5000 }));
  return status.available ? null : `the Secret Service is unavailable: ${status.reason}`;
}

const realKeychain = requireService('keychain', await realKeychainMissing());

describe.runIf(realKeychain)('profiles against a real Secret Service', () => {
  const KEY = `sud-test-key-${Math.random().toString(36).slice(2)}-0123456789abcdef`;
  let tmp: ReturnType<typeof makeTempDir>;
  let core: Core;
  const ids: string[] = [];
  const call = (channel: string, payload: unknown) => dispatch(core.handlers, channel, payload, core.log);

  beforeAll(async () => {
    tmp = makeTempDir();
    core = await createCore({ dataDir: tmp.dir, transport: 'harness', appVersion: 'test' });
  });
  afterAll(async () => {
    for (const id of ids)
      await new AsyncEntry(PROFILE_KEY_SERVICE, id, { linux: { store: 'secret-service' } })
        .deleteCredential()
        .catch(() => false);
    await core?.close();
    tmp?.cleanup();
  });

  it('reports the keychain as available', async () => {
    expect(await call('keychain.status', { recheck: true })).toMatchObject({
      ok: true,
      value: { available: true, backend: 'Secret Service' },
    });
  });

  it('add, edit, remove: the key is readable in the keychain and never on disk', async () => {
    const added = await call('profiles.add', { name: 'Real keychain', region: 'us-demo', apiKey: KEY });
    expect(added.ok).toBe(true);
    const id = (added as { value: { id: string } }).value.id;
    ids.push(id);

    const entry = new AsyncEntry(PROFILE_KEY_SERVICE, id, { linux: { store: 'secret-service' } });
    expect(await entry.getPassword()).toBe(KEY);
    // The same item as an admin reads it in a shell.
    const viaSecretTool = execFileSync('secret-tool', ['lookup', 'service', PROFILE_KEY_SERVICE, 'username', id], {
      encoding: 'utf8',
    });
    expect(viaSecretTool.trim()).toBe(KEY);

    const NEW_KEY = KEY + '-rotated';
    expect((await call('profiles.update', { id, name: 'Real keychain (renamed)', apiKey: NEW_KEY })).ok).toBe(true);
    expect(await entry.getPassword()).toBe(NEW_KEY);

    // Scan the database file, its WAL and every log while the database is still open.
    expect(listFiles(tmp.dir).some((f) => f.endsWith('-wal'))).toBe(true);
    expect(findSecretsOnDisk(tmp.dir, [KEY, NEW_KEY])).toEqual([]);

    expect((await call('profiles.remove', { id })).ok).toBe(true);
    expect(await entry.getPassword()).toBeNull();
    expect(findSecretsOnDisk(tmp.dir, [KEY, NEW_KEY])).toEqual([]);
  });

  it('a keychain that does not answer in time is reported as a timeout', async () => {
    const status = await probeKeychain(createKeyringStore({ timeoutMs: 1 }));
    expect(status).toMatchObject({ available: false, reason: 'timeout' });
  });
});
