import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { TokenInfo } from '../../../shared/creation';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { useWizardStore } from '../../../renderer/src/stores/wizard';
import { byTestId, fakeCore, findTestId, mountWizard, tokenInfo, until } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

/** A fake core whose held tokens the test changes; `emit` then tells the renderer as core would. */
async function wizardWithHeld(initial: TokenInfo[]) {
  let held = initial;
  const core = fakeCore({ extra: { 'token.pending': () => ({ ok: true, value: held }) } });
  w = await mountWizard(NewServiceUserView);
  const setHeld = (next: TokenInfo[]) => {
    held = next;
    core.emit({ name: 'tokens.changed', payload: { held: next.length > 0, pending: next.length } });
  };
  return { core, setHeld };
}

describe('the pending-token notice follows tokens.changed', () => {
  it('appears when main comes to hold a token of another draft (another window, a reload)', async () => {
    const { core, setHeld } = await wizardWithHeld([]);
    await until(() => core.callsTo('token.pending').length >= 1 && core.answeredAll());
    expect(findTestId(w!, 'other-pending-token').exists()).toBe(false);

    const before = core.callsTo('token.pending').length;
    setHeld([tokenInfo({ draftId: 'other', friendlyName: 'older-bot' })]);
    await until(() => expect(byTestId(w!, 'other-pending-token').text()).toContain('older-bot'));
    expect(core.callsTo('token.pending')).toHaveLength(before + 1);
  });

  it('disappears when that token is gone from main', async () => {
    const { setHeld } = await wizardWithHeld([tokenInfo({ draftId: 'other', friendlyName: 'older-bot' })]);
    expect(byTestId(w!, 'other-pending-token').text()).toContain('older-bot');

    setHeld([]);
    await until(() => expect(findTestId(w!, 'other-pending-token').exists()).toBe(false));
  });

  it('an older read answering last does not bring back a token that is gone', async () => {
    let answerFirst!: (value: TokenInfo[]) => void;
    let n = 0;
    const older = tokenInfo({ draftId: 'other', friendlyName: 'older-bot' });
    const core = fakeCore({
      extra: {
        'token.pending': () => {
          n++;
          // The read the first event starts answers late, with the token still held.
          if (n === 2) return new Promise((resolve) => (answerFirst = (value) => resolve({ ok: true, value })));
          return { ok: true, value: n === 1 ? [older] : [] };
        },
      },
    });
    w = await mountWizard(NewServiceUserView);
    expect(byTestId(w, 'other-pending-token').text()).toContain('older-bot');

    core.emit({ name: 'tokens.changed', payload: { held: true, pending: 1 } });
    core.emit({ name: 'tokens.changed', payload: { held: false, pending: 0 } });
    await until(() => expect(findTestId(w!, 'other-pending-token').exists()).toBe(false));
    answerFirst([older]);
    await until(() => core.answeredAll());
    expect(findTestId(w!, 'other-pending-token').exists()).toBe(false);
  });

  it('subscribes once, and unsubscribes when the store is disposed', async () => {
    const core = fakeCore();
    const events = window.api.events;
    const on = events.on.bind(events);
    const offs: Array<ReturnType<typeof vi.fn>> = [];
    const spy = vi.spyOn(events, 'on').mockImplementation((name, handler) => {
      const off = vi.fn(on(name, handler));
      offs.push(off);
      return off;
    });
    w = await mountWizard(NewServiceUserView);
    const store = useWizardStore();
    await store.loadPendingTokens();
    core.emit({ name: 'tokens.changed', payload: { held: false, pending: 0 } });
    await until(() => core.callsTo('token.pending').length >= 3 && core.answeredAll());
    expect(spy.mock.calls.filter(([name]) => name === 'tokens.changed')).toHaveLength(1);

    w.unmount();
    w = null;
    store.$dispose();
    const off = offs[spy.mock.calls.findIndex(([name]) => name === 'tokens.changed')]!;
    expect(off).toHaveBeenCalledTimes(1);
    const calls = core.callsTo('token.pending').length;
    core.emit({ name: 'tokens.changed', payload: { held: false, pending: 0 } });
    expect(core.callsTo('token.pending')).toHaveLength(calls);
  });
});
