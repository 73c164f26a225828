import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditFilters from '../../renderer/src/components/audit/AuditFilters.vue';
import ProfileSwitcher from '../../renderer/src/components/ProfileSwitcher.vue';
import ProfilesView from '../../renderer/src/views/ProfilesView.vue';
import { useProfilesStore } from '../../renderer/src/stores/profiles';
import { SANDBOX_DISPLAY_URL, SANDBOX_PROFILE_NAME, type Profile } from '../../shared/profiles';
import { installFakeApi, mountWith, until } from './helpers';
import { PROFILE, SANDBOX } from './drafts/fakes';

/** Issue 15 item 9: the built-in sandbox's stored English name and address are shown in the UI language. */
const BUILT_IN: Profile = { ...SANDBOX, name: SANDBOX_PROFILE_NAME, baseUrl: SANDBOX_DISPLAY_URL };

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

function fakeCore(profiles: Profile[]) {
  installFakeApi({
    'profiles.list': () => ({ ok: true, value: profiles }),
    'sandbox.status': () => ({ ok: true, value: { running: true } }),
  });
}

describe('the built-in sandbox profile in German', () => {
  it('the picker and the audit filter name it "Sandbox (lokal)"', async () => {
    fakeCore([BUILT_IN, PROFILE]);
    w = mountWith(ProfileSwitcher, { locale: 'de' });
    await useProfilesStore().load();
    await until(() => expect(w!.findAll('option').map((o) => o.text())).toEqual(['Sandbox (lokal)', 'Production US']));
    w.unmount();

    w = mountWith(AuditFilters, { props: { profiles: [BUILT_IN, PROFILE] }, locale: 'de' });
    expect(w.findAll('[data-testid="audit-profile"] option').map((o) => o.text())).toEqual([
      'Alle Profile',
      'Sandbox (lokal)',
      'Production US',
    ]);
  });

  it('the profile card shows the German name and address; English shows the stored ones', async () => {
    fakeCore([BUILT_IN]);
    w = mountWith(ProfilesView, { locale: 'de' });
    await useProfilesStore().load();
    const card = await until(() => w!.get(`li.profile-item[data-profile="${SANDBOX_PROFILE_NAME}"]`));
    expect(card.get('.profile-name').text()).toContain('Sandbox (lokal)');
    expect(card.get('[data-testid="profile-address"]').text()).toBe('http://127.0.0.1 (lokale Sandbox)');
    w.unmount();

    w = mountWith(ProfilesView, { locale: 'en' });
    await useProfilesStore().load();
    const english = await until(() => w!.get('li.profile-item'));
    expect(english.get('.profile-name').text()).toContain('Sandbox (local)');
    expect(english.get('[data-testid="profile-address"]').text()).toBe('http://127.0.0.1 (local sandbox)');
  });

  it('a name the admin gave is shown as it is', async () => {
    fakeCore([{ ...BUILT_IN, name: 'Übungsumgebung' }]);
    w = mountWith(ProfileSwitcher, { locale: 'de' });
    await useProfilesStore().load();
    await until(() => expect(w!.findAll('option').map((o) => o.text())).toEqual(['Übungsumgebung']));
  });
});
