import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { CreationOutcome } from '../../../shared/creation';
import type { Draft } from '../../../shared/drafts';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { AUTOSAVE_DELAY_MS } from '../../../renderer/src/lib/wizard';
import { useNavStore } from '../../../renderer/src/stores/nav';
import {
  PROFILE,
  UNAVAILABLE,
  until,
  byTestId,
  fakeCore,
  fillDetails,
  findTestId,
  mountWizard,
  next,
  snapshot,
  tokenInfo,
} from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  w?.unmount();
  w = null;
  window.location.hash = '';
});

const heading = (x: VueWrapper) => byTestId(x, 'step-heading').text();
const headingIs = (x: VueWrapper, text: string) => until(() => expect(heading(x)).toBe(text));
const lastSave = (core: ReturnType<typeof fakeCore>) =>
  core.callsTo('drafts.save').at(-1) as
    { id?: string; step: number; fields: Record<string, unknown>; expectedRevision?: number } | undefined;
/** The autosave line says "Saved": nothing is queued or in flight. */
const saved = (x: VueWrapper) => until(() => expect(byTestId(x, 'autosave').attributes('data-status')).toBe('saved'));
async function toRoles(x: VueWrapper, managers?: string[]) {
  await fillDetails(x, managers ? { managers } : {});
  await next(x);
}
async function toReview(x: VueWrapper) {
  await toRoles(x);
  await x.get('[data-role="Default user"]').setValue(true);
  await x.get('[data-role="Auditor"]').setValue(true);
  await next(x);
}

describe('step transitions', () => {
  it('cannot advance with errors; focus goes to the first invalid field and the problem is announced', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'friendly-name').setValue('bad/name');
    await next(w);
    expect(heading(w)).toBe('Service user details');
    expect(document.activeElement).toBe(byTestId(w, 'friendly-name').element);
    expect(byTestId(w, 'wizard-announcement').text()).toBe('Check the highlighted fields before you continue.');
    expect(byTestId(w, 'wizard-announcement').attributes('aria-live')).toBe('assertive');
  });

  it('moves focus to the step heading and marks the current step', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await toRoles(w);
    expect(heading(w)).toBe('Roles and permissions');
    expect(document.activeElement).toBe(byTestId(w, 'step-heading').element);
    expect(w.get('[data-step="roles"]').attributes('aria-current')).toBe('step');
    expect(w.get('[data-step="details"]').text()).toContain('(done)');
  });

  it('Back keeps every value, including chosen roles', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'description').setValue('Release pipeline');
    await byTestId(w, 'preset-90').trigger('click');
    await toReview(w);
    expect(heading(w)).toBe('Review');
    await byTestId(w, 'wizard-back').trigger('click');
    await headingIs(w, 'Roles and permissions');
    expect((w.get('[data-role="Default user"]').element as HTMLInputElement).checked).toBe(true);
    expect((w.get('[data-role="Auditor"]').element as HTMLInputElement).checked).toBe(true);
    await byTestId(w, 'wizard-back').trigger('click');
    await headingIs(w, 'Service user details');
    expect((byTestId(w, 'friendly-name').element as HTMLInputElement).value).toBe('deploy-bot');
    expect((byTestId(w, 'description').element as HTMLTextAreaElement).value).toBe('Release pipeline');
    expect((byTestId(w, 'email').element as HTMLInputElement).value).toBe('owner@example.com');
    expect(w.findAll('[data-testid="account-chip"]')).toHaveLength(1);
    expect((w.get('[data-manager="Trust Lifecycle"]').element as HTMLInputElement).checked).toBe(true);
    // And forward again without re-entering anything.
    await next(w);
    await next(w);
    expect(heading(w)).toBe('Review');
  });

  it('the review step edit buttons jump back to the step', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await w.get('button[aria-label="Edit Roles and permissions"]').trigger('click');
    await headingIs(w, 'Roles and permissions');
  });
});

describe('review', () => {
  it('shows everything and warns: no end date, admin-level roles, many accounts', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'account-search').setValue('generated account 00');
    await byTestId(w, 'account-select-matches').trigger('click'); // accounts 0004…0099: 96
    await byTestId(w, 'account-search').setValue('');
    await fillDetails(w, { accounts: [], managers: ['Account Manager'] });
    await next(w);
    await w.get('[data-role="Account administrator"]').setValue(true);
    await next(w);
    expect(heading(w)).toBe('Review');
    expect(byTestId(w, 'review-name').text()).toBe('deploy-bot');
    const warnings = byTestId(w, 'review-warnings');
    expect(warnings.find('[data-warning="noEndDate"]').exists()).toBe(true);
    expect(warnings.get('[data-warning="adminRoles"]').text()).toContain('Account administrator');
    expect(warnings.get('[data-warning="manyAccounts"]').text()).toContain('96 accounts');
    expect(byTestId(w, 'review-roles').text()).toContain('Admin level');
  });

  it('no warnings for a small, dated, least-privilege service user', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'preset-30').trigger('click');
    await toReview(w);
    expect(findTestId(w, 'review-warnings').exists()).toBe(false);
    expect(byTestId(w, 'review-end-date').text()).toContain('11:59:59 PM');
  });

  it('"save to keychain" is on by default with default names from the profile host and the name', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    expect((byTestId(w, 'save-to-keychain').element as HTMLInputElement).checked).toBe(true);
    expect((byTestId(w, 'keychain-service').element as HTMLInputElement).value).toBe(
      'DigiCert ONE service user token (Production US · one.digicert.com)',
    );
    expect((byTestId(w, 'keychain-account').element as HTMLInputElement).value).toBe('deploy-bot');
  });

  it('"save to keychain" is off and disabled when the keychain is unavailable', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView, { keychain: UNAVAILABLE });
    await toReview(w);
    expect((byTestId(w, 'save-to-keychain').element as HTMLInputElement).checked).toBe(false);
    expect(byTestId(w, 'save-to-keychain').attributes('disabled')).toBeDefined();
    expect(byTestId(w, 'review-keychain-unavailable').text()).toContain('no session bus');
  });
});

describe('autosave', () => {
  // The debounce is a timer: the fake clock decides when the pause in typing is over.
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('saves the draft debounced (≤ 300 ms) with step, fields, roles and saveToKeychain, and shows "Saved"', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    expect(AUTOSAVE_DELAY_MS).toBeLessThanOrEqual(300);
    for (const ch of 'abc') await byTestId(w, 'friendly-name').setValue(`bot-${ch}`);
    expect(core.callsTo('drafts.save')).toEqual([]); // nothing while typing
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await saved(w);
    expect(core.callsTo('drafts.save')).toHaveLength(1); // three keystrokes, one save
    expect(byTestId(w, 'autosave').text()).toContain('Saved');
    expect(useNavStore().params).toEqual({ draft: 'd1' });
    await toReview(w);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await until(() => expect(lastSave(core)).toMatchObject({ step: 2 }));
    await saved(w);
    const last = lastSave(core)!;
    expect(last.id).toBe('d1');
    expect(last.step).toBe(2);
    expect(last.expectedRevision).toBeGreaterThan(0);
    expect(last.fields).toMatchObject({
      friendlyName: 'deploy-bot',
      email: 'owner@example.com',
      accountIds: ['acc-0001'],
      managers: [
        { managerId: 'account_manager', roleIds: ['r-am-user'] },
        { managerId: 'trust_lifecycle', roleIds: ['r-tlm-auditor'] },
      ],
      saveToKeychain: true,
    });
  });

  it('"New service user" in the navigation while a draft is open saves it and starts a new one', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'friendly-name').setValue('first-bot');
    await byTestId(w, 'email').setValue('owner@example.com');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await until(() => expect(useNavStore().params).toEqual({ draft: 'd1' }));
    await byTestId(w, 'email').setValue('changed@example.com'); // still queued when the admin clicks
    useNavStore().go('new');
    // The new, empty form comes only after the queued change was saved.
    await until(() => expect((byTestId(w!, 'friendly-name').element as HTMLInputElement).value).toBe(''));
    expect(core.drafts.get('d1')!.fields.email).toBe('changed@example.com');
    await byTestId(w, 'friendly-name').setValue('second-bot');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await until(() => expect(useNavStore().params).toEqual({ draft: 'd2' }));
  });

  it('resumes a draft from #/new?draft=<id>: fields, step and roles', async () => {
    const draft: Draft = {
      id: 'dx',
      profileId: PROFILE.id,
      step: 1,
      state: 'editing',
      failureCode: null,
      friendlyName: 'resumed-bot',
      createdAt: '2026-03-01T10:00:00Z',
      updatedAt: '2026-03-01T10:00:00Z',
      revision: 4,
      created: null,
      deletedAt: null,
      fields: {
        friendlyName: 'resumed-bot',
        email: 'r@example.com',
        accountIds: ['acc-0002'],
        managers: [{ managerId: 'trust_lifecycle', roleIds: ['r-tlm-cert'] }],
        saveToKeychain: false,
      },
    };
    const core = fakeCore({ drafts: [draft] });
    window.location.hash = '#/new?draft=dx';
    w = await mountWizard(NewServiceUserView);
    expect(heading(w)).toBe('Roles and permissions');
    expect((w.get('[data-role="User and certificate manager"]').element as HTMLInputElement).checked).toBe(true);
    await next(w);
    expect((byTestId(w, 'save-to-keychain').element as HTMLInputElement).checked).toBe(false);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await until(() => expect(lastSave(core)).toMatchObject({ id: 'dx', expectedRevision: 4, step: 2 }));
  });
});

describe('resuming a created draft', () => {
  const created = (): Draft => ({
    id: 'dc',
    profileId: PROFILE.id,
    step: 2,
    state: 'created',
    failureCode: null,
    friendlyName: 'done-bot',
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
    revision: 7,
    created: { serviceUserId: 'su-9', name: 'done-bot', at: '2026-03-01T10:00:00Z', by: 'admin' },
    deletedAt: null,
    fields: {
      friendlyName: 'done-bot',
      email: 'r@example.com',
      accountIds: ['acc-0001'],
      managers: [{ managerId: 'account_manager', roleIds: ['r-am-user'] }],
    },
  });

  it('shows its token when main still holds it (a queued create finished from Drafts)', async () => {
    fakeCore({
      drafts: [created()],
      extra: { 'token.pending': () => ({ ok: true, value: [tokenInfo({ draftId: 'dc', friendlyName: 'done-bot' })] }) },
    });
    window.location.hash = '#/new?draft=dc';
    w = await mountWizard(NewServiceUserView);
    expect(heading(w)).toBe('API token for “done-bot”');
  });

  it('otherwise says it cannot be edited and starts a new service user', async () => {
    const core = fakeCore({ drafts: [created()] });
    window.location.hash = '#/new?draft=dc';
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'wizard-notice').text()).toContain('already been created');
    expect(heading(w)).toBe('Service user details');
    expect((byTestId(w, 'friendly-name').element as HTMLInputElement).value).toBe('');
    expect(useNavStore().params).toEqual({});
    await byTestId(w, 'friendly-name').setValue('fresh-bot');
    await until(() => expect(lastSave(core)).toMatchObject({ fields: { friendlyName: 'fresh-bot' } }));
    expect(lastSave(core)).not.toHaveProperty('id');
  });
});

describe('offline', () => {
  it('shows the banner with the data time, works from the cache (uniqueness too) and offers "Mark ready to create"', async () => {
    const core = fakeCore({ reference: snapshot('offline') });
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'offline-banner').text()).toContain('Offline — data as of Mar 1, 2026');
    await byTestId(w, 'friendly-name').setValue('Jenkins build agent');
    await byTestId(w, 'friendly-name').trigger('blur');
    await until(() => expect(byTestId(w!, 'friendly-name-error').text()).toContain('saved data as of Mar 1, 2026'));
    await byTestId(w, 'friendly-name').setValue('');
    await toReview(w);
    expect(findTestId(w, 'wizard-create').exists()).toBe(false);
    await byTestId(w, 'wizard-mark-ready').trigger('click');
    await until(() => expect(byTestId(w!, 'wizard-notice').text()).toContain('marked ready to create'));
    expect(core.callsTo('creation.create')).toEqual([]);
    expect(core.callsTo('creation.markReady')).toEqual([{ draftId: 'd1' }]);
  });
});

describe('create and its outcomes', () => {
  it('saves the draft, then creates with saveTo; shows progress with a Cancel while waiting', async () => {
    let release!: (o: CreationOutcome) => void;
    const core = fakeCore({ outcome: () => new Promise<CreationOutcome>((r) => (release = r)) });
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() => expect(core.callsTo('creation.create')).toHaveLength(1));
    expect(core.callsTo('creation.create')).toEqual([
      {
        draftId: 'd1',
        saveTo: {
          service: 'DigiCert ONE service user token (Production US · one.digicert.com)',
          account: 'deploy-bot',
        },
      },
    ]);
    await until(() => expect(byTestId(w!, 'create-progress').text()).toContain('Creating “deploy-bot”'));
    expect(core.callsTo('drafts.save').length).toBeGreaterThan(0);
    await byTestId(w, 'create-cancel').trigger('click');
    await until(() => expect(core.callsTo('creation.cancel')).toEqual([{ draftId: 'd1' }]));
    release({ state: 'created', draftId: 'd1', serviceUser: {} as never, token: tokenInfo() });
    await until(() => findTestId(w!, 'token-panel').exists());
  });

  it('duplicate_name lands on the friendly-name field of step 1', async () => {
    fakeCore({
      outcome: () => ({
        state: 'failed',
        draftId: 'd1',
        error: {
          code: 'duplicate_name',
          message: 'A service user with this friendly name already exists.',
          fieldErrors: [
            { field: 'friendlyName', code: 'duplicate_name', message: 'This friendly name is already taken.' },
          ],
        },
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() => findTestId(w!, 'friendly-name-error').exists());
    expect(heading(w)).toBe('Service user details');
    expect(byTestId(w, 'friendly-name-error').text()).toBe('That name is already in use in DigiCert ONE.');
    expect(byTestId(w, 'friendly-name').attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(byTestId(w, 'friendly-name').element);
    await byTestId(w, 'friendly-name').setValue('deploy-bot-2');
    await until(() => expect(findTestId(w!, 'friendly-name-error').exists()).toBe(false));
  });

  it('"sending": explains and offers Check now (creation.reconcile)', async () => {
    const core = fakeCore({
      outcome: () => ({ state: 'sending', draftId: 'd1', error: { code: 'connection_lost', message: 'lost' } }),
      extra: {
        'creation.reconcile': () => ({
          ok: true,
          value: [{ state: 'created', draftId: 'd1', serviceUser: {} as never, token: tokenInfo() }],
        }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() =>
      expect(byTestId(w!, 'outcome-sending').text()).toContain(
        'checks with DigiCert ONE before it sends anything again',
      ),
    );
    await byTestId(w, 'check-now').trigger('click');
    await until(() => findTestId(w!, 'token-panel').exists());
    expect(core.callsTo('creation.reconcile')).toEqual([{ profileId: PROFILE.id }]);
  });

  it('"created_token_lost": says the token can never be recovered and what to do', async () => {
    fakeCore({
      outcome: () => ({
        state: 'created_token_lost',
        draftId: 'd1',
        serviceUserId: 'su-9',
        friendlyName: 'deploy-bot',
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    const text = (await until(() => byTestId(w!, 'outcome-token-lost'))).text();
    expect(text).toContain('can never be recovered');
    expect(text).toContain('delete the service user in DigiCert ONE and create it again');
    expect(text).toContain('issue a new token');
  });

  it('a refusal without fields stays on the create step with Try again', async () => {
    fakeCore({ outcome: () => ({ state: 'failed', draftId: 'd1', error: { code: 'access_denied', message: 'no' } }) });
    w = await mountWizard(NewServiceUserView);
    await toReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() =>
      expect(byTestId(w!, 'outcome-failed').text()).toContain('The API key is not allowed to do this.'),
    );
    expect(findTestId(w, 'create-retry').exists()).toBe(true);
  });
});

describe('German', () => {
  it('the wizard speaks German', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView, { locale: 'de' });
    expect(w.text()).toContain('Neuer Servicebenutzer');
    expect(heading(w)).toBe('Angaben zum Servicebenutzer');
    await next(w);
    expect(byTestId(w, 'friendly-name-error').text()).toBe('Geben Sie einen Anzeigenamen ein.');
    expect(byTestId(w, 'accounts-error').text()).toBe('Wählen Sie mindestens ein Konto.');
  });
});
