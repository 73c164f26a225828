import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCore } from '../../electron/core/app';
import { openPkcs12 } from '../../electron/core/certificates/pkcs12';
import type { RunningSandbox } from '../../electron/core/connections/sandboxHost';
import { startHarness, type Harness } from '../../electron/harness/server';
import { SANDBOX_PREFIX, startSandbox } from '../../electron/sandbox';
import type { Result } from '../../shared/errors';
import type { Api } from '../../shared/ipc/contract';
import { utcToday } from '../../shared/serviceUser';
import { requireService } from '../support/skip';
import { findSecretsOnDisk, makeTempDir } from '../support/tmp';
import { expectAccessible } from './support/a11y';
import { keychainStatus, openApp } from './support/app';
import { makeDataDir } from './support/harness';
import { createSandboxUser, openSandboxUser } from './support/serviceUsers';
import { secretToolClear } from './support/wizard';

/**
 * A service user's client authentication certificate end to end (issue 14): the real renderer and
 * core through the browser harness against the built-in sandbox tenant, which keeps its own CA and
 * a mutual-TLS listener. The harness runs in this process so the test can reach that listener
 * itself, as a build server would, with the file and the password the app saved. Needs the real
 * keychain (`dbus-run-session -- sh scripts/with-keyring.sh`).
 */
type WithApi = { api: Api };

let data: ReturnType<typeof makeDataDir>;
/** The harness's export folder: the only place a file typed in the harness may be written. */
let exportsDir: ReturnType<typeof makeTempDir>;
let harness: Harness | null = null;
let sandbox: RunningSandbox | null = null;
const itemsToClear: { service: string; account: string }[] = [];

test.beforeEach(() => {
  data = makeDataDir();
  exportsDir = makeTempDir('sud-e2e-exports-');
});
test.afterEach(async () => {
  await harness?.close();
  harness = null;
  sandbox = null;
  for (const item of itemsToClear.splice(0)) secretToolClear(item.service, item.account);
  data.cleanup();
  exportsDir.cleanup();
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`core refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

function inDays(days: number): string {
  const date = new Date(`${utcToday()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' as typed in the English UI (MM/DD/YYYY). */
function typed(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
}

async function start(page: Page): Promise<void> {
  const core = await createCore({ dataDir: data.dir, transport: 'harness', appVersion: '0.0.0-e2e', startSandbox });
  harness = await startHarness({ port: 0, dataDir: data.dir, core, exportDir: exportsDir.dir });
  sandbox = await core.sandbox.instance();
  if (!sandbox?.clientAuthUrl || !sandbox.caPem) throw new Error('the built-in sandbox has no mutual-TLS listener');
  await openApp(page, harness.url);
}

async function requireKeychain(page: Page): Promise<boolean> {
  const status = await keychainStatus(page);
  const missing = status.available ? null : `OS keychain unavailable (${status.reason}): ${status.detail}`;
  return requireService('keychain', missing);
}

/**
 * `GET /user/me` on the sandbox's mutual-TLS listener with a PKCS#12 file and its password, the way
 * a build server's client would (Node's TLS, not the app's code): the status and whose id answered.
 */
function whoAmIWith(pfx: Buffer, passphrase: string): Promise<{ status: number; id?: string }> {
  const url = new URL(`${SANDBOX_PREFIX}/user/me`, sandbox!.clientAuthUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', pfx, passphrase, ca: sandbox!.caPem, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const parsed = body ? (JSON.parse(body) as { id?: string }) : {};
        resolve({ status: res.statusCode ?? 0, ...(parsed.id ? { id: parsed.id } : {}) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('the mutual-TLS listener did not answer')));
    req.on('error', reject);
    req.end();
  });
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Opens the PKCS#12 file with `password` independently of the app: `openssl pkcs12 … -nokeys`
 * (the password through the environment, not the process list), then `openssl x509` for the
 * SHA-256 fingerprint and the end. Without openssl, the app's own PKCS#12 module stands in.
 */
function openWithOpenssl(file: string, password: string): { fingerprint: string; notAfter: Date } {
  if (!hasOpenssl) {
    const { facts } = openPkcs12(readFileSync(file), password);
    return { fingerprint: facts.fingerprint, notAfter: new Date(facts.notAfter) };
  }
  const env = { ...process.env, SUD_E2E_P12_PASSWORD: password };
  const pem = execFileSync(
    'openssl',
    ['pkcs12', '-in', file, '-passin', 'env:SUD_E2E_P12_PASSWORD', '-nokeys', '-clcerts'],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 },
  );
  const facts = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-enddate'], {
    input: pem,
    encoding: 'utf8',
    timeout: 10_000,
  });
  const fingerprint = /Fingerprint=([0-9A-F:]+)/i.exec(facts)?.[1];
  const end = /notAfter=(.+)/.exec(facts)?.[1];
  if (!fingerprint || !end) throw new Error(`openssl x509 printed no fingerprint or end:\n${facts}`);
  return { fingerprint: fingerprint.toUpperCase(), notAfter: new Date(end.trim()) };
}

/** The same call with a wrong password must fail, or the check above proves nothing. */
function opensWithWrongPassword(file: string): boolean {
  try {
    if (!hasOpenssl) openPkcs12(readFileSync(file), 'not-the-password');
    else {
      execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:not-the-password', '-nokeys'], {
        stdio: 'ignore',
        timeout: 10_000,
      });
    }
    return true;
  } catch {
    return false;
  }
}

test('generate a certificate saved to the keychain and a chosen folder; it opens, signs in, is refused once revoked, and its password is on no disk', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await start(page);
  test.skip(!(await requireKeychain(page)), 'needs the OS keychain');

  const name = unique('cert-bot');
  const userId = await createSandboxUser(page, name, inDays(200));
  await openSandboxUser(page, name, userId);
  await expect(page.getByTestId('certificates-section')).toBeVisible();
  await expect(page.getByTestId('certificates-none')).toBeVisible();

  // ---- Generate: nickname, end date, the defaults for encryption and hash ------------------------
  const nickname = `build server ${randomBytes(2).toString('hex')}`;
  const endDate = inDays(90);
  const service = `SUD e2e certificate ${randomBytes(3).toString('hex')}`;
  const account = `${name} · ${nickname}`;
  itemsToClear.push({ service, account });
  const folder = join(exportsDir.dir, 'build-server');
  mkdirSync(folder);
  const file = join(folder, `${name}.p12`);

  await page.getByTestId('certificate-generate').click();
  const dialog = page.getByTestId('generate-certificate-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('generate-certificate-encryption')).toHaveValue('AES');
  await expect(dialog.getByTestId('generate-certificate-signature-hash')).toHaveValue('SHA-256');
  await expect(dialog.getByTestId('generate-certificate-save')).toBeChecked();
  await dialog.getByTestId('generate-certificate-nickname').fill(nickname);
  // The suggested keychain item and file follow the nickname; the file in the one folder the harness writes to.
  await expect(dialog.getByTestId('generate-certificate-account')).toHaveValue(account);
  await expect(dialog.getByTestId('generate-certificate-file')).toHaveValue(
    join(exportsDir.dir, `${name}-${nickname.replaceAll(' ', '-')}.p12`),
  );
  await expect(dialog).toContainText(`An absolute path inside ${exportsDir.dir}, ending in .p12.`);
  await dialog.getByTestId('generate-certificate-end-date').fill(typed(endDate));
  await dialog.getByTestId('generate-certificate-service').fill(service);
  await dialog.getByTestId('generate-certificate-file').fill(file);
  await expectAccessible(page, 'generate certificate dialog', '[data-testid="generate-certificate-dialog"]');
  await dialog.getByTestId('generate-certificate-submit').click();

  // ---- The one-time screen: saved and checked before it is shown ---------------------------------
  const screen = page.getByTestId('certificate-screen');
  await expect(screen.getByTestId('certificate-saved')).toContainText(service);
  await expect(screen.getByTestId('certificate-saved')).toContainText(file);
  await expect(dialog).toHaveCount(0);
  const facts = screen.getByTestId('certificate-facts');
  await expect(facts).toHaveAttribute('data-saved', 'true');
  await expect(facts.getByTestId('certificate-subject')).toContainText(`CN=${nickname}`);
  await expect(facts.getByTestId('certificate-issuer')).toContainText('Sandbox Play CA');
  await expect(facts.getByTestId('certificate-serial')).toHaveText(/^[0-9A-F]+$/);
  await expect(facts.getByTestId('certificate-fingerprint')).toHaveText(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  await expect(facts.getByTestId('certificate-not-after')).not.toBeEmpty();
  const fingerprint = (await facts.getByTestId('certificate-fingerprint').textContent())!.trim();

  await expect(screen.getByTestId('certificate-password-value')).toHaveAttribute('data-masked', 'true');
  await screen.getByTestId('certificate-password-reveal').click();
  await expect(screen.getByTestId('certificate-password-value')).toHaveAttribute('data-masked', 'false');
  const password = (await screen.getByTestId('certificate-password-value').textContent())!.trim();
  await screen.getByTestId('certificate-password-hide').click();
  await expect(screen.getByTestId('certificate-password-value')).toHaveAttribute('data-masked', 'true');
  expect(password.length).toBeGreaterThanOrEqual(12);
  await expectAccessible(page, 'one-time certificate screen', '[data-testid="certificate-screen"]');

  // The read-back line the screen shows (Linux tab, this machine's OS) returns the password.
  const handOver = screen.getByTestId('hand-over');
  await expect(handOver.getByTestId('hand-over-panel')).toHaveAttribute('data-os', 'linux');
  const readBack = (await handOver.getByTestId('hand-over-read-back').textContent())!.trim();
  expect(readBack).toMatch(/^secret-tool lookup service /);
  expect(execFileSync('sh', ['-c', readBack], { encoding: 'utf8', timeout: 10_000 })).toBe(password);
  // The environment for a signing client names the file and reads the password: never its value.
  const environment = (await handOver.getByTestId('hand-over-environment').textContent())!;
  expect(environment).toContain(`export SM_CLIENT_CERT_FILE='${file}'`);
  expect(environment).toContain(`export SM_CLIENT_CERT_PASSWORD="$(${readBack})"`);
  expect(environment).not.toContain(password);

  // ---- The file: where it was asked for, owner-only, opens with the password ---------------------
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const opened = openWithOpenssl(file, password);
  expect(opened.fingerprint).toBe(fingerprint);
  expect(opened.notAfter.toISOString()).toBe(`${endDate}T23:59:59.000Z`);
  expect(opensWithWrongPassword(file)).toBe(false);

  // A build server with the file and the password signs in as the user.
  const pfx = readFileSync(file);
  expect(await whoAmIWith(pfx, password)).toEqual({ status: 200, id: userId });

  // ---- Close; the list shows it, with where it was saved and Test ---------------------------------
  await screen.getByTestId('certificate-close').click();
  await expect(screen).toHaveCount(0);
  const row = page.locator(`[data-testid="certificate-row"][data-nickname="${nickname}"]`);
  await expect(row.getByTestId('certificate-status')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(row.getByTestId('certificate-fingerprint').locator('code')).toHaveAttribute('title', fingerprint);
  const entry = page.locator('tbody', { has: row });
  const saved = entry.getByTestId('certificate-saved');
  await expect(saved.getByTestId('certificate-saved-file')).toHaveAttribute('data-state', 'exists');
  await expect(saved.getByTestId('certificate-saved-item')).toHaveAttribute('data-state', 'exists');

  await saved.getByTestId('certificate-test').click();
  const result = saved.getByTestId('certificate-test-result');
  await expect(result).toHaveAttribute('data-matches', 'true');
  await expect(result).toContainText(`Answered as ${name} (${userId}).`);
  await expect(result).toContainText(sandbox!.clientAuthUrl!);

  // ---- Revoke; Test now fails with a refusal, and so does the build server -----------------------
  await row.getByTestId('certificate-revoke').click();
  const revoke = page.getByTestId('certificate-revoke-dialog');
  await expect(revoke.getByTestId('certificate-revoke-fingerprint')).toHaveText(fingerprint);
  await expectAccessible(page, 'revoke certificate dialog', '[data-testid="certificate-revoke-dialog"]');
  await revoke.getByTestId('certificate-revoke-confirm').click();
  await expect(page.getByTestId('certificates-message').last()).toContainText(`Certificate “${nickname}” was revoked.`);
  await expect(row.getByTestId('certificate-status')).toHaveAttribute('data-status', 'REVOKED');
  await expect(row.getByTestId('certificate-revoke')).toHaveCount(0);

  await saved.getByTestId('certificate-test').click();
  const refused = saved.getByTestId('certificate-test-error');
  await expect(refused).toHaveAttribute('data-code', 'certificate_refused');
  await expect(refused).toContainText('DigiCert ONE refused the certificate');
  await expect(saved.getByTestId('certificate-test-result')).toHaveCount(0);
  expect((await whoAmIWith(pfx, password)).status).toBe(401);

  // ---- The password reached no file: data folder (SQLite, WAL, logs) and the export folder -------
  const exportsButTheFile = (path: string) => path !== file;
  expect(findSecretsOnDisk(data.dir, [password])).toEqual([]);
  expect(findSecretsOnDisk(exportsDir.dir, [password], exportsButTheFile)).toEqual([]);
  await harness!.close();
  harness = null;
  expect(findSecretsOnDisk(data.dir, [password])).toEqual([]);
  expect(findSecretsOnDisk(exportsDir.dir, [password], exportsButTheFile)).toEqual([]);
});

test('an end date after the user’s is refused with “Extend the service user first”, which opens its end date', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await start(page);
  const name = unique('cert-end');
  const userEnd = inDays(30);
  const userId = await createSandboxUser(page, name, userEnd);
  await openSandboxUser(page, name, userId);
  await expect(page.getByTestId('certificates-section')).toBeVisible();

  await page.getByTestId('certificate-generate').click();
  const dialog = page.getByTestId('generate-certificate-dialog');
  // Offered first: the user's own end date (earlier than a year from today).
  await expect(dialog.getByTestId('generate-certificate-end-date')).toHaveValue(typed(userEnd));
  await dialog.getByTestId('generate-certificate-nickname').fill('too long');
  await dialog.getByTestId('generate-certificate-end-date').fill(typed(inDays(31)));
  await dialog.getByTestId('generate-certificate-end-date').blur();
  await expect(dialog.getByTestId('generate-certificate-end-date-error')).toContainText(
    `The certificate cannot end after its service user (${typed(userEnd)}).`,
  );
  await expect(dialog.getByTestId('generate-certificate-end-date')).toHaveAttribute('aria-invalid', 'true');
  const extend = dialog.getByTestId('generate-certificate-extend');
  await expect(extend).toHaveText('Extend the service user first');
  await expectAccessible(page, 'generate dialog, end date refused', '[data-testid="generate-certificate-dialog"]');

  // Submitting sends nothing.
  await dialog.getByTestId('generate-certificate-submit').click();
  await expect(dialog.getByTestId('generate-certificate-announcement')).toHaveText(
    'Some fields need attention; nothing was sent.',
  );
  const details = unwrap(
    await page.evaluate(
      (userId) => (globalThis as unknown as WithApi).api.serviceUsers.details({ profileId: 'sandbox', userId }),
      userId,
    ),
  );
  expect(details.certificates ?? []).toEqual([]);

  // The fix: the dialog closes and the user's end date is ready to change.
  await extend.click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('end-date')).toBeFocused();
  await expect(page.getByTestId('end-date')).toHaveValue(typed(userEnd));
});
