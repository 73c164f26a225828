import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import LeaveGuard from '../../../renderer/src/components/serviceUsers/details/LeaveGuard.vue';
import { createAppI18n } from '../../../renderer/src/i18n';
import { useAppStore } from '../../../renderer/src/stores/app';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { PROFILE, byTestId, detailsCore, findTestId, inDays, mountDetails, until, user } from './detailsFixtures';

/** Issue 15 follow-ups on the edit forms: when errors show, clearing the description, leaving unsent. */
let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

const dialogText = () => document.querySelector('[data-testid="sd-leave-text"]')?.textContent?.trim() ?? null;
const dialogButton = (name: string) =>
  [...document.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent?.trim() === name)!;

describe('edit details: errors show once the field is left (or on Review), then live', () => {
  it('a bad email is not flagged while typed; leaving shows it; fixing clears it at once', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'email').setValue('not-an-email');
    // The end date, changed and left after the email, is flagged: the form has validated both by now.
    await byTestId(x, 'end-date').setValue(inDays(-1));
    await byTestId(x, 'end-date').trigger('blur');
    await until(() => expect(byTestId(x, 'end-date-error').text()).toBe('The end date cannot be in the past.'));
    expect(findTestId(x, 'email-error').exists()).toBe(false);
    expect(byTestId(x, 'email').attributes('aria-invalid')).toBe('false');

    await byTestId(x, 'email').trigger('blur');
    await until(() =>
      expect(byTestId(x, 'email-error').text()).toBe('Enter a valid email address, such as owner@example.com.'),
    );
    await byTestId(x, 'email').setValue('team@example.com');
    await until(() => expect(findTestId(x, 'email-error').exists()).toBe(false));
  });

  it('Review asks for every error, also of fields never left', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'email').setValue('not-an-email');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => expect(findTestId(x, 'email-error').exists()).toBe(true));
    expect(findTestId(x, 'sd-review').exists()).toBe(false);
  });
});

describe('edit details: the description can be cleared', () => {
  it('an emptied description is reviewed as removed and sent as ""', async () => {
    const core = detailsCore({ user: user({ description: 'Signs release builds' }) });
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'description').setValue('');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    const row = x.get('[data-testid="sd-review-fields"] [data-field="description"]');
    expect(row.get('[data-testid="sd-review-before"]').text()).toBe('Signs release builds');
    expect(row.get('[data-testid="sd-review-after"]').text()).toBe('No description (removed)');
    await byTestId(x, 'sd-review-confirm').trigger('click');
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('done'));
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      { profileId: PROFILE.id, userId: 'su-1', operation: { kind: 'update', change: { description: '' } } },
    ]);
    expect(core.user.description).toBe('');
  });
});

describe('leaving with an edit not sent', () => {
  it('a typed change: the app asks; Stay keeps it, Leave goes', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    const nav = useNavStore();
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'description').setValue('Signs nightlies too');
    await byTestId(x, 'sd-back').trigger('click');
    await until(() =>
      expect(dialogText()).toBe('Your change has not been sent or prepared. If you leave now, it will be lost.'),
    );
    expect(document.querySelector('dialog h2')?.textContent).toBe('Leave without sending?');
    expect(nav.current).toBe('service-user');

    dialogButton('Stay').click();
    await until(() => expect(dialogText()).toBeNull());
    expect(nav.current).toBe('service-user');
    expect((byTestId(x, 'description').element as HTMLTextAreaElement).value).toBe('Signs nightlies too');

    // The address changed another way (a link, Back): refused too, the address restored.
    window.location.hash = '#/audit';
    nav.syncFromLocation();
    await until(() => expect(dialogText()).not.toBeNull());
    expect(nav.current).toBe('service-user');
    expect(window.location.hash).toBe(`#/service-user?profile=${PROFILE.id}&id=su-1`);
    dialogButton('Leave').click();
    await until(() => expect(nav.current).toBe('audit'));
  });

  it('another profile chosen in the header: asked first, the header keeps this profile until Leave', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    const nav = useNavStore();
    const profiles = useProfilesStore();
    profiles.profiles = [PROFILE, { ...PROFILE, id: 'p2', name: 'Demo' }];
    profiles.select(PROFILE.id);
    await nextTick();
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'description').setValue('Signs nightlies too');

    profiles.select('p2');
    await until(() => expect(dialogText()).toContain('it will be lost'));
    expect(profiles.current?.id).toBe(PROFILE.id);
    dialogButton('Stay').click();
    await until(() => expect(dialogText()).toBeNull());
    expect(profiles.current?.id).toBe(PROFILE.id);
    expect(nav.current).toBe('service-user');

    profiles.select('p2');
    await until(() => expect(dialogText()).not.toBeNull());
    dialogButton('Leave').click();
    await until(() => expect(nav.current).toBe('service-users'));
    w.unmount();
    w = null;
    expect(profiles.current?.id).toBe('p2');
  });

  it('nothing typed: leaves at once', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    const nav = useNavStore();
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'sd-back').trigger('click');
    await until(() => expect(nav.current).toBe('service-users'));
    expect(dialogText()).toBeNull();
  });

  it('a change on review asks before leaving', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    const nav = useNavStore();
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'preset-30d').trigger('click');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    nav.go('drafts');
    await until(() => expect(dialogText()).toContain('it will be lost'));
    expect(nav.current).toBe('service-user');
  });

  it('the browser harness asks before the tab closes while a change is typed', async () => {
    detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    const clean = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(clean);
    expect(clean.defaultPrevented).toBe(false);
    await byTestId(x, 'email').setValue('team@example.com');
    const typed = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(typed);
    expect(typed.defaultPrevented).toBe(true);
  });
});

describe('LeaveGuard: a prepared change waiting for Send', () => {
  it('says it is kept; another parameter of the same page does not count as leaving', async () => {
    window.location.hash = `#/service-user?profile=${PROFILE.id}&id=su-1`;
    const pinia = createPinia();
    setActivePinia(pinia);
    useAppStore().info = { name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' };
    const nav = useNavStore();
    w = mount(LeaveGuard, {
      props: { risk: 'kept' },
      global: { plugins: [pinia, createAppI18n('en')] },
      attachTo: document.body,
    });
    nav.go('service-user', { profile: PROFILE.id, id: 'su-1', action: 'issue-token' });
    expect(nav.params.action).toBe('issue-token');
    expect(dialogText()).toBeNull();

    nav.go('service-users');
    await until(() =>
      expect(dialogText()).toBe(
        'Your change is kept as a prepared change. Nothing reaches DigiCert ONE until you press Send on this service user’s page.',
      ),
    );
    expect(nav.current).toBe('service-user');
    // Kept: closing the tab is not asked about.
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(false);
    dialogButton('Leave').click();
    await until(() => expect(nav.current).toBe('service-users'));

    await w.setProps({ risk: null });
    nav.go('service-user', { profile: PROFILE.id, id: 'su-2' });
    expect(nav.params.id).toBe('su-2');
    expect(dialogText()).toBeNull();
  });
});

describe('leaving with a prepared change waiting for Send', () => {
  it('offline: prepared here, the app says it is kept before leaving', async () => {
    const core = detailsCore({ state: 'offline' });
    w = await mountDetails();
    const x = w;
    const nav = useNavStore();
    await until(() => findTestId(x, 'sd-offline-note').exists());
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'preset-30d').trigger('click');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    await byTestId(x, 'sd-review-confirm').trigger('click');
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('queued'));

    await byTestId(x, 'sd-back').trigger('click');
    await until(() => expect(dialogText()).toContain('Your change is kept as a prepared change.'));
    expect(nav.current).toBe('service-user');
    dialogButton('Leave').click();
    await until(() => expect(nav.current).toBe('service-users'));
    expect(core.operations.map((op) => op.state)).toEqual(['queued']);
  });
});
