import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ResumeBanner from '../../../renderer/src/components/drafts/ResumeBanner.vue';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { mountWith, until } from '../helpers';
import { draft, fakeDrafts, PROFILE } from './fakes';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

/** Mounts the banner and waits until the core has answered "is there an unfinished draft?". */
async function mountBanner(api: ReturnType<typeof fakeDrafts>['api'], view: 'new' | 'drafts' = 'new') {
  w = mountWith(ResumeBanner);
  useNavStore().go(view);
  await useProfilesStore().load();
  await until(() => api.callsTo('drafts.latestUnfinished').length > 0 && api.answeredAll());
  return w;
}

describe('resume banner', () => {
  it('offers the last unfinished draft of the current profile, and Resume opens it in the wizard', async () => {
    const { api } = fakeDrafts([draft('d1', 'alpha-bot', 'editing', { step: 2 })]);
    await mountBanner(api);
    expect(api.callsTo('drafts.latestUnfinished')).toEqual([{ profileId: PROFILE.id }]);
    const banner = w!.get('[data-testid="resume-banner"]');
    expect(banner.text()).toContain('Resume your last draft?');
    expect(w!.get('[data-testid="resume-body"]').text()).toMatch(
      /^“alpha-bot” — Step 3 of 5: Review, last changed 5 minutes ago \(/,
    );
    await w!.get('[data-testid="resume-draft"]').trigger('click');
    await until(() => expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false));
    expect(useNavStore().current).toBe('new');
    expect(useNavStore().params).toEqual({ draft: 'd1' });
  });

  it('can be dismissed, and is asked only once', async () => {
    const { api } = fakeDrafts([draft('d1', 'alpha-bot', 'editing')]);
    await mountBanner(api);
    await w!.get('[data-testid="resume-dismiss"]').trigger('click');
    await until(() => expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false));
    await useProfilesStore().load();
    await until(() => api.answeredAll());
    expect(api.callsTo('drafts.latestUnfinished')).toHaveLength(1);
  });

  it('is offered only in the wizard, and only while no draft is open there', async () => {
    const { api } = fakeDrafts([draft('d1', 'alpha-bot', 'editing')]);
    await mountBanner(api, 'drafts');
    const banner = () => w!.find('[data-testid="resume-banner"]').exists();
    expect(banner()).toBe(false);
    useNavStore().go('new');
    await until(() => expect(banner()).toBe(true));
    // The admin typed a name: the wizard now has its own draft open, the offer goes.
    useNavStore().setParams({ draft: 'd9' });
    await until(() => expect(banner()).toBe(false));
    useNavStore().go('service-users');
    await until(() => expect(useNavStore().current).toBe('service-users'));
    expect(banner()).toBe(false);
  });

  it('says nothing when there is no unfinished draft', async () => {
    const { api } = fakeDrafts([draft('d5', 'done-bot', 'created')]);
    await mountBanner(api);
    expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false);
  });
});
