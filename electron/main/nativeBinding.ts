import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Folder (relative to the project root) holding better-sqlite3 built for one Electron ABI; made by
 * scripts/prepare-electron.mjs so the Node build in node_modules (used by the tests) stays intact.
 */
export function nativeBindingDir(electronVersion: string, platform: string, arch: string): string {
  return join('build', 'native', `electron-${electronVersion}-${platform}-${arch}`);
}

/**
 * The better-sqlite3 binary main should load, or undefined to use the module's own build (a
 * packaged app, where electron-builder rebuilt node_modules for Electron, or no prepared binary).
 */
export function sqliteNativeBinding(options: {
  appRoot: string;
  packaged: boolean;
  electronVersion: string | undefined;
  platform?: string;
  arch?: string;
  exists?: (path: string) => boolean;
}): string | undefined {
  if (options.packaged || !options.electronVersion) return undefined;
  const file = join(
    options.appRoot,
    nativeBindingDir(options.electronVersion, options.platform ?? process.platform, options.arch ?? process.arch),
    'better_sqlite3.node',
  );
  return (options.exists ?? existsSync)(file) ? file : undefined;
}
