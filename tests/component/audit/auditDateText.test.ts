import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditFilters from '../../../renderer/src/components/audit/AuditFilters.vue';
import de from '../../../renderer/src/i18n/de';
import en from '../../../renderer/src/i18n/en';
import { mountWith, until } from '../helpers';

/** The audit filters' "no such date" text is the audit's own, in the UI language (not the wizard's). */

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

describe('audit filters: an impossible date', () => {
  it.each([
    ['en', en.audit.dateInvalid],
    ['de', de.audit.dateInvalid],
  ] as const)('is reported with audit.dateInvalid in %s', async (locale, text) => {
    w = mountWith(AuditFilters, { props: { profiles: [] }, locale });
    const input = w.get('[data-testid="audit-to"]');
    (input.element as HTMLInputElement).type = 'text'; // as typed or scripted, past any picker's sanitising
    await input.setValue('2024-02-30T10:00');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.get('#audit-date-error').text()).toBe(text));
    expect(w.emitted('apply')).toBeUndefined();
  });

  it('has its own key in both languages', () => {
    expect(de.audit.dateInvalid).toBe('Dieses Datum gibt es nicht.');
    expect(en.audit.dateInvalid).toBe('This date does not exist.');
  });
});
