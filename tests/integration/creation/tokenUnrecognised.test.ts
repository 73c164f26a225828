import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../electron/sandbox';
import { tokenCandidates } from '../../../electron/core/digicert/tokenCandidates';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

/**
 * A DigiCert-like tenant whose create answer holds the token somewhere wire.ts does not look:
 * a proxy in front of the sandbox turns `{...user, api_token}` into
 * `{...user, credentials: {secret}}` (every other answer passes unchanged).
 */
async function startRewritingProxy(
  target: string,
  rewrite: (body: Record<string, unknown>) => unknown,
): Promise<{ url: string; server: Server; tokens: string[] }> {
  const tokens: string[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            let text = Buffer.concat(body).toString('utf8');
            if (req.method === 'POST' && (up.statusCode ?? 0) < 300 && text) {
              const json = JSON.parse(text) as Record<string, unknown>;
              if (typeof json.api_token === 'string') {
                tokens.push(json.api_token);
                text = JSON.stringify(rewrite(json));
              }
            }
            const { 'transfer-encoding': _chunked, ...passed } = up.headers;
            const headers = { ...passed, 'content-length': String(Buffer.byteLength(text)) };
            res.writeHead(up.statusCode ?? 502, headers);
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

const moveToken = ({ api_token, ...user }: Record<string, unknown>) => ({
  ...user,
  credentials: { secret: api_token, kind: 'api-key' },
});

describe('a create answer whose token is not where the app looks (A2)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let sandbox: Sandbox;
  let proxy: Awaited<ReturnType<typeof startRewritingProxy>>;
  let t: TestCore;

  const start = async (rewrite: (body: Record<string, unknown>) => unknown) => {
    proxy = await startRewritingProxy(sandbox.url, rewrite);
    t = await startTestCore(tmp.dir, { externalSandbox: { baseUrl: proxy.url, apiKey: sandbox.adminKey } });
    const ref = await t.must('reference.refresh', { profileId: 'sandbox' });
    if (!ref.data) throw new Error(`no reference data through the proxy: ${JSON.stringify(ref)}`);
  };
  beforeEach(async () => {
    tmp = makeTempDir('sud-unrecognised-');
    sandbox = await startSandbox({ seed: 11 });
  });
  afterEach(async () => {
    await t?.core.close();
    await new Promise((resolve) => proxy?.server.close(resolve));
    await sandbox?.close();
    tmp.cleanup();
  });

  const create = async (name: string) => {
    const draft = await t.must('drafts.save', { profileId: 'sandbox', step: 2, fields: await validFields(t, name) });
    return { draft, outcome: await t.must('creation.create', { draftId: draft.id }) };
  };

  it('offers credentials.secret masked; Reveal and Use continue on the normal token screen; the value never reaches disk', async () => {
    await start(moveToken);
    const { draft, outcome } = await create('unknown-shape');
    if (outcome.state !== 'created_token_unrecognised') throw new Error(`got ${outcome.state}`);
    const token = proxy.tokens[0]!;
    expect(outcome.answer.candidates).toEqual([
      { path: 'credentials.secret', preview: `${token.slice(0, 2)}…${token.slice(-2)}` },
    ]);
    expect(JSON.stringify(outcome)).not.toContain(token);
    expect((await t.must('drafts.get', { id: draft.id })).state).toBe('created');
    expect(t.core.hasUnsavedSecret()).toBe(true);

    const revealed = await t.must('token.revealCandidate', {
      handle: outcome.answer.handle,
      path: 'credentials.secret',
    });
    expect(revealed.value).toBe(token);
    const unknownPath = await t.call('token.revealCandidate', {
      handle: outcome.answer.handle,
      path: 'credentials.kind',
    });
    expect(unknownPath.ok ? 'ok' : unknownPath.error.code).toBe('not_found');

    const info = await t.must('token.pickCandidate', { handle: outcome.answer.handle, path: 'credentials.secret' });
    expect(info).toMatchObject({ draftId: draft.id, serviceUserId: outcome.serviceUser.id, savedTo: null });
    expect((await t.must('token.reveal', { handle: info.handle })).token).toBe(token);
    // The answer is dropped once picked.
    const again = await t.call('token.revealCandidate', { handle: outcome.answer.handle, path: 'credentials.secret' });
    expect(again.ok ? 'ok' : again.error.code).toBe('token_gone');

    // Save and read back like any token.
    const item = { service: 'Unrecognised test', account: 'unknown-shape' };
    await t.must('token.save', { handle: info.handle, item });
    expect(await t.keychain.get(item.service, item.account)).toBe(token);

    const entries = (await t.must('audit.query', { limit: 50 })).entries;
    const picked = entries.find((e) => e.action === 'token_path_picked');
    expect(picked?.details).toMatchObject({ path: 'credentials.secret' });
    expect(
      entries.some((e) => e.action === 'token_revealed' && e.details?.candidatePath === 'credentials.secret'),
    ).toBe(true);

    t.core.log.info('deliberate leak check', { answer: { credentials: { secret: token } } });
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findSecretsOnDisk(tmp.dir, [token, sandbox.adminKey])).toEqual([]);
  });

  it('dismissing the answer drops it and records the discard', async () => {
    await start(moveToken);
    const { outcome } = await create('dismissed-shape');
    if (outcome.state !== 'created_token_unrecognised') throw new Error(`got ${outcome.state}`);
    await t.must('token.dismissAnswer', { handle: outcome.answer.handle });
    expect(t.core.hasUnsavedSecret()).toBe(false);
    const gone = await t.call('token.pickCandidate', { handle: outcome.answer.handle, path: 'credentials.secret' });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('token_gone');
    const entries = (await t.must('audit.query', { limit: 50 })).entries;
    expect(entries.some((e) => e.action === 'token_dismissed_unsaved' && e.details?.answer === 'unrecognised')).toBe(
      true,
    );
  });

  it('an answer with no plausible string at all is a lost token, as before', async () => {
    await start(({ api_token: _dropped, ...user }) => user);
    const { outcome } = await create('no-token-at-all');
    expect(outcome.state).toBe('created_token_lost');
  });
});

describe('tokenCandidates', () => {
  it('skips ids, names, e-mails, dates and short strings; finds nested and array strings', () => {
    const answer = {
      id: 'b3a1c0de-0000-4000-8000-000000000001',
      friendly_name: 'a long friendly name here',
      email: 'owner@example.com',
      created_at: '2026-12-01T19:00:00Z',
      end_date: '2027-01-31',
      status: 'ACTIVE_AND_RUNNING_OK',
      short: 'abc',
      credentials: { secret: 'tok_0123456789abcdef0123' },
      keys: [{ value: 'k'.repeat(40) }],
    };
    expect(tokenCandidates(answer, [answer.id]).map((c) => c.path)).toEqual(['credentials.secret', 'keys.0.value']);
  });
});
