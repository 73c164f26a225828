/**
 * The sandbox's client certificates (issue 14) over real sockets: the three endpoints over HTTP and
 * the mutual-TLS listener over HTTPS with the generated PKCS#12, as a build server would use it.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs12 } from '../../../electron/core/certificates/pkcs12';
import { createCertificateAuthority, certificateAuthority } from '../../../electron/sandbox/certificateAuthority';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

const P = '/account/api/v1';
const DAY = 24 * 60 * 60 * 1000;
const tmp = makeTempDir('sud-sandbox-certs-');
const stateFile = join(tmp.dir, 'tenant.json');
/** The sandbox clock: real time plus an offset a test may move (TLS itself checks real time). */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const passwords: string[] = [];
let sandbox: Sandbox;
let n = 0;

beforeAll(async () => {
  sandbox = await startSandbox({ stateFile, clock });
});
afterEach(() => {
  sandbox.faults.clear();
  offsetMs = 0;
});
afterAll(async () => {
  await sandbox.close();
  // Neither a PKCS#12 password nor a client's key ever reached the state file.
  expect(findSecretsOnDisk(tmp.dir, passwords)).toEqual([]);
  tmp.cleanup();
});

async function call(method: string, path: string, body?: unknown, key: string | null = sandbox.adminKey) {
  const headers: Record<string, string> = key ? { 'x-api-key': key } : {};
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(sandbox.url + path, init);
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as any) : undefined };
}

async function newServiceUser(endDate = dateIn(365)): Promise<string> {
  const role = sandbox.state.roles.find((r) => r.application_code === 'software_trust')!;
  const res = await call('POST', `${P}/user`, {
    user_type: 'service',
    friendly_name: `cert-owner-${++n}`,
    email: 'owner@example.com',
    end_date: endDate,
    accounts: [{ id: sandbox.state.accounts[0]!.id }],
    applications: [{ code: 'software_trust' }],
    roles: [{ id: role.id }],
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

const certificatesOf = (userId: string) => `${P}/user/${encodeURIComponent(userId)}/client-auth-certificate`;

async function generate(userId: string, overrides: Record<string, unknown> = {}) {
  const res = await call('POST', certificatesOf(userId), {
    nickname: `build ${++n}`,
    end_date: dateIn(30),
    encryption: 'AES',
    signature_hash: 'SHA256',
    ...overrides,
  });
  if (res.status === 201) passwords.push(res.json.password as string);
  return res;
}

function p12Of(created: { json: any }) {
  return {
    pfx: Buffer.from(created.json.certificate_file as string, 'base64'),
    passphrase: created.json.password as string,
  };
}

type TlsAnswer = { status: number; json: any };

/** One request to the mutual-TLS listener, trusting only the sandbox's CA. */
function overMutualTls(
  client: { pfx?: Buffer; passphrase?: string; cert?: string; key?: string },
  path = `${P}/user/me`,
  base = sandbox,
): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, base.clientAuthUrl),
      { method: 'GET', agent: false, ca: base.caPem, ...client },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('generate (A25) and list (A24)', () => {
  it('issues a PKCS#12 that opens with the returned password and matches the listing', async () => {
    const userId = await newServiceUser();
    const endDate = dateIn(120);
    const created = await generate(userId, {
      nickname: 'build server_01',
      end_date: endDate,
      signature_hash: 'SHA384',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ nickname: 'build server_01', status: 'ACTIVE', encryption: 'AES' });
    expect(created.json.password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const opened = openPkcs12(new Uint8Array(p12Of(created).pfx), created.json.password);
    expect(opened.facts.fingerprint).toBe(created.json.fingerprint_sha256);
    expect(opened.facts.serial).toBe(created.json.serial_number);
    expect(opened.facts.notAfter).toBe(`${endDate}T23:59:59.000Z`);
    expect(created.json.valid_to).toBe(`${endDate}T23:59:59.000Z`);
    expect(opened.facts.subject).toContain('CN=build server_01');
    expect(opened.facts.subject).toContain(`UID=${userId}`);
    expect(opened.chainPems).toEqual([sandbox.caPem]);

    const x509 = new X509Certificate(opened.certificatePem);
    const ca = new X509Certificate(sandbox.caPem);
    expect(x509.checkIssued(ca)).toBe(true);
    expect(x509.verify(ca.publicKey)).toBe(true);
    expect(x509.keyUsage).toContain('1.3.6.1.5.5.7.3.2'); // extKeyUsage clientAuth
    expect(forge.pki.certificateFromPem(opened.certificatePem).siginfo.algorithmOid).toBe(
      forge.pki.oids.sha384WithRSAEncryption,
    );

    const listed = await call('GET', `${certificatesOf(userId)}?offset=0&limit=10`);
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({ total: 1, offset: 0, limit: 10 });
    expect(listed.json.items).toEqual([
      {
        id: created.json.id,
        nickname: 'build server_01',
        serial_number: opened.facts.serial,
        fingerprint_sha256: opened.facts.fingerprint,
        valid_to: `${endDate}T23:59:59.000Z`,
        status: 'ACTIVE',
        created_at: created.json.created_at,
        signature_hash: 'SHA384',
        encryption: 'AES',
      },
    ]);
    for (const text of [listed.text, (await call('GET', certificatesOf(userId))).text]) {
      expect(text).not.toContain('password');
      expect(text).not.toContain('certificate_file');
      expect(text).not.toContain(created.json.password);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('3DES with SHA-512: the legacy envelope, signed as asked', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId, { encryption: '3DES', signature_hash: 'SHA512' });
    expect(created.status).toBe(201);
    const { pfx, passphrase } = p12Of(created);
    const opened = openPkcs12(new Uint8Array(pfx), passphrase);
    expect(opened.facts.fingerprint).toBe(created.json.fingerprint_sha256);
    expect(forge.pki.certificateFromPem(opened.certificatePem).siginfo.algorithmOid).toBe(
      forge.pki.oids.sha512WithRSAEncryption,
    );
    expect(created.json).toMatchObject({ encryption: '3DES', signature_hash: 'SHA512' });
  });

  it('refuses bad nicknames, missing, past or too late end dates, and duplicates (400)', async () => {
    const userEnd = dateIn(60);
    const userId = await newServiceUser(userEnd);
    const fieldsOf = (r: { json: any }) => (r.json.errors as { field?: string }[]).map((e) => e.field);
    for (const nickname of ['', '   ', 'bad/name', 'x'.repeat(65), 'née']) {
      const res = await generate(userId, { nickname });
      expect(res.status, nickname).toBe(400);
      expect(fieldsOf(res)).toEqual(['nickname']);
    }
    for (const endDate of [undefined, '', dateIn(-1), '2027-02-30', dateIn(61)]) {
      const res = await generate(userId, { end_date: endDate });
      expect(res.status, String(endDate)).toBe(400);
      expect(fieldsOf(res)).toEqual(['end_date']);
    }
    expect((await generate(userId, { encryption: 'RC2' })).status).toBe(400);
    expect((await generate(userId, { signature_hash: 'MD5' })).status).toBe(400);

    expect((await generate(userId, { nickname: 'Deploy key', end_date: userEnd })).status).toBe(201);
    const duplicate = await generate(userId, { nickname: ' deploy KEY ' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.json.errors).toEqual([
      { code: 'duplicate_error', message: 'Nickname deploy KEY already exists. Enter a different nickname.' },
    ]);
    // Nicknames are per user.
    expect((await generate(await newServiceUser(), { nickname: 'Deploy key' })).status).toBe(201);
  });

  it('limited key → 403 on generate and revoke (reading is allowed); unknown user → 404', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId);
    const limited = sandbox.limitedKey;
    expect((await call('POST', certificatesOf(userId), { nickname: 'x', end_date: dateIn(5) }, limited)).status).toBe(
      403,
    );
    expect((await call('PUT', `${certificatesOf(userId)}/${created.json.id}/revoke`, undefined, limited)).status).toBe(
      403,
    );
    expect((await call('GET', certificatesOf(userId), undefined, limited)).status).toBe(200);
    expect((await call('GET', certificatesOf(userId), undefined, null)).status).toBe(401);

    const ghost = certificatesOf('00000000-0000-4000-8000-000000000000');
    expect((await call('GET', ghost)).status).toBe(404);
    expect((await call('POST', ghost, { nickname: 'x', end_date: dateIn(5) })).status).toBe(404);
    expect((await call('PUT', `${ghost}/${created.json.id}/revoke`)).status).toBe(404);
    expect((await call('PUT', `${certificatesOf(userId)}/no-such-id/revoke`)).status).toBe(404);
  });

  it('faults apply: commit_then_drop creates the certificate and drops the answer', async () => {
    const userId = await newServiceUser();
    sandbox.faults.once({ kind: 'commit_then_drop' }, { method: 'POST', path: /\/client-auth-certificate$/ });
    await expect(generate(userId, { nickname: 'dropped' })).rejects.toThrow();
    const listed = await call('GET', certificatesOf(userId));
    expect(listed.json.map((c: { nickname: string }) => c.nickname)).toEqual(['dropped']);
  });
});

describe('mutual TLS (A27) and revoke (A26)', () => {
  it('answers GET /user/me as the certificate’s service user, without an API key', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId);
    const me = await overMutualTls(p12Of(created));
    expect(me.status).toBe(200);
    const friendlyName = sandbox.state.users.find((u) => u.id === userId)!.friendly_name;
    expect(me.json).toMatchObject({ id: userId, user_type: 'service', friendly_name: friendlyName });
    expect(await overMutualTls(p12Of(created), `${P}/user`)).toMatchObject({ status: 404 });
    expect(new URL(sandbox.clientAuthUrl).hostname).toBe('127.0.0.1');
  });

  it('refuses the handshake without a client certificate, or with one from another CA', async () => {
    await expect(overMutualTls({})).rejects.toMatchObject({
      code: expect.stringMatching(/CERTIFICATE_REQUIRED|ECONNRESET|EPIPE/),
    });
    const stranger = certificateAuthority(await createCertificateAuthority(new Date()));
    const issued = await stranger.issueClientCertificate({
      userId: 'x',
      nickname: 'stranger',
      endDate: dateIn(10),
      signatureHash: 'SHA256',
      now: new Date(),
    });
    await expect(overMutualTls({ cert: issued.certificatePem, key: issued.privateKeyPem })).rejects.toMatchObject({
      code: expect.stringMatching(/UNKNOWN_CA|ECONNRESET|EPIPE/),
    });
  });

  it('a revoked certificate gets 401; revoking again is harmless; it stays listed as REVOKED', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId);
    expect((await overMutualTls(p12Of(created))).status).toBe(200);
    const revokePath = `${certificatesOf(userId)}/${created.json.id}/revoke`;
    const revoked = await call('PUT', revokePath);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ id: created.json.id, status: 'REVOKED' });
    expect((await call('PUT', revokePath)).json.status).toBe('REVOKED');
    const refused = await overMutualTls(p12Of(created));
    expect(refused.status).toBe(401);
    expect(refused.json.errors[0].code).toEqual(expect.any(String));
    expect((await call('GET', certificatesOf(userId))).json).toMatchObject([
      { id: created.json.id, status: 'REVOKED' },
    ]);
  });

  it('an expired certificate (by the tenant clock) is listed EXPIRED and gets 401', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId, { end_date: dateIn(3) });
    offsetMs = 5 * DAY;
    expect((await call('GET', certificatesOf(userId))).json).toMatchObject([{ status: 'EXPIRED' }]);
    expect((await overMutualTls(p12Of(created))).status).toBe(401);
  });

  it('deleting the user makes its certificates refused', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId);
    expect((await overMutualTls(p12Of(created))).status).toBe(200);
    expect((await call('DELETE', `${P}/user/${userId}`)).status).toBe(204);
    expect((await overMutualTls(p12Of(created))).status).toBe(401);
    expect((await call('GET', certificatesOf(userId))).status).toBe(404);
  });

  it('a restarted sandbox (same state file) still trusts the certificates it issued', async () => {
    const userId = await newServiceUser();
    const created = await generate(userId);
    const state = readFileSync(stateFile, 'utf8');
    // Only the CA's key is kept; no client key, no password.
    expect(state.match(/PRIVATE KEY-----/g)).toHaveLength(2); // BEGIN and END of the CA key
    expect(state).not.toContain(created.json.password);

    const again = await startSandbox({ stateFile, clock });
    try {
      expect(again.caPem).toBe(sandbox.caPem);
      const me = await overMutualTls(p12Of(created), `${P}/user/me`, again);
      expect(me).toMatchObject({ status: 200, json: { id: userId } });
    } finally {
      await again.close();
    }
  });
});

describe('state files from before certificates', () => {
  it('load without certificates or CA: the CA is made and kept, the list is empty', async () => {
    const old = makeTempDir('sud-sandbox-old-');
    try {
      const file = join(old.dir, 'tenant.json');
      const legacy = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
      delete legacy.certificates;
      delete legacy.ca;
      writeFileSync(file, JSON.stringify(legacy));
      const migrated = await startSandbox({ stateFile: file, clock });
      try {
        const userId = migrated.state.users.find((u) => u.user_type === 'service')!.id;
        const listed = await fetch(`${migrated.url}${certificatesOf(userId)}`, {
          headers: { 'x-api-key': migrated.adminKey },
        });
        expect(await listed.json()).toEqual([]);
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { ca?: { certificatePem: string } };
        expect(saved.ca?.certificatePem).toBe(migrated.caPem);
      } finally {
        await migrated.close();
      }
    } finally {
      old.cleanup();
    }
  });
});
