import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import ProfileSwitcher from '../../renderer/src/components/ProfileSwitcher.vue';
import ProfilesView from '../../renderer/src/views/ProfilesView.vue';
import { useConnectivityStore } from '../../renderer/src/stores/connectivity';
import { useNavStore } from '../../renderer/src/stores/nav';
import { useProfilesStore } from '../../renderer/src/stores/profiles';
import type { Profile } from '../../shared/profiles';
import { installFakeApi, mountWith, until } from './helpers';
import { PROFILE, SANDBOX, snapshot } from './drafts/fakes';

/** Issue 15 items 7 and 8: the profile picker and the sandbox badge's menu; the first-run card. */
let w: VueWrapper | null = null;
afterEach(() => {
  useConnectivityStore().stop();
  w?.unmount();
  w = null;
  window.location.hash = '';
  localStorage.clear();
});

function fakeCore(profiles: Profile[]) {
  let running = true;
  return installFakeApi({
    'profiles.list': () => ({ ok: true, value: profiles }),
    'reference.get': () => ({ ok: true, value: { ...snapshot('online'), profileId: SANDBOX.id } }),
    'reference.refresh': () => ({
      ok: true,
      value: { ...snapshot(running ? 'online' : 'offline'), profileId: SANDBOX.id },
    }),
    'sandbox.status': () => ({ ok: true, value: { running } }),
    'sandbox.setRunning': ({ running: next }: { running: boolean }) => {
      running = next;
      return { ok: true, value: { running } };
    },
  });
}

describe('profile picker', () => {
  it('lists profile names only; the sandbox status is the badge beside it', async () => {
    fakeCore([SANDBOX, PROFILE]);
    w = mountWith(ProfileSwitcher);
    await useProfilesStore().load();
    await until(() => expect(w!.findAll('option')).toHaveLength(2));
    expect(w.findAll('option').map((o) => o.text())).toEqual(['Sandbox', 'Production US']);
    expect(w.get('[data-testid="sandbox-badge"]').text()).toBe('Sandbox — not connected to DigiCert');

    await w.get('select').setValue(PROFILE.id);
    await until(() => expect(w!.find('[data-testid="sandbox-badge"]').exists()).toBe(false));
  });

  it('the sandbox badge opens a menu that says what taking the sandbox offline does', async () => {
    const api = fakeCore([SANDBOX]);
    w = mountWith(ProfileSwitcher);
    await useProfilesStore().load();
    const badge = await until(() => w!.get('[data-testid="sandbox-badge"]'));
    await until(() => expect(w!.get('[data-testid="sandbox-switch"]').attributes('data-running')).toBe('true'));
    expect(w.find('[data-testid="sandbox-toggle"]').exists()).toBe(false);
    expect(badge.attributes('aria-expanded')).toBe('false');

    await badge.trigger('click');
    const menu = await until(() => w!.get('[data-testid="sandbox-details"]'));
    expect(badge.attributes('aria-expanded')).toBe('true');
    expect(menu.text()).toContain('Nothing you do with it reaches DigiCert.');
    expect(menu.text()).toContain('Taking the sandbox offline stops that stand-in tenant');
    expect(w.get('[data-testid="sandbox-state"]').text()).toBe('The built-in sandbox tenant is running.');

    // The shell's status line follows the current profile (OfflineBanner does this in the app).
    await useConnectivityStore().watchProfile(SANDBOX.id);
    const toggle = w.get('[data-testid="sandbox-toggle"]');
    expect(toggle.text()).toBe('Take sandbox offline');
    await toggle.trigger('click');
    // "Switching…" until the switch and the new check are done.
    await until(() => expect(w!.get('[data-testid="sandbox-toggle"]').text()).toBe('Bring sandbox online'));
    expect(api.callsTo('sandbox.setRunning')).toEqual([{ running: false }]);
    expect(api.callsTo('reference.refresh')).toEqual([{ profileId: SANDBOX.id }]);
    expect(w.get('[data-testid="sandbox-switch"]').attributes('data-running')).toBe('false');

    // Escape closes it wherever focus is, and focus goes back to the badge.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await until(() => expect(w!.find('[data-testid="sandbox-details"]').exists()).toBe(false));
    expect(document.activeElement).toBe(badge.element);
  });
});

describe('first run', () => {
  it('offers the sandbox wizard and "Add profile" until a DigiCert ONE profile exists', async () => {
    fakeCore([SANDBOX]);
    w = mountWith(ProfilesView);
    await useProfilesStore().load();
    const card = await until(() => w!.get('[data-testid="getting-started"]'));
    expect(card.text()).toContain('Practise in the sandbox');
    expect(card.text()).toContain('Connect DigiCert ONE');

    await w.get('[data-testid="getting-started-connect"]').trigger('click');
    await until(() => w!.get('[data-testid="profile-form"]'));
    expect(w.find('[data-testid="getting-started"]').exists()).toBe(false);
  });

  it('"New service user" selects the sandbox and opens the wizard', async () => {
    fakeCore([SANDBOX]);
    w = mountWith(ProfilesView);
    await useProfilesStore().load();
    await (await until(() => w!.get('[data-testid="getting-started-sandbox"]'))).trigger('click');
    expect(useNavStore().current).toBe('new');
    expect(useProfilesStore().current?.id).toBe(SANDBOX.id);
  });

  it('is gone once a DigiCert ONE profile exists', async () => {
    const api = fakeCore([SANDBOX, PROFILE]);
    w = mountWith(ProfilesView);
    await useProfilesStore().load();
    await until(() => w!.get('[data-testid="profile-list"]'));
    await until(() => api.answeredAll());
    expect(w.find('[data-testid="getting-started"]').exists()).toBe(false);
  });
});
