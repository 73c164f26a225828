import { buildRenderer } from '../../../scripts/web';

/** Builds the renderer once; every spec then starts the harness with --skip-build. */
export default async function globalSetup(): Promise<void> {
  if (process.env.SUD_E2E_SKIP_BUILD === '1') return;
  await buildRenderer();
}
