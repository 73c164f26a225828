import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../electron/core/db/database';
import { makeTempDir } from '../../support/db';

const ROOT = resolve(__dirname, '../../..');
const ITERATIONS = 30;
/** Upper bound on the loop's total time; fewer iterations run on a very slow machine. */
const BUDGET_MS = 60_000;

/** Starts the autosave child, waits for a few acks plus a random delay, kills it, returns what it acknowledged. */
function runAndKill(file: string): Promise<{ lastAck: number; draftId: string | null; acks: number }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/support/autosave-child.ts'), file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    let lastAck = 0;
    let acks = 0;
    let draftId: string | null = null;
    let stderr = '';
    let killScheduled = false;
    const killAfter = 5 + Math.floor(Math.random() * 40); // ms after the first ack
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('id ')) draftId = line.slice(3);
        if (line.startsWith('ack ')) {
          lastAck = Math.max(lastAck, Number(line.slice(4)));
          acks++;
        }
      }
      if (acks > 0 && !killScheduled) {
        killScheduled = true;
        setTimeout(() => child.kill('SIGKILL'), killAfter);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      // Lines already in the pipe when the child died were acknowledged before it died.
      for (const line of (buffer + '\n').split('\n'))
        if (line.startsWith('ack ')) lastAck = Math.max(lastAck, Number(line.slice(4)));
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${stderr}`));
      else resolvePromise({ lastAck, draftId, acks });
    });
    setTimeout(() => child.kill('SIGKILL'), 30_000); // never hang
  });
}

describe('killed mid-autosave (SIGKILL at a random moment)', () => {
  it('the database always opens, passes integrity_check, and keeps every acknowledged revision', async () => {
    const tmp = makeTempDir('sud-kill-');
    const file = join(tmp.dir, 'app.sqlite');
    const started = Date.now();
    let runs = 0;
    let highest = 0;
    try {
      while (runs < ITERATIONS && Date.now() - started < BUDGET_MS) {
        const { lastAck, draftId } = await runAndKill(file);
        runs++;
        expect(draftId).not.toBeNull();

        // As the next app start would: a plain open first (integrity_check as a separate check)...
        const probe = new Database(file);
        expect(probe.pragma('integrity_check', { simple: true })).toBe('ok');
        probe.close();
        // ...then the app's own open path.
        const db = openDatabase({ file });
        const revision = db.prepare('SELECT revision FROM drafts WHERE id = ?').pluck().get(draftId) as
          number | undefined;
        expect(revision).toBeDefined();
        expect(revision!).toBeGreaterThanOrEqual(lastAck);
        expect(revision!).toBeGreaterThanOrEqual(highest); // never goes backwards across runs
        highest = revision!;
        db.close();
      }
      expect(runs).toBeGreaterThanOrEqual(10);
    } finally {
      tmp.cleanup();
    }
  }, 180_000);
});
