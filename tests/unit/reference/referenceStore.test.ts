import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { createReferenceCache } from '../../../electron/core/reference/referenceStore';
import type { ReferenceData } from '../../../shared/reference';
import { makeTempDir } from '../../support/tmp';

const data = (): ReferenceData => ({
  accounts: [],
  managers: [],
  roles: [],
  serviceUsers: [{ id: 'u1', friendlyName: 'first', status: 'ACTIVE' }],
  refreshedAt: '2026-01-01T00:00:00.000Z',
});
const added = { id: 'u2', friendlyName: 'just-created', status: 'ACTIVE' } as const;

describe('reference cache', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  /** What a fresh start would read: the stored row, not this cache's memory. */
  const stored = () => createReferenceCache(db).get('p1');

  beforeEach(() => {
    vi.useFakeTimers();
    tmp = makeTempDir();
    db = openDatabase({ file: join(tmp.dir, 'app.sqlite') });
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
    tmp.cleanup();
  });

  it('stores a just-created user at close, before the moment has passed', () => {
    const cache = createReferenceCache(db);
    cache.put('p1', data());
    cache.addServiceUser('p1', added);
    expect(stored()!.serviceUsers.map((u) => u.id)).toEqual(['u1']);
    cache.close();
    expect(stored()!.serviceUsers.map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it('knows a just-created user at once, and stores it a moment later', () => {
    const cache = createReferenceCache(db);
    cache.put('p1', data());
    cache.addServiceUser('p1', added);
    expect(cache.get('p1')!.serviceUsers.map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(stored()!.serviceUsers.map((u) => u.id)).toEqual(['u1']);

    vi.runAllTimers();
    expect(stored()!.serviceUsers.map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it('adds a user once, and nothing without reference data', () => {
    const cache = createReferenceCache(db);
    cache.addServiceUser('p1', added);
    expect(cache.get('p1')).toBeNull();
    cache.put('p1', data());
    cache.addServiceUser('p1', added);
    cache.addServiceUser('p1', added);
    vi.runAllTimers();
    expect(stored()!.serviceUsers.map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it('a refresh or forgetting the profile wins over a pending addition', () => {
    const cache = createReferenceCache(db);
    cache.put('p1', data());
    cache.addServiceUser('p1', added);
    cache.put('p1', { ...data(), refreshedAt: '2026-01-02T00:00:00.000Z' });
    vi.runAllTimers();
    expect(stored()).toEqual({ ...data(), refreshedAt: '2026-01-02T00:00:00.000Z' });

    cache.addServiceUser('p1', added);
    cache.forget('p1');
    vi.runAllTimers();
    expect(cache.get('p1')).toBeNull();
    expect(stored()).toBeNull();
  });
});
