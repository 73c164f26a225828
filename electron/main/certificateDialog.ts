import { basename, join } from 'node:path';
import type { CertificateDestination } from '../../shared/certificates';
import { CERTIFICATE_FILE_EXTENSION, defaultCertificateFileName } from '../../shared/certificates';
import { AppError, isAppError } from '../../shared/errors';
import type { Handlers } from '../core/ipc/dispatch';

export type ChooseCertificatePath = (suggestedName: string) => Promise<string | null>;
/** The core's own refusal of a send with `saveCertificateTo` (Core.checkCertificateSend): throws, or returns. */
export type CheckCertificateSend = (operationId: string) => void;

/**
 * The native save dialog for a client certificate's PKCS#12 file, in Documents. It offers `.p12`
 * only, the one extension the app suggests and checks for a typed path. It asks before replacing
 * an existing file (on Linux only with `showOverwriteConfirmation`), so a path it answers is one
 * the admin chose to replace.
 */
export function certificateSaveDialogOptions(documentsDir: string, suggestedName: string) {
  return {
    title: 'Save the client certificate',
    defaultPath: join(documentsDir, suggestedName),
    filters: [{ name: 'PKCS#12 certificate', extensions: [CERTIFICATE_FILE_EXTENSION] }],
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
}

/** A path the admin chose, kept while the core asks "Replace the keychain item?" about it. */
interface Chosen {
  /** The request's destination as the renderer sent it (its file is only a suggested name). */
  asked: CertificateDestination;
  file: string;
}

const sameItem = (a: CertificateDestination['item'], b: CertificateDestination['item']) =>
  a.service === b.service && a.account === b.account;

/**
 * In the desktop app the admin picks the certificate file in a native save dialog: whatever path
 * the renderer sends is only a suggested file name, so a renderer can never choose where main
 * writes. The dialog already asked about replacing a file, so the core is told `overwrite: true`.
 * Cancelled: nothing is saved (and no certificate is generated for save-before-show) — the answer
 * is `cancelled`, and a prepared operation stays prepared.
 *
 * When the core refuses because the keychain item holds another value, the chosen path is kept
 * for that certificate (handle) or operation: the admin's "Replace it" comes back as the same
 * request with `overwriteItem: true`, and goes to the same file without asking again.
 *
 * A send is checked with the core before the dialog opens: an operation that is not a certificate
 * create (or unknown, or done) is refused with the core's error, and no dialog is shown for it.
 */
export function withCertificateDialog(
  handlers: Handlers,
  choose: ChooseCertificatePath,
  checkSend: CheckCertificateSend,
): Handlers {
  const waitingForReplace = new Map<string, Chosen>();

  async function destination(key: string, to: CertificateDestination, cancelled: string) {
    const kept = waitingForReplace.get(key);
    waitingForReplace.delete(key);
    if (kept && to.overwriteItem === true && to.file === kept.asked.file && sameItem(to.item, kept.asked.item)) {
      return { ...to, file: kept.file, overwrite: true };
    }
    const file = await choose(basename(to.file) || defaultCertificateFileName('', ''));
    if (!file) throw new AppError('cancelled', cancelled);
    return { ...to, file, overwrite: true };
  }

  /** Runs the core's handler; keeps the chosen path when it asks about replacing the item. */
  async function run<T>(key: string, asked: CertificateDestination, file: string, call: () => Promise<T>) {
    const keep = (kept: string) => waitingForReplace.set(kept, { asked, file });
    try {
      const answer = await call();
      const outcome = answer as {
        error?: { code: string };
        certificate?: { handle?: string };
        certificateSaveFailed?: { error: { code: string } };
      };
      // Refused before anything was sent (an outcome rather than a throw): the same operation again.
      if (outcome.error?.code === 'keychain_item_exists') keep(key);
      // Generated, then the save was refused: the renderer retries with the certificate's handle.
      if (outcome.certificateSaveFailed?.error.code === 'keychain_item_exists' && outcome.certificate?.handle) {
        keep(`certificate:${outcome.certificate.handle}`);
      }
      return answer;
    } catch (error) {
      if (isAppError(error) && error.code === 'keychain_item_exists') keep(key);
      throw error;
    }
  }

  return {
    ...handlers,
    'certificates.save': async (request) => {
      const key = `certificate:${request.handle}`;
      const to = await destination(key, request.to, 'Saving the certificate was cancelled: it is still held.');
      return run(key, request.to, to.file, async () => handlers['certificates.save']({ ...request, to }));
    },
    'serviceUsers.sendOperation': async (request) => {
      const asked = request.saveCertificateTo;
      if (!asked) return handlers['serviceUsers.sendOperation'](request);
      checkSend(request.operationId);
      const key = `operation:${request.operationId}`;
      const to = await destination(
        key,
        asked,
        'No file was chosen: nothing was sent, the certificate is still prepared.',
      );
      return run(key, asked, to.file, async () =>
        handlers['serviceUsers.sendOperation']({ ...request, saveCertificateTo: to }),
      );
    },
  };
}
