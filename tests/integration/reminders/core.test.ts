/**
 * Expiry reminders from a real core over the sandbox tenant: computed from the refreshed cache,
 * kept live by `reminders.changed`, muted per user (audited), handed to the OS-notification hook.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/ipc/events';
import type { ExpiryReminder } from '../../../shared/manage';
import { utcToday } from '../../../shared/serviceUser';
import { daysUntilExpiry } from '../../../shared/expiry';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { makeTempDir } from '../../support/tmp';

const DAY = 86_400_000;

describe('reminders in core', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;
  let events: AppEvent[];

  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir);
    events = [];
    t.core.onEvent((event) => events.push(event));
  });
  afterEach(async () => {
    await t.core.close();
    tmp.cleanup();
  });

  const counts = () => events.flatMap((e) => (e.name === 'reminders.changed' ? [e.payload.count] : []));

  /** A service user created through the wizard path, ending on `endDate`. */
  async function createUser(name: string, endDate: string): Promise<string> {
    const fields = { ...(await validFields(t, name)), endDate };
    const draft = await t.must('drafts.save', { profileId: 'sandbox', step: 2, fields });
    const outcome = await t.must('creation.create', { draftId: draft.id });
    if (outcome.state !== 'created') throw new Error(`not created: ${outcome.state}`);
    await t.must('token.dismiss', { handle: outcome.token.handle, unsaved: 'discarded' });
    return outcome.serviceUser.id;
  }

  it('a user expiring tomorrow is listed after a refresh, most urgent first', async () => {
    expect(await t.must('reminders.list', {})).toEqual([]);
    const tomorrow = utcToday(new Date(Date.now() + DAY));
    const userId = await createUser('expires-tomorrow-bot', tomorrow);
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });

    const reminders = await t.must('reminders.list', {});
    expect(reminders).toContainEqual({
      profileId: 'sandbox',
      profileName: 'Sandbox (local)',
      userId,
      friendlyName: 'expires-tomorrow-bot',
      endDate: tomorrow,
      daysLeft: 1,
    });
    const today = utcToday();
    for (const r of reminders) expect(r.daysLeft).toBe(daysUntilExpiry(r.endDate, today));
    expect(reminders.map((r) => r.daysLeft)).toEqual([...reminders.map((r) => r.daysLeft)].sort((a, b) => a - b));
    expect(counts().at(-1)).toBe(reminders.length);
  });

  it('mute leaves a user out, is audited, and is followed by reminders.changed', async () => {
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });
    const before = await t.must('reminders.list', {});
    expect(before.length).toBeGreaterThan(0);
    const target = before[0]!;

    expect(await t.must('serviceUsers.mute', { profileId: 'sandbox', userId: target.userId, muted: true })).toEqual({
      muted: true,
    });
    const after = await t.must('reminders.list', {});
    expect(after.map((r) => r.userId)).not.toContain(target.userId);
    expect(counts().at(-1)).toBe(before.length - 1);
    const page = await t.must('audit.query', { actions: ['reminder_muted'] });
    expect(page.entries[0]).toMatchObject({
      profileId: 'sandbox',
      target: target.userId,
      outcome: 'ok',
      details: { userId: target.userId, muted: true },
    });

    await t.must('serviceUsers.mute', { profileId: 'sandbox', userId: target.userId, muted: false });
    expect(await t.must('reminders.list', {})).toEqual(before);

    const unknown = await t.call('serviceUsers.mute', { profileId: 'sandbox', userId: 'no-such-user', muted: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shorter lead times list fewer users at once', async () => {
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });
    const all = await t.must('reminders.list', {});
    await t.must('settings.set', { reminderLeadDays: [1] });
    const soon = await t.must('reminders.list', {});
    expect(soon).toEqual(all.filter((r) => r.daysLeft <= 1));
    expect(soon.length).toBeLessThan(all.length);
    expect(counts().at(-1)).toBe(soon.length);
  });

  it('hands due reminders to the OS-notification hook once', async () => {
    const due: ExpiryReminder[][] = [];
    t.core.onRemindersDue((list) => due.push(list));
    expect(due).toEqual([]);
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });
    const reminders = await t.must('reminders.list', {});
    expect(due).toEqual([reminders]);
    await t.must('serviceUsers.refresh', { profileId: 'sandbox' });
    expect(due).toHaveLength(1);
  });
});
