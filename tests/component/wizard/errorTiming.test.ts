import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { useWizardStore } from '../../../renderer/src/stores/wizard';
import { byTestId, fakeCore, findTestId, mountWizard, until } from './fixtures';

/**
 * Issue 15 items 6 and 10: a field's error shows once the field is left (or on Next), then follows
 * every change live; an invalid field is marked by more than colour; and a draft is created only
 * after input worth keeping.
 */
let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

const fieldOf = (x: VueWrapper, testid: string) => byTestId(x, testid).element.closest('.field')!;
const emailError = (x: VueWrapper) => findTestId(x, 'email-error');

describe('when errors show', () => {
  it('not while the first value is typed; once the field is left; then live while it is fixed', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    const email = byTestId(w, 'email');
    await email.setValue('o');
    // The whole form was validated since (the name is reported free), yet the email says nothing.
    await byTestId(w, 'friendly-name').setValue('deploy-bot');
    await until(() => expect(byTestId(w!, 'name-free').text()).toContain('No service user'));
    expect(emailError(w).exists()).toBe(false);
    expect(email.attributes('aria-invalid')).toBe('false');
    expect(fieldOf(w, 'email').querySelector('[data-testid="field-invalid-icon"]')).toBeNull();

    await email.trigger('blur');
    await until(() => expect(emailError(w!).text()).toBe('Enter a valid email address, such as owner@example.com.'));
    expect(email.attributes('aria-invalid')).toBe('true');
    // More than colour: a warning sign by the label, and the field is marked for the wider border.
    expect(fieldOf(w, 'email').classList.contains('field-invalid')).toBe(true);
    expect(fieldOf(w, 'email').querySelector('label [data-testid="field-invalid-icon"]')).not.toBeNull();

    // Live from now on, without leaving the field again.
    await email.setValue('owner@example.com');
    await until(() => expect(emailError(w!).exists()).toBe(false));
    expect(fieldOf(w, 'email').classList.contains('field-invalid')).toBe(false);
    await email.setValue('owner@');
    await until(() => expect(emailError(w!).exists()).toBe(true));
  });

  it('leaving a field without changing it says nothing; Next shows every error of the step', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'email').trigger('focus');
    await byTestId(w, 'email').trigger('blur');
    await byTestId(w, 'wizard-next').trigger('click');
    await until(() => expect(emailError(w!).text()).toBe('Enter an email address.'));
    expect(byTestId(w, 'friendly-name-error').text()).toBe('Enter a friendly name.');
    expect(findTestId(w, 'accounts-error').exists()).toBe(true);
    expect(findTestId(w, 'managers-error').exists()).toBe(true);
    const accounts = w.get('fieldset[data-field="accountIds"]').element;
    expect(accounts.classList.contains('field-invalid')).toBe(true);
    // ...and from then on they follow each change.
    await byTestId(w, 'email').setValue('owner@example.com');
    await until(() => expect(emailError(w!).exists()).toBe(false));
  });
});

describe('drafts are created after input worth keeping', () => {
  it('not for an end-date click or a refused name; a valid name creates one', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    const saves = () => core.callsTo('drafts.save');
    await byTestId(w, 'preset-none').trigger('click');
    await byTestId(w, 'preset-90').trigger('click');
    await byTestId(w, 'friendly-name').setValue('bot@ci');
    await byTestId(w, 'friendly-name').trigger('blur');
    await until(() => expect(findTestId(w!, 'friendly-name-error').exists()).toBe(true));
    await useWizardStore().flushSave(); // anything scheduled would be sent now
    expect(saves()).toEqual([]);
    expect(useWizardStore().draftId).toBeNull();

    await byTestId(w, 'friendly-name').setValue('ci-bot');
    await until(() => expect(saves().length).toBeGreaterThan(0));
    expect(saves()[0]).toMatchObject({ fields: { friendlyName: 'ci-bot' } });
  });
});
