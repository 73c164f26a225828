import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { HANDLE, TOKEN, byTestId, fakeCore, findTestId, mountWizard, tokenInfo, until, toReview } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

async function createdToken(x: VueWrapper, saveToKeychain = false) {
  await toReview(x, { saveToKeychain });
  await byTestId(x, 'wizard-create').trigger('click');
  await until(() => findTestId(x, 'token-panel').exists());
}

describe('the token, shown once', () => {
  it('is masked by default; the renderer asks for it only on Reveal; Hide drops it from the page', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    expect(byTestId(w, 'step-heading').text()).toBe('API token for “deploy-bot”');
    expect(byTestId(w, 'token-value').attributes('data-masked')).toBe('true');
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(core.callsTo('token.reveal')).toEqual([]);

    await byTestId(w, 'token-reveal').trigger('click');
    await until(() => expect(byTestId(w!, 'token-value').text()).toBe(TOKEN));
    expect(core.callsTo('token.reveal')).toEqual([{ handle: HANDLE }]);

    await byTestId(w, 'token-hide').trigger('click');
    await until(() => expect(byTestId(w!, 'token-value').attributes('data-masked')).toBe('true'));
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('Copy goes through main by handle and shows a visible countdown until the clipboard is cleared', async () => {
    const core = fakeCore({
      extra: {
        'token.copy': () => ({
          ok: true,
          value: { clearsAt: new Date(Date.now() + 30_000).toISOString(), seconds: 30 },
        }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    // The countdown is a timer: from here the fake clock (Date too) moves only when the test says.
    vi.useFakeTimers();
    await byTestId(w, 'token-copy').trigger('click');
    const countdown = await until(() => byTestId(w!, 'copy-countdown'));
    expect(core.callsTo('token.copy')).toEqual([{ handle: HANDLE }]);
    expect(core.callsTo('token.reveal')).toEqual([]); // copying never brings the value to the renderer
    expect(countdown.attributes('role')).toBe('timer');
    const first = Number(countdown.attributes('data-remaining'));
    expect(first).toBeGreaterThan(0);
    expect(byTestId(w, 'copy-status').text()).toMatch(/The clipboard is cleared in \d+ s\./);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(Number(byTestId(w, 'copy-countdown').attributes('data-remaining'))).toBeLessThan(first);
    await vi.runAllTimersAsync(); // the countdown runs out and stops its ticker
    await until(() => expect(byTestId(w!, 'copy-status').text()).toBe('The clipboard was cleared.'));
    expect(findTestId(w, 'copy-countdown').exists()).toBe(false);
  });

  it('Save to keychain with edited names, then shows the read-back command per OS (no secret in them)', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    expect((byTestId(w, 'token-service').element as HTMLInputElement).value).toBe(
      'DigiCert ONE service user token (Production US · one.digicert.com)',
    );
    expect((byTestId(w, 'token-account').element as HTMLInputElement).value).toBe('deploy-bot');
    await byTestId(w, 'token-service').setValue('');
    await byTestId(w, 'token-save').trigger('click');
    await until(() => expect(w!.text()).toContain('Enter a service name.'));
    expect(core.callsTo('token.save')).toEqual([]);
    await byTestId(w, 'token-service').setValue('ci-tokens');
    await byTestId(w, 'token-account').setValue('deploy-bot-prod');
    await byTestId(w, 'token-save').trigger('submit');
    await until(() => expect(byTestId(w!, 'token-saved').text()).toContain('ci-tokens'));
    expect(core.callsTo('token.save')).toEqual([
      { handle: HANDLE, item: { service: 'ci-tokens', account: 'deploy-bot-prod' } },
    ]);
    const commands = w.findAll('[data-testid="read-back-command"]').map((c) => c.text());
    expect(commands).toHaveLength(3);
    expect(commands[0]).toContain('secret-tool lookup');
    for (const command of commands) expect(command).not.toContain(TOKEN);
    // Saved: Close needs no confirmation.
    await byTestId(w, 'token-close').trigger('click');
    await until(() => expect(byTestId(w!, 'step-heading').text()).toBe('Service user details'));
    expect(document.querySelector('dialog')).toBeNull();
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE }]);
  });

  it('with "save to keychain" on at review, the token is already saved when it is first shown', async () => {
    const core = fakeCore({
      outcome: () => ({
        state: 'created',
        draftId: 'd1',
        serviceUser: {} as never,
        token: tokenInfo({
          savedTo: {
            service: 'DigiCert ONE service user token (Production US · one.digicert.com)',
            account: 'deploy-bot',
          },
          readBack: { linux: 'secret-tool lookup service a username b', macos: 'security …', windows: 'pwsh …' },
        }),
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, true);
    expect(core.callsTo('creation.create')[0]).toMatchObject({
      saveTo: { service: 'DigiCert ONE service user token (Production US · one.digicert.com)', account: 'deploy-bot' },
    });
    expect(byTestId(w, 'token-saved').text()).toContain('Saved in the OS keychain');
    expect(findTestId(w, 'token-save').exists()).toBe(false);
    expect(findTestId(w, 'read-back').exists()).toBe(true);
  });

  it('Close asks for confirmation while unsaved; "Keep it open" keeps it, "Close and discard" dismisses', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    await byTestId(w, 'token-close').trigger('click');
    const dialog = () => document.querySelector('dialog');
    await until(() => expect(dialog()?.textContent).toContain('Close without saving the token?'));
    (
      Array.from(dialog()!.querySelectorAll('button')).find((b) =>
        b.textContent?.includes('Keep it open'),
      ) as HTMLButtonElement
    ).click();
    await until(() => expect(dialog()).toBeNull());
    expect(core.callsTo('token.dismiss')).toEqual([]);
    expect(findTestId(w, 'token-panel').exists()).toBe(true);

    await byTestId(w, 'token-close').trigger('click');
    const confirm = await until(() => dialog()?.querySelector<HTMLButtonElement>('[data-testid="confirm"]') ?? false);
    confirm.click();
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(false));
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'discarded' }]);
  });

  it('"I stored it elsewhere" lets Close go without asking', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    await byTestId(w, 'stored-elsewhere').setValue(true);
    await byTestId(w, 'token-close').trigger('click');
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(false));
    expect(document.querySelector('dialog')).toBeNull();
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'stored_elsewhere' }]);
  });

  it('in the harness, leaving the page is guarded while the token is unsaved', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(true);
    await byTestId(w, 'token-save').trigger('submit');
    await until(() => byTestId(w!, 'token-saved'));
    expect(leave()).toBe(false);
  });

  it('a token still held by main for this draft is shown again after a reload', async () => {
    fakeCore({
      extra: {
        'token.pending': () => ({ ok: true, value: [tokenInfo({ draftId: 'other', friendlyName: 'older-bot' })] }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'other-pending-token').text()).toContain('older-bot');
    await w.get('[data-testid="other-pending-token"] button').trigger('click');
    await until(() => expect(byTestId(w!, 'step-heading').text()).toBe('API token for “older-bot”'));
  });
});
