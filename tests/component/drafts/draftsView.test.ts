import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import DraftsView from '../../../renderer/src/views/DraftsView.vue';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import type { CreationOutcome } from '../../../shared/creation';
import { mountWith, until } from '../helpers';
import { draft, fakeDrafts, snapshot, PROFILE } from './fakes';

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  useConnectivityStore().stop();
  w?.unmount();
  w = null;
  window.location.hash = '';
});

/** Mounts the list and waits until it is shown and the core has answered everything it was asked. */
async function mountDrafts(api: ReturnType<typeof fakeDrafts>['api'], locale: 'en' | 'de' = 'en') {
  w = mountWith(DraftsView, { locale });
  await useProfilesStore().load();
  await until(() => {
    w!.get('[data-testid="drafts-count"]');
    expect(useConnectivityStore().snapshot).not.toBeNull();
    return api.answeredAll();
  });
  return w;
}
const items = (x: VueWrapper) => x.findAll('[data-testid="draft-item"]');
const names = (x: VueWrapper) => items(x).map((i) => i.get('[data-testid="draft-name"]').text());
const item = (x: VueWrapper, id: string) => x.get(`[data-draft-id="${id}"]`);

const base = () => [
  draft('d1', 'alpha-bot', 'editing', { step: 1, updatedAt: new Date(Date.now() - 3 * 60_000).toISOString() }),
  draft('d2', 'beta-bot', 'ready', { step: 2, updatedAt: new Date(Date.now() - 60 * 60_000).toISOString() }),
  draft('d3', 'gamma-bot', 'failed', {
    failureCode: 'validation_failed',
    updatedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  }),
];

describe('Drafts list', () => {
  it('lists the open drafts of the current profile with name, step, state and last change (relative + exact)', async () => {
    const { api } = fakeDrafts(base());
    await mountDrafts(api);
    expect(api.callsTo('drafts.list')[0]).toEqual({
      profileId: PROFILE.id,
      sort: 'updated',
      direction: 'desc',
      status: 'open',
    });
    expect(names(w!)).toEqual(['alpha-bot', 'beta-bot', 'gamma-bot']);
    const first = item(w!, 'd1');
    expect(first.get('[data-testid="draft-step"]').text()).toBe('Step 2 of 5: Roles and permissions');
    expect(first.get('[data-testid="draft-state"]').text()).toBe('Editing');
    const time = first.get('[data-testid="draft-updated"] time');
    expect(time.text()).toMatch(/^3 minutes ago · /);
    expect(time.attributes('datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(time.attributes('title')).toMatch(/UTC$/);
    expect(w!.get('[data-testid="drafts-count"]').text()).toBe('3 drafts');
  });

  it('searches by name and sorts by the chosen key and direction', async () => {
    const { api } = fakeDrafts(base());
    await mountDrafts(api);
    const searched = () => api.callsTo('drafts.list').filter((q) => (q as { search?: string }).search);
    // The search is debounced: the fake clock decides when the pause in typing is over.
    vi.useFakeTimers();
    await w!.get('[data-testid="drafts-search"]').setValue('GAM');
    expect(searched()).toEqual([]);
    await vi.runOnlyPendingTimersAsync();
    await until(() => expect(names(w!)).toEqual(['gamma-bot']));
    expect(api.callsTo('drafts.list').at(-1)).toMatchObject({ search: 'GAM' });

    await w!.get('[data-testid="drafts-search"]').setValue('');
    await vi.runOnlyPendingTimersAsync();
    await until(() => expect(names(w!)).toEqual(['alpha-bot', 'beta-bot', 'gamma-bot']));
    await w!.get('[data-testid="drafts-sort"]').setValue('name_asc');
    await until(() => {
      expect(api.callsTo('drafts.list').at(-1)).toMatchObject({ sort: 'name', direction: 'asc' });
      return api.answeredAll();
    });
    expect(names(w!)).toEqual(['alpha-bot', 'beta-bot', 'gamma-bot']);
    await w!.get('[data-testid="drafts-sort"]').setValue('step_desc');
    await until(() => expect(names(w!)).toEqual(['beta-bot', 'alpha-bot', 'gamma-bot']));
    expect(api.callsTo('drafts.list').at(-1)).toMatchObject({ sort: 'step', direction: 'desc' });
  });

  it('shows a truthful label for every state, the failure reason, and the token-lost explanation', async () => {
    const record = { serviceUserId: 'su-77', name: 'lost-bot', at: '2026-02-01T08:00:00.000Z', by: 'alice' };
    const { api } = fakeDrafts([
      ...base(),
      draft('d4', 'delta-bot', 'sending'),
      draft('d5', 'done-bot', 'created', { created: { ...record, serviceUserId: 'su-42', name: 'done-bot' } }),
      draft('d6', 'lost-bot', 'created_token_lost', { created: record }),
    ]);
    await mountDrafts(api);
    const label = (id: string) => item(w!, id).get('[data-testid="draft-state"]').text();
    expect(label('d1')).toBe('Editing');
    expect(label('d2')).toBe('Ready to create');
    expect(label('d3')).toBe('Failed');
    expect(label('d4')).toBe('Sent — outcome not confirmed');
    expect(item(w!, 'd3').get('[data-testid="draft-failure"]').text()).toBe(
      'Not created: DigiCert ONE rejected some of the values.',
    );
    expect(item(w!, 'd4').get('[data-testid="draft-help"]').text()).toContain('check with DigiCert ONE first');
    expect(item(w!, 'd4').find('[data-testid="draft-delete"]').exists()).toBe(false);
    expect(item(w!, 'd4').find('[data-testid="draft-check"]').exists()).toBe(true);
    // Created records leave the open list...
    expect(w!.find('[data-draft-id="d5"]').exists()).toBe(false);

    // ...and show under "Created", with id, when and by whom.
    await w!.get('[data-testid="tab-created"]').setValue(true);
    await until(() => expect(names(w!).sort()).toEqual(['done-bot', 'lost-bot']));
    expect(label('d5')).toBe('Created');
    expect(item(w!, 'd5').get('[data-testid="created-id"]').text()).toBe('su-42');
    expect(item(w!, 'd5').get('[data-testid="created-by"]').text()).toBe('alice');
    expect(item(w!, 'd5').get('[data-testid="created-at"] time').attributes('datetime')).toBe(record.at);
    expect(label('d6')).toBe('Created — token not received');
    const lost = item(w!, 'd6').get('[data-testid="draft-token-lost"]').text();
    expect(lost).toContain('can never be recovered');
    expect(lost).toContain('delete the service user “lost-bot” in DigiCert ONE and create it again');
    expect(lost).toContain('issue a new token');
    expect(item(w!, 'd6').find('[data-testid="draft-resume"]').exists()).toBe(false);
  });

  it('states are translated into German', async () => {
    const { api } = fakeDrafts([
      draft('d6', 'lost-bot', 'created_token_lost', {
        created: { serviceUserId: 'x', name: 'lost-bot', at: '2026-02-01T08:00:00Z', by: 'bob' },
      }),
    ]);
    await mountDrafts(api, 'de');
    await w!.get('[data-testid="tab-created"]').setValue(true);
    await until(() => expect(w!.get('[data-testid="draft-state"]').text()).toBe('Angelegt — Token nicht erhalten'));
    expect(w!.get('[data-testid="draft-token-lost"]').text()).toContain('lässt sich nie wiederherstellen');
  });

  it('Resume opens the wizard with the draft (#/new?draft=<id>)', async () => {
    const { api } = fakeDrafts(base());
    await mountDrafts(api);
    await item(w!, 'd1').get('[data-testid="draft-resume"]').trigger('click');
    expect(useNavStore().current).toBe('new');
    expect(useNavStore().params).toEqual({ draft: 'd1' });
    expect(window.location.hash).toBe('#/new?draft=d1');
  });

  it('Use as template duplicates the draft and announces the copy', async () => {
    const { api } = fakeDrafts(base());
    await mountDrafts(api);
    await item(w!, 'd3').get('[data-testid="draft-duplicate"]').trigger('click');
    // Last step of duplicating: the copy's Resume button has the focus.
    await until(() =>
      expect(document.activeElement).toBe(item(w!, 'copy-1').get('[data-testid="draft-resume"]').element),
    );
    expect(api.callsTo('drafts.duplicate')).toEqual([{ id: 'd3' }]);
    expect(names(w!)[0]).toBe('gamma-bot (copy)');
    expect(w!.get('[data-testid="drafts-status"]').text()).toBe(
      'Copy “gamma-bot (copy)” created. It is at the top of the list.',
    );
    expect(w!.get('[data-testid="drafts-status"]').attributes('role')).toBe('status');
  });

  it('Delete removes the draft and offers Undo (focused), which brings it back', async () => {
    const { api } = fakeDrafts(base());
    await mountDrafts(api);
    await item(w!, 'd2').get('[data-testid="draft-delete"]').trigger('click');
    await until(() => expect(document.activeElement).toBe(w!.find('[data-testid="draft-undo"]').element));
    expect(api.callsTo('drafts.delete')).toEqual([{ id: 'd2' }]);
    expect(names(w!)).toEqual(['alpha-bot', 'gamma-bot']);
    const region = w!.get('[data-testid="undo-region"]');
    expect(region.attributes('role')).toBe('status');
    expect(region.text()).toContain('Draft “beta-bot” deleted.');

    await w!.get('[data-testid="draft-undo"]').trigger('click');
    await until(() => expect(document.activeElement).toBe(item(w!, 'd2').get('[data-testid="draft-resume"]').element));
    expect(api.callsTo('drafts.undoDelete')).toEqual([{ id: 'd2' }]);
    expect(names(w!)).toEqual(['alpha-bot', 'beta-bot', 'gamma-bot']);
    expect(w!.find('[data-testid="draft-undo"]').exists()).toBe(false);
    expect(w!.get('[data-testid="drafts-status"]').text()).toBe('Draft “beta-bot” restored.');
  });

  it('says which choices need a new decision when the reference data changed', async () => {
    const { api } = fakeDrafts([
      draft(
        'd1',
        'taken-name',
        'editing',
        {},
        { accountIds: ['a1', 'gone'], managers: [{ managerId: 'am', roleIds: ['r1', 'r-old'] }] },
      ),
    ]);
    await mountDrafts(api);
    const problems = await until(() => item(w!, 'd1').get('[data-testid="draft-problems"]'));
    expect(problems.findAll('li').map((li) => li.attributes('data-code'))).toEqual([
      'name_taken',
      'account_gone',
      'role_gone',
    ]);
    expect(problems.text()).toContain('An account is no longer available');
  });

  it('"Create now" is offered for ready drafts only when the profile answers', async () => {
    const state = 'offline' as const;
    const { api } = fakeDrafts(base(), {}, () => snapshot(state));
    await mountDrafts(api);
    const button = item(w!, 'd2').get('[data-testid="draft-create"]');
    expect(button.attributes('disabled')).toBeDefined();
    expect(item(w!, 'd2').text()).toContain('You can create it when Production US answers again.');
  });

  it('"Create now" asks first, creates, and opens the wizard to show the token', async () => {
    const outcome: CreationOutcome = {
      state: 'created',
      draftId: 'd2',
      serviceUser: { id: 'su-1', friendlyName: 'beta-bot' } as never,
      token: { handle: 'h'.repeat(32) } as never,
    };
    const { api } = fakeDrafts(base(), { 'creation.create': () => ({ ok: true, value: outcome }) });
    await mountDrafts(api);
    await item(w!, 'd2').get('[data-testid="draft-create"]').trigger('click');
    const dialog = await until(() => w!.get('dialog'));
    expect(api.callsTo('creation.create')).toEqual([]);
    expect(dialog.text()).toContain('Create “beta-bot” in DigiCert ONE?');
    expect(dialog.text()).toContain('shown on the next screen, once');
    await w!.get('[data-testid="confirm"]').trigger('click');
    await until(() => expect(useNavStore().current).toBe('new'));
    expect(api.callsTo('creation.create')).toEqual([{ draftId: 'd2' }]);
    expect(useNavStore().params).toEqual({ draft: 'd2' });
  });

  it('"Create now" with the keychain option saves straight to the keychain', async () => {
    const { api } = fakeDrafts([draft('d2', 'beta-bot', 'ready', {}, { saveToKeychain: true })], {
      'creation.create': () => ({
        ok: true,
        value: { state: 'failed', draftId: 'd2', error: { code: 'duplicate_name', message: 'dup' } },
      }),
    });
    await mountDrafts(api);
    await item(w!, 'd2').get('[data-testid="draft-create"]').trigger('click');
    await until(() => expect(w!.get('dialog').text()).toContain('saved straight to the OS keychain'));
    await w!.get('[data-testid="confirm"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="drafts-error"]').text()).toBe(
        '“beta-bot” was not created: That name is already in use in DigiCert ONE.',
      ),
    );
    expect(api.callsTo('creation.create')).toEqual([
      {
        draftId: 'd2',
        saveTo: { service: 'DigiCert ONE service user token (Production US · one.digicert.com)', account: 'beta-bot' },
      },
    ]);
    expect(useNavStore().current).not.toBe('new');
  });

  it('"Create now" saves to the keychain item typed on the draft\'s review step', async () => {
    const typed = { service: 'ci-tokens', account: 'beta-bot-prod' };
    const { api } = fakeDrafts([draft('d2', 'beta-bot', 'ready', {}, { saveToKeychain: true, keychainItem: typed })], {
      'creation.create': () => ({
        ok: true,
        value: { state: 'failed', draftId: 'd2', error: { code: 'duplicate_name', message: 'dup' } },
      }),
    });
    await mountDrafts(api);
    await item(w!, 'd2').get('[data-testid="draft-create"]').trigger('click');
    const confirm = await until(() => w!.get('[data-testid="confirm"]'));
    await confirm.trigger('click');
    await until(() => w!.get('[data-testid="drafts-error"]'));
    expect(api.callsTo('creation.create')).toEqual([{ draftId: 'd2', saveTo: typed }]);
  });

  it('"Check with DigiCert" reconciles a sending draft and reports what became of it', async () => {
    const { api, drafts } = fakeDrafts([draft('d4', 'delta-bot', 'sending')], {
      'creation.reconcile': () => {
        drafts.get('d4')!.state = 'created_token_lost';
        return {
          ok: true,
          value: [{ state: 'created_token_lost', draftId: 'd4', serviceUserId: 'su-9', friendlyName: 'delta-bot' }],
        };
      },
    });
    await mountDrafts(api);
    await item(w!, 'd4').get('[data-testid="draft-check"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="drafts-error"]').text()).toBe(
        '“delta-bot” exists in DigiCert ONE, but its token was not received.',
      ),
    );
    await until(() => expect(w!.find('[data-draft-id="d4"]').exists()).toBe(false));
    expect(api.callsTo('creation.reconcile')).toEqual([{ profileId: PROFILE.id }]);
  });
});
