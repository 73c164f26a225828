import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { HANDLE, TOKEN, byTestId, fakeCore, fillDetails, findTestId, mountWizard, next, tokenInfo, until, wait } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

async function createdToken(x: VueWrapper, saveToKeychain = false) {
  await fillDetails(x);
  await next(x);
  await x.get('[data-role="Default user"]').setValue(true);
  await x.get('[data-role="Auditor"]').setValue(true);
  await next(x);
  if (!saveToKeychain) await byTestId(x, 'save-to-keychain').setValue(false);
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
    await wait(10);
    expect(core.callsTo('token.reveal')).toEqual([{ handle: HANDLE }]);
    expect(byTestId(w, 'token-value').text()).toBe(TOKEN);

    await byTestId(w, 'token-hide').trigger('click');
    await wait(10);
    expect(byTestId(w, 'token-value').attributes('data-masked')).toBe('true');
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('Copy goes through main by handle and shows a visible countdown until the clipboard is cleared', async () => {
    const core = fakeCore({
      extra: { 'token.copy': () => ({ ok: true, value: { clearsAt: new Date(Date.now() + 1200).toISOString(), seconds: 30 } }) },
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    await byTestId(w, 'token-copy').trigger('click');
    await wait(10);
    expect(core.callsTo('token.copy')).toEqual([{ handle: HANDLE }]);
    expect(core.callsTo('token.reveal')).toEqual([]); // copying never brings the value to the renderer
    const countdown = byTestId(w, 'copy-countdown');
    expect(countdown.attributes('role')).toBe('timer');
    const first = Number(countdown.attributes('data-remaining'));
    expect(first).toBeGreaterThan(0);
    expect(byTestId(w, 'copy-status').text()).toMatch(/The clipboard is cleared in \d+ s\./);
    await until(() => byTestId(w!, 'copy-status').text().includes('cleared.'), 3000);
    expect(byTestId(w, 'copy-status').text()).toBe('The clipboard was cleared.');
    expect(findTestId(w, 'copy-countdown').exists()).toBe(false);
  });

  it('Save to keychain with edited names, then shows the read-back command per OS (no secret in them)', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    expect((byTestId(w, 'token-service').element as HTMLInputElement).value).toBe('DigiCert ONE service user token (one.digicert.com)');
    expect((byTestId(w, 'token-account').element as HTMLInputElement).value).toBe('deploy-bot');
    await byTestId(w, 'token-service').setValue('');
    await byTestId(w, 'token-save').trigger('click');
    await wait(10);
    expect(w.text()).toContain('Enter a service name.');
    expect(core.callsTo('token.save')).toEqual([]);
    await byTestId(w, 'token-service').setValue('ci-tokens');
    await byTestId(w, 'token-account').setValue('deploy-bot-prod');
    await byTestId(w, 'token-save').trigger('submit');
    await wait(10);
    expect(core.callsTo('token.save')).toEqual([{ handle: HANDLE, item: { service: 'ci-tokens', account: 'deploy-bot-prod' } }]);
    expect(byTestId(w, 'token-saved').text()).toContain('ci-tokens');
    const commands = w.findAll('[data-testid="read-back-command"]').map((c) => c.text());
    expect(commands).toHaveLength(3);
    expect(commands[0]).toContain('secret-tool lookup');
    for (const command of commands) expect(command).not.toContain(TOKEN);
    // Saved: Close needs no confirmation.
    await byTestId(w, 'token-close').trigger('click');
    await wait(10);
    expect(document.querySelector('dialog')).toBeNull();
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE }]);
    expect(byTestId(w, 'step-heading').text()).toBe('Service user details');
  });

  it('with "save to keychain" on at review, the token is already saved when it is first shown', async () => {
    const core = fakeCore({
      outcome: () => ({
        state: 'created',
        draftId: 'd1',
        serviceUser: {} as never,
        token: tokenInfo({
          savedTo: { service: 'DigiCert ONE service user token (one.digicert.com)', account: 'deploy-bot' },
          readBack: { linux: 'secret-tool lookup service a username b', macos: 'security …', windows: 'pwsh …' },
        }),
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, true);
    expect(core.callsTo('creation.create')[0]).toMatchObject({ saveTo: { service: 'DigiCert ONE service user token (one.digicert.com)', account: 'deploy-bot' } });
    expect(byTestId(w, 'token-saved').text()).toContain('Saved in the OS keychain');
    expect(findTestId(w, 'token-save').exists()).toBe(false);
    expect(findTestId(w, 'read-back').exists()).toBe(true);
  });

  it('Close asks for confirmation while unsaved; "Keep it open" keeps it, "Close and discard" dismisses', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    await byTestId(w, 'token-close').trigger('click');
    await wait(10);
    const dialog = () => document.querySelector('dialog');
    expect(dialog()?.textContent).toContain('Close without saving the token?');
    (Array.from(dialog()!.querySelectorAll('button')).find((b) => b.textContent?.includes('Keep it open')) as HTMLButtonElement).click();
    await wait(10);
    expect(dialog()).toBeNull();
    expect(core.callsTo('token.dismiss')).toEqual([]);
    expect(findTestId(w, 'token-panel').exists()).toBe(true);

    await byTestId(w, 'token-close').trigger('click');
    await wait(10);
    (dialog()!.querySelector('[data-testid="confirm"]') as HTMLButtonElement).click();
    await wait(20);
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'discarded' }]);
    expect(findTestId(w, 'token-panel').exists()).toBe(false);
  });

  it('"I stored it elsewhere" lets Close go without asking', async () => {
    const core = fakeCore();
    w = await mountWizard(NewServiceUserView);
    await createdToken(w);
    await byTestId(w, 'stored-elsewhere').setValue(true);
    await byTestId(w, 'token-close').trigger('click');
    await wait(10);
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
    await wait(10);
    expect(leave()).toBe(false);
  });

  it('a token still held by main for this draft is shown again after a reload', async () => {
    fakeCore({ extra: { 'token.pending': () => ({ ok: true, value: [tokenInfo({ draftId: 'other', friendlyName: 'older-bot' })] }) } });
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'other-pending-token').text()).toContain('older-bot');
    await w.get('[data-testid="other-pending-token"] button').trigger('click');
    await wait(10);
    expect(byTestId(w, 'step-heading').text()).toBe('API token for “older-bot”');
  });
});
