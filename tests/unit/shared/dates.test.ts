import { describe, expect, it } from 'vitest';
import { auditQuerySchema } from '../../../shared/audit';
import { isRealDate, parseIsoInstant, parseLocalDateTime } from '../../../shared/dates';
import { draftSaveRequestSchema } from '../../../shared/drafts';
import { endDateSchema } from '../../../shared/serviceUser';

describe('strict dates: impossible dates are refused, never moved', () => {
  it.each(['2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01'])('isRealDate(%s)', (value) => {
    expect(isRealDate(value)).toBe(true);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-01',
    ' 2026-01-01',
    '2026-01-01T00:00Z',
    '',
  ])('not isRealDate(%j)', (value) => {
    expect(isRealDate(value)).toBe(false);
  });

  it('parses zoned ISO instants to canonical UTC', () => {
    expect(parseIsoInstant('2026-03-01T10:00:05.000Z')).toBe('2026-03-01T10:00:05.000Z');
    expect(parseIsoInstant('2026-03-01T10:00Z')).toBe('2026-03-01T10:00:00.000Z');
    expect(parseIsoInstant('2026-03-01T00:30:00+01:00')).toBe('2026-02-28T23:30:00.000Z');
    expect(parseIsoInstant('2024-02-29T23:59:59.1234-05:30')).toBe('2024-03-01T05:29:59.123Z');
    expect(parseIsoInstant('0050-06-01T00:00:00Z')).toBe('0050-06-01T00:00:00.000Z');
  });

  it.each([
    '2024-02-30T00:00:00Z',
    '2026-04-31T12:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-01-01T10:00:00+24:00',
    '2026-01-01T10:00:00+01:60',
    '2026-01-01T10:00:00', // no zone: ambiguous
    '2026-01-01',
    'March 1, 2026',
    '1 Mar 2026 10:00 GMT',
    '1709251200000',
    '2026-01-01T10:00:00Z ',
  ])('refuses the instant %j', (value) => {
    expect(parseIsoInstant(value)).toBeNull();
  });

  it('parses a datetime-local value in local time, strictly', () => {
    const date = parseLocalDateTime('2026-03-01T08:30');
    expect(date?.getTime()).toBe(new Date(2026, 2, 1, 8, 30).getTime());
    expect(parseLocalDateTime('2026-03-01T08:30:15')?.getSeconds()).toBe(15);
    for (const bad of ['2024-02-30T10:00', '2026-03-01T25:00', '2026-03-01', '2026-03-01T08:30Z', '']) {
      expect([bad, parseLocalDateTime(bad)]).toEqual([bad, null]);
    }
  });

  it('is the parser behind every date that comes in', () => {
    expect(auditQuerySchema.safeParse({ from: '2024-02-30T00:00:00.000Z' }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ to: '2024-02-29T00:00:00+02:00' })).toMatchObject({
      success: true,
      data: { to: '2024-02-28T22:00:00.000Z' },
    });
    expect(
      draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { endDate: '2030-02-30' } }).success,
    ).toBe(false);
    expect(draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { endDate: '' } }).success).toBe(true);
    expect(endDateSchema('2026-01-01').safeParse('2030-02-30').success).toBe(false);
    expect(endDateSchema('2026-01-01').safeParse('2028-02-29').success).toBe(true);
  });
});
