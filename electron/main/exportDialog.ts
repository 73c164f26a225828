import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Handlers } from '../core/ipc/dispatch';

export type ChooseExportPath = (suggestedName: string, format: 'csv' | 'jsonl') => Promise<string | null>;

/**
 * The native save dialog for an export. It asks before replacing an existing file: Windows and
 * macOS always do; on Linux only with `showOverwriteConfirmation` (the core replaces whatever path
 * main hands it, so this question is the only one).
 */
export function exportSaveDialogOptions(documentsDir: string, suggestedName: string, format: 'csv' | 'jsonl') {
  return {
    title: 'Export the audit log',
    defaultPath: join(documentsDir, suggestedName),
    filters:
      format === 'csv' ? [{ name: 'CSV', extensions: ['csv'] }] : [{ name: 'JSON Lines', extensions: ['jsonl'] }],
    properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const],
  };
}

/**
 * In the desktop app the admin picks the export file in a native save dialog: whatever path the
 * renderer sends is only a suggested file name, so a renderer can never choose where main writes.
 */
export function withExportDialog(handlers: Handlers, choose: ChooseExportPath): Handlers {
  return {
    ...handlers,
    'audit.export': async (request) => {
      const destination = await choose(basename(request.destination) || `audit-log.${request.format}`, request.format);
      if (!destination) throw new AppError('cancelled', 'The export was cancelled.');
      return handlers['audit.export']({ ...request, destination });
    },
  };
}
