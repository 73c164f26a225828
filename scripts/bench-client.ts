/**
 * The DigiCert client's overhead against the sandbox tenant, beside a bare `fetch` of the same
 * request in the same run (interleaved, so both see the same machine state). Medians over N runs;
 * target ratio ≤ 1.10. `benchClient()` is called by scripts/bench.ts; `tsx scripts/bench-client.ts`
 * runs it alone.
 */
import { pathToFileURL } from 'node:url';
import { createDigicertClient } from '../electron/core/digicert/client';
import { createUserBody } from '../electron/core/digicert/wire';
import { startSandbox } from '../electron/sandbox/index';
import { serviceUserSchema, utcToday } from '../shared/serviceUser';
import { median, percentile } from './bench-stats';
import { record } from './lib/record';

export interface BenchFigure {
  name: string;
  runs: number;
  clientMedianMs: number;
  bareMedianMs: number;
  /** clientMedianMs - bareMedianMs: the absolute cost (validation, mapping, timeout plumbing). */
  overheadMs: number;
  ratio: number;
  target: number;
  ok: boolean;
}

export interface BenchClientOptions {
  runs?: number;
  warmup?: number;
  print?: boolean;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function benchClient(options: BenchClientOptions = {}): Promise<BenchFigure[]> {
  const runs = options.runs ?? 200;
  const warmup = options.warmup ?? 20;
  const sandbox = await startSandbox();
  try {
    const client = createDigicertClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.adminKey,
      fetch: (u, i) => fetch(u, i),
    });
    const headers = {
      'x-api-key': sandbox.adminKey,
      accept: 'application/json',
      'user-agent': 'ServiceUserDesk/bench',
    };
    const listUrl = `${sandbox.url}/account/api/v1/user?user_type=service&limit=100&offset=0`;
    const account = sandbox.state.accounts[0]!.id;
    const role = sandbox.state.roles.find((r) => r.application_code === 'software_trust')!.id;
    let n = 0;
    const input = () => ({
      friendlyName: `bench-${process.pid}-${++n}`,
      email: 'bench@example.com',
      accountIds: [account],
      managers: [{ managerId: 'software_trust', roleIds: [role] }],
    });
    const today = utcToday();

    const cases = [
      {
        name: 'list service users',
        client: () => client.listServiceUsers(),
        bare: async () => (await fetch(listUrl, { headers })).json(),
      },
      {
        name: 'create service user',
        client: () => client.createServiceUser(input()),
        // The bare request sends the same body (built once from the same input shape).
        bare: async () => {
          const body = createUserBody(serviceUserSchema(today).parse(input()));
          const res = await fetch(`${sandbox.url}/account/api/v1/user`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          return res.json();
        },
      },
    ];

    const figures: BenchFigure[] = [];
    for (const c of cases) {
      for (let i = 0; i < warmup; i++) {
        await c.client();
        await c.bare();
      }
      const clientTimes: number[] = [];
      const bareTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        // Alternate the order so neither side always runs on a warmer connection.
        if (i % 2) {
          clientTimes.push(await time(c.client));
          bareTimes.push(await time(c.bare));
        } else {
          bareTimes.push(await time(c.bare));
          clientTimes.push(await time(c.client));
        }
      }
      const clientMedianMs = median(clientTimes);
      const bareMedianMs = median(bareTimes);
      const ratio = clientMedianMs / bareMedianMs;
      record({
        name: `digicert client, ${c.name} (client / bare fetch)`,
        value: ratio,
        unit: '×',
        p50: clientMedianMs,
        p99: percentile(clientTimes, 99),
        baseline: bareMedianMs,
        baselineName: 'bare: fetch + JSON.parse of the same request to the same sandbox (ms, median)',
        ratio,
        target: '≤ 1.10× bare fetch',
        met: ratio <= 1.1,
      });
      figures.push({
        name: c.name,
        runs,
        clientMedianMs,
        bareMedianMs,
        overheadMs: clientMedianMs - bareMedianMs,
        ratio,
        target: 1.1,
        ok: ratio <= 1.1,
      });
    }
    if (options.print ?? true) {
      for (const f of figures) {
        process.stdout.write(
          `digicert client, ${f.name}: client ${f.clientMedianMs.toFixed(3)} ms, bare fetch ${f.bareMedianMs.toFixed(3)} ms, ` +
            `overhead ${f.overheadMs.toFixed(3)} ms, ratio ${f.ratio.toFixed(3)} (target ≤ ${f.target}) ${f.ok ? 'OK' : 'OVER'}  [median of ${f.runs}]\n`,
        );
      }
    }
    return figures;
  } finally {
    await sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void benchClient();
}
