import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useWizardStore } from '../../../renderer/src/stores/wizard';
import { byTestId, fakeCore, findTestId, mountWizard, referenceData, snapshot, until } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

describe('one owner of the reference snapshot', () => {
  it('the wizard shows what the connectivity store holds: a snapshot applied there turns it offline and back', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    const connectivity = useConnectivityStore();
    expect(findTestId(w, 'reference-as-of').exists()).toBe(true);
    expect(findTestId(w, 'offline-banner').exists()).toBe(false);
    // The wizard store holds no copy of its own.
    expect(useWizardStore()).not.toHaveProperty('reference');

    await connectivity.apply(snapshot('offline'));
    await until(() => expect(byTestId(w!, 'offline-banner').text()).toContain('Offline — data as of Mar 1, 2026'));

    await connectivity.apply(snapshot('online'));
    await until(() => findTestId(w!, 'reference-as-of').exists() && !findTestId(w!, 'offline-banner').exists());
  });

  it('a snapshot of another profile is dropped', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    const connectivity = useConnectivityStore();
    const before = connectivity.snapshot;
    await connectivity.apply({ ...snapshot('offline'), profileId: 'someone-else' });
    expect(connectivity.snapshot).toBe(before);
    expect(connectivity.offline).toBe(false);
  });

  it('opening the wizard on a profile never fetched fetches its reference data once', async () => {
    const fetched = snapshot('online');
    const core = fakeCore({
      extra: {
        'reference.get': () => ({ ok: true, value: snapshot('online', null) }),
        'reference.refresh': () => ({ ok: true, value: fetched }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    expect(core.callsTo('reference.refresh')).toHaveLength(1);
    expect(useConnectivityStore().snapshot?.data).toEqual(referenceData());
  });

  it('offline and never fetched: nothing is fetched and the wizard says there is no data', async () => {
    const core = fakeCore({ reference: snapshot('offline', null) });
    w = await mountWizard(NewServiceUserView);
    expect(findTestId(w, 'reference-missing').exists()).toBe(true);
    expect(core.callsTo('reference.refresh')).toEqual([]);
  });
});
