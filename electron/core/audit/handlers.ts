import { extname } from 'node:path';
import type { AuditOperation, AuditProgress } from '../../../shared/audit';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../ipc/dispatch';
import type { AuditLog } from './auditLog';

export type AuditHandlers = Pick<
  Handlers,
  'audit.query' | 'audit.verify' | 'audit.export' | 'audit.signingKey' | 'audit.cancel'
>;

export interface AuditHandlerOptions {
  /**
   * Main's veto on export destinations (e.g. only a path the admin just chose in a save dialog).
   * Defaults to allowing any absolute path with the format's extension.
   */
  allowDestination?: (path: string) => boolean;
  /** Progress of a running verification or export (the event hub's `audit.progress`). */
  onProgress?: (progress: AuditProgress) => void;
  /** At most one progress report per this many ms (the last one always goes out). */
  progressEveryMs?: number;
}

export function createAuditHandlers(audit: AuditLog, options: AuditHandlerOptions = {}): AuditHandlers {
  const running = new Map<AuditOperation, AbortController>();
  const everyMs = options.progressEveryMs ?? 100;

  /** Runs one operation of its kind at a time, with a cancel handle and throttled progress. */
  async function run<T>(
    operation: AuditOperation,
    work: (run: { signal: AbortSignal; onProgress: (done: number, total: number) => void }) => Promise<T>,
  ): Promise<T> {
    if (running.has(operation))
      throw new AppError(
        'conflict',
        operation === 'verify' ? 'A check is already running.' : 'An export is already running.',
      );
    const controller = new AbortController();
    running.set(operation, controller);
    let last = 0;
    const onProgress = (done: number, total: number) => {
      const now = performance.now();
      if (done < total && now - last < everyMs) return;
      last = now;
      options.onProgress?.({ operation, done, total });
    };
    try {
      return await work({ signal: controller.signal, onProgress });
    } finally {
      running.delete(operation);
    }
  }

  return {
    'audit.query': (request) => audit.query(request),
    'audit.verify': () => run('verify', (r) => audit.verify(r)),
    'audit.signingKey': () => audit.signingKey(),
    'audit.cancel': ({ operation }) => {
      const controller = running.get(operation);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
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
      return run('export', (r) => audit.exportTo(request, r));
    },
  };
}
