/**
 * `npm run wire-check` against the sandbox tenant over real HTTP: which assumptions hold, an
 * answer shape that breaks one (exit 1), a refused key and a missing connection (exit 2), and —
 * whatever happens — no value in the output (no key, token, id, e-mail or name of the tenant, no
 * certificate's id, nickname, fingerprint or password) and nothing written (only GETs reach the
 * tenant; the database and the keychain stay as they were).
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openDatabase } from '../../../electron/core/db/database';
import { createKeyringStore } from '../../../electron/core/keychain/keyringStore';
import { probeKeychain } from '../../../electron/core/keychain/probe';
import { ADMIN_KEY_SERVICE } from '../../../electron/core/keychain/reserved';
import { createMemorySecretStore, type SecretStore } from '../../../electron/core/keychain/secretStore';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { checkWire, formatReport } from '../../../electron/core/digicert/wireCheck';
import { electronUserData, runWireCheck } from '../../../scripts/wire-check';
import { requireService } from '../../support/skip';
import { listFiles, makeTempDir } from '../../support/tmp';

const P = '/account/api/v1';
let sandbox: Sandbox;
let tmp: ReturnType<typeof makeTempDir>;
const issued: string[] = [];
const PROFILE_ID = 'profile-wire-check-1';

function addProfile(dir: string, row: { id: string; name: string; kind?: string; url: string; storage?: string }) {
  const db = openDatabase({ file: join(dir, DATABASE_FILE_NAME) });
  try {
    db.prepare(
      "INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at) VALUES (?, ?, ?, 'custom', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    ).run(row.id, row.name, row.kind ?? 'digicert', row.url, row.storage ?? 'keychain');
  } finally {
    db.close();
  }
}

/** The keychain, counting anything but reads. */
function keychainWith(key: string | null): SecretStore & { writes: number } {
  const store = createMemorySecretStore();
  if (key) store.items.set(`${ADMIN_KEY_SERVICE}\u0000${PROFILE_ID}`, key);
  return {
    backend: 'memory',
    writes: 0,
    get: (service, account) => store.get(service, account),
    has: (service, account) => store.has(service, account),
    set(service, account, secret) {
      this.writes++;
      return store.set(service, account, secret);
    },
    delete(service, account) {
      this.writes++;
      return store.delete(service, account);
    },
  };
}

async function run(args: string[], keychain: SecretStore = keychainWith(sandbox.adminKey)) {
  const lines: string[] = [];
  const code = await runWireCheck(args, { keychain, write: (l) => lines.push(l), env: {} });
  return { code, out: lines.join('\n') };
}

const verdict = (out: string, id: string) =>
  new RegExp(`^  ${id}\\s+(held|did not hold|not checked)$`, 'm').exec(out)?.[1];

/** Every value of the tenant that could leak: keys, tokens, ids, e-mails, names. */
function tenantValues(): string[] {
  const s = sandbox.state;
  return [
    sandbox.adminKey,
    sandbox.limitedKey,
    ...issued,
    ...s.users.flatMap((u) => [u.id, u.email, u.friendly_name, u.name, u.description]),
    ...s.accounts.flatMap((a) => [a.id, a.name, a.friendly_identifier]),
    ...s.roles.flatMap((r) => [r.id, r.name]),
    ...s.tokenHashes.flatMap((t) => [t.id, t.name, t.hash]),
    ...s.certificates.flatMap((c) => [c.id, c.nickname, c.serial_number, c.fingerprint_sha256, c.certificate_pem]),
  ].filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

function expectNoValues(out: string) {
  expect(tenantValues().filter((v) => out.includes(v))).toEqual([]);
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 33 });
  tmp = makeTempDir('sud-wire-check-');
  addProfile(tmp.dir, { id: PROFILE_ID, name: 'Demo tenant', url: sandbox.url });
  addProfile(tmp.dir, { id: 'p-session', name: 'Session only', url: sandbox.url, storage: 'session' });
  addProfile(tmp.dir, { id: 'p-sandbox', name: 'Sandbox (local)', kind: 'sandbox', url: 'http://127.0.0.1' });
  // The admin's own tokens, so that A18 has items to look at.
  for (const name of ['Build server key', 'Laptop key']) {
    const res = await fetch(`${sandbox.url}${P}/api-access-token`, {
      method: 'POST',
      headers: { 'x-api-key': sandbox.adminKey, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: sandbox.state.adminUserId, name }),
    });
    issued.push(((await res.json()) as { token: string }).token);
  }
  // A certificate of the first listed service user, so that A24 has an item to look at.
  const headers = { 'x-api-key': sandbox.adminKey, 'content-type': 'application/json' };
  const listed = (await (
    await fetch(`${sandbox.url}${P}/user?user_type=service&limit=100&offset=0`, { headers })
  ).json()) as { items: { id: string; end_date?: string | null }[] } | { id: string; end_date?: string | null }[];
  const first = (Array.isArray(listed) ? listed : listed.items)[0]!;
  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const userEnd = first.end_date?.slice(0, 10);
  const res = await fetch(`${sandbox.url}${P}/user/${encodeURIComponent(first.id)}/client-auth-certificate`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      nickname: 'wire check signer',
      end_date: userEnd && userEnd < soon ? userEnd : soon,
      encryption: 'AES',
      signature_hash: 'SHA256',
    }),
  });
  expect(res.status).toBe(201);
  const generated = (await res.json()) as { password: string; certificate_file: string };
  issued.push(generated.password, generated.certificate_file);
});
afterEach(() => sandbox.faults.clear());
afterAll(async () => {
  await sandbox.close();
  tmp.cleanup();
});

describe('wire-check against the sandbox', () => {
  it('the read assumptions hold, the write ones are not checked; exit 0; read only; no values', async () => {
    const files = listFiles(tmp.dir).map((f) => [f, sha(f)]);
    const keychain = keychainWith(sandbox.adminKey);
    const before = sandbox.requests.length;
    const { code, out } = await run(['--profile', 'demo TENANT', '--data-dir', tmp.dir], keychain);
    expect(code).toBe(0);
    for (const id of ['A6', 'A7', 'A8', 'A9', 'A10', 'A11', 'A12', 'A17', 'A18', 'A23', 'A24'])
      expect([id, verdict(out, id)]).toEqual([id, 'held']);
    for (const id of ['A1', 'A2', 'A4', 'A19', 'A20', 'A21', 'A22', 'A13', 'A25', 'A26', 'A27'])
      expect([id, verdict(out, id)]).toEqual([id, 'not checked']);
    expect(out).toMatch(
      /GET \/user\/<first service user>\/client-auth-certificate\s+200\s+envelope \{total, offset, limit, items\}, 1 items/,
    );
    expect(out).toContain('Mutual TLS (A27): no origin for this address');
    expect(out).toContain('generating (A25) and revoking (A26) write, so they are not exercised');
    expect(out).toMatch(
      /GET \/api-access-token\?user_id=<me>\s+200\s+envelope \{total, offset, limit, items\}, 2 items/,
    );
    expect(out).toMatch(/GET \/user\?user_type=service\s+200\s+envelope \{total, offset, limit, items\}, 12 items/);
    expect(out).toContain('0 did not hold');

    const calls = sandbox.requests.slice(before);
    expect(calls.length).toBe(11); // me, account, six managers, users, tokens, certificates
    expect(calls.every((r) => r.method === 'GET')).toBe(true);
    expect(keychain.writes).toBe(0);
    expect(listFiles(tmp.dir).map((f) => [f, sha(f)])).toEqual(files);
    expectNoValues(out);
  });

  it('reads the connection while the app has the database open (its -wal beside it)', async () => {
    const app = openDatabase({ file: join(tmp.dir, DATABASE_FILE_NAME) });
    try {
      app.prepare("UPDATE profiles SET name = 'Renamed demo' WHERE id = ?").run(PROFILE_ID);
      expect(listFiles(tmp.dir).some((f) => f.endsWith('-wal'))).toBe(true);
      const { code, out } = await run(['--profile', 'Renamed demo', '--data-dir', tmp.dir]);
      expect([code, verdict(out, 'A17')]).toEqual([0, 'held']);
    } finally {
      app.prepare("UPDATE profiles SET name = 'Demo tenant' WHERE id = ?").run(PROFILE_ID);
      app.close();
    }
  });

  it('a token list that breaks A18 → "did not hold" naming fields and types only; exit 1', async () => {
    const secretish = 'f00dfeedf00dfeedf00dfeed00_' + '9a'.repeat(32);
    issued.push(secretish, 'Nightly signer key', 'someone@tenant.example');
    sandbox.faults.once(
      {
        kind: 'reply',
        reply: {
          status: 200,
          body: [
            { id: 'tok-a1b2', name: 'Nightly signer key', end_date: null },
            { token_id: 'tok-c3d4', name: 'Nightly signer key', owner: 'someone@tenant.example', token: secretish },
          ],
        },
      },
      { path: `${P}/api-access-token` },
    );
    const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(code).toBe(1);
    expect(verdict(out, 'A18')).toBe('did not hold');
    expect(verdict(out, 'A17')).toBe('held');
    expect(out).toContain(
      '[1].id is missing; that item has: token_id (string), name (string), owner (string), token (string)',
    );
    expect(out).toContain('1 items carry a token, api_token or value field');
    expect(out).toContain('1 did not hold');
    for (const value of [secretish, 'Nightly signer key', 'someone@tenant.example', 'tok-a1b2', 'tok-c3d4'])
      expect(out).not.toContain(value);
    expectNoValues(out);
  });

  it('a user list that is neither a list nor an envelope breaks A9; a user without an id breaks A10', async () => {
    sandbox.faults.once({ kind: 'reply', reply: { status: 200, body: { users: [] } } }, { path: `${P}/user` });
    const first = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(first.code).toBe(1);
    expect(verdict(first.out, 'A9')).toBe('did not hold');
    expect(first.out).toContain('GET /user?user_type=service: items is missing');

    const someone = sandbox.state.users.find((u) => u.user_type === 'service')!;
    sandbox.faults.once(
      {
        kind: 'reply',
        reply: { status: 200, body: [{ user_id: someone.id, nickname: someone.friendly_name, email: someone.email }] },
      },
      { path: `${P}/user` },
    );
    const second = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(second.code).toBe(1);
    expect(verdict(second.out, 'A10')).toBe('did not hold');
    expect(second.out).toContain('[0].id is missing; that item has: user_id (string), nickname (string)');
    expectNoValues(first.out + second.out);
  });

  it('a certificate list with a password field and an item without a nickname breaks A24; fields only', async () => {
    const password = 'Zx9-certificate-password-Qw';
    const file = 'MIIKXgIBAzCCChQGCSqGSIb3DQEHAaCCCgUEggoBMIIJ' + 'ab'.repeat(40);
    issued.push(password, file, 'laptop signer', 'cert-7f3a');
    sandbox.faults.once(
      {
        kind: 'reply',
        reply: {
          status: 200,
          body: [
            { id: 'cert-7f3a', nickname: 'laptop signer', password, certificate_file: file },
            { id: 'cert-8b4c', label: 'laptop signer' },
          ],
        },
      },
      { path: /\/client-auth-certificate$/ },
    );
    const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(code).toBe(1);
    expect(verdict(out, 'A24')).toBe('did not hold');
    expect(out).toContain('[1].nickname is missing; that item has: id (string), label (string)');
    expect(out).toContain('1 items carry a password, file or key field');
    for (const value of [password, file, 'laptop signer', 'cert-7f3a', 'cert-8b4c']) expect(out).not.toContain(value);
    expectNoValues(out);
  });

  it('a certificate endpoint that does not exist (404) breaks A24, naming the status', async () => {
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 404, body: { errors: [{ code: 'not_found', message: 'No route' }] } } },
      { path: /\/client-auth-certificate$/ },
    );
    const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(code).toBe(1);
    expect(verdict(out, 'A24')).toBe('did not hold');
    expect(out).toContain('GET /user/<first service user>/client-auth-certificate: answered 404');
  });

  it("prints the A27 origin derived from a DigiCert ONE address (the tenant's answers, another name)", async () => {
    const report = await checkWire({
      baseUrl: 'https://demo.one.digicert.com',
      apiKey: sandbox.adminKey,
      fetch: (url, init) => fetch(url.replace('https://demo.one.digicert.com', sandbox.url), init),
    });
    expect(report.clientAuthOrigin).toBe('https://clientauth.demo.one.digicert.com');
    const out = formatReport(report).join('\n');
    expect(out).toContain('Mutual TLS (A27): https://clientauth.demo.one.digicert.com — not called');
    expect(out).toMatch(/^ {2}A27\s+not checked\n\s+needs a client certificate; the mutual-TLS origin/m);
  });

  it('an error answer is checked against A13; a 403 on the token list breaks A17', async () => {
    sandbox.faults.once(
      { kind: 'reply', reply: { status: 403, body: { error: { code: 'access_denied', message: 'No' } } } },
      { path: `${P}/api-access-token` },
    );
    const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir]);
    expect(code).toBe(1);
    expect(verdict(out, 'A13')).toBe('held');
    expect(verdict(out, 'A17')).toBe('did not hold');
    expect(out).toContain('GET /api-access-token?user_id=<me>: answered 403');
  });

  it('a refused key → exit 2, and the wrong key is not printed either', async () => {
    const wrong = 'badbadbadbadbadbadbadbadba_' + 'cd'.repeat(32);
    const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir], keychainWith(wrong));
    expect(code).toBe(2);
    expect(out).toContain('DigiCert ONE refused the API key (401)');
    expect(out).not.toContain(wrong);
  });

  it.each([
    [['--profile', 'Nope', '--data-dir'], 'No connection named "Nope". Connections: "Demo tenant", "Session only".'],
    [['--profile', 'Session only', '--data-dir'], 'kept for one app session only'],
    [['--profile', 'Sandbox (local)', '--data-dir'], 'is the built-in sandbox'],
    [['--data-dir'], 'usage: npm run wire-check -- --profile NAME'],
  ])('could not run (%j) → exit 2 with why', async (args, message) => {
    const { code, out } = await run([...args, tmp.dir]);
    expect(code).toBe(2);
    expect(out).toContain(message);
  });

  it('no key in the keychain, or no database there → exit 2', async () => {
    expect((await run(['--profile', 'Demo tenant', '--data-dir', tmp.dir], keychainWith(null))).out).toContain(
      'The keychain has no API key for "Demo tenant"',
    );
    const empty = makeTempDir('sud-wire-check-empty-');
    try {
      const { code, out } = await run(['--profile', 'Demo tenant', '--data-dir', empty.dir]);
      expect([code, out]).toEqual([2, expect.stringContaining('No app database in')]);
    } finally {
      empty.cleanup();
    }
  });

  it("the data folder is Electron's user-data folder, per platform", () => {
    expect(electronUserData({}, 'linux', '/home/ada')).toBe('/home/ada/.config/Service User Desk');
    expect(electronUserData({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ada')).toBe('/x/Service User Desk');
    expect(electronUserData({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Service User Desk',
    );
    expect(electronUserData({ APPDATA: 'C:\\AppData' }, 'win32', 'C:\\Users\\ada')).toContain('Service User Desk');
  });
});

async function realKeychainMissing(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'no D-Bus session (run under: dbus-run-session -- sh scripts/with-keyring.sh ...)';
  const status = await probeKeychain(createKeyringStore({ timeoutMs: 5000 }));
  return status.available ? null : `the Secret Service is unavailable: ${status.reason}`;
}

describe.runIf(requireService('keychain', await realKeychainMissing()))('npm run wire-check (real keychain)', () => {
  it('reads the key from the OS keychain, through SUD_DATA_DIR, and prints no value', async () => {
    const keychain = createKeyringStore();
    await keychain.set(ADMIN_KEY_SERVICE, PROFILE_ID, sandbox.adminKey);
    try {
      const { stdout } = await promisify(execFile)(
        'npm',
        ['run', '--silent', 'wire-check', '--', '--profile', 'Demo tenant'],
        { env: { ...process.env, SUD_DATA_DIR: tmp.dir }, cwd: join(import.meta.dirname, '../../..') },
      );
      expect(stdout).toMatch(/^ {2}A17\s+held$/m);
      expectNoValues(stdout);
    } finally {
      await keychain.delete(ADMIN_KEY_SERVICE, PROFILE_ID);
    }
  }, 60_000);
});
