import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { h } from 'vue';
import FormField from '../../renderer/src/components/form/FormField.vue';
import KeychainItemFields from '../../renderer/src/components/form/KeychainItemFields.vue';

type SlotProps = { id: string; describedBy: string | undefined; invalid: boolean };

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

/** A FormField whose control binds the slot props the way every caller does. */
function mountField(props: Record<string, unknown>, extra?: () => unknown) {
  wrapper = mount(FormField, {
    props: { id: 'f', label: 'Friendly name', ...props },
    slots: {
      default: (p: SlotProps) =>
        h('input', {
          id: p.id,
          'aria-describedby': p.describedBy,
          'aria-invalid': p.invalid,
          'data-testid': 'control',
        }),
      ...(extra ? { extra } : {}),
    },
    attachTo: document.body,
  });
  return wrapper;
}
const control = (w: VueWrapper) => w.get('[data-testid="control"]');

describe('FormField', () => {
  it('links the label to the control', () => {
    const w = mountField({});
    expect(control(w).attributes('id')).toBe('f');
    expect(w.get('label[for="f"]').text()).toBe('Friendly name');
    expect(w.classes()).toContain('field');
  });

  it('describes the control by exactly the hint, the extra lines and the error that are present, in that order', async () => {
    const w = mountField({});
    expect(control(w).attributes('aria-describedby')).toBeUndefined();

    await w.setProps({ hint: 'How it shows in DigiCert ONE.' });
    expect(control(w).attributes('aria-describedby')).toBe('f-hint');
    expect(w.get('#f-hint').text()).toBe('How it shows in DigiCert ONE.');

    await w.setProps({ describedBy: ['f-unique'], error: '' });
    expect(control(w).attributes('aria-describedby')).toBe('f-hint f-unique');

    await w.setProps({ error: 'Enter a friendly name.' });
    expect(control(w).attributes('aria-describedby')).toBe('f-hint f-unique f-error');

    await w.setProps({ hint: undefined, describedBy: [] });
    expect(control(w).attributes('aria-describedby')).toBe('f-error');
    expect(w.find('#f-hint').exists()).toBe(false);
  });

  it('marks the control invalid while there is an error, or when told to', async () => {
    const w = mountField({ error: '' });
    expect(control(w).attributes('aria-invalid')).toBe('false');
    await w.setProps({ error: 'Enter a friendly name.' });
    expect(control(w).attributes('aria-invalid')).toBe('true');
    await w.setProps({ error: null });
    expect(control(w).attributes('aria-invalid')).toBe('false');
    await w.setProps({ invalid: true });
    expect(control(w).attributes('aria-invalid')).toBe('true');
    // Invalid without a message of its own: nothing of this field's to point at.
    expect(control(w).attributes('aria-describedby')).toBeUndefined();
  });

  it('announces the error in a polite live region that exists before the message', async () => {
    const w = mountField({ error: '', errorTestid: 'name-error' });
    const region = w.get('#f-error');
    expect(region.attributes('aria-live')).toBe('polite');
    expect(region.text()).toBe('');
    expect(w.find('[data-testid="name-error"]').exists()).toBe(false);

    void w.setProps({ error: 'Enter a friendly name.' });
    await vi.waitFor(() => expect(w.get('[data-testid="name-error"]').text()).toBe('Enter a friendly name.'));
    // The same region element, now holding the message: screen readers announce additions to it.
    expect(w.get('[data-testid="name-error"]').element.parentElement).toBe(region.element);
    expect(w.get('#f-error').element).toBe(region.element);

    void w.setProps({ error: '' });
    await vi.waitFor(() => expect(w.find('[data-testid="name-error"]').exists()).toBe(false));
    expect(w.get('#f-error').element).toBe(region.element);
  });

  it('has no error region when the field cannot have an error', () => {
    const w = mountField({ hint: 'Searches names and details.' });
    expect(w.find('#f-error').exists()).toBe(false);
    expect(w.find('[aria-live]').exists()).toBe(false);
  });

  it('renders extra lines between the hint and the error', () => {
    const w = mountField({ hint: 'Hint', describedBy: ['f-unique'], error: '' }, () =>
      h('p', { id: 'f-unique' }, 'free'),
    );
    const ids = w.findAll('[id]').map((e) => e.attributes('id'));
    expect(ids).toEqual(['f', 'f-hint', 'f-unique', 'f-error']);
  });

  it('as a group: a fieldset with a legend, described by its hint and error, and no aria-invalid of its own', async () => {
    wrapper = mount(FormField, {
      props: { id: 'g', group: true, label: 'Accounts', hint: 'Choose at least one.', error: '' },
      attrs: { 'data-field': 'accountIds' },
      slots: {
        default: (p: SlotProps) =>
          h('input', { type: 'checkbox', 'data-testid': 'control', 'data-described': String(p.describedBy) }),
      },
      attachTo: document.body,
    });
    const w = wrapper;
    expect(w.element.tagName).toBe('FIELDSET');
    expect(w.attributes('data-field')).toBe('accountIds');
    expect(w.get('legend').text()).toBe('Accounts');
    expect(w.attributes('aria-describedby')).toBe('g-hint');
    expect(w.attributes('aria-invalid')).toBeUndefined();
    expect(control(w).attributes('data-described')).toBe('undefined');
    await w.setProps({ error: 'Choose at least one account.' });
    expect(w.attributes('aria-describedby')).toBe('g-hint g-error');
    expect(w.get('#g-error').attributes('aria-live')).toBe('polite');
  });
});

describe('KeychainItemFields', () => {
  it('two labelled inputs sharing the hint, each with its error, two-way bound', async () => {
    wrapper = mount(KeychainItemFields, {
      props: {
        service: 'svc',
        account: 'acct',
        serviceLabel: 'Service',
        accountLabel: 'Account',
        hint: 'Scripts read the token back with these two names.',
        serviceError: '',
        accountError: 'Enter an account name.',
        testidPrefix: 'kc',
      },
      attachTo: document.body,
    });
    const w = wrapper;
    const service = w.get('[data-testid="kc-service"]');
    const account = w.get('[data-testid="kc-account"]');
    const hintId = w.get('p.hint').attributes('id')!;
    expect(w.get(`label[for="${service.attributes('id')}"]`).text()).toBe('Service');
    // The invalid one carries the warning sign (aria-hidden: the accessible name stays "Account").
    expect(w.get(`label[for="${account.attributes('id')}"]`).text()).toBe('⚠Account');
    expect(service.attributes('aria-describedby')).toBe(hintId);
    expect(service.attributes('aria-invalid')).toBe('false');
    expect(account.attributes('aria-describedby')).toBe(`${hintId} ${account.attributes('id')}-error`);
    expect(account.attributes('aria-invalid')).toBe('true');
    expect(w.get(`#${account.attributes('id')}-error`).text()).toBe('Enter an account name.');

    await service.setValue('ci-tokens');
    expect(w.emitted('update:service')).toEqual([['ci-tokens']]);
    await account.trigger('blur');
    expect(w.emitted('blur')).toEqual([['account']]);
  });
});

describe('FormField: an invalid field is told by more than colour', () => {
  it('a warning sign before the label and the field-invalid mark while there is an error; none when valid', async () => {
    const w = mountField({ error: '' });
    expect(w.find('[data-testid="field-invalid-icon"]').exists()).toBe(false);
    expect(w.classes()).not.toContain('field-invalid');
    await w.setProps({ error: 'Enter a friendly name.' });
    const icon = w.get('label [data-testid="field-invalid-icon"]');
    expect(icon.attributes('aria-hidden')).toBe('true'); // the message itself is read, not the sign
    expect(w.classes()).toContain('field-invalid');
    await w.setProps({ error: '', invalid: true }); // invalid with the message elsewhere
    expect(w.find('[data-testid="field-invalid-icon"]').exists()).toBe(true);
    await w.setProps({ invalid: false });
    expect(w.find('[data-testid="field-invalid-icon"]').exists()).toBe(false);
  });

  it('a group (fieldset) is marked too', () => {
    wrapper = mount(FormField, {
      props: { id: 'g', label: 'Accounts', group: true, error: 'Choose at least one account.' },
      slots: { default: () => h('input', { type: 'checkbox' }) },
      attachTo: document.body,
    });
    expect(wrapper.get('fieldset').classes()).toContain('field-invalid');
    expect(wrapper.find('legend [data-testid="field-invalid-icon"]').exists()).toBe(true);
  });
});
