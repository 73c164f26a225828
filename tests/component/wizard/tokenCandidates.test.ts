import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import type { CreationOutcome } from '../../../shared/creation';
import { HANDLE, TOKEN, byTestId, fakeCore, findTestId, mountWizard, tokenInfo, until, toReview } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const ANSWER = 'b'.repeat(32);
const unrecognised: CreationOutcome = {
  state: 'created_token_unrecognised',
  draftId: 'd1',
  serviceUser: { id: 'u-77', friendlyName: 'deploy-bot', description: '' } as never,
  answer: {
    handle: ANSWER,
    candidates: [
      { path: 'credentials.secret', preview: 'to…a0' },
      { path: 'meta.trace', preview: 'zz…99' },
    ],
  },
  revision: 3,
};

async function toOutcome(x: VueWrapper) {
  await toReview(x);
  await byTestId(x, 'wizard-create').trigger('click');
  await until(() => findTestId(x, 'outcome-token-unrecognised').exists());
}

const row = (x: VueWrapper, path: string) => x.get(`[data-testid="token-candidate"][data-path="${path}"]`);

describe('a create answer whose token the app did not recognise', () => {
  it('lists candidate paths masked; Reveal asks main by path; Use continues on the token screen', async () => {
    const core = fakeCore({
      outcome: () => unrecognised,
      extra: {
        'token.revealCandidate': () => ({ ok: true, value: { value: TOKEN } }),
        'token.pickCandidate': () => ({ ok: true, value: tokenInfo() }),
      },
    });
    w = await mountWizard(NewServiceUserView);
    await toOutcome(w);
    expect(w.findAll('[data-testid="token-candidate"]').map((r) => r.attributes('data-path'))).toEqual([
      'credentials.secret',
      'meta.trace',
    ]);
    expect(row(w, 'credentials.secret').get('[data-testid="token-candidate-value"]').text()).toBe('to…a0');
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(byTestId(w, 'outcome-token-unrecognised').text()).toContain('wire.ts should learn this path');

    await row(w, 'credentials.secret').get('button').trigger('click');
    await until(() =>
      expect(row(w!, 'credentials.secret').get('[data-testid="token-candidate-value"]').text()).toBe(TOKEN),
    );
    expect(core.callsTo('token.revealCandidate')).toEqual([{ handle: ANSWER, path: 'credentials.secret' }]);

    await row(w, 'credentials.secret').get('[data-testid="token-candidate-use"]').trigger('click');
    await until(() => findTestId(w!, 'token-panel').exists());
    expect(core.callsTo('token.pickCandidate')).toEqual([{ handle: ANSWER, path: 'credentials.secret' }]);
    expect(byTestId(w, 'token-value').attributes('data-masked')).toBe('true');
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(tokenInfo().handle).toBe(HANDLE);
  });

  it('"None of these" drops the answer in main and starts over', async () => {
    const core = fakeCore({
      outcome: () => unrecognised,
      extra: { 'token.dismissAnswer': () => ({ ok: true, value: { dismissed: true } }) },
    });
    w = await mountWizard(NewServiceUserView);
    await toOutcome(w);
    await byTestId(w, 'token-candidates-dismiss').trigger('click');
    await until(() => expect(findTestId(w!, 'outcome-token-unrecognised').exists()).toBe(false));
    expect(core.callsTo('token.dismissAnswer')).toEqual([{ handle: ANSWER }]);
  });
});
