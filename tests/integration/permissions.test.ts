import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE } from '../../electron/core/app';
import { DATABASE_FILE_NAME } from '../../electron/core/db/database';
import { startTestCore, type TestCore } from '../support/core';
import { listFiles, makeTempDir } from '../support/tmp';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder permissions (POSIX)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore | undefined;
  let umask: number;
  beforeEach(() => {
    tmp = makeTempDir('sud-perm-');
    // The widest umask: modes must not depend on it.
    umask = process.umask(0);
  });
  afterEach(async () => {
    await t?.core.close();
    t = undefined;
    process.umask(umask);
    tmp.cleanup();
  });

  const dbFile = (dir: string) => join(dir, DATABASE_FILE_NAME);

  it('a new data folder: folders 0700; database, -wal, -shm and log 0600', async () => {
    const dir = join(tmp.dir, 'new', 'data');
    t = await startTestCore(dir);
    await t.must('settings.set', { language: 'de' });
    expect(existsSync(dbFile(dir) + '-wal')).toBe(true);
    expect(existsSync(dbFile(dir) + '-shm')).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'logs'))).toBe(0o700);
    for (const file of [dbFile(dir), dbFile(dir) + '-wal', dbFile(dir) + '-shm', join(dir, LOG_FILE)]) {
      expect(modeOf(file).toString(8), file).toBe('600');
    }
  });

  it('an existing folder with wide modes is narrowed at start and each correction is logged', async () => {
    const dir = join(tmp.dir, 'data');
    t = await startTestCore(dir);
    await t.must('settings.set', { language: 'de' });
    await t.core.close();
    t = undefined;
    // As a copy or an older version might have left it.
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'logs'), 0o755);
    for (const file of listFiles(dir)) chmodSync(file, 0o644);
    mkdirSync(join(dir, 'extra'), { mode: 0o777 });
    chmodSync(join(dir, 'extra'), 0o777);
    writeFileSync(join(dir, 'extra', 'note.txt'), 'x', { mode: 0o666 });
    chmodSync(join(dir, 'extra', 'note.txt'), 0o666);

    t = await startTestCore(dir);
    await t.must('settings.set', { language: 'en' });
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'logs'))).toBe(0o700);
    expect(modeOf(join(dir, 'extra'))).toBe(0o700);
    for (const file of listFiles(dir)) expect(modeOf(file).toString(8), file).toBe('600');

    const corrections = readFileSync(join(dir, LOG_FILE), 'utf8')
      .split('\n')
      .filter((l) => l.includes('file permissions corrected'))
      .map((l) => (JSON.parse(l) as { path: string; from: string }).path);
    expect(corrections).toEqual(
      expect.arrayContaining(['.', 'logs', LOG_FILE, DATABASE_FILE_NAME, 'extra', join('extra', 'note.txt')]),
    );
  });

  it('a log file created later (removed while running) is 0600', async () => {
    const dir = join(tmp.dir, 'data');
    t = await startTestCore(dir);
    rmSync(join(dir, LOG_FILE));
    // A umask that would leave a plainly created file read-only (0400) for its owner.
    process.umask(0o277);
    t.core.log.info('after rotation');
    t.core.log.info('and a second line');
    expect(readFileSync(join(dir, LOG_FILE), 'utf8')).toContain('and a second line');
    expect(modeOf(join(dir, LOG_FILE)).toString(8)).toBe('600');
  });
});
