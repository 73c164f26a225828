import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import type { Account } from '../../../shared/serviceUser';
import AccountPicker from '../../../renderer/src/components/wizard/AccountPicker.vue';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { createAppI18n } from '../../../renderer/src/i18n';
import {
  STEP_DETAILS,
  STEP_REVIEW,
  TEXT_FIELDS,
  emptyWizardValues,
  matchAccounts,
  stepSchema,
  textFieldError,
  type WizardValues,
} from '../../../renderer/src/lib/wizard';
import { TODAY, byTestId, fakeCore, fillDetails, mountWizard, next, until } from './fixtures';

/** A tenant like the one in issue 15: 5,008 accounts with UUID ids (almost all contain a "4"). */
function tenant(count = 5008): Account[] {
  const hex = (n: number) => ((n * 2_654_435_761) >>> 0).toString(16).padStart(8, '0');
  return Array.from({ length: count }, (_, i) => ({
    id: `${hex(i)}-4${hex(i + 1).slice(0, 3)}-4abc-8def-${hex(i + 2)}${hex(i + 3).slice(0, 4)}`,
    name:
      i === 0
        ? 'Contoso Production'
        : i === 1
          ? 'Müller Logistik'
          : i === 2
            ? 'Globex Legacy'
            : `Generated account ${String(i).padStart(4, '0')}`,
    active: i !== 2,
    friendlyIdentifier: String(5_258_283 + i * 7919),
  }));
}

let w: VueWrapper | null = null;
afterEach(() => {
  vi.useRealTimers();
  w?.unmount();
  w = null;
});

describe('account search', () => {
  const accounts = tenant();

  it('matches names and account numbers, never the internal ids', () => {
    expect(accounts.every((a) => a.id.includes('4'))).toBe(true);
    const four = matchAccounts(accounts, '4');
    expect(four.length).toBeLessThan(accounts.length / 2);
    expect(four.every((a) => a.name.includes('4') || a.friendlyIdentifier!.startsWith('4'))).toBe(true);
    expect(four.some((a) => !a.name.includes('4'))).toBe(true); // account numbers 4…
    expect(matchAccounts(accounts, accounts[10]!.id.slice(0, 8))).toEqual([]);
    expect(matchAccounts(accounts, accounts[10]!.id)).toEqual([]);
  });

  it('an account number matches from its start, with or without separators', () => {
    const number = accounts[1234]!.friendlyIdentifier!;
    expect(matchAccounts(accounts, number)).toEqual([accounts[1234]]);
    expect(
      matchAccounts(accounts, `${number.slice(0, 1)} ${number.slice(1, 4)}-${number.slice(4)}`.replace(' ', '')),
    ).toEqual([accounts[1234]]);
    expect(matchAccounts(accounts, number.slice(3))).not.toContain(accounts[1234]); // not from its middle
  });

  it('the query is part of the name, in any case and without accents; an empty query is everything', () => {
    expect(matchAccounts(accounts, 'contoso   PRODUCTION').map((a) => a.name)).toEqual(['Contoso Production']);
    expect(matchAccounts(accounts, 'muller').map((a) => a.name)).toEqual(['Müller Logistik']);
    expect(matchAccounts(accounts, 'account 0042').map((a) => a.name)).toEqual(['Generated account 0042']);
    expect(matchAccounts(accounts, '  ')).toHaveLength(5008);
  });
});

function mountPicker(accounts: Account[], initial: string[] = []) {
  const model = ref<string[]>(initial);
  const submitted = vi.fn();
  const Host = defineComponent({
    setup: () => () =>
      h('form', { onSubmit: (e: Event) => (e.preventDefault(), submitted()) }, [
        h(AccountPicker, {
          accounts,
          modelValue: model.value,
          idPrefix: 'acc',
          'onUpdate:modelValue': (ids: string[]) => (model.value = ids),
        }),
        h('button', { type: 'submit' }, 'Next'),
      ]),
  });
  w = mount(Host, { global: { plugins: [createAppI18n('en')] }, attachTo: document.body });
  return { model, submitted, wrapper: w };
}

describe('AccountPicker with 5,008 accounts', () => {
  const accounts = tenant();
  const rows = (x: VueWrapper) => x.findAll('[data-testid="account-list"] li');

  it('renders only the rows in view, and the rest as the list scrolls', async () => {
    const { wrapper } = mountPicker(accounts);
    expect(rows(wrapper).length).toBeGreaterThan(5);
    expect(rows(wrapper).length).toBeLessThan(40);
    expect(byTestId(wrapper, 'account-count').text()).toContain('5,008 accounts');
    expect(rows(wrapper)[0]!.attributes('aria-setsize')).toBe('5008');
    const scroller = byTestId(wrapper, 'account-scroller');
    (scroller.element as HTMLElement).scrollTop = 36 * 4000;
    await scroller.trigger('scroll');
    await until(() => wrapper.find('[data-account="Generated account 4000"]').exists());
    expect(rows(wrapper).length).toBeLessThan(40);
  });

  it('"Select all N matches" chooses every active match, not only those on screen', async () => {
    const { wrapper, model } = mountPicker(accounts, [accounts[0]!.id]);
    await byTestId(wrapper, 'account-search').setValue('generated account 1');
    const button = byTestId(wrapper, 'account-select-matches');
    expect(button.text()).toBe('Select all 1,000 matches');
    await button.trigger('click');
    expect(model.value).toHaveLength(1001);
    expect(
      model.value.slice(1).every((id) => accounts.find((a) => a.id === id)!.name.startsWith('Generated account 1')),
    );
    await byTestId(wrapper, 'account-search').setValue('');
    expect(byTestId(wrapper, 'account-select-matches').text()).toBe('Select all 4,006'); // active, not chosen yet
  });

  it('Enter in the search picks the top match and does not submit the form', async () => {
    const { wrapper, model, submitted } = mountPicker(accounts);
    const search = byTestId(wrapper, 'account-search');
    await search.setValue('contoso');
    await search.trigger('keydown', { key: 'Enter' });
    expect(model.value).toEqual([accounts[0]!.id]);
    expect(submitted).not.toHaveBeenCalled();
    await search.setValue('globex'); // the only match is inactive: nothing is chosen
    await search.trigger('keydown', { key: 'Enter' });
    expect(model.value).toEqual([accounts[0]!.id]);
  });

  it('Down from the search enters the list; End goes to the last match', async () => {
    const { wrapper } = mountPicker(accounts);
    const search = byTestId(wrapper, 'account-search');
    await search.setValue('generated');
    await search.trigger('keydown', { key: 'ArrowDown' });
    await until(() => document.activeElement?.getAttribute('data-account') === 'Generated account 0003');
    await wrapper.get('[data-account="Generated account 0003"]').trigger('keydown', { key: 'End' });
    await until(() => document.activeElement?.getAttribute('data-account') === 'Generated account 5007');
    expect(wrapper.findAll('[data-testid="account-list"] input[tabindex="0"]')).toHaveLength(1);
  });
});

describe('the review step and the synchronous rules', () => {
  it('a long account list can be opened in full on the review step', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'account-search').setValue('generated account 00');
    await byTestId(w, 'account-select-matches').trigger('click');
    await fillDetails(w, { accounts: [], managers: ['Account Manager'] });
    await next(w);
    await w.get('[data-role="Default user"]').setValue(true);
    await next(w);
    const review = byTestId(w, 'review-accounts');
    expect(review.text()).toContain('and 76 more');
    const toggle = byTestId(w, 'review-accounts-toggle');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    const all = byTestId(w, 'review-accounts-all');
    expect(
      all
        .text()
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    ).toHaveLength(96);
    expect(all.text()).toContain('Generated account 0099');
    expect(toggle.attributes('aria-expanded')).toBe('true');
  });

  it('a typed name is judged on the keystroke itself: no timer has to run', async () => {
    fakeCore();
    w = await mountWizard(NewServiceUserView);
    const input = byTestId(w, 'friendly-name');
    await input.setValue('ok-name');
    await input.trigger('blur'); // errors show once the field was left
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // vee-validate's 5 ms batch never runs
    await input.setValue('not ok!');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(byTestId(w, 'friendly-name-error').text()).toBe(
      'Use only letters, numbers, spaces, dashes and underscores.',
    );
    await input.setValue('ok-again');
    expect(input.attributes('aria-invalid')).toBe('false');
  });

  it("each text field's own rules say what the step's schema says", () => {
    const ctx = { today: TODAY, taken: new Set(['taken-bot']), serverTaken: new Set(['refused-bot']) };
    const cases: Partial<WizardValues>[] = [
      {},
      { friendlyName: 'x!', email: 'a@', endDate: '2001-01-01', description: 'a\u0007b' },
      { friendlyName: ' Taken-Bot ', email: 'owner@example.com', endDate: '2999-02-30' },
      { friendlyName: 'refused-bot', endDate: 'soon', description: 'x'.repeat(1001) },
      { friendlyName: 'y'.repeat(200), email: `${'e'.repeat(260)}@x.io`, keychainService: '', keychainAccount: ' ' },
    ];
    for (const step of [STEP_DETAILS, STEP_REVIEW]) {
      for (const over of cases) {
        const values = { ...emptyWizardValues(true), ...over };
        const parsed = stepSchema(step, ctx).safeParse(values);
        const issues = parsed.success ? [] : parsed.error.issues;
        for (const field of TEXT_FIELDS) {
          const expected = issues.find((i) => i.path.join('.') === field)?.message;
          expect(textFieldError(field, values, step, ctx), `${field} on step ${step}: ${JSON.stringify(over)}`).toBe(
            expected,
          );
        }
      }
    }
  });
});
