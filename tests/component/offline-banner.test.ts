import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import OfflineBanner from '../../renderer/src/components/OfflineBanner.vue';
import { useConnectivityStore } from '../../renderer/src/stores/connectivity';
import { useNavStore } from '../../renderer/src/stores/nav';
import { useProfilesStore } from '../../renderer/src/stores/profiles';
import { useSandboxStore } from '../../renderer/src/stores/sandbox';
import type { ReferenceSnapshot } from '../../shared/reference';
import { installFakeApi, mountWith, until } from './helpers';
import { draft, PROFILE, SANDBOX, snapshot } from './drafts/fakes';

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  useConnectivityStore().stop();
  w?.unmount();
  w = null;
  window.location.hash = '';
});

const REFRESHED = '2026-03-04T09:15:00.000Z';
/** Later than the fakes' checkedAt: what core's monitor found next. */
const LATER = '2026-03-04T10:05:00.000Z';
const changed = (
  state: 'online' | 'offline',
  extra: Partial<ReferenceSnapshot['connectivity']> = {},
  profileId = PROFILE.id,
) =>
  ({
    name: 'connectivity.changed',
    payload: {
      profileId,
      connectivity: {
        state,
        checkedAt: LATER,
        lastError: state === 'offline' ? 'offline' : null,
        nextAttemptAt: null,
        ...extra,
      },
    },
  }) as const;
const localDate = (iso: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

function fakeCore(first: ReferenceSnapshot, opts: { profiles?: unknown[]; ready?: number } = {}) {
  let current = first;
  let running = true;
  const api = installFakeApi({
    'profiles.list': () => ({ ok: true, value: opts.profiles ?? [PROFILE] }),
    'reference.get': () => ({ ok: true, value: current }),
    'reference.refresh': () => ({ ok: true, value: current }),
    'drafts.list': () => ({
      ok: true,
      value: Array.from({ length: opts.ready ?? 0 }, (_, i) => draft(`r${i}`, `ready-${i}`, 'ready')),
    }),
    'sandbox.status': () => ({ ok: true, value: { running } }),
    'sandbox.setRunning': ({ running: next }: { running: boolean }) => {
      running = next;
      current = { ...snapshot(next ? 'online' : 'offline', {}, REFRESHED), profileId: SANDBOX.id };
      return { ok: true, value: { running } };
    },
  });
  return { api, set: (next: ReferenceSnapshot) => (current = next) };
}

/** Mounts the banner and waits until the first answer about the current profile is in. */
async function mountBanner(locale: 'en' | 'de' = 'en') {
  w = mountWith(OfflineBanner, { locale });
  await useProfilesStore().load();
  await until(() => expect(useConnectivityStore().snapshot?.profileId).toBe(useProfilesStore().current?.id));
  return w;
}

describe('offline banner', () => {
  it('says "Offline — data as of <refreshedAt>" with the reason and the next attempt', async () => {
    const next = new Date(Date.now() + 125_000).toISOString();
    const { api } = fakeCore(snapshot('offline', { lastError: 'dns_failed', nextAttemptAt: next }, REFRESHED));
    await mountBanner();
    expect(w!.get('[data-testid="shell-offline-banner"]').text()).toBe(`Offline — data as of ${localDate(REFRESHED)}`);
    expect(w!.get('[data-testid="offline-details"]').text()).toContain('Production US does not answer.');
    expect(w!.get('[data-testid="offline-reason"]').text()).toContain('The DigiCert ONE address could not be found.');
    expect(w!.get('[data-testid="offline-next"]').text()).toMatch(/^Next automatic attempt in 2 minutes \(/);
    expect(w!.get('[data-testid="connectivity-announcement"]').text()).toBe(
      `Offline — data as of ${localDate(REFRESHED)}`,
    );
    expect(api.callsTo('reference.get')).toEqual([{ profileId: PROFILE.id }]);
  });

  it('polls nothing: one reference.get, then no timer asks core again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { api } = fakeCore(snapshot('offline', {}, REFRESHED));
    await mountBanner();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(api.callsTo('reference.get')).toEqual([{ profileId: PROFILE.id }]);
    expect(api.callsTo('reference.refresh')).toEqual([]);
  });

  it("follows core's connectivity.changed events: the banner comes and goes without a request", async () => {
    const { api } = fakeCore(snapshot('online', {}, REFRESHED), { ready: 1 });
    await mountBanner();
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(false);

    api.emit(changed('offline', { lastError: 'timeout' }, 'another-profile')); // not the current profile
    api.emit(changed('offline', { lastError: 'timeout' }));
    await until(() => w!.get('[data-testid="shell-offline-banner"]'));
    expect(w!.get('[data-testid="offline-title"]').text()).toBe(`Offline — data as of ${localDate(REFRESHED)}`);
    expect(w!.get('[data-testid="offline-reason"]').text()).toContain('did not answer in time');
    expect(useConnectivityStore().snapshot?.data?.refreshedAt).toBe(REFRESHED); // the data is kept

    api.emit(changed('online'));
    const back = await until(() => w!.get('[data-testid="back-online-banner"]'));
    expect(back.text()).toContain('Back online — Production US answers again.');
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(false);
    expect(api.callsTo('reference.get')).toEqual([{ profileId: PROFILE.id }]);
    expect(api.callsTo('reference.refresh')).toEqual([]);
  });

  it('an answer older than the event does not take the banner back', async () => {
    const core = fakeCore(snapshot('online', {}, REFRESHED));
    await mountBanner();
    core.api.emit(changed('offline'));
    await until(() => w!.get('[data-testid="shell-offline-banner"]'));
    await useConnectivityStore().poll(); // core's answer still says online, checked before the event's check
    await until(() => core.api.answeredAll());
    expect(useConnectivityStore().state).toBe('offline');
  });

  it('reference.refreshed: the new data is read once, and the banner shows its date', async () => {
    const NEWER = '2026-03-05T08:00:00.000Z';
    const core = fakeCore(snapshot('offline', {}, REFRESHED));
    await mountBanner();
    core.set(snapshot('offline', { checkedAt: LATER }, NEWER));
    core.api.emit({ name: 'reference.refreshed', payload: { profileId: PROFILE.id, refreshedAt: NEWER } });
    await until(() =>
      expect(w!.get('[data-testid="offline-title"]').text()).toBe(`Offline — data as of ${localDate(NEWER)}`),
    );
    core.api.emit({ name: 'reference.refreshed', payload: { profileId: PROFILE.id, refreshedAt: NEWER } }); // already held
    core.api.emit({ name: 'reference.refreshed', payload: { profileId: 'another-profile', refreshedAt: NEWER } });
    await until(() => core.api.answeredAll());
    expect(core.api.callsTo('reference.get')).toHaveLength(2);
  });

  it('"Retry now" asks DigiCert ONE again; when it answers the banner goes and "Back online" lists ready drafts', async () => {
    const core = fakeCore(snapshot('offline', {}, REFRESHED), { ready: 2 });
    await mountBanner();
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(true);

    await w!.get('[data-testid="offline-retry"]').trigger('click');
    await until(() => expect(w!.get('[data-testid="connectivity-announcement"]').text()).toContain('Still offline.'));
    expect(core.api.callsTo('reference.refresh')).toEqual([{ profileId: PROFILE.id }]);
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(true);

    core.set(snapshot('online', { checkedAt: LATER }, '2026-03-05T10:00:00.000Z'));
    core.api.emit(changed('online')); // core's own retry got an answer
    const back = await until(() => w!.get('[data-testid="back-online-banner"]'));
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(false);
    expect(back.text()).toContain('Back online — Production US answers again.');
    expect(w!.get('[data-testid="ready-count"]').text()).toBe('2 drafts are ready to create.');
    await w!.get('[data-testid="open-ready-drafts"]').trigger('click');
    expect(useNavStore().current).toBe('drafts');
    await until(() => expect(w!.find('[data-testid="back-online-banner"]').exists()).toBe(false));
  });

  it('while online the status line only says that the profile answers, with the data date', async () => {
    fakeCore(snapshot('online', {}, REFRESHED));
    await mountBanner();
    expect(w!.get('[data-testid="status-quiet"]').text()).toBe(
      `Production US answers · data as of ${localDate(REFRESHED)}`,
    );
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(false);
    expect(w!.find('[data-testid="back-online-banner"]').exists()).toBe(false);
    expect(w!.find('[data-testid="status-sandbox-online"]').exists()).toBe(false);
  });

  it('offline: the reason and the next attempt are under "Details" (Escape closes them)', async () => {
    fakeCore(snapshot('offline', { lastError: 'timeout' }, REFRESHED));
    await mountBanner();
    const details = w!.get('[data-testid="offline-details"]');
    const toggle = w!.get('[data-testid="offline-details-toggle"]');
    expect(details.isVisible()).toBe(false);
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    await until(() => expect(details.isVisible()).toBe(true));
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(details.text()).toContain('Production US does not answer.');
    await toggle.trigger('keydown', { key: 'Escape' });
    await until(() => expect(details.isVisible()).toBe(false));
  });

  it('the sandbox taken offline: the status line offers to bring it back', async () => {
    const core = fakeCore({ ...snapshot('online'), profileId: SANDBOX.id }, { profiles: [SANDBOX] });
    await mountBanner();
    expect(w!.find('[data-testid="status-sandbox-online"]').exists()).toBe(false);
    // Taken offline elsewhere (the sandbox badge's menu): the line follows core's answer.
    await useSandboxStore().setRunning(false);
    await useConnectivityStore().retry();
    const bring = await until(() => w!.get('[data-testid="status-sandbox-online"]'));
    expect(bring.text()).toBe('Bring sandbox online');
    expect(w!.get('[data-testid="offline-title"]').text()).toBe(`Offline — data as of ${localDate(REFRESHED)}`);
    await bring.trigger('click');
    await until(() => expect(w!.find('[data-testid="back-online-banner"]').exists()).toBe(true));
    expect(core.api.callsTo('sandbox.setRunning').at(-1)).toEqual({ running: true });
    expect(w!.find('[data-testid="shell-offline-banner"]').exists()).toBe(false);
  });

  it('speaks German', async () => {
    fakeCore(snapshot('offline', {}, REFRESHED));
    await mountBanner('de');
    expect(w!.get('[data-testid="offline-title"]').text()).toMatch(/^Offline — Daten vom /);
    expect(w!.get('[data-testid="offline-retry"]').text()).toBe('Jetzt erneut versuchen');
  });
});
