import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';
import { startHarness, type Harness } from '../../electron/harness/server';
import { makeTempDir } from './tmp';

/**
 * A real core (in-memory keychain, unless `core` says otherwise) on a fresh temp data folder, behind
 * the real harness bridge serving a one-line renderer page. `wrap` puts a test's gate or counter in
 * front of the core. Closing the harness also removes the temp folder.
 */
export async function startBridgedCore(
  prefix: string,
  options: { core?: Partial<CoreOptions>; wrap?: (core: Core) => Core } = {},
): Promise<Harness> {
  const tmp = makeTempDir(prefix);
  try {
    const rendererDir = join(tmp.dir, 'renderer');
    const dataDir = join(tmp.dir, 'data');
    mkdirSync(rendererDir, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const core = await createCore({
      dataDir,
      transport: 'harness',
      appVersion: '9.9.9-test',
      keychain: createMemorySecretStore('test keychain'),
      ...options.core,
    });
    const harness = await startHarness({ port: 0, dataDir, rendererDir, core: options.wrap?.(core) ?? core });
    return {
      ...harness,
      async close() {
        await harness.close();
        tmp.cleanup();
      },
    };
  } catch (error) {
    tmp.cleanup();
    throw error;
  }
}
