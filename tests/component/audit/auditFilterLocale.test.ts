import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditFilters from '../../../renderer/src/components/audit/AuditFilters.vue';
import type { AuditFilterValues } from '../../../renderer/src/stores/audit';
import { mountWith, until } from '../helpers';

/** The audit filter dates follow the app's language (not the browser's): German TT.MM.JJJJ, 24-hour. */

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

describe('audit filter dates in German', () => {
  it('show the German pattern and parse day.month.year with 24-hour time', async () => {
    w = mountWith(AuditFilters, { props: { profiles: [] }, locale: 'de' });
    const from = w.get('[data-testid="audit-from"]');
    expect(from.attributes('type')).toBe('text');
    expect(from.attributes('placeholder')).toBe('TT.MM.JJJJ HH:MM');
    expect(w.get('#audit-from-hint').text()).toBe('TT.MM.JJJJ HH:MM');

    await from.setValue('1.3.2026 8:30');
    await from.trigger('blur');
    await until(() => expect((from.element as HTMLInputElement).value).toBe('01.03.2026 08:30'));
    await w.get('[data-testid="audit-to"]').setValue('05.03.2026 17:45');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.emitted('apply')).toHaveLength(1));
    const applied = w.emitted('apply')![0]![0] as AuditFilterValues;
    expect(applied.from).toBe(new Date(2026, 2, 1, 8, 30).toISOString());
    expect(applied.to).toBe(new Date(2026, 2, 5, 17, 45, 59, 999).toISOString());
  });

  it('refuses an impossible day, an American order and a 12-hour time with the German error', async () => {
    w = mountWith(AuditFilters, { props: { profiles: [] }, locale: 'de' });
    const from = w.get('[data-testid="audit-from"]');
    for (const typed of ['30.02.2026 10:00', '03/01/2026 10:00', '01.03.2026 10:00 PM']) {
      await from.setValue(typed);
      await w.get('[data-testid="audit-filters"]').trigger('submit');
      await until(() => expect(w!.get('#audit-date-error').text()).toBe('Dieses Datum gibt es nicht.'));
      expect(from.attributes('aria-invalid')).toBe('true');
    }
    expect(w.emitted('apply')).toBeUndefined();
  });

  it('in English take MM/DD/YYYY with 24-hour time', async () => {
    w = mountWith(AuditFilters, { props: { profiles: [] }, locale: 'en' });
    expect(w.get('[data-testid="audit-from"]').attributes('placeholder')).toBe('MM/DD/YYYY HH:MM');
    await w.get('[data-testid="audit-from"]').setValue('03/01/2026 20:15');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.emitted('apply')).toHaveLength(1));
    expect((w.emitted('apply')![0]![0] as AuditFilterValues).from).toBe(new Date(2026, 2, 1, 20, 15).toISOString());
  });
});
