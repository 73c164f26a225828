import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../../electron/core/audit/recorder';
import { parseRequest } from '../../../electron/core/ipc/dispatch';
import { createSettingsStore } from '../../../electron/core/settings/settingsStore';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { openTempDb } from '../../support/db';

describe('settings: reminder lead days', () => {
  let tmp: ReturnType<typeof openTempDb>;
  let audit: AuditRecord[];
  let settings: ReturnType<typeof createSettingsStore>;

  beforeEach(() => {
    tmp = openTempDb();
    audit = [];
    settings = createSettingsStore(tmp.db, { record: (entry) => void audit.push(entry) });
  });
  afterEach(() => tmp.cleanup());

  it('defaults to 30, 7 and 1 days', () => {
    expect(settings.get().reminderLeadDays).toEqual([30, 7, 1]);
  });

  it('stores any order largest first, audits it and tells the listeners', () => {
    const listener = vi.fn();
    settings.onChange(listener);
    expect(settings.set({ reminderLeadDays: [3, 60, 14] }).reminderLeadDays).toEqual([60, 14, 3]);
    expect(settings.get().reminderLeadDays).toEqual([60, 14, 3]);
    expect(audit).toEqual([{ action: 'settings_changed', outcome: 'ok', details: { reminderLeadDays: [60, 14, 3] } }]);
    expect(listener).toHaveBeenCalledExactlyOnceWith(
      ['reminderLeadDays'],
      expect.objectContaining({ theme: 'system' }),
    );
  });

  it('compares by value: the same lead times (in any order) are no change', () => {
    const listener = vi.fn();
    settings.onChange(listener);
    settings.set({ reminderLeadDays: [30, 7, 1] });
    settings.set({ reminderLeadDays: [1, 7, 30] });
    expect(audit).toEqual([]);
    expect(listener).not.toHaveBeenCalled();
    settings.set({ reminderLeadDays: [14] });
    settings.set({ reminderLeadDays: [14] });
    expect(audit).toHaveLength(1);
  });

  it.each([
    { what: 'a lead time twice', value: [7, 7], message: 'Each lead time can be given only once.' },
    { what: 'no lead time', value: [], message: 'Give at least one lead time.' },
    { what: 'more than five', value: [1, 2, 3, 4, 5, 6], message: 'Give at most 5 lead times.' },
    { what: 'negative days', value: [-1], message: 'Use 0 days or more.' },
    { what: 'more than a year', value: [366], message: 'Use at most 365 days.' },
    { what: 'part of a day', value: [1.5], message: 'Use whole days.' },
  ])('refuses $what, in the store and at the IPC boundary', ({ value, message }) => {
    expect(() => settings.set({ reminderLeadDays: value })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        fieldErrors: [expect.objectContaining({ field: expect.stringMatching(/^reminderLeadDays/), message })],
      }),
    );
    expect(() => parseRequest('settings.set', { reminderLeadDays: value })).toThrow(
      expect.objectContaining({
        code: 'invalid_request',
        fieldErrors: [expect.objectContaining({ message })],
      }),
    );
    expect(settings.get().reminderLeadDays).toEqual([30, 7, 1]);
    expect(audit).toEqual([]);
  });

  it('never hands out the default array itself', () => {
    settings.get().reminderLeadDays.push(99);
    expect(DEFAULT_SETTINGS.reminderLeadDays).toEqual([30, 7, 1]);
    expect(settings.get().reminderLeadDays).toEqual([30, 7, 1]);
  });

  it('a stored value that breaks the rules falls back to the default', () => {
    tmp.db.prepare("INSERT INTO settings (key, value) VALUES ('reminderLeadDays', '[7,7]')").run();
    expect(settings.get().reminderLeadDays).toEqual([30, 7, 1]);
  });
});
