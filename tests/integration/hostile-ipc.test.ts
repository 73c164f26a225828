import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_KEY_SERVICE } from '../../electron/core/keychain/reserved';
import { dispatch } from '../../electron/core/ipc/dispatch';
import { startHarness, type Harness } from '../../electron/harness/server';
import { ERROR_CODES } from '../../shared/errors';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import { CHANNELS, contract } from '../../shared/ipc/contract';
import { startTestCore, type TestCore } from '../support/core';
import { listFiles, makeTempDir } from '../support/tmp';

/**
 * Every IPC channel, and names that are not channels, against malformed and hostile payloads,
 * through the real dispatcher on a real core (fake keychain, in-memory clipboard) and, for the
 * payloads only raw HTTP can carry, through the harness bridge. Nothing may throw or fail as
 * `internal`; every refusal carries a known error code and leaves no trace: database rows,
 * keychain items, clipboard and the data folder's files (db, WAL and log aside) stay as they were.
 */

const UNKNOWN_CHANNELS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'drafts.save.x', 'drafts', ''];
const DEPTH = 100_000;

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Values put in place of a field (or of the whole payload). */
const HOSTILE: Record<string, unknown> = {
  number: 42,
  bool: true,
  null: null,
  array: ['a', 1],
  object: { a: 1 },
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '10MB': 'x'.repeat(10 * 1024 * 1024),
  deepArray: deepArray(DEPTH),
  deepObject: deepObject(DEPTH),
  protoKey: JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  constructorKey: JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown,
  control: 'a\u0000b\u001b[2J\r\nc',
  bidi: 'invoice\u202Efdp.exe\u200D',
  loneSurrogate: 'a\uD800b',
  sql: "x'); DROP TABLE drafts; --",
  like: '%_\\%',
  traversal: '../../etc/passwd',
  impossibleDate: '2024-02-30',
  impossibleInstant: '2024-02-30T00:00:00.000Z',
};

/** Whole payloads that are no field's value. */
const WHOLE: Record<string, unknown> = {
  undefined: undefined,
  empty: {},
  ...HOSTILE,
  protoField: JSON.parse('{"id":"x","__proto__":{"id":"y"}}') as unknown,
  constructorField: JSON.parse('{"profileId":"sandbox","constructor":{"name":"x"}}') as unknown,
};

/** Plausible values by field name, so that one hostile field meets otherwise sensible neighbours. */
function plausible(dataDir: string): Record<string, unknown> {
  return {
    id: 'no-such-id',
    profileId: 'sandbox',
    draftId: 'no-such-draft',
    handle: '0'.repeat(32),
    name: 'Hostile test',
    region: 'us',
    apiKey: 'hostile-test-key',
    step: 0,
    fields: {},
    search: 'x',
    sort: 'updated',
    direction: 'desc',
    status: 'open',
    format: 'csv',
    destination: join(dataDir, 'exports', 'hostile.csv'),
    text: 'x',
    limit: 10,
    recheck: false,
    running: true,
    language: 'en',
    theme: 'dark',
    item: { service: 'Hostile test', account: 'hostile' },
    saveTo: { service: 'Hostile test', account: 'hostile' },
  };
}

function topLevelKeys(schema: z.ZodTypeAny): string[] {
  let inner: z.ZodTypeAny = schema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType();
  return inner instanceof z.ZodObject ? Object.keys(inner.shape as object) : [];
}

interface Case {
  channel: string;
  kind: string;
  payload: unknown;
  /** The one hostile field among plausible neighbours (field:* cases). */
  field?: string;
}

/**
 * Field values no free-text, date or number field may take. Ids are looked up, never stored or
 * shown, so an unknown id may be answered (creation.cancel says it cancelled nothing).
 */
const NEVER_VALID = new Set([
  'NaN',
  'Infinity',
  '-Infinity',
  '10MB',
  'deepArray',
  'deepObject',
  'control',
  'bidi',
  'loneSurrogate',
]);
const ID_FIELD = /^(id|handle|.*Id)$/;
/** Date fields refuse impossible dates too; elsewhere '2024-02-30' is just text. */
const DATE_FIELD = /^(from|to|endDate)$/;
const IMPOSSIBLE_DATES = new Set(['impossibleDate', 'impossibleInstant']);

function acceptedWrongly(kind: string, field: string | undefined): boolean {
  if (!field || !kind.startsWith('field:')) return false;
  const value = kind.slice('field:'.length);
  return (NEVER_VALID.has(value) && !ID_FIELD.test(field)) || (IMPOSSIBLE_DATES.has(value) && DATE_FIELD.test(field));
}

function cases(dataDir: string): Case[] {
  const base = plausible(dataDir);
  const out: Case[] = [];
  for (const channel of [...CHANNELS, ...UNKNOWN_CHANNELS]) {
    for (const [kind, payload] of Object.entries(WHOLE)) out.push({ channel, kind: `whole:${kind}`, payload });
    const keys = CHANNELS.includes(channel as (typeof CHANNELS)[number])
      ? topLevelKeys(contract[channel as (typeof CHANNELS)[number]].request)
      : [];
    for (const [kind, value] of Object.entries(HOSTILE)) {
      if (keys.length === 0) continue;
      // Every field hostile at once, then each field alone among plausible neighbours.
      out.push({ channel, kind: `all-fields:${kind}`, payload: Object.fromEntries(keys.map((k) => [k, value])) });
      for (const key of keys) {
        const payload = Object.fromEntries(keys.map((k) => [k, base[k]]));
        payload[key] = value;
        out.push({ channel, kind: `field:${kind}`, payload, field: key });
      }
    }
  }
  return out;
}

/** Everything a refused call must leave alone. */
function snapshot(t: TestCore, dataDir: string): string {
  const db = t.core.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  // Audit checkpoints (and the signing key item's anchor) follow earlier appends on a 1 s timer,
  // whatever the call in between did: not state the call changed.
  // The reference cache is refetched whenever the connectivity probe sees the tenant again: which
  // profiles have a row counts, not what the last fetch brought.
  const rows = tables
    .filter(({ name }) => name !== 'audit_checkpoints')
    .map(({ name }) => [
      name,
      name === 'reference_cache'
        ? db.prepare('SELECT profile_id FROM reference_cache ORDER BY profile_id').all()
        : db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all(),
    ]);
  const skip = /(^|[\\/])service-user-desk\.sqlite(-wal|-shm|-journal)?$/;
  const files = listFiles(dataDir)
    .map((f) => relative(dataDir, f))
    .filter((f) => !skip.test(f) && !f.startsWith(`logs${sep}`))
    .sort()
    .map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dataDir, f)))
        .digest('hex'),
    ]);
  const keychain = [...t.keychain.items.entries()]
    .filter(([item]) => !item.startsWith(AUDIT_KEY_SERVICE))
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ rows, files, keychain, clipboard: t.clipboard.text });
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

class Tally {
  private readonly byChannel = new Map<string, Map<string, number>>();
  private readonly byKind = new Map<string, Map<string, number>>();

  add(channel: string, kind: string, outcome: string): void {
    for (const [map, key] of [
      [this.byChannel, channel === '' ? "''" : channel],
      [this.byKind, kind],
    ] as const) {
      const row = map.get(key) ?? new Map<string, number>();
      row.set(outcome, (row.get(outcome) ?? 0) + 1);
      map.set(key, row);
    }
  }

  print(title: string): void {
    const line = (key: string, row: Map<string, number>) =>
      `  ${key.padEnd(28)} ${[...row]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([o, n]) => `${o}×${n}`)
        .join('  ')}`;
    const text = [
      `${title} — by channel:`,
      ...[...this.byChannel].map(([k, r]) => line(k, r)),
      `${title} — by payload kind:`,
      ...[...this.byKind].map(([k, r]) => line(k, r)),
    ].join('\n');
    console.log(text);
  }
}

describe('hostile input on every IPC channel', () => {
  const tmp = makeTempDir('sud-hostile-');
  const dataDir = join(tmp.dir, 'data');
  const rendererDir = join(tmp.dir, 'renderer');
  let t: TestCore;
  let harness: Harness;

  beforeAll(async () => {
    mkdirSync(join(dataDir, 'exports'), { recursive: true });
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    t = await startTestCore(dataDir);
    // Settle what core fetches on its own first, so that later differences are the calls' doing.
    await t.must('reference.get', { profileId: 'sandbox' });
    harness = await startHarness({ port: 0, dataDir, rendererDir, core: t.core });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await t?.core.close();
    tmp.cleanup();
  });

  it('dispatch: no throw, no internal error, typed refusals that change nothing', async () => {
    const tally = new Tally();
    const problems: string[] = [];
    let state = snapshot(t, dataDir);
    for (const { channel, kind, payload, field } of cases(dataDir)) {
      let outcome: string;
      try {
        const result = await dispatch(t.core.handlers, channel, payload, t.core.log);
        outcome = result.ok ? 'ok' : result.error.code;
        if (!result.ok && !KNOWN_CODES.has(result.error.code))
          problems.push(`${channel} ${kind}: untyped code ${String(result.error.code)}`);
        const after = snapshot(t, dataDir);
        if (!result.ok && after !== state) problems.push(`${channel} ${kind}: refused (${outcome}) but state changed`);
        state = after;
      } catch (error) {
        outcome = 'THREW';
        problems.push(`${channel} ${kind}: threw ${error instanceof Error ? error.name : typeof error}`);
        state = snapshot(t, dataDir);
      }
      if (outcome === 'internal') problems.push(`${channel} ${kind}: internal`);
      if (outcome === 'ok' && acceptedWrongly(kind, field)) {
        problems.push(`${channel} ${kind}: accepted in ${field}`);
      }
      tally.add(channel, kind.split(':')[0] === 'whole' ? kind : kind.split(':')[0]!, outcome);
    }
    tally.print('dispatch');
    expect(problems).toEqual([]);
    // 100k-deep nesting is stopped by the depth guard, before JSON or zod recurse.
    for (const payload of [HOSTILE.deepArray, HOSTILE.deepObject]) {
      const result = await dispatch(t.core.handlers, 'drafts.save', payload, t.core.log);
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', message: 'The request is nested too deeply.' },
      });
    }
    // Every unknown name is refused as such, whatever the payload.
    for (const channel of UNKNOWN_CHANNELS) {
      const result = await dispatch(t.core.handlers, channel, {}, t.core.log);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  }, 120_000);

  it('harness bridge: raw bodies only HTTP carries are refused as typed errors', async () => {
    const bodies: Record<string, string> = {
      deepArray: `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
      deepObject: `${'{"a":'.repeat(DEPTH / 10)}{}${'}'.repeat(DEPTH / 10)}`,
      protoKey: '{"__proto__":{"polluted":true}}',
      NaN: 'NaN',
      Infinity: '{"limit":1e999}',
      notJson: "{'a':1}",
      control: '{"name":"a\\u0000\\u202e"}',
      tooLarge: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    };
    const tally = new Tally();
    const problems: string[] = [];
    for (const channel of [...CHANNELS, '__proto__', 'constructor', 'drafts.save.x']) {
      for (const [kind, body] of Object.entries(bodies)) {
        const before = snapshot(t, dataDir);
        const reply = await post(harness, `/ipc/${channel}`, body);
        let outcome = `http${reply.status}`;
        try {
          const parsed = JSON.parse(reply.body) as { ok: boolean; error?: { code: string } };
          outcome = parsed.ok ? 'ok' : parsed.error!.code;
          if (!parsed.ok && !KNOWN_CODES.has(outcome)) problems.push(`${channel} ${kind}: untyped code ${outcome}`);
          if (!parsed.ok && snapshot(t, dataDir) !== before)
            problems.push(`${channel} ${kind}: refused but state changed`);
        } catch {
          problems.push(`${channel} ${kind}: HTTP ${reply.status} without a result body`);
        }
        if (outcome === 'internal') problems.push(`${channel} ${kind}: internal`);
        tally.add(channel, kind, outcome);
      }
    }
    tally.print('harness');
    expect(problems).toEqual([]);
    // The bridge still answers afterwards.
    expect(JSON.parse((await post(harness, '/ipc/app.info', '{}')).body)).toMatchObject({ ok: true });
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);
});

function post(harness: Harness, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: harness.port,
        method: 'POST',
        path,
        headers: {
          origin: harness.origin,
          'content-type': 'application/json',
          [HARNESS_SECRET_HEADER]: harness.secret,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
