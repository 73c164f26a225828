import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { PROFILE, byTestId, detailsCore, mountDetails, until, user } from './detailsFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

describe('reminder mute toggle on the details view', () => {
  it('unmutes a muted user through serviceUsers.mute and offers to mute again', async () => {
    const u = user({ muted: true });
    const calls: unknown[] = [];
    detailsCore({
      user: u,
      extra: {
        'serviceUsers.mute': (req: { profileId: string; userId: string; muted: boolean }) => {
          calls.push(req);
          u.muted = req.muted;
          return { ok: true, value: { muted: req.muted } };
        },
      },
    });
    w = await mountDetails();
    const x = w;
    expect(byTestId(x, 'sd-mute-state').text()).toBe('Expiry reminders are muted for this service user.');
    expect(byTestId(x, 'sd-mute-toggle').text()).toBe('Unmute reminders');
    await byTestId(x, 'sd-mute-toggle').trigger('click');
    await until(() => expect(byTestId(x, 'sd-mute-toggle').text()).toBe('Mute reminders'));
    expect(calls).toEqual([{ profileId: PROFILE.id, userId: 'su-1', muted: false }]);
    expect(byTestId(x, 'sd-mute-status').text()).toBe('Reminders for ci-signer_prod are on again.');
    expect(byTestId(x, 'sd-mute-state').text()).toBe('Expiry reminders are on for this service user.');

    await byTestId(x, 'sd-mute-toggle').trigger('click');
    await until(() => expect(byTestId(x, 'sd-mute-toggle').text()).toBe('Unmute reminders'));
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ userId: 'su-1', muted: true });
  });

  it('shows the core refusal and leaves the state as it was', async () => {
    detailsCore({
      user: user({ muted: true }),
      extra: {
        'serviceUsers.mute': () => ({
          ok: false,
          error: { code: 'not_found', message: 'This service user is not in the saved list.' },
        }),
      },
    });
    w = await mountDetails({ locale: 'de' });
    const x = w;
    expect(byTestId(x, 'sd-mute-toggle').text()).toBe('Erinnerungen wieder einschalten');
    await byTestId(x, 'sd-mute-toggle').trigger('click');
    await until(() => expect(x.find('[data-testid="sd-mute-error"]').exists()).toBe(true));
    expect(byTestId(x, 'sd-mute-toggle').text()).toBe('Erinnerungen wieder einschalten');
  });
});
