import { describe, expect, it } from 'vitest';
import { daysUntilExpiry } from '../../../shared/expiry';
import type { ServiceUserListItem } from '../../../shared/manage';
import { computeReminders, crossedThreshold, EXPIRED_THRESHOLD } from '../../../electron/core/reminders/compute';

const profile = { id: 'p1', name: 'Production' };
const LEAD = [30, 7, 1];

function user(id: string, extra: Partial<ServiceUserListItem> = {}): ServiceUserListItem {
  return { id, friendlyName: `bot-${id}`, description: '', status: 'ACTIVE', muted: false, ...extra };
}

describe('computeReminders', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it.each([
    { what: 'expires today', endDate: '2026-03-10', daysLeft: 0 },
    { what: 'expires tomorrow', endDate: '2026-03-11', daysLeft: 1 },
    { what: 'in a week', endDate: '2026-03-17', daysLeft: 7 },
    { what: 'on the largest lead time', endDate: '2026-04-09', daysLeft: 30 },
    { what: 'expired yesterday', endDate: '2026-03-09', daysLeft: -1 },
    { what: 'expired long ago', endDate: '2025-01-01', daysLeft: -433 },
  ])('lists a user that $what (daysLeft $daysLeft)', ({ endDate, daysLeft }) => {
    expect(computeReminders([user('a', { endDate })], LEAD, now, profile)).toEqual([
      { profileId: 'p1', profileName: 'Production', userId: 'a', friendlyName: 'bot-a', endDate, daysLeft },
    ]);
  });

  it.each([
    { what: 'beyond the largest lead time', extra: { endDate: '2026-04-10' } },
    { what: 'without an end date', extra: {} },
    { what: 'muted', extra: { endDate: '2026-03-11', muted: true } },
    { what: 'muted and expired', extra: { endDate: '2026-03-01', muted: true } },
    { what: 'disabled', extra: { endDate: '2026-03-11', status: 'DISABLED' } },
    { what: 'with an impossible end date', extra: { endDate: '2026-02-30' } },
  ])('leaves out a user $what', ({ extra }) => {
    expect(computeReminders([user('a', extra)], LEAD, now, profile)).toEqual([]);
  });

  it('lists users with status EXPIRED or no status at all', () => {
    const users = [user('a', { endDate: '2026-03-01', status: 'EXPIRED' }), user('b', { endDate: '2026-03-12' })];
    delete users[1]!.status;
    expect(computeReminders(users, LEAD, now, profile).map((r) => r.userId)).toEqual(['a', 'b']);
  });

  it('the largest lead time decides, whatever the order', () => {
    const users = [user('a', { endDate: '2026-03-24' })]; // 14 days
    expect(computeReminders(users, [7, 1], now, profile)).toEqual([]);
    expect(computeReminders(users, [1, 14], now, profile)).toHaveLength(1);
  });

  it('sorts the most urgent first: expired, then fewest days left, then by name', () => {
    const users = [
      user('w', { endDate: '2026-03-20', friendlyName: 'zeta' }),
      user('x', { endDate: '2026-03-11', friendlyName: 'beta' }),
      user('y', { endDate: '2026-03-05' }),
      user('z', { endDate: '2026-03-11', friendlyName: 'alpha' }),
    ];
    expect(computeReminders(users, LEAD, now, profile).map((r) => r.userId)).toEqual(['y', 'z', 'x', 'w']);
  });

  // A user expires at 23:59:59 UTC of its end date: that whole UTC day it "expires today".
  it.each([
    { at: '2026-03-10T00:00:00Z', daysLeft: 0 },
    { at: '2026-03-10T23:59:59Z', daysLeft: 0 },
    { at: '2026-03-11T00:00:00Z', daysLeft: -1 },
    { at: '2026-03-09T23:59:59Z', daysLeft: 1 },
    { at: '2026-03-09T00:00:00Z', daysLeft: 1 },
  ])('boundary: an end date of 2026-03-10 at $at is $daysLeft days left', ({ at, daysLeft }) => {
    const [reminder] = computeReminders([user('a', { endDate: '2026-03-10' })], LEAD, new Date(at), profile);
    expect(reminder?.daysLeft).toBe(daysLeft);
  });

  it('daysUntilExpiry counts across month and leap-year ends, and refuses impossible dates', () => {
    expect(daysUntilExpiry('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysUntilExpiry('2027-01-01', '2026-12-31')).toBe(1);
    expect(daysUntilExpiry('2026-02-29', '2026-02-01')).toBeNull();
    expect(daysUntilExpiry('soon', '2026-02-01')).toBeNull();
  });
});

describe('crossedThreshold', () => {
  it.each([
    { daysLeft: 30, threshold: 30 },
    { daysLeft: 8, threshold: 30 },
    { daysLeft: 7, threshold: 7 },
    { daysLeft: 2, threshold: 7 },
    { daysLeft: 1, threshold: 1 },
    { daysLeft: 0, threshold: 1 },
    { daysLeft: -1, threshold: EXPIRED_THRESHOLD },
  ])('$daysLeft days left crossed the $threshold-day threshold', ({ daysLeft, threshold }) => {
    expect(crossedThreshold(daysLeft, LEAD)).toBe(threshold);
  });
});

describe('computeReminders: client certificates', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const cert = (id: string, status: string | null, notAfter = '2026-03-09T23:59:59.000Z') => ({
    userId: 'a',
    id,
    nickname: `n-${id}`,
    notAfter,
    status,
  });

  it('a certificate marked EXPIRED stays listed as expired, like a user marked EXPIRED', () => {
    const reminders = computeReminders([user('a')], LEAD, now, profile, [
      cert('c1', 'EXPIRED'),
      cert('c2', 'ACTIVE'),
      cert('c3', null),
    ]);
    expect(reminders.map((r) => [r.certificate?.id, r.daysLeft])).toEqual([
      ['c1', -1],
      ['c2', -1],
      ['c3', -1],
    ]);
  });

  it('a revoked certificate, or one of a disabled user, is not listed', () => {
    expect(computeReminders([user('a')], LEAD, now, profile, [cert('c1', 'REVOKED')])).toEqual([]);
    expect(computeReminders([user('a', { status: 'DISABLED' })], LEAD, now, profile, [cert('c1', 'EXPIRED')])).toEqual(
      [],
    );
  });
});
