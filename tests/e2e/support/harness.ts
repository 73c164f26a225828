import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HARNESS_SECRET_HEADER } from '../../../shared/harness';
import { makeTempDir } from '../../support/tmp';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const LINE = /^Service User Desk harness: (http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64})$/m;

export interface RunningHarness {
  url: string;
  origin: string;
  dataDir: string;
  /** stderr so far (build/log output), for failure messages. */
  output(): string;
  /** What the harness's in-memory clipboard holds now (the harness runs with --expose-clipboard). */
  clipboardText(): Promise<string>;
  stop(): Promise<void>;
}

export const makeDataDir = () => makeTempDir('sud-e2e-');

/**
 * Starts `npx tsx scripts/web.ts --port 0 --data-dir <dir> --skip-build` as a child process (its
 * own process group, so stop() reaches tsx's node child too). The child inherits the environment:
 * inside `dbus-run-session -- sh scripts/with-keyring.sh` it sees a real Secret Service.
 */
export async function startHarnessProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningHarness> {
  const child: ChildProcess = spawn(
    'npx',
    [
      'tsx',
      'scripts/web.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--skip-build',
      '--expose-clipboard',
      '--export-dir',
      tmpdir(),
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));

  // 'close', not 'exit': npx can exit before tsx's node child, which still writes its log while it
  // shuts down; the pipes it inherited close only when every process holding them is gone.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harness did not start in 30 s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = LINE.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`harness exited (${code}) before printing its address:\n${stderr}`));
    });
  });

  let stopped: Promise<void> | null = null;
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    output: () => stderr,
    async clipboardText() {
      const secret = new URL(url).hash.replace('#secret=', '');
      const response = await fetch(new URL('/__test__/clipboard', url), {
        headers: { [HARNESS_SECRET_HEADER]: secret },
      });
      const body = (await response.json()) as { ok: boolean; value?: { text: string } };
      if (!body.ok || !body.value) throw new Error(`clipboard read refused (${response.status})`);
      return body.value.text;
    },
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.pid === undefined) return;
        process.kill(-child.pid, 'SIGTERM');
        const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          process.kill(-child.pid, 'SIGKILL');
          await exited;
        }
      })();
      return stopped;
    },
  };
}
