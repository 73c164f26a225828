import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import EndDateField from '../../../renderer/src/components/form/EndDateField.vue';
import { mountWith, until } from '../helpers';

/** Issue 15 item 9: the end date is typed and shown in the app's language; its value stays YYYY-MM-DD. */
let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

const props = (modelValue: string) => ({ id: 'end', modelValue, error: '', min: '2026-01-01', presets: [] });

describe('end date in German', () => {
  it('shows TT.MM.JJJJ and gives back YYYY-MM-DD', async () => {
    w = mountWith(EndDateField, { props: props('2031-06-30'), locale: 'de' });
    const input = w.get('[data-testid="end-date"]');
    expect(input.attributes('type')).toBe('text');
    expect(input.attributes('placeholder')).toBe('TT.MM.JJJJ');
    expect((input.element as HTMLInputElement).value).toBe('30.06.2031');

    await input.setValue('1.7.2031');
    await until(() => expect(w!.emitted('update:modelValue')?.at(-1)).toEqual(['2031-07-01']));
    await input.trigger('blur');
    await until(() => expect((input.element as HTMLInputElement).value).toBe('01.07.2031'));
  });

  it('passes an impossible or American date on as invalid for the strict check', async () => {
    w = mountWith(EndDateField, { props: props(''), locale: 'de' });
    const input = w.get('[data-testid="end-date"]');
    await input.setValue('31.02.2031');
    await until(() => expect(w!.emitted('update:modelValue')?.at(-1)).toEqual(['2031-02-31']));
    await input.setValue('02/28/2031');
    await until(() => expect(w!.emitted('update:modelValue')?.at(-1)).toEqual(['02/28/2031']));
    // Neither is a real YYYY-MM-DD day, so no expiry is explained for it.
    expect(w.find('[data-testid="expiry"]').exists()).toBe(false);
  });
});
