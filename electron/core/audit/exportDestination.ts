import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/dispatch';

/**
 * Where an export may be written when nothing but the typed path says so (the browser harness has
 * no save dialog): inside `root` (the admin's home folder, or the harness's `--export-dir`) and
 * nowhere else. A `..` segment is refused outright, the parent folder is compared after resolving
 * symlinks, a symlink as the file itself is refused, and an existing file is replaced only when
 * the request says `overwrite: true` (the admin confirmed). Returns the path to write to.
 */
async function checkExportDestination(destination: string, root: string, overwrite: boolean): Promise<string> {
  if (!isAbsolute(destination) || destination.split(/[\\/]/).includes('..')) refuse(destination, root);
  let parent: string;
  let realRoot: string;
  try {
    [parent, realRoot] = await Promise.all([realpath(dirname(destination)), realpath(root)]);
  } catch {
    refuse(destination, root);
  }
  const inside = relative(realRoot, parent);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) refuse(destination, root);

  const target = join(parent, basename(destination));
  const existing = await lstat(target).catch(() => undefined);
  if (existing) {
    if (!existing.isFile()) refuse(destination, root);
    if (!overwrite) {
      throw new AppError(
        'export_file_exists',
        `${basename(destination)} already exists and was not replaced. Choose another name.`,
        {
          params: { file: basename(destination) },
          fieldErrors: [
            { field: 'destination', code: 'export_file_exists', message: 'A file with this name already exists.' },
          ],
        },
      );
    }
  }
  return target;
}

function refuse(destination: string, root: string): never {
  throw new AppError('export_path_refused', `Exports can only be saved inside ${root}.`, {
    params: { root, file: basename(destination) },
    fieldErrors: [{ field: 'destination', code: 'export_path_refused', message: `Choose a place inside ${root}.` }],
  });
}

/** Wraps core's `audit.export` so it writes only where `checkExportDestination` allows. */
export function withExportFolder(handlers: Handlers, root: string): Handlers {
  return {
    ...handlers,
    'audit.export': async ({ overwrite, ...request }) => {
      const destination = await checkExportDestination(request.destination, root, overwrite === true);
      return handlers['audit.export']({ ...request, destination });
    },
  };
}
