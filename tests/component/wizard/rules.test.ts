import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { FRIENDLY_NAME_MAX, DESCRIPTION_MAX, EMAIL_MAX } from '../../../shared/serviceUser';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import {
  addDays,
  draftFieldsFromValues,
  draftKeychainItem,
  valuesFromDraft,
  emptyWizardValues,
  stepSchema,
  toggleManager,
  toggleRole,
  STEP_DETAILS,
  STEP_REVIEW,
  STEP_ROLES,
} from '../../../renderer/src/lib/wizard';
import { translateWizardValidation } from '../../../renderer/src/lib/wizardValidationText';
import { formatLocaleDate } from '../../../renderer/src/lib/localeDate';
import en from '../../../renderer/src/i18n/en';
import { TODAY, byTestId, fakeCore, fillDetails, findTestId, mountWizard, next, settle, until } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

const nameError = (x: VueWrapper) => findTestId(x, 'friendly-name-error');
/** Types a name and leaves the field (an error shows once the field is left, then live). */
async function typeName(x: VueWrapper, value: string) {
  await byTestId(x, 'friendly-name').setValue(value);
  await byTestId(x, 'friendly-name').trigger('blur');
  await settle();
}
/** Validation runs asynchronously: wait for the message (or for it to go, after it was there). */
const nameErrorIs = (x: VueWrapper, text: string, label?: string) =>
  until(() => expect(nameError(x).text(), label).toBe(text));
const nameErrorGone = (x: VueWrapper) => until(() => expect(nameError(x).exists()).toBe(false));

describe('friendly name', () => {
  it('is required, shown once the field is left, with aria-invalid and aria-describedby', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await typeName(w, 'x');
    await typeName(w, '');
    await nameErrorIs(w, 'Enter a friendly name.');
    const input = byTestId(w, 'friendly-name');
    expect(input.attributes('aria-invalid')).toBe('true');
    const errorId = w.get('[data-testid="friendly-name-error"]').element.parentElement!.id;
    expect(input.attributes('aria-describedby')).toContain(errorId);
    // The error sits in a live region that exists before the message appears.
    expect(w.get(`#${errorId}`).attributes('aria-live')).toBe('polite');
  });

  it('allows only letters, numbers, spaces, dashes and underscores', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    // A good name between the bad ones: each message is then a change that can be waited for.
    for (const bad of ['deploy.bot', 'bot@ci', 'bot/1', 'Grüße', 'a;b']) {
      await typeName(w, bad);
      await nameErrorIs(w, 'Use only letters, numbers, spaces, dashes and underscores.', bad);
      await typeName(w, 'Deploy bot_2-prod');
      await nameErrorGone(w);
      expect(byTestId(w, 'friendly-name').attributes('aria-invalid')).toBe('false');
    }
  });

  it(`has at most ${FRIENDLY_NAME_MAX} characters`, async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await typeName(w, 'a'.repeat(FRIENDLY_NAME_MAX + 1));
    await nameErrorIs(w, `Use at most ${FRIENDLY_NAME_MAX} characters.`);
    await typeName(w, 'a'.repeat(FRIENDLY_NAME_MAX));
    await nameErrorGone(w);
  });

  it('says when a service user of the profile already has the name (case- and space-insensitive), and when it is free', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await typeName(w, '  CI-SIGNER_prod ');
    await nameErrorIs(w, 'A service user named “ci-signer_prod” already exists in this profile.');
    await typeName(w, 'ci-signer_staging');
    await nameErrorGone(w);
    await until(() =>
      expect(byTestId(w!, 'name-free').text()).toContain('No service user in this profile has this name.'),
    );
  });

  it('tells that actions are logged under this name', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    expect(w.text()).toContain('Actions of this service user are logged under this name');
  });
});

describe('description, email', () => {
  it(`description is optional and has at most ${DESCRIPTION_MAX} characters`, async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'description').setValue('x'.repeat(DESCRIPTION_MAX + 1));
    await byTestId(w, 'description').trigger('blur');
    await until(() =>
      expect(byTestId(w!, 'description-error').text()).toBe(`Use at most ${DESCRIPTION_MAX} characters.`),
    );
    await byTestId(w, 'description').setValue('');
    await until(() => expect(findTestId(w!, 'description-error').exists()).toBe(false));
  });

  it('email is required, must look like an address, is bounded, and the hint says DigiCert sends nothing', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    expect(w.text()).toContain('DigiCert ONE sends nothing to this address.');
    const email = byTestId(w, 'email');
    const emailErrorIs = (text: string, label?: string) =>
      until(() => expect(byTestId(w!, 'email-error').text(), label).toBe(text));
    const emailErrorGone = () => until(() => expect(findTestId(w!, 'email-error').exists()).toBe(false));
    await email.setValue('a');
    await email.setValue('');
    await email.trigger('blur');
    await emailErrorIs('Enter an email address.');
    for (const bad of ['owner', 'owner@', 'owner@example', 'own er@example.com', 'a@b@example.com']) {
      await email.setValue(bad);
      await emailErrorIs('Enter a valid email address, such as owner@example.com.', bad);
      await email.setValue('owner@example.com');
      await emailErrorGone();
    }
    await email.setValue(`${'a'.repeat(EMAIL_MAX)}@example.com`);
    await emailErrorIs('This email address is too long.');
    await email.setValue('owner@example.com');
    await emailErrorGone();
  });
});

describe('end date', () => {
  it('warns when there is none, and presets set today + 30/90/180/365 days (UTC)', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'no-end-date-warning').text()).toContain('never expires');
    for (const days of [30, 90, 180, 365]) {
      await byTestId(w, `preset-${days}`).trigger('click');
      await until(() =>
        expect((byTestId(w!, 'end-date').element as HTMLInputElement).value).toBe(
          formatLocaleDate(addDays(TODAY, days), 'en'),
        ),
      );
      expect(byTestId(w, `preset-${days}`).attributes('aria-pressed')).toBe('true');
      expect(findTestId(w, 'no-end-date-warning').exists()).toBe(false);
    }
    await byTestId(w, 'preset-none').trigger('click');
    await until(() => expect(findTestId(w!, 'no-end-date-warning').exists()).toBe(true));
  });

  it('shows the exact expiry at 23:59:59 UTC and in local time', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'end-date').setValue('2031-06-30');
    await until(() => expect(byTestId(w!, 'expiry').text()).toContain('June 30, 2031'));
    const text = byTestId(w, 'expiry').text();
    expect(text).toContain('(UTC)');
    expect(text).toContain('11:59:59 PM');
    expect(text).toContain('June 30, 2031');
    // The local line: the time there, or (where the clock reads UTC) that it is the same.
    expect(text).toMatch(/In your time zone that is .*2031|Your time zone is UTC too\./);
  });

  it('cannot be in the past', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'end-date').setValue('2001-01-01');
    await byTestId(w, 'end-date').trigger('blur');
    await until(() => expect(byTestId(w!, 'end-date-error').text()).toBe('The end date cannot be in the past.'));
    await byTestId(w, 'end-date').setValue(TODAY);
    await until(() => expect(findTestId(w!, 'end-date-error').exists()).toBe(false));
  });

  it('rejects a day that does not exist or a malformed date (rule from the shared schema)', () => {
    const schema = stepSchema(STEP_DETAILS, { today: '2026-01-01', taken: new Set() });
    const base = {
      ...emptyWizardValues(),
      friendlyName: 'x',
      email: 'a@b.co',
      accountIds: ['a'],
      managers: [{ managerId: 'm', roleIds: [] }],
    };
    const issue = (endDate: string) => {
      const r = schema.safeParse({ ...base, endDate });
      return r.success ? undefined : r.error.issues.find((i) => i.path[0] === 'endDate')?.message;
    };
    expect(issue('2030-02-30')).toBe('This date does not exist.');
    expect(issue('30.01.2030')).toBe('Enter the date as YYYY-MM-DD.');
    expect(issue('')).toBeUndefined();
    expect(issue('2030-02-28')).toBeUndefined();
  });
});

describe('accounts and managers', () => {
  it('need at least one of each before Next', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await next(w);
    expect(byTestId(w, 'accounts-error').text()).toBe('Choose at least one account.');
    expect(byTestId(w, 'managers-error').text()).toBe('Choose at least one DigiCert ONE manager.');
    expect(byTestId(w, 'step-heading').text()).toBe('Service user details');
  });

  it('searches hundreds of accounts client-side and renders only the rows in view', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    const list = () => w!.findAll('[data-testid="account-list"] li');
    expect(list().length).toBeLessThan(40); // a virtual list: not all 300
    expect(byTestId(w, 'account-count').text()).toContain('300 accounts');
    await byTestId(w, 'account-search').setValue('contoso');
    expect(list().map((l) => l.text())).toEqual([
      expect.stringContaining('Contoso Production'),
      expect.stringContaining('Contoso Staging'),
    ]);
    await byTestId(w, 'account-search').setValue('5000299'); // by account number
    expect(list()).toHaveLength(1);
    await byTestId(w, 'account-search').setValue('acc-0001'); // never by internal id
    expect(byTestId(w, 'account-count').text()).toContain('No account matches');
  });

  it('selects and removes accounts (chips), and an inactive account cannot be newly chosen', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await w.get('[data-account="Contoso Production"]').setValue(true);
    await w.get('[data-account="Contoso Staging"]').setValue(true);
    expect(w.findAll('[data-testid="account-chip"]').map((c) => c.text())).toEqual([
      expect.stringContaining('Contoso Production'),
      expect.stringContaining('Contoso Staging'),
    ]);
    expect(w.get('[data-account="Globex Legacy"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="account-chip"] button').trigger('click');
    expect(w.findAll('[data-testid="account-chip"]')).toHaveLength(1);
  });
});

describe('roles', () => {
  it('need at least one per chosen manager; only the chosen managers are offered', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await fillDetails(w, { managers: ['Account Manager', 'Trust Lifecycle'] });
    await next(w);
    expect(byTestId(w, 'step-heading').text()).toBe('Roles and permissions');
    expect(w.findAll('fieldset[data-manager]').map((f) => f.attributes('data-manager'))).toEqual([
      'Account Manager',
      'Trust Lifecycle',
    ]);
    expect(w.find('[data-role="Signer"]').exists()).toBe(false); // Software Trust not chosen
    await w.get('[data-role="Default user"]').setValue(true);
    await next(w);
    const errors = w.findAll('[data-testid="roles-error"]');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text()).toBe('Choose at least one role for this manager.');
    expect(w.get('fieldset[data-manager="Trust Lifecycle"]').text()).toContain(
      'Choose at least one role for this manager.',
    );
    expect(byTestId(w, 'step-heading').text()).toBe('Roles and permissions');
  });

  it('lists each role with its permissions and flags admin-level roles, with a least-privilege hint', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await fillDetails(w, { managers: ['Account Manager'] });
    await next(w);
    expect(byTestId(w, 'least-privilege').text()).toContain('Least privilege');
    const admin = w.get('[data-role="Account administrator"]').element.closest('li')!;
    expect(admin.textContent).toContain('Admin level');
    expect(admin.textContent).toContain('MANAGE_AM_PERMISSION');
    const user = w.get('[data-role="Default user"]').element.closest('li')!;
    expect(user.textContent).not.toContain('Admin level');
    expect(user.textContent).toContain('VIEW_AM_USER');
  });

  it('a removed manager takes its roles with it; a role of another manager is refused', () => {
    const order = ['account_manager', 'trust_lifecycle'];
    let managers = toggleManager([], 'trust_lifecycle', true, order);
    managers = toggleManager(managers, 'account_manager', true, order);
    expect(managers.map((m) => m.managerId)).toEqual(order);
    managers = toggleRole(managers, { id: 'r-am-user', managerId: 'account_manager' }, true);
    managers = toggleRole(managers, { id: 'r-x', managerId: 'software_trust' }, true);
    expect(managers.flatMap((m) => m.roleIds)).toEqual(['r-am-user']);
    managers = toggleManager(managers, 'account_manager', false, order);
    expect(managers).toEqual([{ managerId: 'trust_lifecycle', roleIds: [] }]);
    expect(draftFieldsFromValues({ ...emptyWizardValues(), managers }).managers).toEqual([
      { managerId: 'trust_lifecycle', roleIds: [] },
    ]);
  });

  it('a draft keeps the keychain names typed on the review step', () => {
    const values = {
      ...emptyWizardValues(),
      friendlyName: 'deploy-bot',
      keychainService: 'ci-tokens',
      keychainAccount: 'deploy-bot-prod',
    };
    const fields = draftFieldsFromValues(values);
    expect(fields.keychainItem).toEqual({ service: 'ci-tokens', account: 'deploy-bot-prod' });
    expect(valuesFromDraft(fields, true)).toMatchObject({
      keychainService: 'ci-tokens',
      keychainAccount: 'deploy-bot-prod',
    });
    const profile = { name: 'Production', baseUrl: 'https://one.digicert.com', kind: 'digicert' as const };
    expect(draftKeychainItem(fields, profile)).toEqual({ service: 'ci-tokens', account: 'deploy-bot-prod' });
    expect(draftKeychainItem({ friendlyName: 'deploy-bot' }, profile)).toEqual({
      service: 'DigiCert ONE service user token (Production · one.digicert.com)',
      account: 'deploy-bot',
    });
  });

  it('the roles step schema is the shared managers rule', () => {
    const schema = stepSchema(STEP_ROLES, { today: TODAY, taken: new Set() });
    const r = schema.safeParse({
      ...emptyWizardValues(),
      managers: [
        { managerId: 'a', roleIds: ['x'] },
        { managerId: 'b', roleIds: [] },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['managers.1.roleIds']);
  });
});

describe('review step schema', () => {
  it('checks the keychain item names only when saving to the keychain', () => {
    const schema = stepSchema(STEP_REVIEW, { today: TODAY, taken: new Set() });
    const values = {
      ...emptyWizardValues(),
      friendlyName: 'bot',
      email: 'a@b.co',
      accountIds: ['a'],
      managers: [{ managerId: 'm', roleIds: ['r'] }],
      saveToKeychain: true,
      keychainService: ' ',
      keychainAccount: 'line\nbreak',
    };
    const r = schema.safeParse(values);
    expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'keychainService: Enter a service name.',
      'keychainAccount: Use printable characters only.',
    ]);
    expect(schema.safeParse({ ...values, saveToKeychain: false }).success).toBe(true);
  });

  it('every shared rule message has a German translation', async () => {
    const de = (await import('../../../renderer/src/i18n/de')).default;
    const t = (key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], de) as string;
    for (const key of Object.keys(en.wizard.errors)) {
      expect(t(`wizard.errors.${key}`), key).toBeTruthy();
    }
    // Unknown messages fall through unchanged rather than being lost.
    expect(translateWizardValidation('Something new.', (k) => k)).toBe('Something new.');
    expect(translateWizardValidation('Enter a friendly name.', (k) => k)).toBe('wizard.errors.friendlyNameRequired');
  });
});
