import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditFilters from '../../../renderer/src/components/audit/AuditFilters.vue';
import { filterInstant, type AuditFilterValues } from '../../../renderer/src/stores/audit';
import { mountWith, until } from '../helpers';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

/** Sets a datetime-local input's value as a script or a typed-in value could, bypassing any picker. */
async function typeInto(selector: string, value: string): Promise<void> {
  const input = w!.get(selector).element as HTMLInputElement;
  input.type = 'text'; // happy-dom, like a browser, may sanitise datetime-local values
  await w!.get(selector).setValue(value);
}

describe('audit filter dates are parsed strictly', () => {
  it('filterInstant: empty is no filter, an impossible day is invalid, never moved to March', () => {
    expect(filterInstant('')).toBeNull();
    expect(filterInstant('2024-02-29T10:00')).toBe(new Date(2024, 1, 29, 10, 0).toISOString());
    expect(filterInstant('2024-02-29T10:00', true)).toBe(new Date(2024, 1, 29, 10, 0, 59, 999).toISOString());
    expect(filterInstant('2024-02-30T10:00')).toBe('invalid');
    expect(filterInstant('2024-02-29T24:00')).toBe('invalid');
  });

  it('an impossible "from" date shows an error and applies nothing', async () => {
    w = mountWith(AuditFilters, { props: { profiles: [] } });
    await typeInto('[data-testid="audit-from"]', '2024-02-30T10:00');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.get('#audit-date-error').text()).toBe('This date does not exist.'));
    expect(w.get('[data-testid="audit-from"]').attributes('aria-invalid')).toBe('true');
    expect(w.emitted('apply')).toBeUndefined();

    await typeInto('[data-testid="audit-from"]', '2024-02-29T10:00');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.emitted('apply')).toHaveLength(1));
    const applied = w.emitted('apply')![0]![0] as AuditFilterValues;
    expect(applied.from).toBe(new Date(2024, 1, 29, 10, 0).toISOString());
    expect(w.get('#audit-date-error').text()).toBe('');
  });
});
