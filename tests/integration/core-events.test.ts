/**
 * Core's events for the renderer (shared/ipc/events.ts) from a real core: each comes from its
 * source (the token vault, the keychain re-probe, reference refresh, connectivity) and carries a
 * payload its schema accepts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { parseEvent, type AppEvent } from '../../shared/ipc/events';
import { startTestCore, validFields, type TestCore } from '../support/core';
import { makeTempDir } from '../support/tmp';

describe('core events', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;
  let events: AppEvent[];
  let off: () => void;

  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir);
    events = [];
    off = t.core.onEvent((event) => events.push(event));
  });
  afterEach(async () => {
    off();
    await t.core.close();
    tmp.cleanup();
  });

  const named = <N extends AppEvent['name']>(name: N) =>
    events.filter((e): e is Extract<AppEvent, { name: N }> => e.name === name);

  it('every event passes its own schema', async () => {
    await t.must('reference.refresh', { profileId: 'sandbox' });
    await t.must('sandbox.setRunning', { running: false });
    await t.must('reference.refresh', { profileId: 'sandbox' });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(parseEvent(event.name, event.payload), event.name).toEqual(event);
  });

  it('reference.refreshed and connectivity.changed follow a refresh', async () => {
    const snapshot = await t.must('reference.refresh', { profileId: 'sandbox' });
    expect(named('reference.refreshed').map((e) => e.payload)).toEqual([
      { profileId: 'sandbox', refreshedAt: snapshot.data!.refreshedAt },
    ]);
    expect(named('connectivity.changed').map((e) => e.payload)).toEqual([
      { profileId: 'sandbox', connectivity: snapshot.connectivity },
    ]);

    await t.must('sandbox.setRunning', { running: false });
    const offline = await t.must('reference.refresh', { profileId: 'sandbox' });
    expect(named('connectivity.changed').at(-1)!.payload).toEqual({
      profileId: 'sandbox',
      connectivity: offline.connectivity,
    });
    expect(named('reference.refreshed')).toHaveLength(1); // nothing new was fetched
  });

  it('tokens.changed says whether a one-time token is held, and how many', async () => {
    const draft = await t.must('drafts.save', {
      profileId: 'sandbox',
      step: 2,
      fields: await validFields(t, 'events-bot'),
    });
    const outcome = await t.must('creation.create', { draftId: draft.id });
    if (outcome.state !== 'created') throw new Error(`not created: ${outcome.state}`);
    expect(named('tokens.changed').at(-1)!.payload).toEqual({ held: true, pending: 1 });
    await t.must('token.dismiss', { handle: outcome.token.handle, unsaved: 'discarded' });
    expect(named('tokens.changed').at(-1)!.payload).toEqual({ held: false, pending: 0 });
  });

  it('keychain.changed when a re-probe finds the keychain in another state, not on every probe', async () => {
    expect((await t.must('keychain.status', {})).available).toBe(true);
    expect(named('keychain.changed')).toEqual([]);

    const set = t.keychain.set;
    t.keychain.set = () =>
      Promise.reject(
        new AppError('keychain_unavailable', 'locked', {
          params: { reason: 'locked', detail: 'The collection is locked.', fix: 'Unlock it.' },
        }),
      );
    await t.must('keychain.status', { recheck: true });
    await t.must('keychain.status', { recheck: true });
    expect(named('keychain.changed').map((e) => e.payload.status)).toEqual([
      expect.objectContaining({ available: false, reason: 'locked' }),
    ]);

    t.keychain.set = set;
    await t.must('keychain.status', { recheck: true });
    expect(named('keychain.changed').map((e) => e.payload.status.available)).toEqual([false, true]);
  });
});
