import { extname } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/dispatch';
import type { AuditLog } from './auditLog';

export type AuditHandlers = Pick<Handlers, 'audit.query' | 'audit.verify' | 'audit.export' | 'audit.signingKey'>;

export interface AuditHandlerOptions {
  /**
   * Main's veto on export destinations (e.g. only a path the admin just chose in a save dialog).
   * Defaults to allowing any absolute path with the format's extension.
   */
  allowDestination?: (path: string) => boolean;
}

export function createAuditHandlers(audit: AuditLog, options: AuditHandlerOptions = {}): AuditHandlers {
  return {
    'audit.query': (request) => audit.query(request),
    'audit.verify': () => audit.verify(),
    'audit.signingKey': () => audit.signingKey(),
    'audit.export': (request) => {
      const ext = extname(request.destination).toLowerCase();
      const wanted = request.format === 'csv' ? ['.csv'] : ['.jsonl', '.json', '.ndjson'];
      if (!wanted.includes(ext) || (options.allowDestination && !options.allowDestination(request.destination))) {
        throw new AppError(
          'invalid_request',
          `Save the export as a ${request.format === 'csv' ? '.csv' : '.jsonl'} file.`,
          {
            fieldErrors: [
              {
                field: 'destination',
                code: 'invalid_destination',
                message: 'This file name or place cannot be used for the export.',
              },
            ],
          },
        );
      }
      return audit.exportTo(request);
    },
  };
}
