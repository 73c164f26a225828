import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ProfileForm from '../../renderer/src/components/ProfileForm.vue';
import de from '../../renderer/src/i18n/de';
import en from '../../renderer/src/i18n/en';
import { CONTROL_CHARS_MESSAGE } from '../../shared/text';
import { installFakeApi, mountWith, until } from './helpers';
import { AVAILABLE } from './fixtures';

/** The free-text rule's message (a control or format character in the name) in the UI language. */

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const field = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
const submit = async (w: VueWrapper) => {
  await w.get('form').trigger('submit');
  await until(() => expect(field(w, 'profile-save').attributes('disabled')).toBeUndefined());
};

describe('profile form: a name with a control character', () => {
  it.each([
    ['en', en.validation.printable],
    ['de', de.validation.printable],
  ] as const)('is refused with the printable-characters message in %s', async (locale, text) => {
    const api = installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE }, locale });
    await field(wrapper, 'profile-name').setValue('Demo\u202EUS');
    await field(wrapper, 'profile-api-key').setValue('key-1');
    await submit(wrapper);
    await until(() => expect(wrapper!.text()).toContain(text));
    expect(field(wrapper, 'profile-name').attributes('aria-invalid')).toBe('true');
    expect(api.callsTo('profiles.add')).toEqual([]);
  });

  it('German does not fall back to the English wording', () => {
    expect(de.validation.printable).not.toBe(CONTROL_CHARS_MESSAGE);
    expect(en.validation.printable).toBe(CONTROL_CHARS_MESSAGE);
  });
});
