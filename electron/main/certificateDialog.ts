import { basename, join } from 'node:path';
import type { CertificateDestination } from '../../shared/certificates';
import { defaultCertificateFileName } from '../../shared/certificates';
import { AppError } from '../../shared/errors';
import type { Handlers } from '../core/ipc/dispatch';

export type ChooseCertificatePath = (suggestedName: string) => Promise<string | null>;

/**
 * The native save dialog for a client certificate's PKCS#12 file, in Documents. It asks before
 * replacing an existing file (on Linux only with `showOverwriteConfirmation`), so a path it answers
 * is one the admin chose to replace.
 */
export function certificateSaveDialogOptions(documentsDir: string, suggestedName: string) {
  return {
    title: 'Save the client certificate',
    defaultPath: join(documentsDir, suggestedName),
    filters: [{ name: 'PKCS#12 certificate', extensions: ['p12', 'pfx'] }],
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
}

/**
 * In the desktop app the admin picks the certificate file in a native save dialog: whatever path
 * the renderer sends is only a suggested file name, so a renderer can never choose where main
 * writes. The dialog already asked about replacing a file, so the core is told `overwrite: true`.
 * Cancelled: nothing is saved (and no certificate is generated for save-before-show).
 */
export function withCertificateDialog(handlers: Handlers, choose: ChooseCertificatePath): Handlers {
  const chosen = async (to: CertificateDestination): Promise<CertificateDestination> => {
    const file = await choose(basename(to.file) || defaultCertificateFileName('', ''));
    if (!file) throw new AppError('cancelled', 'Saving the certificate was cancelled.');
    return { ...to, file, overwrite: true };
  };
  return {
    ...handlers,
    'certificates.save': async (request) => handlers['certificates.save']({ ...request, to: await chosen(request.to) }),
    'serviceUsers.sendOperation': async (request) =>
      request.saveCertificateTo
        ? handlers['serviceUsers.sendOperation']({
            ...request,
            saveCertificateTo: await chosen(request.saveCertificateTo),
          })
        : handlers['serviceUsers.sendOperation'](request),
  };
}
