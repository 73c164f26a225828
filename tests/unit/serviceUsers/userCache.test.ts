import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Db } from '../../../electron/core/db/database';
import { createServiceUserCache, type ServiceUserCache } from '../../../electron/core/serviceUsers/userCache';
import type { ServiceUser } from '../../../shared/serviceUser';
import { openTempDb } from '../../support/db';

function addProfile(db: Db, id: string) {
  db.prepare(
    `INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at)
     VALUES (?, ?, 'digicert', 'us', 'https://one.example', 'session', 'now', 'now')`,
  ).run(id, `Profile ${id}`);
}

const user = (id: string, extra: Partial<ServiceUser> = {}): ServiceUser => ({
  id,
  friendlyName: `user ${id}`,
  description: '',
  status: 'ACTIVE',
  ...extra,
});

describe('the service-user cache (real SQLite file)', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let cache: ServiceUserCache;
  let changes: string[];

  beforeEach(() => {
    tmp = openTempDb();
    addProfile(tmp.db, 'p1');
    addProfile(tmp.db, 'p2');
    cache = createServiceUserCache(tmp.db);
    changes = [];
    cache.onChange((p) => changes.push(p));
  });
  afterEach(() => tmp.cleanup());

  it('is empty with asOf null for a profile never fetched', () => {
    expect(cache.list('p1')).toEqual({ profileId: 'p1', users: [], asOf: null });
    expect(cache.get('p1', 'u1')).toBeUndefined();
    expect(cache.profilesWithCache()).toEqual([]);
  });

  it('replaceAll replaces the list, keeps mutes of users still there, and tells listeners', () => {
    cache.replaceAll('p1', [user('u1', { endDate: '2027-01-31' }), user('u2')], '2026-12-01T10:00:00.000Z');
    cache.setMuted('p1', 'u1', true);
    cache.setMuted('p1', 'u2', true);
    cache.replaceAll('p1', [user('u1', { endDate: '2027-02-28' }), user('u3')], '2026-12-01T11:00:00.000Z');

    const list = cache.list('p1');
    expect(list.asOf).toBe('2026-12-01T11:00:00.000Z');
    expect(list.users.map((u) => [u.id, u.muted, u.endDate]).sort()).toEqual([
      ['u1', true, '2027-02-28'],
      ['u3', false, undefined],
    ]);
    // u2 left the list: its mute is gone, so it does not come back muted by surprise.
    cache.replaceAll('p1', [user('u2')], '2026-12-01T12:00:00.000Z');
    expect(cache.get('p1', 'u2')?.user.muted).toBe(false);
    expect(changes).toEqual(['p1', 'p1', 'p1', 'p1', 'p1']);
    expect(cache.profilesWithCache()).toEqual(['p1']);
    expect(cache.list('p2').users).toEqual([]);
  });

  it('reads statuses upper-cased, the one place they are normalised (list, get, rows written before)', () => {
    cache.replaceAll('p1', [user('u1', { status: 'active' }), user('u2', { status: 'Expired' })], 't');
    cache.upsert('p1', user('u3', { status: 'disabled' }), 't');
    expect(cache.list('p1').users.map((u) => u.status)).toEqual(['ACTIVE', 'EXPIRED', 'DISABLED']);
    expect(cache.get('p1', 'u1')?.user.status).toBe('ACTIVE');
  });

  it('upsert and remove change one row; get says when that row was fetched', () => {
    cache.replaceAll('p1', [user('u1'), user('u2')], '2026-12-01T10:00:00.000Z');
    cache.upsert('p1', user('u1', { description: 'changed' }), '2026-12-01T10:30:00.000Z');
    expect(cache.get('p1', 'u1')).toEqual({
      user: expect.objectContaining({ id: 'u1', description: 'changed', muted: false }),
      asOf: '2026-12-01T10:30:00.000Z',
    });
    cache.setMuted('p1', 'u2', true);
    cache.remove('p1', 'u2');
    expect(cache.get('p1', 'u2')).toBeUndefined();
    cache.upsert('p1', user('u2'), '2026-12-01T10:40:00.000Z');
    expect(cache.get('p1', 'u2')?.user.muted).toBe(false);
    expect(cache.list('p1').asOf).toBe('2026-12-01T10:00:00.000Z');
  });

  it('an upsert of an unchanged user tells no listener (details read it on every open)', () => {
    cache.replaceAll('p1', [user('u1')], '2026-12-01T10:00:00.000Z');
    changes = [];
    cache.upsert('p1', user('u1'), '2026-12-01T10:30:00.000Z');
    expect(changes).toEqual([]);
    expect(cache.get('p1', 'u1')?.asOf).toBe('2026-12-01T10:30:00.000Z');
    cache.upsert('p1', user('u1', { endDate: '2027-01-31' }), '2026-12-01T10:40:00.000Z');
    expect(changes).toEqual(['p1']);
  });

  it('keeps only the fields the app shows: nothing else of an answer reaches the file', () => {
    const withExtra = { ...user('u1'), api_token: 'SECRET-VALUE-123', roleIds: ['r1'] } as ServiceUser;
    cache.replaceAll('p1', [withExtra], '2026-12-01T10:00:00.000Z');
    expect(cache.get('p1', 'u1')?.user).not.toHaveProperty('api_token');
    expect(cache.get('p1', 'u1')?.user).toHaveProperty('roleIds', ['r1']);
    tmp.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(tmp.file).includes('SECRET-VALUE-123')).toBe(false);
  });

  it('removing a profile drops its rows and mutes; forget() tells listeners', () => {
    cache.replaceAll('p1', [user('u1')], '2026-12-01T10:00:00.000Z');
    cache.replaceAll('p2', [user('u9')], '2026-12-01T10:00:00.000Z');
    cache.setMuted('p1', 'u1', true);
    tmp.db.prepare('DELETE FROM profiles WHERE id = ?').run('p1');
    expect(cache.list('p1')).toEqual({ profileId: 'p1', users: [], asOf: null });
    expect(tmp.db.prepare("SELECT count(*) FROM service_user_mutes WHERE profile_id = 'p1'").pluck().get()).toBe(0);
    expect(cache.profilesWithCache()).toEqual(['p2']);
    changes = [];
    cache.forget('p2');
    expect(cache.list('p2').asOf).toBeNull();
    expect(changes).toEqual(['p2']);
  });

  it('replaces 5,000 users in one transaction', () => {
    const many = Array.from({ length: 5000 }, (_, i) => user(`u${i}`, { endDate: '2027-01-01' }));
    cache.replaceAll('p1', many, '2026-12-01T10:00:00.000Z');
    expect(cache.list('p1').users).toHaveLength(5000);
    expect(changes).toEqual(['p1']);
  });
});
