import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import type { KeychainItem } from '../../../shared/creation';
import { HANDLE, byTestId, fakeCore, findTestId, mountWizard, tokenInfo, until, toReview } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

async function createdToken(x: VueWrapper, saveToKeychain: boolean) {
  await toReview(x, { saveToKeychain });
  await byTestId(x, 'wizard-create').trigger('click');
  await until(() => findTestId(x, 'token-panel').exists());
}

/** token.save as core answers it: another value sits in `taken` unless the request says overwrite. */
function savingOver(taken: KeychainItem) {
  return {
    'token.save': ({ item, overwrite }: { item: KeychainItem; overwrite?: boolean }) =>
      item.service === taken.service && item.account === taken.account && !overwrite
        ? { ok: false as const, error: { code: 'keychain_item_exists' as const, message: 'taken' } }
        : { ok: true as const, value: { savedTo: item, readBack: { linux: 'l', macos: 'm', windows: 'w' } } },
  };
}

const TAKEN = { service: 'ci-tokens', account: 'deploy-bot' };

describe('saving to a keychain item that holds another value', () => {
  it('asks the admin; "Overwrite it" sends overwrite: true for that item', async () => {
    const core = fakeCore({ extra: savingOver(TAKEN) });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, false);
    await byTestId(w, 'token-service').setValue(TAKEN.service);
    await byTestId(w, 'token-account').setValue(TAKEN.account);
    await byTestId(w, 'token-save').trigger('submit');
    const prompt = await until(() => byTestId(w!, 'token-save-conflict'));
    expect(prompt.text()).toContain('“ci-tokens” / “deploy-bot” already holds another value');
    expect(findTestId(w, 'token-saved').exists()).toBe(false);
    expect(core.callsTo('token.save')).toEqual([{ handle: HANDLE, item: TAKEN }]);

    await byTestId(w, 'token-overwrite').trigger('click');
    await until(() => expect(byTestId(w!, 'token-saved').text()).toContain('ci-tokens'));
    expect(core.callsTo('token.save')).toEqual([
      { handle: HANDLE, item: TAKEN },
      { handle: HANDLE, item: TAKEN, overwrite: true },
    ]);
  });

  it('"Choose another name" drops the question; the next save is a plain one', async () => {
    const core = fakeCore({ extra: savingOver(TAKEN) });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, false);
    await byTestId(w, 'token-service').setValue(TAKEN.service);
    await byTestId(w, 'token-account').setValue(TAKEN.account);
    await byTestId(w, 'token-save').trigger('submit');
    await until(() => byTestId(w!, 'token-save-conflict'));
    await byTestId(w, 'token-rename').trigger('click');
    await until(() => expect(findTestId(w!, 'token-save-conflict').exists()).toBe(false));
    await byTestId(w, 'token-account').setValue('deploy-bot-2');
    await byTestId(w, 'token-save').trigger('submit');
    await until(() => expect(byTestId(w!, 'token-saved').text()).toContain('deploy-bot-2'));
    expect(core.callsTo('token.save')[1]).toEqual({ handle: HANDLE, item: { ...TAKEN, account: 'deploy-bot-2' } });
  });

  it('a save-before-show that found the item taken opens the token screen on the same question', async () => {
    const core = fakeCore({
      extra: savingOver(TAKEN),
      outcome: () => ({
        state: 'created',
        draftId: 'd1',
        serviceUser: {} as never,
        token: tokenInfo(),
        saveFailed: { item: TAKEN, error: { code: 'keychain_item_exists', message: 'taken' } },
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, true);
    expect(byTestId(w, 'token-save-conflict').text()).toContain('“ci-tokens” / “deploy-bot”');
    expect((byTestId(w, 'token-service').element as HTMLInputElement).value).toBe(TAKEN.service);
    await byTestId(w, 'token-overwrite').trigger('click');
    await until(() => expect(findTestId(w!, 'token-saved').exists()).toBe(true));
    expect(core.callsTo('token.save')).toEqual([{ handle: HANDLE, item: TAKEN, overwrite: true }]);
  });

  it('an app-owned item is refused with the reason, and no overwrite is offered', async () => {
    fakeCore({
      extra: {
        'token.save': () => ({
          ok: false as const,
          error: { code: 'keychain_item_reserved' as const, message: 'reserved' },
        }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    await createdToken(w, false);
    await byTestId(w, 'token-save').trigger('submit');
    await until(() => expect(byTestId(w!, 'token-save-error').text()).toContain('belongs to Service User Desk itself'));
    expect(findTestId(w, 'token-overwrite').exists()).toBe(false);
  });
});
