import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { ERROR_CODES } from '../../shared/errors';
import type { Profile } from '../../shared/profiles';
import ProfileForm from '../../renderer/src/components/ProfileForm.vue';
import en from '../../renderer/src/i18n/en';
import de from '../../renderer/src/i18n/de';
import { installFakeApi, mountWith, until } from './helpers';
import { AVAILABLE, UNAVAILABLE } from './fixtures';

const profile = (over: Partial<Profile> = {}): Profile => ({
  id: 'p1',
  name: 'Demo US',
  kind: 'digicert',
  region: 'us-demo',
  baseUrl: 'https://demo.one.digicert.com',
  keyStorage: 'keychain',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const field = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
/** Submits and waits until the form is done with it: the save button is enabled again ("Save", not "Saving…"). */
const submit = async (w: VueWrapper) => {
  await w.get('form').trigger('submit');
  await until(() => expect(field(w, 'profile-save').attributes('disabled')).toBeUndefined());
};

describe('profile form (add)', () => {
  it('shows the shared schema rules on their fields and sends nothing', async () => {
    const api = installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    await submit(wrapper);
    expect(wrapper.text()).toContain('Enter a name for this connection.');
    expect(wrapper.text()).toContain('Enter the API key.');
    expect(field(wrapper, 'profile-name').attributes('aria-invalid')).toBe('true');
    expect(field(wrapper, 'profile-name').attributes('aria-describedby')).toMatch(/name-error/);
    expect(api.callsTo('profiles.add')).toEqual([]);

    await field(wrapper, 'profile-api-key').setValue('has space');
    await submit(wrapper);
    expect(wrapper.text()).toContain('An API key has no spaces or special characters.');
  });

  it('renders the key as a password field without autocomplete or spellcheck, with a label', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    const key = field(wrapper, 'profile-api-key');
    expect(key.attributes()).toMatchObject({ type: 'password', autocomplete: 'off', spellcheck: 'false' });
    for (const input of wrapper.findAll('input, select')) {
      const id = input.attributes('id');
      expect(id, input.html()).toBeTruthy();
      expect(wrapper.find(`label[for="${id}"]`).exists(), `label for ${id}`).toBe(true);
    }
  });

  it('sends a region request without an address, trimmed', async () => {
    const api = installFakeApi({ 'profiles.add': (r) => ({ ok: true, value: profile({ name: r.name }) }) });
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    await field(wrapper, 'profile-name').setValue('  Demo US ');
    await field(wrapper, 'profile-region').setValue('us-demo');
    await field(wrapper, 'profile-api-key').setValue('key-123');
    await submit(wrapper);
    expect(api.callsTo('profiles.add')).toEqual([{ name: 'Demo US', region: 'us-demo', apiKey: 'key-123' }]);
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe('add');
  });

  it('reveals the https address for a custom deployment and checks it', async () => {
    const api = installFakeApi({ 'profiles.add': () => ({ ok: true, value: profile() }) });
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    expect(wrapper.find('[data-testid="profile-base-url"]').exists()).toBe(false);
    await field(wrapper, 'profile-region').setValue('custom');
    await until(() => wrapper!.find('[data-testid="profile-base-url"]').exists());
    await field(wrapper, 'profile-name').setValue('Private');
    await field(wrapper, 'profile-api-key').setValue('key-123');
    await submit(wrapper);
    expect(wrapper.text()).toContain('Enter the address of your DigiCert ONE deployment.');

    await field(wrapper, 'profile-base-url').setValue('http://one.example.com/x');
    await submit(wrapper);
    expect(wrapper.text()).toContain('Enter an https address such as https://one.example.com (no path).');
    expect(api.callsTo('profiles.add')).toEqual([]);

    await field(wrapper, 'profile-base-url').setValue('https://one.example.com/');
    await submit(wrapper);
    expect(api.callsTo('profiles.add')).toEqual([
      { name: 'Private', region: 'custom', customBaseUrl: 'https://one.example.com', apiKey: 'key-123' },
    ]);
  });

  it('offers "this session only" when the keychain is unavailable and sends sessionOnly', async () => {
    const api = installFakeApi({ 'profiles.add': () => ({ ok: true, value: profile({ keyStorage: 'session' }) }) });
    wrapper = mountWith(ProfileForm, { props: { keychain: UNAVAILABLE } });
    expect(wrapper.get('[data-testid="keychain-unavailable-notice"]').text()).toContain(
      'The OS keychain is not available',
    );
    await field(wrapper, 'profile-name').setValue('S');
    await field(wrapper, 'profile-api-key').setValue('key-123');
    await field(wrapper, 'profile-session-only').setValue(true);
    await submit(wrapper);
    expect(api.callsTo('profiles.add')).toEqual([{ name: 'S', region: 'us', apiKey: 'key-123', sessionOnly: true }]);
  });

  it('has no session-only choice when the keychain works', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    expect(wrapper.find('[data-testid="profile-session-only"]').exists()).toBe(false);
  });

  it('puts field errors from the core on their fields, and other refusals on the form', async () => {
    let answer: 'taken' | 'keychain' = 'taken';
    installFakeApi({
      'profiles.add': () =>
        answer === 'taken'
          ? {
              ok: false,
              error: {
                code: 'profile_name_taken',
                message: 'taken',
                fieldErrors: [
                  { field: 'name', code: 'profile_name_taken', message: 'A profile with this name already exists.' },
                ],
              },
            }
          : { ok: false, error: { code: 'keychain_unavailable', message: 'no keychain' } },
    });
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    await field(wrapper, 'profile-name').setValue('Dup');
    await field(wrapper, 'profile-api-key').setValue('key-123');
    await submit(wrapper);
    expect(field(wrapper, 'profile-name').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain(en.errors.profile_name_taken);
    expect(wrapper.find('[data-testid="form-error"]').exists()).toBe(false);

    answer = 'keychain';
    await field(wrapper, 'profile-name').setValue('Other');
    await submit(wrapper);
    expect(wrapper.get('[data-testid="form-error"]').text()).toBe(en.errors.keychain_unavailable);
    expect(wrapper.get('[data-testid="form-error"]').attributes('role')).toBe('alert');
  });

  it('speaks German', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE }, locale: 'de' });
    await submit(wrapper);
    expect(wrapper.text()).toContain('Geben Sie einen Namen für diese Verbindung ein.');
    expect(wrapper.text()).toContain('Administrator-API-Schlüssel');
  });
});

describe('profile form (edit)', () => {
  it('keeps the key when the key field is blank, replaces it when filled', async () => {
    const api = installFakeApi({
      'profiles.update': (r) => ({ ok: true, value: profile({ name: r.name ?? 'Demo US' }) }),
    });
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE, profile: profile() } });
    expect((field(wrapper, 'profile-name').element as HTMLInputElement).value).toBe('Demo US');
    expect((field(wrapper, 'profile-api-key').element as HTMLInputElement).value).toBe('');
    expect(wrapper.text()).toContain('Leave blank to keep the current key.');
    await field(wrapper, 'profile-name').setValue('Demo EU');
    await field(wrapper, 'profile-region').setValue('nl-demo');
    await submit(wrapper);
    expect(api.callsTo('profiles.update')).toEqual([{ id: 'p1', name: 'Demo EU', region: 'nl-demo' }]);

    await field(wrapper, 'profile-api-key').setValue('new-key-1');
    await submit(wrapper);
    expect(api.callsTo('profiles.update')[1]).toEqual({
      id: 'p1',
      name: 'Demo EU',
      region: 'nl-demo',
      apiKey: 'new-key-1',
    });
  });

  it('prefills the address of a custom profile', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, {
      props: { keychain: AVAILABLE, profile: profile({ region: 'custom', baseUrl: 'https://one.example.com' }) },
    });
    expect((field(wrapper, 'profile-base-url').element as HTMLInputElement).value).toBe('https://one.example.com');
  });
});

describe('translations', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

  it('German has exactly the English keys, none empty', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    for (const key of keys(de)) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], de);
      expect(value, key).not.toBe('');
    }
  });

  it('every error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(en.errors[code], code).toBeTruthy();
      expect(de.errors[code], code).toBeTruthy();
    }
  });
});

describe('profile form: Escape, Test key, errors while fixing (issue 15 items 6, 11)', () => {
  it('Escape cancels the form', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    await field(wrapper, 'profile-name').trigger('keydown', { key: 'Escape' });
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });

  it('Test key asks the core with the typed key before saving, and shows whose it is', async () => {
    const api = installFakeApi({
      'profiles.testKey': () => ({
        ok: true,
        value: { who: { id: 'u1', name: 'Ada Admin', email: null }, canManageUsers: true, accounts: [] },
      }),
    });
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE } });
    // Nothing to test yet: the key field says why, nothing is sent.
    await field(wrapper, 'test-key').trigger('click');
    await until(() => expect(wrapper!.text()).toContain('Enter the API key.'));
    expect(api.callsTo('profiles.testKey')).toEqual([]);

    await field(wrapper, 'profile-api-key').setValue('  k3y-abc  ');
    await field(wrapper, 'test-key').trigger('click');
    await until(() =>
      expect(field(wrapper!, 'test-connection-result').text()).toContain('Connected with the API key of Ada Admin.'),
    );
    expect(api.callsTo('profiles.testKey')).toEqual([{ region: 'us', apiKey: 'k3y-abc' }]);
    expect(api.callsTo('profiles.add')).toEqual([]);
    // The error went as soon as the key was typed (live once shown), not only after leaving.
    expect(wrapper.text()).not.toContain('Enter the API key.');
  });

  it('the edit form offers Test key only once a new key is typed', async () => {
    installFakeApi({});
    wrapper = mountWith(ProfileForm, { props: { keychain: AVAILABLE, profile: profile() } });
    expect(wrapper.find('[data-testid="test-key"]').exists()).toBe(false);
    await field(wrapper, 'profile-api-key').setValue('new-key');
    expect(wrapper.find('[data-testid="test-key"]').exists()).toBe(true);
  });
});
