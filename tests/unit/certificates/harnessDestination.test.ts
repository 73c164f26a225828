import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { withHarnessFolder } from '../../../electron/core/files/harnessFolder';
import type { Handlers } from '../../../electron/core/ipc/dispatch';
import { isAppError } from '../../../shared/errors';
import { makeTempDir } from '../../support/tmp';

const tmp = makeTempDir('sud-cert-dest-');
afterAll(() => tmp.cleanup());
const root = join(tmp.dir, 'exports');
const outside = join(tmp.dir, 'outside');
mkdirSync(join(root, 'certs'), { recursive: true });
mkdirSync(outside);
symlinkSync(outside, join(root, 'link-out'));
writeFileSync(join(outside, 'target.p12'), 'keep');
symlinkSync(join(outside, 'target.p12'), join(root, 'file-link.p12'));

const item = { service: 'svc', account: 'acct' };
const HANDLE = 'a'.repeat(32);

function wrapped() {
  const save = vi.fn(async (request: { to: { file: string } }) => ({ savedTo: { file: request.to.file } }));
  const send = vi.fn(async (request: unknown) => ({ sent: request }));
  const handlers = withHarnessFolder(
    { 'certificates.save': save, 'serviceUsers.sendOperation': send } as unknown as Handlers,
    root,
  );
  return { handlers, save, send };
}

async function codeOf(promise: unknown): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

describe('harness: certificate files only inside the export folder', () => {
  it.each([
    ['outside the folder', join(outside, 'cert.p12')],
    ['a .. segment', join(root, 'certs', '..', '..', 'outside', 'cert.p12')],
    ['through a symlinked folder', join(root, 'link-out', 'cert.p12')],
    ['a symlink as the file', join(root, 'file-link.p12')],
    ['a relative path', 'cert.p12'],
    ['a folder that does not exist', join(root, 'nope', 'cert.p12')],
  ])('refuses %s, for a save and for save-before-show', async (_what, file) => {
    const { handlers, save, send } = wrapped();
    const to = { item, file, overwrite: true };
    expect(await codeOf(handlers['certificates.save']({ handle: HANDLE, to }))).toBe('export_path_refused');
    expect(await codeOf(handlers['serviceUsers.sendOperation']({ operationId: 'op', saveCertificateTo: to }))).toBe(
      'export_path_refused',
    );
    expect(save).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it('passes a path inside the folder on, resolved', async () => {
    const { handlers, save, send } = wrapped();
    const file = join(root, 'certs', 'bot-build.p12');
    await handlers['certificates.save']({ handle: HANDLE, to: { item, file } });
    expect(save).toHaveBeenCalledWith({
      handle: HANDLE,
      to: { item, file: join(realpathSync(root), 'certs', 'bot-build.p12') },
    });
    await handlers['serviceUsers.sendOperation']({ operationId: 'op', saveCertificateTo: { item, file } });
    expect(send).toHaveBeenCalledWith({
      operationId: 'op',
      saveCertificateTo: { item, file: join(realpathSync(root), 'certs', 'bot-build.p12') },
    });
  });

  it('leaves an operation without a certificate to save alone', async () => {
    const { handlers, send } = wrapped();
    await handlers['serviceUsers.sendOperation']({ operationId: 'op', saveTo: item });
    expect(send).toHaveBeenCalledWith({ operationId: 'op', saveTo: item });
  });
});
