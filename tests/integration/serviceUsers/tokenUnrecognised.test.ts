import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import { startTestCore, type TestCore } from '../../support/core';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

/** A proxy in front of the sandbox that moves an issued token's value to `credentials.secret`. */
async function startMovingProxy(target: string): Promise<{ url: string; server: Server; tokens: string[] }> {
  const tokens: string[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            if (req.method === 'POST' && req.url?.endsWith('/api-access-token') && (up.statusCode ?? 0) < 300) {
              const { token, ...rest } = JSON.parse(text) as Record<string, unknown>;
              tokens.push(token as string);
              text = JSON.stringify({ ...rest, credentials: { secret: token } });
            }
            const { 'transfer-encoding': _chunked, ...passed } = up.headers;
            res.writeHead(up.statusCode ?? 502, { ...passed, 'content-length': String(Buffer.byteLength(text)) });
            res.end(text);
          });
        },
      );
      out.on('error', () => res.destroy());
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`, server, tokens };
}

describe('an issued token whose value is not where the app looks (A20)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startMovingProxy>>;
  let t: TestCore;

  beforeEach(async () => {
    tmp = makeTempDir('sud-issue-unrecognised-');
    sandbox = await startSandbox({ seed: 11 });
    proxy = await startMovingProxy(sandbox.url);
    t = await startTestCore(tmp.dir, { externalSandbox: { baseUrl: proxy.url, apiKey: sandbox.adminKey } });
  });
  afterEach(async () => {
    await t?.core.close();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await sandbox?.close();
    tmp.cleanup();
  });

  it('holds the candidates for the admin to pick instead of saying the value never reached the app', async () => {
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });
    const user = sandbox.state.users.find((u) => u.user_type === 'service' && u.status === 'ACTIVE')!;
    const op = await t.must('serviceUsers.prepare', {
      profileId: 'sandbox',
      userId: user.id,
      operation: { kind: 'issueToken', name: 'moved value' },
    });
    const outcome = await t.must('serviceUsers.sendOperation', { operationId: op.id });
    const token = proxy.tokens[0]!;
    if (outcome.state !== 'done' || !outcome.answer) throw new Error(`got ${JSON.stringify(outcome)}`);
    expect(outcome.operation.error).toBeUndefined();
    expect(outcome.answer.candidates).toEqual([
      { path: 'credentials.secret', preview: `${token.slice(0, 2)}…${token.slice(-2)}` },
    ]);
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect(t.core.hasUnsavedSecret()).toBe(true);

    const info = await t.must('token.pickCandidate', { handle: outcome.answer.handle, path: 'credentials.secret' });
    expect((await t.must('token.reveal', { handle: info.handle })).token).toBe(token);

    const entries = (await t.must('audit.query', { limit: 50 })).entries;
    expect(entries.some((e) => e.action === 'token_issue_lost')).toBe(false);
    expect(entries.find((e) => e.action === 'token_issued')).toMatchObject({
      outcome: 'ok',
      details: expect.objectContaining({ tokenValue: 'unrecognised', candidates: 1 }),
    });
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findSecretsOnDisk(tmp.dir, [token, sandbox.adminKey])).toEqual([]);
  });
});
