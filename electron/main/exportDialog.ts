import { basename } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Handlers } from '../core/ipc/dispatch';

export type ChooseExportPath = (suggestedName: string, format: 'csv' | 'jsonl') => Promise<string | null>;

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
