import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { Draft } from '../../../shared/drafts';
import { fieldErrorsFromZod, type Result } from '../../../shared/errors';
import { contract } from '../../../shared/ipc/contract';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import { byTestId, fakeCore, findTestId, mountWizard } from './fixtures';

/**
 * The description is a <textarea>: Enter puts a line feed in it, and the draft must still autosave
 * (a regression once every control character was refused). The fake core checks each save with the
 * channel's real request schema, as core's dispatcher does, so a refused value shows as "Not saved".
 */

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const WAIT = { timeout: 5_000, interval: 10 };

function coreCheckingSaves() {
  let n = 0;
  const core = fakeCore({
    extra: {
      'drafts.save': (raw: unknown): Result<Draft> => {
        const parsed = contract['drafts.save'].request.safeParse(raw);
        if (!parsed.success) {
          return {
            ok: false,
            error: {
              code: 'invalid_request',
              message: 'The request was not valid.',
              fieldErrors: fieldErrorsFromZod(parsed.error.issues, '(request)'),
            },
          };
        }
        const req = parsed.data;
        const id = req.id ?? `d${++n}`;
        const draft: Draft = {
          id,
          profileId: req.profileId,
          step: req.step,
          state: 'editing',
          failureCode: null,
          friendlyName: req.fields.friendlyName || null,
          createdAt: '2026-03-01T10:00:00Z',
          updatedAt: new Date().toISOString(),
          revision: (req.expectedRevision ?? 0) + 1,
          created: null,
          fields: req.fields,
          deletedAt: null,
        };
        core.drafts.set(id, draft);
        return { ok: true, value: draft };
      },
    },
  });
  return core;
}

const status = (x: VueWrapper) => byTestId(x, 'autosave').attributes('data-status');
const lastSavedDescription = (core: ReturnType<typeof coreCheckingSaves>) =>
  [...core.drafts.values()].at(-1)?.fields.description;

describe('wizard: the description takes Enter', () => {
  it('a line feed typed in the description keeps autosave "Saved" and reaches the draft', async () => {
    const core = coreCheckingSaves();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'friendly-name').setValue('deploy-bot');
    const description = byTestId(w, 'description');
    expect(description.element.tagName).toBe('TEXTAREA');
    // Typing "CI pipeline", Enter, "release signing": what the textarea's value is after each.
    for (const value of ['CI pipeline', 'CI pipeline\n', 'CI pipeline\nrelease signing'])
      await description.setValue(value);

    await vi.waitFor(() => expect(lastSavedDescription(core)).toBe('CI pipeline\nrelease signing'), WAIT);
    await vi.waitFor(() => expect(status(w!)).toBe('saved'), WAIT);
    expect(byTestId(w, 'autosave').text()).toContain('Saved');
    expect(findTestId(w, 'description-error').exists()).toBe(false);
  });

  it('any other control character in the description is still flagged and not saved', async () => {
    const core = coreCheckingSaves();
    w = await mountWizard(NewServiceUserView);
    await byTestId(w, 'description').setValue('CI pipeline\nrelease \u202Esigning');
    await byTestId(w, 'description').trigger('blur');

    await vi.waitFor(
      () => expect(byTestId(w!, 'description-error').text()).toBe('Use printable characters only.'),
      WAIT,
    );
    await vi.waitFor(() => expect(status(w!)).toBe('error'), WAIT);
    expect(core.drafts.size).toBe(0);
  });
});
