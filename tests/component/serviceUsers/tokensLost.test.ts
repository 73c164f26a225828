import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import DraftItem from '../../../renderer/src/components/drafts/DraftItem.vue';
import CreateProgress from '../../../renderer/src/components/wizard/CreateProgress.vue';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { installFakeApi, mountWith, until } from '../helpers';
import { PROFILE } from '../fixtures';

// The details view is registered by its own change; this test needs it to exist, not its code.
vi.mock('../../../renderer/src/views/registry', async (original) => {
  const real = await original<typeof import('../../../renderer/src/views/registry')>();
  const details = {
    id: 'service-user',
    group: 'serviceUsers' as const,
    labelKey: 'x',
    load: () => Promise.resolve({ default: {} }),
  };
  return { ...real, findView: (id: string) => (id === details.id ? details : real.findView(id)) };
});

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

describe('a create that ended "created — token not received"', () => {
  it('offers "Issue a new token", which opens the user’s details with the issue dialog', async () => {
    installFakeApi({});
    w = mountWith(CreateProgress, {
      props: {
        phase: 'outcome',
        friendlyName: 'deploy-bot',
        savingToKeychain: false,
        outcome: { state: 'created_token_lost', draftId: 'd1', serviceUserId: 'su-9', friendlyName: 'deploy-bot' },
        error: null,
        cancelling: false,
        cancelled: false,
        reconciling: false,
      },
    });
    const profiles = useProfilesStore();
    profiles.profiles = [PROFILE];
    profiles.loaded = true;
    const offer = await until(
      () =>
        w!.find('[data-testid="issue-new-token-offer"]').exists() && w!.get('[data-testid="issue-new-token-offer"]'),
    );
    expect(w.get('[data-testid="outcome-token-lost"]').text()).toContain('can never be recovered');
    expect(offer.text()).toContain('issue a new token for it on its details page');
    await offer.get('[data-testid="issue-new-token"]').trigger('click');
    const nav = useNavStore();
    expect(nav.current).toBe('service-user');
    expect(nav.params).toEqual({ profile: 'p1', id: 'su-9', action: 'issue-token' });
  });

  it('any other outcome offers no new token', async () => {
    installFakeApi({});
    w = mountWith(CreateProgress, {
      props: {
        phase: 'outcome',
        friendlyName: 'deploy-bot',
        savingToKeychain: false,
        outcome: { state: 'failed', draftId: 'd1', error: { code: 'access_denied', message: 'no' } },
        error: null,
        cancelling: false,
        cancelled: false,
        reconciling: false,
      },
    });
    useProfilesStore().profiles = [PROFILE];
    await until(() => w!.find('[data-testid="outcome-failed"]').exists());
    expect(w.find('[data-testid="issue-new-token"]').exists()).toBe(false);
  });

  it('the Drafts list offers it too, for the record of that create', async () => {
    installFakeApi({});
    w = mountWith(DraftItem, {
      props: {
        draft: {
          id: 'd6',
          profileId: 'p1',
          step: 2,
          state: 'created_token_lost',
          failureCode: null,
          friendlyName: 'lost-bot',
          createdAt: '2026-03-01T10:00:00Z',
          updatedAt: '2026-03-01T10:00:00Z',
          revision: 3,
          created: { serviceUserId: 'su-7', name: 'lost-bot', at: '2026-03-01T10:00:00Z', by: 'admin' },
        },
        reachable: true,
        profileName: 'Production US',
      },
    });
    const offer = w.get('[data-testid="draft-token-lost"] [data-testid="issue-new-token"]');
    await offer.trigger('click');
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'su-7', action: 'issue-token' });
  });
});
