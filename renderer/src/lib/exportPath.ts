/** The dated file name an audit export is suggested under, e.g. `audit-log-2026-03-04.csv`. */
function exportFileName(format: 'csv' | 'jsonl', now: Date = new Date()): string {
  return `audit-log-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * Where the browser harness suggests writing an audit export: that file name in the user's home
 * folder (never a temp folder, which the system may empty). '' when the home folder is not known.
 */
export function suggestedExportPath(
  homeDir: string | undefined,
  platform: string,
  format: 'csv' | 'jsonl',
  now: Date = new Date(),
): string {
  if (!homeDir) return '';
  const sep = platform === 'win32' ? '\\' : '/';
  return `${homeDir.replace(/[\\/]+$/, '')}${sep}${exportFileName(format, now)}`;
}
