import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { nextTick, watch } from 'vue';
import type { CreationOutcome, TokenInfo } from '../../../shared/creation';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { CREATING_SCREEN_DELAY_MS, useWizardStore } from '../../../renderer/src/stores/wizard';
import { byTestId, fakeCore, findTestId, mountWizard, tokenInfo, until, toReview } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const created = (): CreationOutcome => ({
  state: 'created',
  draftId: 'd1',
  revision: 3,
  serviceUser: { id: 'su-new', friendlyName: 'deploy-bot' } as never,
  token: tokenInfo(),
});

/**
 * A fake core whose create waits for the test: `sent` resolves when the request reaches core (a
 * promise, not a timer: the test's fake clock moves only when it says), `answer` lets core answer.
 */
function slowCreate(extra: Parameters<typeof fakeCore>[0] = {}) {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answers: Array<(o: CreationOutcome) => void> = [];
  const core = fakeCore({
    ...extra,
    outcome: () =>
      new Promise<CreationOutcome>((resolve) => {
        answers.push(resolve);
        markSent();
      }),
  });
  return { core, sent, answer: (o: CreationOutcome) => answers.shift()!(o) };
}

/** Step 3 with the draft saved (no save round-trip left for Create), the token not to be saved. */
async function toSavedReview(x: VueWrapper) {
  await toReview(x);
  await until(() => expect(byTestId(x, 'autosave').attributes('data-status')).toBe('saved'));
}

const heading = (x: VueWrapper) => byTestId(x, 'step-heading').text();
const progressShown = (x: VueWrapper) => findTestId(x, 'create-progress').exists();

describe('the "Creating…" screen', () => {
  it('shows only once the create took the delay; until then the review stays, busy, and Create sends nothing twice', async () => {
    const { core, sent, answer } = slowCreate();
    w = await mountWizard(NewServiceUserView);
    await toSavedReview(w);
    const saves = core.callsTo('drafts.save').length;
    vi.useFakeTimers();

    await byTestId(w, 'wizard-create').trigger('click');
    await sent;
    await nextTick();
    expect(progressShown(w)).toBe(false);
    expect(heading(w)).toBe('Review');
    expect(findTestId(w, 'step-review').exists()).toBe(true);
    // Busy: every control of the review (Edit, the keychain box, Back, Create) is in an inert form.
    const form = w.get('form');
    expect(form.attributes('aria-busy')).toBe('true');
    expect(form.attributes('inert')).toBeDefined();
    for (const id of ['wizard-create', 'wizard-back', 'save-to-keychain'])
      expect(form.element.contains(byTestId(w, id).element)).toBe(true);

    // A second Create (a double click, Enter again) sends nothing.
    byTestId(w, 'wizard-create').element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(CREATING_SCREEN_DELAY_MS - 1);
    await nextTick();
    expect(progressShown(w)).toBe(false);
    expect(core.callsTo('creation.create')).toHaveLength(1);
    expect(core.callsTo('drafts.save')).toHaveLength(saves);

    // Still waiting at the delay: the progress screen, its live region and its Cancel.
    await vi.advanceTimersByTimeAsync(1);
    await nextTick();
    const progress = byTestId(w, 'create-progress');
    expect(progress.text()).toContain('Creating “deploy-bot”');
    expect(progress.attributes('role')).toBe('status');
    expect(heading(w)).toBe('Create');
    const cancel = byTestId(w, 'create-cancel');
    expect(cancel.attributes('disabled')).toBeUndefined();
    await cancel.trigger('click');
    await until(() => expect(core.callsTo('creation.cancel')).toEqual([{ draftId: 'd1' }]));

    answer(created());
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true));
    expect(findTestId(w, 'step-review').exists() && byTestId(w, 'step-review').isVisible()).toBe(false);
    expect(heading(w)).toBe('API token for “deploy-bot”');
    expect(byTestId(w, 'token-value').attributes('data-masked')).toBe('true');
    expect(core.callsTo('creation.create')).toHaveLength(1);
  });

  it('from the review, saved already, the request leaves before the page renders the busy form', async () => {
    let busyWhenSent: string | undefined;
    const core = fakeCore({
      outcome: () => {
        busyWhenSent = w!.get('form').attributes('aria-busy');
        return created();
      },
    });
    w = await mountWizard(NewServiceUserView);
    await toSavedReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() => expect(core.callsTo('creation.create')).toHaveLength(1));
    expect(busyWhenSent).not.toBe('true');
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true));
    // The work left for after the paint is done (it would otherwise run in the next test).
    await until(() => expect(findTestId(w!, 'step-review').exists()).toBe(false));
  });

  it('never shows for a create answered within the delay (nor later: its timer is gone)', async () => {
    const { core, sent, answer } = slowCreate();
    w = await mountWizard(NewServiceUserView);
    const store = useWizardStore();
    await toSavedReview(w);
    const phases: string[] = [];
    const stop = watch(
      () => store.phase,
      (phase) => phases.push(phase),
      { flush: 'sync' },
    );
    const observer = new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (
            node instanceof Element &&
            (node.matches('[data-testid="create-progress"]') || node.querySelector('[data-testid="create-progress"]'))
          )
            phases.push('progress in the DOM');
    });
    observer.observe(document.body, { subtree: true, childList: true });
    vi.useFakeTimers();

    await byTestId(w, 'wizard-create').trigger('click');
    await sent;
    // Half the delay (until() below moves the fake clock a little on each try).
    await vi.advanceTimersByTimeAsync(CREATING_SCREEN_DELAY_MS / 2);
    answer(created());
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true));
    await vi.advanceTimersByTimeAsync(10 * CREATING_SCREEN_DELAY_MS);
    await nextTick();
    observer.disconnect();
    stop();
    expect(phases).toEqual(['token']);
    expect(findTestId(w, 'token-panel').exists()).toBe(true);
    // The review went out of sight with the token's arrival, and out of the page after the paint.
    await until(() => expect(findTestId(w!, 'step-review').exists()).toBe(false));
    expect(core.callsTo('creation.create')).toHaveLength(1);
  });

  it('"Try again" after a failure shows it at once (the review is no longer on screen)', async () => {
    let n = 0;
    let markSent!: () => void;
    const sent = new Promise<void>((resolve) => (markSent = resolve));
    const core = fakeCore({
      outcome: () => {
        if (++n === 1) return { state: 'failed', draftId: 'd1', error: { code: 'access_denied', message: 'no' } };
        markSent();
        return new Promise<CreationOutcome>(() => {});
      },
    });
    w = await mountWizard(NewServiceUserView);
    await toSavedReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() => expect(findTestId(w!, 'outcome-failed').exists()).toBe(true));

    vi.useFakeTimers();
    await byTestId(w, 'create-retry').trigger('click');
    await sent;
    await nextTick();
    expect(progressShown(w)).toBe(true);
    expect(core.callsTo('creation.create')).toHaveLength(2);
  });
});

describe('held tokens while the wizard creates', () => {
  it("no token.pending read between the create request and its answer; the other draft's token is known after", async () => {
    const other = tokenInfo({ handle: 'b'.repeat(32), draftId: 'other', friendlyName: 'older-bot' });
    let held: TokenInfo[] = [];
    const { core, sent, answer } = slowCreate({ extra: { 'token.pending': () => ({ ok: true, value: held }) } });
    w = await mountWizard(NewServiceUserView);
    const store = useWizardStore();
    await toSavedReview(w);
    await until(() => core.answeredAll());
    const reads = core.callsTo('token.pending').length;

    await byTestId(w, 'wizard-create').trigger('click');
    await sent;
    // Core now holds the new token (and, meanwhile, another draft's) and says so.
    held = [tokenInfo(), other];
    core.emit({ name: 'tokens.changed', payload: { held: true, pending: 2 } });
    core.emit({ name: 'tokens.changed', payload: { held: true, pending: 2 } });
    await until(() => expect(findTestId(w!, 'create-progress').exists()).toBe(true));
    expect(core.callsTo('token.pending')).toHaveLength(reads);

    answer(created());
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true));
    // One read once the token is on screen: the notice about the other token is right again.
    await until(() => expect(store.otherPending.map((t) => t.friendlyName)).toEqual(['older-bot']));
    await until(() => core.answeredAll());
    expect(core.callsTo('token.pending')).toHaveLength(reads + 1);
    expect(store.token?.handle).toBe(tokenInfo().handle);
  });

  it('tokens.changed after the create is followed again at once', async () => {
    const { core, sent, answer } = slowCreate();
    w = await mountWizard(NewServiceUserView);
    await toSavedReview(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await sent;
    answer(created());
    await until(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true));
    await until(() => core.answeredAll());
    const reads = core.callsTo('token.pending').length;
    core.emit({ name: 'tokens.changed', payload: { held: true, pending: 1 } });
    await until(() => expect(core.callsTo('token.pending')).toHaveLength(reads + 1));
  });
});
