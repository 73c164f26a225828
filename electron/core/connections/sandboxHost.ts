import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretRegistry } from '../log/secretRegistry';

export interface SandboxConnection {
  baseUrl: string;
  apiKey: string;
  /** The tenant's mutual-TLS listener (client certificates), e.g. https://127.0.0.1:PORT. */
  clientAuthUrl?: string;
  /** PEM of the tenant's play CA, to trust the mutual-TLS listener's certificate. */
  caPem?: string;
}

/** A running sandbox tenant, as far as core needs it. */
export interface RunningSandbox {
  url: string;
  adminKey: string;
  clientAuthUrl?: string;
  caPem?: string;
  close(): Promise<void>;
}

/**
 * Starts the sandbox tenant. Core does not know the tenant (electron/sandbox/): the composition
 * roots (electron/main, the harness, test support) pass its `startSandbox` in through CoreOptions.
 */
export type StartSandbox = (options: {
  stateFile: string;
  adminKey: string;
  clock: () => Date;
}) => Promise<RunningSandbox>;

/** The address the built-in sandbox profile shows; the real port is chosen at each start. */
export { SANDBOX_DISPLAY_URL } from '../../../shared/profiles';

/**
 * The built-in sandbox tenant, started on first use on a random loopback port. Its tenant
 * (accounts, roles, service users) persists in the data folder; its admin key is made up at each
 * start and lives only in memory.
 */
export function createSandboxHost(options: {
  dataDir: string;
  secrets: SecretRegistry;
  clock: () => Date;
  /** A sandbox tenant running elsewhere (a test's, or `npm run sandbox`) instead of a built-in one. */
  external?: SandboxConnection;
  /** How to start the built-in tenant; without it (and without `external`) the sandbox profile is offline. */
  start?: StartSandbox;
}) {
  let running: Promise<RunningSandbox> | undefined;
  let stopped = false;

  return {
    async connection(): Promise<SandboxConnection | null> {
      if (stopped) return null;
      if (options.external) {
        options.secrets.add(options.external.apiKey);
        return options.external;
      }
      if (!options.start) return null;
      if (!running) mkdirSync(join(options.dataDir, 'sandbox'), { recursive: true });
      running ??= options.start({
        stateFile: join(options.dataDir, 'sandbox', 'tenant.json'),
        adminKey: randomBytes(24).toString('hex'),
        clock: options.clock,
      });
      const sandbox = await running;
      options.secrets.add(sandbox.adminKey);
      const connection: SandboxConnection = { baseUrl: sandbox.url, apiKey: sandbox.adminKey };
      if (sandbox.clientAuthUrl) connection.clientAuthUrl = sandbox.clientAuthUrl;
      if (sandbox.caPem) connection.caPem = sandbox.caPem;
      return connection;
    },

    /** Takes the sandbox offline (or back): lets an admin practise the offline workflow. */
    async setRunning(run: boolean): Promise<boolean> {
      stopped = !run;
      if (!run && running) {
        const sandbox = await running;
        running = undefined;
        await sandbox.close();
      }
      return run;
    },

    isRunning: () => !stopped,

    /** The running sandbox (started if needed), or null while switched off. */
    async instance(): Promise<RunningSandbox | null> {
      if (!(await this.connection())) return null;
      return running ? await running : null;
    },

    async close(): Promise<void> {
      if (running) await (await running).close();
      running = undefined;
    },
  };
}

export type SandboxHost = ReturnType<typeof createSandboxHost>;
