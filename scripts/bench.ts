/**
 * `npm run bench`: every performance target of the project, printed as medians and as ratios
 * against a baseline measured in the same run. Nothing is asserted.
 *
 * `npm run bench -- --json FILE` also writes every figure (scripts/lib/record.ts) as a JSON array.
 */
import { existsSync } from 'node:fs';
import { benchClient } from './bench-client';
import { benchCore } from './bench-core';
import { benchStartup, rendererInitialJs } from './bench-startup';
import { benchStorage } from './bench-storage';
import { CHROMIUM_PATH } from './lib/chromium';
import { jsonOutputPath, record, recordedFigures, writeFigures, type Figure } from './lib/record';
import { buildRenderer } from './web';

async function section(title: string, run: () => Promise<unknown> | unknown) {
  console.log(`\n== ${title}`);
  try {
    await run();
  } catch (error) {
    console.log(`(failed: ${error instanceof Error ? error.message : String(error)})`);
  }
}

await section('Foundation: start-up and renderer size', async () => {
  await benchStartup();
  await buildRenderer();
  rendererInitialJs();
});
await section('DigiCert client overhead against the sandbox (ratio to bare fetch, target ≤ 1.10)', () =>
  benchClient({ print: true }),
);
await section('Core without a browser: create handler, log scrubbing', () => benchCore());
await section('Drafts and audit log (beside raw better-sqlite3)', () =>
  benchStorage({ auditEntries: Number(process.env.AUDIT_ENTRIES ?? 1_000_000), log: console.log }),
);
await section('Wizard in Chromium', async () => {
  if (!existsSync(CHROMIUM_PATH)) return console.log(`skipped: ${CHROMIUM_PATH} is not installed`);
  const path = './bench-wizard';
  if (!existsSync(new URL(`${path}.ts`, import.meta.url)))
    return console.log('skipped: the wizard benchmark is not present');
  const { benchWizard } = (await import(path)) as {
    benchWizard: () => Promise<{ records?: Figure[] } | void>;
  };
  const figures = await benchWizard();
  // Recorded here too in case the wizard bench does not call record() itself (same name: replaced).
  for (const figure of (figures && figures.records) ?? []) record(figure);
});
await section('Service users view in Chromium (5,000 users)', async () => {
  if (!existsSync(CHROMIUM_PATH)) return console.log(`skipped: ${CHROMIUM_PATH} is not installed`);
  const { benchServiceUsers } = await import('./bench-serviceUsers');
  await benchServiceUsers();
});

const jsonPath = jsonOutputPath();
if (jsonPath) {
  writeFigures(jsonPath);
  console.log(`\n${recordedFigures().length} figures written to ${jsonPath}`);
}
