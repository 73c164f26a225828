/**
 * The core without a browser: the creation.create handler's own cost (its time minus the DigiCert
 * request's, against a local sandbox tenant), and the log scrubbing of one line with many secrets
 * registered (every token issued in a session is one) beside the same line with one.
 *
 *   npx tsx scripts/bench-core.ts            (CREATES=400 SECRETS=1000)
 *
 * Prints figures; asserts nothing. `benchCore()` is meant to be called by scripts/bench.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../electron/core/app';
import { createMemoryClipboard } from '../electron/core/creation/clipboard';
import { dispatch } from '../electron/core/ipc/dispatch';
import { createMemorySecretStore } from '../electron/core/keychain/secretStore';
import { createLogger } from '../electron/core/log/logger';
import { SecretRegistry } from '../electron/core/log/secretRegistry';
import { startSandbox } from '../electron/sandbox/index';
import type { ChannelName, RequestOf, ResponseOf } from '../shared/ipc/contract';
import { fmt, median, percentile } from './bench-stats';
import { record, type Figure } from './lib/record';

const now = () => performance.now();

/** The creation.create handler minus the DigiCert request, per create (ms). */
async function benchCreate(creates: number, log: (line: string) => void): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'sud-bench-core-'));
  const sandbox = await startSandbox({ seed: 7 });
  let fetchMs = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const start = now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    fetchMs += now() - start;
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  const core = await createCore({
    dataDir: dir,
    transport: 'harness',
    appVersion: 'bench',
    keychain: createMemorySecretStore('bench keychain'),
    clipboard: createMemoryClipboard(),
    fetch: timedFetch,
    externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
  });
  const must = async <C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const res = await dispatch(core.handlers, channel, request, core.log);
    if (!res.ok) throw new Error(`${channel}: ${res.error.code} ${res.error.message}`);
    return res.value as ResponseOf<C>;
  };
  try {
    const ref = await must('reference.get', { profileId: 'sandbox' });
    const data = ref.data!;
    const [m1, m2] = data.managers;
    const roleOf = (managerId: string) => data.roles.find((r) => r.managerId === managerId)!.id;
    const fields = (name: string) => ({
      friendlyName: name,
      description: 'made by the bench',
      endDate: '',
      email: 'owner@example.com',
      accountIds: [data.accounts[0]!.id],
      managers: [
        { managerId: m1!.id, roleIds: [roleOf(m1!.id)] },
        { managerId: m2!.id, roleIds: [roleOf(m2!.id)] },
      ],
    });
    const warmup = Math.min(50, Math.ceil(creates / 4));
    const own: number[] = [];
    const handler: number[] = [];
    for (let i = 0; i < warmup + creates; i++) {
      const draft = await must('drafts.save', { profileId: 'sandbox', step: 4, fields: fields(`bench-core-${i}`) });
      fetchMs = 0;
      const start = now();
      // The handler as dispatch calls it (request already parsed), as the harness times it.
      const outcome = await core.handlers['creation.create']({ draftId: draft.id });
      const total = now() - start;
      if (outcome.state !== 'created') throw new Error(`create ended ${outcome.state}`);
      if (i >= warmup) {
        own.push(total - fetchMs);
        handler.push(total);
      }
      await must('token.dismiss', { handle: outcome.token.handle, unsaved: 'discarded' });
    }
    log(
      `creation.create handler ${fmt(median(handler))} ms (p99 ${fmt(percentile(handler, 99))}), ` +
        `without DigiCert ${fmt(median(own), 3)} ms (p99 ${fmt(percentile(own, 99), 3)}) over ${creates} creates`,
    );
    return record({
      name: 'core create handler without DigiCert (ms)',
      value: median(own),
      unit: 'ms',
      p50: median(own),
      p99: percentile(own, 99),
      met: true,
    });
  } finally {
    await core.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One log line written (JSON + scrub, to a file) with `count` secrets registered, per line (µs). */
function scrubPerLine(count: number, lines: number, dir: string): number {
  const secrets = new SecretRegistry();
  // Tokens look like this: random base64url of ~40 characters.
  for (let i = 0; i < count; i++) secrets.add(Buffer.from(`bench-token-${i}-${'x'.repeat(20)}`).toString('base64url'));
  const logger = createLogger({ file: join(dir, `scrub-${count}.log`), secrets });
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = now();
    for (let i = 0; i < lines; i++)
      logger.debug('digicert request', { method: 'POST', path: '/account/api/v1/user', status: 201, ms: i });
    times.push(((now() - start) / lines) * 1000);
  }
  return median(times);
}

function benchScrub(secretCount: number, log: (line: string) => void): Figure {
  const dir = mkdtempSync(join(tmpdir(), 'sud-bench-scrub-'));
  try {
    const lines = 2000;
    const one = scrubPerLine(1, lines, dir);
    const many = scrubPerLine(secretCount, lines, dir);
    log(`log line with ${secretCount} secrets registered ${fmt(many, 1)} µs, with 1 secret ${fmt(one, 1)} µs`);
    return record({
      name: `log line with ${secretCount} secrets registered (µs)`,
      value: many,
      unit: 'µs',
      baseline: one,
      baselineName: 'the same line with 1 secret registered',
      ratio: many / one,
      target: '≤ 2× one secret',
      met: many / one <= 2,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCore(
  options: { creates?: number; secrets?: number; log?: (line: string) => void } = {},
): Promise<Figure[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const creates = options.creates ?? Number(process.env.CREATES ?? 400);
  const secrets = options.secrets ?? Number(process.env.SECRETS ?? 1000);
  return [await benchCreate(creates, log), benchScrub(secrets, log)];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchCore();
}
