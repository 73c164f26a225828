import { describe, expect, it, vi } from 'vitest';
import { exportSaveDialogOptions, withExportDialog } from '../../../electron/main/exportDialog';
import type { Handlers } from '../../../electron/core/ipc/dispatch';
import { isAppError } from '../../../shared/errors';

function handlersWithExport() {
  const exportTo = vi.fn(async (request: { destination: string }) => ({
    path: request.destination,
    entries: 3,
    bytes: 10,
  }));
  return { handlers: { 'audit.export': exportTo } as unknown as Handlers, exportTo };
}

const request = { format: 'csv' as const, destination: '/etc/cron.d/evil.csv' };

describe('audit export in the desktop app', () => {
  it('writes only where the admin chose in the save dialog; the renderer path is a suggested name', async () => {
    const { handlers, exportTo } = handlersWithExport();
    const choose = vi.fn(async () => '/home/admin/Documents/audit.csv');
    const wrapped = withExportDialog(handlers, choose);
    const result = await wrapped['audit.export'](request as never);
    expect(choose).toHaveBeenCalledWith('evil.csv', 'csv');
    expect(exportTo).toHaveBeenCalledWith(expect.objectContaining({ destination: '/home/admin/Documents/audit.csv' }));
    expect(result).toMatchObject({ path: '/home/admin/Documents/audit.csv' });
  });

  it('a cancelled dialog writes nothing and says so', async () => {
    const { handlers, exportTo } = handlersWithExport();
    const wrapped = withExportDialog(handlers, async () => null);
    const error = await Promise.resolve(wrapped['audit.export'](request as never)).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('cancelled');
    expect(exportTo).not.toHaveBeenCalled();
  });
});

describe('the native save dialog for an export', () => {
  it('asks before replacing an existing file (Linux needs showOverwriteConfirmation), in Documents', () => {
    const options = exportSaveDialogOptions('/home/ada/Documents', 'audit-log-2026-03-01.csv', 'csv');
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(options.defaultPath).toBe('/home/ada/Documents/audit-log-2026-03-01.csv');
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
    expect(exportSaveDialogOptions('/d', 'a.jsonl', 'jsonl').filters).toEqual([
      { name: 'JSON Lines', extensions: ['jsonl'] },
    ]);
  });
});
