import { describe, expect, it, vi } from 'vitest';
import { certificateSaveDialogOptions, withCertificateDialog } from '../../../electron/main/certificateDialog';
import type { Handlers } from '../../../electron/core/ipc/dispatch';
import { AppError, isAppError } from '../../../shared/errors';

const item = { service: 'svc', account: 'acct' };
const HANDLE = 'b'.repeat(32);
/** The core's check for an operation it would let save a certificate file: every one here may. */
const sendable = () => undefined;

function handlers() {
  const save = vi.fn(async (request: unknown) => request);
  const send = vi.fn(async (request: unknown) => request);
  return {
    handlers: { 'certificates.save': save, 'serviceUsers.sendOperation': send } as unknown as Handlers,
    save,
    send,
  };
}

describe('certificate files in the desktop app', () => {
  it('writes only where the admin chose in the save dialog; the renderer path is a suggested name', async () => {
    const { handlers: h, save } = handlers();
    const choose = vi.fn(async () => '/home/admin/Documents/bot-build.p12');
    const wrapped = withCertificateDialog(h, choose, sendable);
    await wrapped['certificates.save']({ handle: HANDLE, to: { item, file: '/etc/cron.d/evil.p12' } });
    expect(choose).toHaveBeenCalledWith('evil.p12');
    // The dialog asked before replacing a file: the core may replace it.
    expect(save).toHaveBeenCalledWith({
      handle: HANDLE,
      to: { item, file: '/home/admin/Documents/bot-build.p12', overwrite: true },
    });
  });

  it('asks for save-before-show too, and leaves other operations alone', async () => {
    const { handlers: h, send } = handlers();
    const choose = vi.fn(async () => '/home/admin/cert.p12');
    const wrapped = withCertificateDialog(h, choose, sendable);
    await wrapped['serviceUsers.sendOperation']({ operationId: 'op', saveTo: item });
    expect(choose).not.toHaveBeenCalled();
    expect(send).toHaveBeenLastCalledWith({ operationId: 'op', saveTo: item });
    await wrapped['serviceUsers.sendOperation']({ operationId: 'op', saveCertificateTo: { item, file: 'x.p12' } });
    expect(send).toHaveBeenLastCalledWith({
      operationId: 'op',
      saveCertificateTo: { item, file: '/home/admin/cert.p12', overwrite: true },
    });
  });

  it('a cancelled dialog saves nothing and sends nothing', async () => {
    const { handlers: h, save, send } = handlers();
    const wrapped = withCertificateDialog(h, async () => null, sendable);
    const error = await Promise.resolve(
      wrapped['certificates.save']({ handle: HANDLE, to: { item, file: 'a.p12' } }),
    ).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('cancelled');
    const sent = await Promise.resolve(
      wrapped['serviceUsers.sendOperation']({ operationId: 'op', saveCertificateTo: { item, file: 'a.p12' } }),
    ).catch((e: unknown) => e);
    expect(isAppError(sent) && sent.code).toBe('cancelled');
    expect(save).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });
});

describe('the save dialog only for a certificate being generated', () => {
  const notCertificate = () =>
    new AppError('validation_failed', 'Only a certificate being generated can be saved to a file.');
  const gone = () => new AppError('not_found', 'This operation no longer exists.');
  /** The core's answer per operation id, as Core.checkCertificateSend gives it. */
  const core = (id: string) => {
    if (id === 'token-op') throw notCertificate();
    if (id !== 'certificate-op') throw gone();
  };

  it.each([
    ['an operation that is not a certificate create', 'token-op', 'validation_failed'],
    ['an unknown operation', 'no-such-op', 'not_found'],
  ])('%s: refused with the core error, no dialog, nothing sent', async (_what, operationId, code) => {
    const { handlers: h, send } = handlers();
    const choose = vi.fn(async () => '/home/admin/cert.p12');
    const check = vi.fn(core);
    const wrapped = withCertificateDialog(h, choose, check);
    const refused = await Promise.resolve(
      wrapped['serviceUsers.sendOperation']({ operationId, saveCertificateTo: { item, file: 'cert.p12' } }),
    ).catch((e: unknown) => e);
    expect(isAppError(refused) && { code: refused.code, message: refused.message }).toEqual({
      code,
      message: code === 'not_found' ? gone().message : notCertificate().message,
    });
    expect(check).toHaveBeenCalledWith(operationId);
    expect(choose).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it('a certificate create: checked first, then the dialog, then the send', async () => {
    const { handlers: h, send } = handlers();
    const order: string[] = [];
    const choose = vi.fn(async () => {
      order.push('dialog');
      return '/home/admin/cert.p12';
    });
    const wrapped = withCertificateDialog(h, choose, (id) => {
      order.push('check');
      core(id);
    });
    await wrapped['serviceUsers.sendOperation']({
      operationId: 'certificate-op',
      saveCertificateTo: { item, file: 'cert.p12' },
    });
    expect(order).toEqual(['check', 'dialog']);
    expect(send).toHaveBeenCalledWith({
      operationId: 'certificate-op',
      saveCertificateTo: { item, file: '/home/admin/cert.p12', overwrite: true },
    });
  });

  it('a send without a certificate file is not checked here: core answers it as always', async () => {
    const { handlers: h, send } = handlers();
    const check = vi.fn(core);
    const wrapped = withCertificateDialog(h, vi.fn(), check);
    await wrapped['serviceUsers.sendOperation']({ operationId: 'token-op' });
    expect(check).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledWith({ operationId: 'token-op' });
  });
});

describe('"Replace the keychain item?" in the desktop app', () => {
  const taken = () =>
    new AppError('keychain_item_exists', 'A keychain item with this service and account already holds another value.');

  it('goes to the file already chosen when only the replace answer changed', async () => {
    const { handlers: h, save } = handlers();
    save.mockRejectedValueOnce(taken());
    const choose = vi.fn(async () => '/home/admin/Documents/bot-build.p12');
    const wrapped = withCertificateDialog(h, choose, sendable);
    const to = { item, file: 'bot-build.p12' };
    const refused = await Promise.resolve(wrapped['certificates.save']({ handle: HANDLE, to })).catch(
      (e: unknown) => e,
    );
    expect(isAppError(refused) && refused.code).toBe('keychain_item_exists');

    await wrapped['certificates.save']({ handle: HANDLE, to: { ...to, overwriteItem: true } });
    expect(choose).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith({
      handle: HANDLE,
      to: { item, file: '/home/admin/Documents/bot-build.p12', overwrite: true, overwriteItem: true },
    });

    // Used once: a later save asks again.
    await wrapped['certificates.save']({ handle: HANDLE, to: { ...to, overwriteItem: true } });
    expect(choose).toHaveBeenCalledTimes(2);
  });

  it('asks again when the item changed, or for another certificate', async () => {
    const { handlers: h, save } = handlers();
    save.mockRejectedValueOnce(taken());
    const choose = vi.fn(async () => '/home/admin/cert.p12');
    const wrapped = withCertificateDialog(h, choose, sendable);
    const to = { item, file: 'cert.p12' };
    await Promise.resolve(wrapped['certificates.save']({ handle: HANDLE, to })).catch(() => undefined);
    await wrapped['certificates.save']({ handle: 'c'.repeat(32), to: { ...to, overwriteItem: true } });
    expect(choose).toHaveBeenCalledTimes(2);
    save.mockRejectedValueOnce(taken());
    await Promise.resolve(wrapped['certificates.save']({ handle: HANDLE, to })).catch(() => undefined);
    const other = { service: 'svc', account: 'another' };
    await wrapped['certificates.save']({ handle: HANDLE, to: { item: other, file: 'cert.p12', overwriteItem: true } });
    expect(choose).toHaveBeenCalledTimes(4);
  });

  it('carries the path of a send refused before anything was sent, and of a save refused after generating', async () => {
    const { handlers: h, send, save } = handlers();
    send.mockRejectedValueOnce(taken());
    const choose = vi.fn(async () => '/home/admin/cert.p12');
    const wrapped = withCertificateDialog(h, choose, sendable);
    const to = { item, file: 'cert.p12' };
    await Promise.resolve(wrapped['serviceUsers.sendOperation']({ operationId: 'op', saveCertificateTo: to })).catch(
      () => undefined,
    );
    await wrapped['serviceUsers.sendOperation']({
      operationId: 'op',
      saveCertificateTo: { ...to, overwriteItem: true },
    });
    expect(choose).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenLastCalledWith({
      operationId: 'op',
      saveCertificateTo: { item, file: '/home/admin/cert.p12', overwrite: true, overwriteItem: true },
    });

    // The item was taken meanwhile: generated and held, the save refused; "Replace" saves by handle.
    send.mockResolvedValueOnce({
      state: 'done',
      certificate: { handle: HANDLE },
      certificateSaveFailed: { error: { code: 'keychain_item_exists', message: 'taken' } },
    });
    await wrapped['serviceUsers.sendOperation']({ operationId: 'op2', saveCertificateTo: to });
    expect(choose).toHaveBeenCalledTimes(2);
    await wrapped['certificates.save']({ handle: HANDLE, to: { ...to, overwriteItem: true } });
    expect(choose).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith({
      handle: HANDLE,
      to: { item, file: '/home/admin/cert.p12', overwrite: true, overwriteItem: true },
    });
  });
});

describe('the native save dialog for a certificate', () => {
  it('asks before replacing a file, offers .p12, starts in Documents', () => {
    const options = certificateSaveDialogOptions('/home/ada/Documents', 'bot-build-01.p12');
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(options.defaultPath).toBe('/home/ada/Documents/bot-build-01.p12');
    // .p12 only: the one extension the app suggests and checks for a typed path.
    expect(options.filters).toEqual([{ name: 'PKCS#12 certificate', extensions: ['p12'] }]);
  });
});
