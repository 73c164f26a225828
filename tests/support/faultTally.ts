import { expect, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_FILE } from '../../electron/core/app';
import type { Fault, Sandbox } from '../../electron/sandbox';
import type { FaultMatch } from '../../electron/sandbox/faults';
import type { OperationOutcome } from '../../shared/manage';
import type { TestCore } from './core';
import { findSecretsOnDisk } from './tmp';

/** Shared pieces of the exactly-once tests: random faults, the app killed mid-request, the tally and the secret scan. */

export type Scenario =
  'none' | 'commit_then_drop' | 'reset' | 'maintenance' | 'rate_limited' | 'server_error' | 'slow_commit' | 'kill';

/** Every scenario, or only the comma-separated ones in `only` (an env variable, to replay a few). */
export function scenarios(only: string | undefined): Scenario[] {
  return only
    ? (only.split(',') as Scenario[])
    : ['none', 'commit_then_drop', 'reset', 'maintenance', 'rate_limited', 'server_error', 'slow_commit', 'kill'];
}

/**
 * The fault a scenario queues on its request. `slowMs` must be beyond the client's timeout; `killMs`
 * is how long the sandbox holds the request so the app can be killed while it waits.
 */
export function faultFor(s: Scenario, latency: { slowMs: number; killMs: number }): Fault | null {
  switch (s) {
    case 'commit_then_drop':
    case 'reset':
    case 'maintenance':
    case 'server_error':
      return { kind: s };
    case 'rate_limited':
      return { kind: 'rate_limited', retryAfter: '1' };
    case 'slow_commit':
      return { kind: 'latency', latencyMs: latency.slowMs };
    case 'kill':
      return { kind: 'latency', latencyMs: latency.killMs };
    default:
      return null;
  }
}

/** Queues the scenario's fault for the request `match` names, once the last round's fault was used. */
export function queueFault(
  sandbox: Sandbox,
  scenario: Scenario,
  latency: { slowMs: number; killMs: number },
  match: FaultMatch,
): void {
  expect(sandbox.faults.queued(), "the last round's fault was used by its own request").toBe(0);
  const fault = faultFor(scenario, latency);
  if (fault) sandbox.faults.once(fault, match);
}

/** Deterministic PRNG so a failing run can be replayed. */
export function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Until every request the sandbox received has been answered or dropped (slow ones included). */
export const sandboxSettled = (sandbox: Sandbox) =>
  vi.waitFor(() => expect(sandbox.requests.filter((r) => r.status === 'pending')).toEqual([]), {
    timeout: 15_000,
    interval: 20,
  });

/**
 * Runs `script` as the app in a child process and kills it once the sandbox holds its request (the
 * queued latency fault taken). Returns what the child printed; it never got to print an outcome.
 */
export async function killChildMidRequest(sandbox: Sandbox, script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, SANDBOX_URL: sandbox.url, SANDBOX_KEY: sandbox.adminKey, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await vi.waitFor(() => expect(sandbox.faults.queued()).toBe(0), { timeout: 30_000, interval: 20 });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  expect(out).not.toContain('OUTCOME');
  return out;
}

/**
 * The app dies between send and answer of a service-user operation: `t` is closed, a child sends and
 * is killed while the sandbox holds the request, the sandbox finishes it, and `reopen` starts the
 * app again (answered).
 */
export async function killMidSend(
  sandbox: Sandbox,
  t: TestCore,
  reopen: () => Promise<TestCore>,
  dataDir: string,
  operationId: string,
): Promise<TestCore> {
  await t.core.close();
  const out = await killChildMidRequest(sandbox, 'tests/integration/serviceUsers/send-child.ts', {
    DATA_DIR: dataDir,
    OPERATION_ID: operationId,
  });
  expect(out).toContain('SENDING');
  await sandboxSettled(sandbox);
  return reopen();
}

const operationState = (t: TestCore, id: string) =>
  (t.core.db.prepare('SELECT state FROM service_user_operations WHERE id = ?').get(id) as { state: string }).state;

/**
 * Sends an operation, and while it is not settled sends again as the UI offers (a background settle
 * that holds the operation answers "conflict": wait for it). Returns what each send answered, each
 * named by `label`; `onOutcome` sees every outcome.
 */
export async function sendAsTheUiOffers(
  t: TestCore,
  sandbox: Sandbox,
  operationId: string,
  scenario: Scenario,
  label: (outcome: OperationOutcome) => string,
  onOutcome: (outcome: OperationOutcome) => Promise<void> | void,
): Promise<string[]> {
  const path: string[] = [];
  for (let attempt = 0; attempt < 4 && operationState(t, operationId) !== 'done'; attempt++) {
    if (attempt > 0 && scenario === 'slow_commit') await sandboxSettled(sandbox);
    const res = await t.call('serviceUsers.sendOperation', { operationId });
    if (!res.ok && res.error.code === 'conflict') {
      await sandboxSettled(sandbox);
      continue;
    }
    if (!res.ok) {
      path.push(`error:${res.error.code}`);
      continue;
    }
    path.push(label(res.value));
    await onOutcome(res.value);
  }
  return path;
}

/**
 * The operation's state once slow requests have landed and anything left "sending" is settled now
 * that DigiCert answers.
 */
export async function settledState(t: TestCore, sandbox: Sandbox, operationId: string): Promise<string> {
  await sandboxSettled(sandbox);
  if (operationState(t, operationId) === 'sending') await t.must('serviceUsers.reconcile', { profileId: 'sandbox' });
  return operationState(t, operationId);
}

/** Counts one round: `tally[bucket][key]++`. */
export function count(tally: Record<string, Record<string, number>>, bucket: string, key: string): void {
  const counts = (tally[bucket] ??= {});
  counts[key] = (counts[key] ?? 0) + 1;
}

export function printTally(title: string, tally: Record<string, Record<string, number>>, width: number): void {
  process.stdout.write(`\n${title}:\n`);
  for (const [name, counts] of Object.entries(tally).sort())
    process.stdout.write(`  ${name.padEnd(width)} ${JSON.stringify(counts)}\n`);
}

/** None of `secrets` (nor the admin key) in the audit log text, in any file under `dataDir`, or in the log. */
export function expectNoSecretsLeft(dataDir: string, secrets: string[], adminKey: string, audit: string): void {
  expect(secrets.filter((s) => audit.includes(s)).length, 'secrets in the audit log').toBe(0);
  expect(findSecretsOnDisk(dataDir, [...secrets, adminKey])).toEqual([]);
  const log = readFileSync(join(dataDir, LOG_FILE), 'utf8');
  expect(secrets.filter((s) => log.includes(s)).length, 'secrets in the log').toBe(0);
}
