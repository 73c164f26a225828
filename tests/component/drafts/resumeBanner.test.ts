import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ResumeBanner from '../../../renderer/src/components/drafts/ResumeBanner.vue';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { mountWith, settle } from '../helpers';
import { draft, fakeDrafts, PROFILE } from './fakes';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

async function mountBanner() {
  w = mountWith(ResumeBanner);
  await useProfilesStore().load();
  await settle();
  return w;
}

describe('resume banner', () => {
  it('offers the last unfinished draft of the current profile, and Resume opens it in the wizard', async () => {
    const { api } = fakeDrafts([draft('d1', 'alpha-bot', 'editing', { step: 2 })]);
    await mountBanner();
    expect(api.callsTo('drafts.latestUnfinished')).toEqual([{ profileId: PROFILE.id }]);
    const banner = w!.get('[data-testid="resume-banner"]');
    expect(banner.text()).toContain('Resume your last draft?');
    expect(w!.get('[data-testid="resume-body"]').text()).toMatch(/^“alpha-bot” — Step 3 of 5: Review, last changed 5 minutes ago \(/);
    await w!.get('[data-testid="resume-draft"]').trigger('click');
    await settle();
    expect(useNavStore().current).toBe('new');
    expect(useNavStore().params).toEqual({ draft: 'd1' });
    expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false);
  });

  it('can be dismissed, and is asked only once', async () => {
    const { api } = fakeDrafts([draft('d1', 'alpha-bot', 'editing')]);
    await mountBanner();
    await w!.get('[data-testid="resume-dismiss"]').trigger('click');
    await settle();
    expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false);
    await useProfilesStore().load();
    await settle();
    expect(api.callsTo('drafts.latestUnfinished')).toHaveLength(1);
  });

  it('says nothing when there is no unfinished draft', async () => {
    fakeDrafts([draft('d5', 'done-bot', 'created')]);
    await mountBanner();
    expect(w!.find('[data-testid="resume-banner"]').exists()).toBe(false);
  });
});
