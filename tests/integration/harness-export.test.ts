import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';
import { startHarness, type Harness } from '../../electron/harness/server';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import type { Result } from '../../shared/errors';
import { makeTempDir } from '../support/tmp';

// The harness's default export folder is the home folder: a temp one stands in for it.
const tmp = makeTempDir('sud-export-home-');
const home = join(tmp.dir, 'home');
vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof import('node:os')>();
  return { ...os, homedir: () => home };
});

async function exportTo(
  h: Harness,
  destination: string,
  overwrite?: boolean,
): Promise<Result<{ path: string; entries: number }>> {
  const res = await fetch(`${h.origin}/ipc/audit.export`, {
    method: 'POST',
    headers: { origin: h.origin, 'content-type': 'application/json', [HARNESS_SECRET_HEADER]: h.secret },
    body: JSON.stringify({ format: 'csv', destination, ...(overwrite === undefined ? {} : { overwrite }) }),
  });
  return (await res.json()) as Result<{ path: string; entries: number }>;
}

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('harness audit export: only inside the export folder', () => {
  const outside = join(tmp.dir, 'outside');
  let harness: Harness;
  let custom: Harness;

  beforeAll(async () => {
    mkdirSync(join(home, 'exports'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    symlinkSync(outside, join(home, 'link-out'));
    writeFileSync(join(outside, 'target.csv'), 'keep');
    symlinkSync(join(outside, 'target.csv'), join(home, 'file-link.csv'));
    const core = await createCore({
      dataDir: join(tmp.dir, 'data'),
      transport: 'harness',
      appVersion: 't',
      keychain: createMemorySecretStore('k'),
    });
    harness = await startHarness({ port: 0, dataDir: join(tmp.dir, 'data'), rendererDir: tmp.dir, core });
    const core2 = await createCore({
      dataDir: join(tmp.dir, 'data2'),
      transport: 'harness',
      appVersion: 't',
      keychain: createMemorySecretStore('k'),
    });
    custom = await startHarness({
      port: 0,
      dataDir: join(tmp.dir, 'data2'),
      rendererDir: tmp.dir,
      core: core2,
      exportDir: outside,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await custom?.close();
    tmp.cleanup();
  });

  it('writes inside the home folder (and below it)', async () => {
    const file = join(home, 'exports', 'audit.csv');
    const res = await exportTo(harness, file);
    expect(res).toMatchObject({ ok: true, value: { path: file } });
    expect(readFileSync(file, 'utf8')).toMatch(/^seq,at,/);
  });

  it.each([
    ['outside the folder', () => join(outside, 'a.csv')],
    ['a .. that climbs out', () => join(home, 'exports', '..', '..', 'outside', 'b.csv')],
    ['a .. that stays inside (still refused)', () => `${home}/exports/../c.csv`],
    ['through a symlinked folder leading outside', () => join(home, 'link-out', 'd.csv')],
    ['a symlink as the file itself', () => join(home, 'file-link.csv')],
    ['a folder that does not exist', () => join(home, 'nope', 'e.csv')],
    ['a system folder', () => '/etc/sud-should-not-exist.csv'],
  ])('refuses %s with export_path_refused and writes nothing', async (_, path) => {
    const res = await exportTo(harness, path());
    expect(code(res)).toBe('export_path_refused');
    expect(res.ok ? null : res.error.fieldErrors?.[0]?.field).toBe('destination');
    for (const f of ['a.csv', 'b.csv', 'd.csv']) expect(existsSync(join(outside, f))).toBe(false);
    expect(readFileSync(join(outside, 'target.csv'), 'utf8')).toBe('keep');
  });

  it('an existing file is replaced only when overwrite is confirmed', async () => {
    const file = join(home, 'exists.csv');
    writeFileSync(file, 'old content');
    expect(code(await exportTo(harness, file))).toBe('export_file_exists');
    expect(code(await exportTo(harness, file, false))).toBe('export_file_exists');
    expect(readFileSync(file, 'utf8')).toBe('old content');
    expect(code(await exportTo(harness, file, true))).toBe('ok');
    expect(readFileSync(file, 'utf8')).toMatch(/^seq,at,/);
  });

  it('--export-dir replaces the home folder as the only allowed place', async () => {
    expect(code(await exportTo(custom, join(home, 'f.csv')))).toBe('export_path_refused');
    expect(existsSync(join(home, 'f.csv'))).toBe(false);
    expect(code(await exportTo(custom, join(outside, 'f.csv')))).toBe('ok');
  });

  it('app.info names the allowed folder, where the page suggests saving files', async () => {
    const homeDirOf = async (h: Harness) => {
      const res = await fetch(`${h.origin}/ipc/app.info`, {
        method: 'POST',
        headers: { origin: h.origin, 'content-type': 'application/json', [HARNESS_SECRET_HEADER]: h.secret },
        body: '{}',
      });
      const info = (await res.json()) as Result<{ homeDir?: string }>;
      return info.ok ? info.value.homeDir : info.error.code;
    };
    expect(await homeDirOf(harness)).toBe(home);
    expect(await homeDirOf(custom)).toBe(outside);
  });
});
