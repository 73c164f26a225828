import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/dispatch';

/**
 * Where a file may be written when nothing but the typed path says so (the browser harness has no
 * save dialog): inside `root` (the admin's home folder, or the harness's `--export-dir`) and
 * nowhere else. A `..` segment is refused outright, the parent folder is compared after resolving
 * symlinks, and anything but a regular file at the path (a symlink, a folder) is refused. Returns
 * the path to write to and whether a file is there; `field` names the form field of the error.
 */
async function checkDestination(
  destination: string,
  root: string,
  field: string,
): Promise<{ target: string; exists: boolean }> {
  if (!isAbsolute(destination) || destination.split(/[\\/]/).includes('..')) refuse(destination, root, field);
  let parent: string;
  let realRoot: string;
  try {
    [parent, realRoot] = await Promise.all([realpath(dirname(destination)), realpath(root)]);
  } catch {
    refuse(destination, root, field);
  }
  const inside = relative(realRoot, parent);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) {
    refuse(destination, root, field);
  }

  const target = join(parent, basename(destination));
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !existing.isFile()) refuse(destination, root, field);
  return { target, exists: existing !== undefined };
}

/** An export replaces an existing file only when the request says `overwrite: true` (the admin confirmed). */
async function checkExportDestination(destination: string, root: string, overwrite: boolean): Promise<string> {
  const { target, exists } = await checkDestination(destination, root, 'destination');
  if (exists && !overwrite) {
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
  return target;
}

function refuse(destination: string, root: string, field: string): never {
  throw new AppError('export_path_refused', `Files can only be saved inside ${root}.`, {
    params: { root, file: basename(destination) },
    fieldErrors: [{ field, code: 'export_path_refused', message: `Choose a place inside ${root}.` }],
  });
}

/**
 * The browser harness's one folder (it has no save dialog): the app suggests files there
 * (`app.info` homeDir) and writes only there. Wraps core's handlers that write a file the renderer
 * names — the audit export and a client certificate's PKCS#12 (saved on its own, or before it is
 * shown when an operation generates it) — so they write only where `checkDestination` allows. A
 * certificate file that exists is the keeper's to refuse (`certificate_file_exists`, unless
 * `overwrite`).
 */
export function withHarnessFolder(handlers: Handlers, root: string): Handlers {
  const certificateFile = async (file: string) => (await checkDestination(file, root, 'file')).target;
  return {
    ...handlers,
    // The folder the app suggests files in (and names in the path hints) is the one it may write to.
    'app.info': async (request) => ({ ...(await handlers['app.info'](request)), homeDir: root }),
    'audit.export': async ({ overwrite, ...request }) => {
      const destination = await checkExportDestination(request.destination, root, overwrite === true);
      return handlers['audit.export']({ ...request, destination });
    },
    'certificates.save': async (request) =>
      handlers['certificates.save']({
        ...request,
        to: { ...request.to, file: await certificateFile(request.to.file) },
      }),
    'serviceUsers.sendOperation': async (request) => {
      const to = request.saveCertificateTo;
      if (!to) return handlers['serviceUsers.sendOperation'](request);
      return handlers['serviceUsers.sendOperation']({
        ...request,
        saveCertificateTo: { ...to, file: await certificateFile(to.file) },
      });
    },
  };
}
