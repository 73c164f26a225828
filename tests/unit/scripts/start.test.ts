import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProbe, planStart, reasonFrom, type StartProbe, type StepResult } from '../../../scripts/start';

const OK: StepResult = { ok: true };
const fail = (reason: string, details = `full error: ${reason}\n`): StepResult => ({ ok: false, reason, details });

/** A fake probe that records which steps ran. */
function fakeProbe(electron: StepResult, native: StepResult = OK) {
  const calls: string[] = [];
  const probe: StartProbe = {
    electronBinary: () => (calls.push('electron'), electron),
    nativeBuild: () => (calls.push('native'), native),
  };
  return { probe, calls };
}

describe('npm start: desktop app or browser harness', () => {
  it('starts the desktop app when the Electron binary and its native build are there', () => {
    const { probe, calls } = fakeProbe(OK, OK);
    expect(planStart(probe, {})).toEqual({ kind: 'electron' });
    expect(calls).toEqual(['electron', 'native']);
  });

  it('falls back to the harness when Electron cannot be downloaded, in one line saying why and how to get the app', () => {
    const { probe, calls } = fakeProbe(fail('fetch failed'));
    const plan = planStart(probe, {});
    expect(plan.kind).toBe('harness');
    // No native build without Electron.
    expect(calls).toEqual(['electron']);
    const notice = plan.kind === 'harness' ? plan.notice : '';
    expect(notice).not.toContain('\n');
    expect(notice).toContain('browser harness');
    expect(notice).toContain('the Electron binary could not be downloaded (fetch failed)');
    expect(notice).toContain('github.com');
    expect(notice).toContain('ELECTRON_MIRROR');
    expect(notice).toContain('SUD_NO_FALLBACK=1');
  });

  it('falls back to the harness when better-sqlite3 cannot be built for Electron', () => {
    const { probe, calls } = fakeProbe(OK, fail('no prebuilt binary'));
    const plan = planStart(probe, {});
    expect(calls).toEqual(['electron', 'native']);
    expect(plan.kind).toBe('harness');
    const notice = plan.kind === 'harness' ? plan.notice : '';
    expect(notice).not.toContain('\n');
    expect(notice).toContain('better-sqlite3 could not be built for Electron (no prebuilt binary)');
    expect(notice).toContain('electronjs.org');
  });

  it('SUD_NO_FALLBACK=1 fails with the full error instead', () => {
    expect(planStart(fakeProbe(fail('fetch failed', 'ELECTRON DETAILS')).probe, { SUD_NO_FALLBACK: '1' })).toEqual({
      kind: 'fail',
      message: 'ELECTRON DETAILS',
    });
    expect(planStart(fakeProbe(OK, fail('x', 'NATIVE DETAILS')).probe, { SUD_NO_FALLBACK: '1' })).toEqual({
      kind: 'fail',
      message: 'NATIVE DETAILS',
    });
    // It changes nothing when everything is there.
    expect(planStart(fakeProbe(OK, OK).probe, { SUD_NO_FALLBACK: '1' })).toEqual({ kind: 'electron' });
  });

  it('only SUD_NO_FALLBACK=1 turns the fallback off', () => {
    for (const value of ['0', '', 'yes']) {
      expect(planStart(fakeProbe(fail('x')).probe, { SUD_NO_FALLBACK: value }).kind).toBe('harness');
    }
  });
});

describe('the reason shown in the notice', () => {
  it('is the first error line of the output, without its class name', () => {
    const stack =
      'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (x.js:46:30)';
    expect(reasonFrom(stack, 'exit code 1')).toBe('fetch failed');
    expect(reasonFrom('Downloading…\nHTTPError: Response code 404 (Not Found) for https://github.com/x', '')).toBe(
      'Response code 404 (Not Found) for https://github.com/x',
    );
  });

  it('falls back when there is no output, and stays short', () => {
    expect(reasonFrom('', 'exit code 1')).toBe('exit code 1');
    expect(reasonFrom(`Error: ${'x'.repeat(300)}`, '').length).toBeLessThanOrEqual(120);
  });
});

describe('the real probe runs the scripts it is given', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sud-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };

  it('reports a failing Electron installer with its reason and full output', () => {
    const probe = createProbe({
      electronInstall: script(
        'install-fails.mjs',
        "console.error('TypeError: fetch failed\\n    at somewhere'); process.exit(1);",
      ),
      prepareElectron: script('unused.mjs', 'process.exit(0);'),
    });
    const result = probe.electronBinary();
    expect(result).toMatchObject({ ok: false, reason: 'fetch failed' });
    expect(result.ok ? '' : result.details).toContain('at somewhere');
    expect(result.ok ? '' : result.details).toContain('ELECTRON_MIRROR');
  });

  it('passes when the scripts succeed, and keeps a failed native build’s report', () => {
    const ok = createProbe({
      electronInstall: script('ok.mjs', 'process.exit(0);'),
      prepareElectron: script('ok2.mjs', 'process.exit(0);'),
    });
    expect(ok.electronBinary()).toEqual({ ok: true });
    expect(ok.nativeBuild()).toEqual({ ok: true });
    const broken = createProbe({
      electronInstall: script('ok3.mjs', 'process.exit(0);'),
      prepareElectron: script(
        'prepare-fails.mjs',
        "process.stderr.write('Could not build better-sqlite3 for Electron.\\n'); process.exit(1);",
      ),
    });
    const result = broken.nativeBuild();
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.details).toContain('Could not build better-sqlite3 for Electron.');
  });
});
