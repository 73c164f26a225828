import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';
import { startHarness, type Harness } from '../../electron/harness/server';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import { findSecretsOnDisk, makeTempDir } from '../support/tmp';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP (node:http), so Origin and Host can be set freely, as a hostile page or process could. */
function call(
  harness: Harness,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: harness.port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const good = (h: Harness, extra: Record<string, string> = {}) => ({
  origin: h.origin,
  'content-type': 'application/json',
  [HARNESS_SECRET_HEADER]: h.secret,
  ...extra,
});

const API_KEY = 'harness-test-key-3f9c1e77b2';

describe('browser harness bridge', () => {
  const tmp = makeTempDir('sud-harness-');
  const rendererDir = join(tmp.dir, 'renderer');
  const dataDir = join(tmp.dir, 'data');
  let harness: Harness;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(tmp.dir, 'outside.txt'), 'secret file outside the renderer');
    // The real core, with an in-memory keychain (the real Secret Service is tested elsewhere).
    const core = await createCore({
      dataDir,
      transport: 'harness',
      appVersion: '9.9.9-test',
      keychain: createMemorySecretStore('test keychain'),
    });
    harness = await startHarness({ port: 0, dataDir, rendererDir, core });
  });

  afterAll(async () => {
    await harness?.close();
    tmp.cleanup();
  });

  it('prints a loopback URL with a 32-byte hex secret in the hash', () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64}$/);
    expect(harness.origin).toBe(`http://127.0.0.1:${harness.port}`);
  });

  it('round-trips real calls through the core', async () => {
    const info = await call(harness, { path: '/ipc/app.info', headers: good(harness), body: '{}' });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({
      ok: true,
      value: { transport: 'harness', version: '9.9.9-test', dataDir },
    });

    const added = await call(harness, {
      path: '/ipc/profiles.add',
      headers: good(harness),
      body: JSON.stringify({ name: 'Harness US', region: 'us', apiKey: API_KEY }),
    });
    const addBody = JSON.parse(added.body);
    expect(addBody).toMatchObject({
      ok: true,
      value: { name: 'Harness US', region: 'us', baseUrl: 'https://one.digicert.com', keyStorage: 'keychain' },
    });
    expect(added.body).not.toContain(API_KEY);

    const list = JSON.parse(
      (await call(harness, { path: '/ipc/profiles.list', headers: good(harness), body: '{}' })).body,
    );
    // The core also seeds a built-in sandbox profile; the one we added is the only DigiCert one.
    expect(
      list.value.filter((p: { kind: string }) => p.kind !== 'sandbox').map((p: { name: string }) => p.name),
    ).toEqual(['Harness US']);
    expect(findSecretsOnDisk(dataDir, [API_KEY])).toEqual([]);
  });

  it('answers a domain error as a value, with field errors', async () => {
    const reply = await call(harness, {
      path: '/ipc/profiles.add',
      headers: good(harness),
      body: JSON.stringify({ name: '', region: 'mars', apiKey: 'x' }),
    });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body);
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.fieldErrors.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['name', 'region']),
    );
  });

  it('refuses a missing or wrong secret with 401', async () => {
    const { [HARNESS_SECRET_HEADER]: _drop, ...noSecret } = good(harness);
    const missing = await call(harness, { path: '/ipc/profiles.list', headers: noSecret, body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });

    const wrong = await call(harness, {
      path: '/ipc/profiles.list',
      headers: good(harness, { [HARNESS_SECRET_HEADER]: 'a'.repeat(64) }),
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    const short = await call(harness, {
      path: '/ipc/profiles.list',
      headers: good(harness, { [HARNESS_SECRET_HEADER]: 'abc' }),
      body: '{}',
    });
    expect(short.status).toBe(401);
  });

  it('refuses a foreign, missing or look-alike Origin with 403, even with the right secret', async () => {
    for (const origin of [
      'http://evil.example',
      'http://localhost:' + harness.port,
      'null',
      `http://127.0.0.1:${harness.port + 1}`,
    ]) {
      const reply = await call(harness, { path: '/ipc/profiles.list', headers: good(harness, { origin }), body: '{}' });
      expect(reply.status, origin).toBe(403);
    }
    const { origin: _o, ...noOrigin } = good(harness);
    expect((await call(harness, { path: '/ipc/profiles.list', headers: noOrigin, body: '{}' })).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const reply = await call(harness, {
      path: '/ipc/profiles.list',
      headers: good(harness, { host: `attacker.example:${harness.port}` }),
      body: '{}',
    });
    expect(reply.status).toBe(403);
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const preflight = await call(harness, {
      method: 'OPTIONS',
      path: '/ipc/profiles.list',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': HARNESS_SECRET_HEADER,
      },
    });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    const normal = await call(harness, { path: '/ipc/profiles.list', headers: good(harness), body: '{}' });
    for (const reply of [preflight, normal]) {
      expect(Object.keys(reply.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('answers malformed JSON, a wrong content type, an oversized body and an unknown channel with error values', async () => {
    const malformed = await call(harness, { path: '/ipc/profiles.add', headers: good(harness), body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    const form = await call(harness, {
      path: '/ipc/profiles.list',
      headers: good(harness, { 'content-type': 'text/plain' }),
      body: '{}',
    });
    expect(form.status).toBe(415);

    const huge = await call(harness, {
      path: '/ipc/profiles.add',
      headers: good(harness),
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    const unknown = await call(harness, { path: '/ipc/shell.exec', headers: good(harness), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });

    const get = await call(harness, { method: 'GET', path: '/ipc/profiles.list', headers: good(harness) });
    expect(get.status).toBe(405);
  });

  it('serves the renderer with CSP and nosniff, and nothing outside it', async () => {
    const index = await call(harness, { method: 'GET', path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');

    const js = await call(harness, { method: 'GET', path: '/assets/app.js' });
    expect(js.headers['content-type']).toContain('text/javascript');

    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/%00']) {
      const reply = await call(harness, { method: 'GET', path });
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('secret file');
    }
  });

  it('cannot bind anything but loopback', async () => {
    const core = await createCore({
      dataDir: join(tmp.dir, 'other'),
      transport: 'harness',
      appVersion: 't',
      keychain: createMemorySecretStore(),
    });
    await expect(startHarness({ dataDir: join(tmp.dir, 'other'), rendererDir, core, host: '0.0.0.0' })).rejects.toThrow(
      /127\.0\.0\.1 only/,
    );
    await expect(startHarness({ dataDir: join(tmp.dir, 'other'), rendererDir, core, host: '::' })).rejects.toThrow(
      /127\.0\.0\.1 only/,
    );
    await core.close();
  });
});

describe('the E2E clipboard hook', () => {
  it('is absent unless asked for, and needs the secret when present', async () => {
    const tmp = makeTempDir('sud-harness-clip-');
    const rendererDir = join(tmp.dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const plain = await startHarness({ port: 0, dataDir: join(tmp.dir, 'a'), rendererDir });
    const hooked = await startHarness({ port: 0, dataDir: join(tmp.dir, 'b'), rendererDir, exposeClipboard: true });
    try {
      const off = await call(plain, {
        method: 'GET',
        path: '/__test__/clipboard',
        headers: { [HARNESS_SECRET_HEADER]: plain.secret },
      });
      expect(off.body).not.toContain('"text"');
      const noSecret = await call(hooked, { method: 'GET', path: '/__test__/clipboard' });
      expect(noSecret.status).toBe(401);
      const on = await call(hooked, {
        method: 'GET',
        path: '/__test__/clipboard',
        headers: { [HARNESS_SECRET_HEADER]: hooked.secret },
      });
      expect(on.status).toBe(200);
      expect(JSON.parse(on.body)).toEqual({ ok: true, value: { text: '' } });
    } finally {
      await plain.close();
      await hooked.close();
      tmp.cleanup();
    }
  });
});
