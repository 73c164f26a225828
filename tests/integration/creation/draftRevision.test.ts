import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { makeTempDir } from '../../support/tmp';

/**
 * Core moves a draft through ready, sending, failed... while creating it; every outcome says which
 * revision the draft has then, so the wizard's next autosave expects core's revision (issue 9 §3.2).
 */
describe('creation outcomes carry the draft revision core holds', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;

  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir);
  });
  afterEach(async () => {
    await t.core.close();
    tmp.cleanup();
  });

  const coreRevision = async (id: string) => (await t.must('drafts.get', { id })).revision;

  it('after a refused create, the revision the renderer receives is core’s, and the next save with it goes through', async () => {
    const existing = (await t.sandbox()).state.users.find((u) => u.user_type === 'service')!.friendly_name!;
    const fields = await validFields(t, existing);
    const draft = await t.must('drafts.save', { profileId: 'sandbox', step: 2, fields });

    const refused = await t.must('creation.create', { draftId: draft.id });
    expect(refused.state).toBe('failed');
    if (refused.state !== 'failed') return;
    expect(refused.error.code).toBe('duplicate_name');
    expect(refused.revision).toBe(await coreRevision(draft.id));
    expect(refused.revision).toBeGreaterThan(draft.revision);

    // What the wizard does next: save the corrected name, expecting the revision it was given.
    const renamed = await t.call('drafts.save', {
      id: draft.id,
      profileId: 'sandbox',
      step: 0,
      fields: { ...fields, friendlyName: 'renamed after refusal' },
      expectedRevision: refused.revision!,
    });
    expect(renamed.ok).toBe(true);

    const created = await t.must('creation.create', { draftId: draft.id });
    expect(created.state).toBe('created');
    expect(created.revision).toBe(await coreRevision(draft.id));
    expect((await t.sandbox()).state.users.filter((u) => u.friendly_name === 'renamed after refusal')).toHaveLength(1);
  });

  it('"sending" (no answer, cannot ask) and the later reconcile both carry core’s revision', async () => {
    const draft = await t.must('drafts.save', {
      profileId: 'sandbox',
      step: 2,
      fields: await validFields(t, 'unanswered bot'),
    });
    const sandbox = await t.sandbox();
    sandbox.faults.set({ kind: 'reset' });
    const unanswered = await t.must('creation.create', { draftId: draft.id });
    expect(unanswered.state).toBe('sending');
    expect(unanswered.revision).toBe(await coreRevision(draft.id));

    sandbox.faults.clear();
    const [settled] = await t.must('creation.reconcile', { profileId: 'sandbox' });
    expect(settled?.state).toBe('failed');
    expect(settled?.revision).toBe(await coreRevision(draft.id));
  });

  it('a user created with its token lost is cached, so its name counts as taken', async () => {
    const draft = await t.must('drafts.save', {
      profileId: 'sandbox',
      step: 2,
      fields: await validFields(t, 'lost token bot'),
    });
    (await t.sandbox()).faults.once({ kind: 'commit_then_drop' }, { method: 'POST' });
    const outcome = await t.must('creation.create', { draftId: draft.id });
    expect(outcome.state).toBe('created_token_lost');
    expect(outcome.revision).toBe(await coreRevision(draft.id));
    const snapshot = await t.must('reference.get', { profileId: 'sandbox' });
    expect(snapshot.data?.serviceUsers.map((u) => u.friendlyName)).toContain('lost token bot');
  });
});
