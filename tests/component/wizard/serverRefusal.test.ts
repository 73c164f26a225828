import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { CreationOutcome } from '../../../shared/creation';
import type { Draft, DraftFields, DraftSaveRequest, DraftState } from '../../../shared/drafts';
import type { AppErrorValue, Result } from '../../../shared/errors';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import {
  byTestId,
  fakeCore,
  fillDetails,
  findTestId,
  mountWizard,
  referenceData,
  snapshot,
  tokenInfo,
} from './fixtures';

/**
 * After DigiCert ONE refuses a create, the wizard goes on: core moved the draft (ready, sending,
 * failed) and the wizard's autosave must follow core's revision (issue 9 §3.2); a name created in
 * this session is flagged when typed again (§3.3); Create never silently does nothing.
 */

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const WAIT = { timeout: 5_000, interval: 10 };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const DUPLICATE: AppErrorValue = {
  code: 'duplicate_name',
  message: 'A service user with this friendly name already exists.',
  fieldErrors: [{ field: 'friendlyName', code: 'duplicate_name', message: 'This friendly name is already taken.' }],
};

/**
 * A fake core that keeps revisions as core does: every save and every state change bumps the
 * revision, and a save expecting another revision is refused as changed elsewhere.
 */
function coreWithRevisions(
  answer: (attempt: number, settleAs: (state: DraftState) => Draft) => Result<CreationOutcome>,
) {
  const drafts = new Map<string, Draft>();
  const state = { refuseSaves: false, attempts: 0, createdNames: [] as string[] };
  const bump = (id: string, to: DraftState) => {
    const draft = { ...drafts.get(id)!, state: to, revision: drafts.get(id)!.revision + 1 };
    drafts.set(id, draft);
    return draft;
  };
  const core = fakeCore({
    extra: {
      'reference.get': () => {
        const data = referenceData();
        const created = state.createdNames.map((name, i) => ({
          id: `su-new-${i}`,
          friendlyName: name,
          status: 'ACTIVE',
        }));
        return ok(snapshot('online', { ...data, serviceUsers: [...data.serviceUsers, ...created] }));
      },
      'drafts.get': ({ id }: { id: string }) =>
        drafts.has(id) ? ok(drafts.get(id)!) : { ok: false, error: { code: 'not_found', message: 'gone' } },
      'drafts.save': (req: DraftSaveRequest) => {
        const before = req.id ? drafts.get(req.id) : undefined;
        if (
          before &&
          (state.refuseSaves || (req.expectedRevision !== undefined && req.expectedRevision !== before.revision))
        ) {
          return {
            ok: false,
            error: {
              code: 'conflict',
              message: 'This draft was changed elsewhere.',
              params: { revision: before.revision },
            },
          };
        }
        const id = req.id ?? `d${drafts.size + 1}`;
        const fields = req.fields as DraftFields;
        const draft: Draft = {
          id,
          profileId: req.profileId,
          step: req.step,
          state: 'editing',
          failureCode: null,
          friendlyName: fields.friendlyName || null,
          createdAt: '2026-03-01T10:00:00Z',
          updatedAt: new Date().toISOString(),
          revision: (before?.revision ?? 0) + 1,
          created: null,
          fields,
          deletedAt: null,
        };
        drafts.set(id, draft);
        return ok(draft);
      },
      'creation.create': ({ draftId }: { draftId: string }) => {
        // As core: ready, then sending (committed before the request goes out), then the answer.
        bump(draftId, 'ready');
        bump(draftId, 'sending');
        return answer(++state.attempts, (to) => {
          const settled = bump(draftId, to);
          if (to === 'created') state.createdNames.push(settled.fields.friendlyName ?? '');
          return settled;
        });
      },
    },
  });
  return { ...core, drafts, state };
}

const refused = (draft: Draft): Result<CreationOutcome> =>
  ok({ state: 'failed', draftId: draft.id, error: DUPLICATE, revision: draft.revision });
const created = (draft: Draft): Result<CreationOutcome> =>
  ok({
    state: 'created',
    draftId: draft.id,
    // As core answers: the new user's id and name (the wizard's name-taken hint learns it from here).
    serviceUser: { id: `su-${draft.id}`, friendlyName: draft.fields.friendlyName ?? '', description: '' },
    token: tokenInfo({ draftId: draft.id, friendlyName: draft.fields.friendlyName ?? '' }),
    revision: draft.revision,
  });

const heading = (x: VueWrapper) => byTestId(x, 'step-heading').text();
async function nextTo(x: VueWrapper, title: string) {
  await byTestId(x, 'wizard-next').trigger('click');
  await vi.waitFor(() => expect(heading(x)).toBe(title), WAIT);
}
const autosaved = (x: VueWrapper) =>
  vi.waitFor(() => expect(byTestId(x, 'autosave').attributes('data-status')).toBe('saved'), WAIT);
async function toReview(x: VueWrapper, name: string, beforeReview?: () => void) {
  await fillDetails(x, { name });
  await nextTo(x, 'Roles and permissions');
  await x.get('[data-role="Default user"]').setValue(true);
  await x.get('[data-role="Auditor"]').setValue(true);
  if (beforeReview) {
    await autosaved(x);
    beforeReview();
  }
  await nextTo(x, 'Review');
}

describe('after DigiCert ONE refuses a create', () => {
  it('the corrected draft autosaves (no "changed elsewhere") and Create sends it', async () => {
    const core = coreWithRevisions((attempt, settleAs) =>
      attempt === 1 ? refused(settleAs('failed')) : created(settleAs('created')),
    );
    w = await mountWizard(NewServiceUserView);
    await toReview(w, 'taken-bot');
    await byTestId(w, 'wizard-create').trigger('click');
    await vi.waitFor(
      () => expect(byTestId(w!, 'friendly-name-error').text()).toBe('That name is already in use in DigiCert ONE.'),
      WAIT,
    );

    await byTestId(w, 'friendly-name').setValue('free-bot');
    await autosaved(w);
    const saves = core.callsTo('drafts.save') as DraftSaveRequest[];
    expect(saves.at(-1)).toMatchObject({
      id: 'd1',
      expectedRevision: expect.any(Number),
      fields: expect.objectContaining({ friendlyName: 'free-bot' }),
    });
    expect(document.body.textContent).not.toContain('changed elsewhere');

    await nextTo(w, 'Roles and permissions');
    await nextTo(w, 'Review');
    await byTestId(w, 'wizard-create').trigger('click');
    await vi.waitFor(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true), WAIT);
    expect(core.callsTo('creation.create')).toHaveLength(2);
    expect(core.drafts.get('d1')).toMatchObject({
      state: 'created',
      fields: expect.objectContaining({ friendlyName: 'free-bot' }),
    });
  });

  it('an error answer after core moved the draft: the wizard re-reads the draft and keeps autosaving', async () => {
    coreWithRevisions((_attempt, settleAs) => {
      settleAs('failed');
      return { ok: false, error: { code: 'internal', message: 'Something went wrong inside the app.' } };
    });
    w = await mountWizard(NewServiceUserView);
    await toReview(w, 'unlucky-bot');
    await byTestId(w, 'wizard-create').trigger('click');
    await vi.waitFor(() => expect(byTestId(w!, 'outcome-failed').attributes('data-code')).toBe('internal'), WAIT);
    await byTestId(w, 'back-to-fix').trigger('click');
    await vi.waitFor(() => expect(heading(w!)).toBe('Review'), WAIT);
    await byTestId(w, 'wizard-back').trigger('click');
    await vi.waitFor(() => expect(heading(w!)).toBe('Roles and permissions'), WAIT);
    await autosaved(w);
    expect(document.body.textContent).not.toContain('changed elsewhere');
  });
});

describe('Create never silently does nothing', () => {
  it('when the draft cannot be saved, it says why and sends nothing', async () => {
    const core = coreWithRevisions((_attempt, settleAs) => created(settleAs('created')));
    w = await mountWizard(NewServiceUserView);
    // Once the draft is saved, another window changes it: from now on core refuses this wizard's saves.
    await toReview(w, 'contested-bot', () => (core.state.refuseSaves = true));
    await byTestId(w, 'wizard-create').trigger('click');
    await vi.waitFor(
      () => expect(byTestId(w!, 'wizard-form-error').text()).toContain('This item was changed elsewhere.'),
      WAIT,
    );
    expect(byTestId(w, 'wizard-form-error').attributes('role')).toBe('alert');
    expect(core.callsTo('creation.create')).toEqual([]);
    expect(heading(w)).toBe('Review');
  });
});

describe('a name created in this session', () => {
  it('is flagged as taken when typed again in the next wizard', async () => {
    const core = coreWithRevisions((_attempt, settleAs) => created(settleAs('created')));
    w = await mountWizard(NewServiceUserView);
    await toReview(w, 'fresh-bot');
    await byTestId(w, 'wizard-create').trigger('click');
    await vi.waitFor(() => expect(findTestId(w!, 'token-panel').exists()).toBe(true), WAIT);
    await byTestId(w, 'stored-elsewhere').setValue(true);
    await byTestId(w, 'token-close').trigger('click');
    await vi.waitFor(() => expect(heading(w!)).toBe('Service user details'), WAIT);

    expect(core.state.createdNames).toEqual(['fresh-bot']);
    await byTestId(w, 'friendly-name').setValue('Fresh-Bot');
    await byTestId(w, 'friendly-name').trigger('blur');
    await vi.waitFor(
      () => expect(byTestId(w!, 'friendly-name-error').text()).toContain('already exists in this profile'),
      WAIT,
    );
  });
});
