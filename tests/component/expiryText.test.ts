import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../renderer/src/i18n';
import { describeExpiry } from '../../renderer/src/lib/wizard';

/** Issue 15 item 9: the end date's local-time line reads as a sentence and is not a second UTC line. */
describe('describeExpiry and its local-time line', () => {
  const t = (locale: 'en' | 'de') => createAppI18n(locale).global.t;

  it('tells the local time in a full sentence, in the UI language', () => {
    const berlin = describeExpiry('2026-12-31', 'de', 'Europe/Berlin')!;
    expect(berlin.sameAsUtc).toBe(false);
    expect(t('de')('wizard.details.expiresLocal', { time: berlin.local })).toMatch(
      /^In Ihrer Ortszeit ist das Freitag, 1\. Januar 2027 um 00:59:59 MEZ\.$/,
    );
    const ny = describeExpiry('2026-12-31', 'en', 'America/New_York')!;
    expect(t('en')('wizard.details.expiresLocal', { time: ny.local })).toMatch(/^In your time zone that is .*6:59:59/);
  });

  it('says once that local time is UTC instead of repeating the UTC time', () => {
    for (const zone of ['UTC', 'Etc/UTC', 'Europe/London']) {
      expect(describeExpiry('2026-12-31', 'de', zone)!.sameAsUtc, zone).toBe(true);
    }
    expect(describeExpiry('2026-07-31', 'en', 'Europe/London')!.sameAsUtc).toBe(false); // summer time
    expect(t('de')('wizard.details.expiresLocalSame')).toBe('Ihre Ortszeit ist ebenfalls UTC.');
  });
});
