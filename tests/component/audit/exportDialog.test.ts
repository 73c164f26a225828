import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ExportDialog from '../../../renderer/src/components/audit/ExportDialog.vue';
import { suggestedExportPath } from '../../../renderer/src/lib/exportPath';
import { useAppStore } from '../../../renderer/src/stores/app';
import type { AppInfo } from '../../../shared/ipc/contract';
import { mountWith, settle, until } from '../helpers';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

const INFO: AppInfo = {
  name: 'x',
  version: '1',
  platform: 'linux',
  dataDir: '/home/alice/.local/share/sud',
  homeDir: '/home/alice',
  transport: 'harness',
};
const written = { path: '', entries: 3, bytes: 120 };

function mountDialog(format: 'csv' | 'jsonl', info: AppInfo | null) {
  const run = vi.fn(async (destination: string) => ({ ok: true as const, value: { ...written, path: destination } }));
  w = mountWith(ExportDialog, { props: { format, run } });
  useAppStore().info = info;
  return { run, input: () => w!.get<HTMLInputElement>('[data-testid="export-path"]').element };
}

describe('audit export dialog (browser harness)', () => {
  it('suggests a dated file in the home folder, not a temp folder, and exports there on Enter', async () => {
    const { run, input } = mountDialog('csv', INFO);
    // Filled in and selected, so typing a path replaces the suggestion.
    await until(
      () => input().value !== '' && input().selectionStart === 0 && input().selectionEnd === input().value.length,
    );
    expect(input().value).toMatch(/^\/home\/alice\/audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(input().placeholder).toBe(input().value);
    expect(document.activeElement).toBe(input());
    expect(w!.html()).not.toContain('/tmp');

    await w!.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() => run.mock.calls.length === 1);
    expect(run.mock.calls[0]![0]).toBe(input().value);
  });

  it('keeps what the admin typed when the app info arrives later', async () => {
    const { input } = mountDialog('jsonl', null);
    await settle();
    expect(input().value).toBe('');
    await w!.get('[data-testid="export-path"]').setValue('/srv/exports/audit.jsonl');
    useAppStore().info = INFO;
    // The placeholder shows the suggestion once the info has gone through (the same update).
    await until(() => input().placeholder.startsWith('/home/alice/'));
    expect(input().value).toBe('/srv/exports/audit.jsonl');
  });
});

describe('audit export dialog: an existing file (issue 15 item 11)', () => {
  it('asks before replacing; "Replace" sends the same path with overwrite, nothing else does', async () => {
    const exists = {
      ok: false as const,
      error: { code: 'export_file_exists', message: 'exists', params: { file: 'audit.csv' } },
    };
    const run = vi.fn(async (destination: string, overwrite?: boolean) =>
      overwrite ? { ok: true as const, value: { ...written, path: destination } } : exists,
    );
    w = mountWith(ExportDialog, { props: { format: 'csv', run } });
    useAppStore().info = INFO;
    await w.get('[data-testid="export-path"]').setValue('/home/alice/audit.csv');
    await w.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() => expect(w!.find('[data-testid="export-replace"]').exists()).toBe(true));
    expect(w.get('[data-testid="export-replace"]').text()).toContain('audit.csv already exists.');
    expect(run.mock.calls).toEqual([['/home/alice/audit.csv', undefined]]);
    expect(document.activeElement).toBe(w.get('[data-testid="export-replace-confirm"]').element);
    expect(w.emitted('done')).toBeUndefined();

    // "Choose another name" goes back to the path; typing drops the question.
    await w.get('[data-testid="export-other-name"]').trigger('click');
    expect(w.find('[data-testid="export-replace"]').exists()).toBe(false);
    expect(document.activeElement).toBe(w.get('[data-testid="export-path"]').element);
    await w.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() => expect(w!.find('[data-testid="export-replace"]').exists()).toBe(true));

    await w.get('[data-testid="export-replace-confirm"]').trigger('click');
    await until(() => expect(w!.emitted('done')).toHaveLength(1));
    expect(run.mock.calls.at(-1)).toEqual(['/home/alice/audit.csv', true]);
  });
});

describe('suggestedExportPath', () => {
  const day = new Date(Date.UTC(2026, 2, 4, 12));
  it('joins the home folder and the dated name with the platform’s separator', () => {
    expect(suggestedExportPath('/home/alice/', 'linux', 'csv', day)).toBe('/home/alice/audit-log-2026-03-04.csv');
    expect(suggestedExportPath('/Users/alice', 'darwin', 'jsonl', day)).toBe('/Users/alice/audit-log-2026-03-04.jsonl');
    expect(suggestedExportPath('C:\\Users\\alice', 'win32', 'csv', day)).toBe(
      'C:\\Users\\alice\\audit-log-2026-03-04.csv',
    );
  });

  it('suggests nothing while the home folder is unknown', () => {
    expect(suggestedExportPath(undefined, 'linux', 'csv', day)).toBe('');
  });
});
