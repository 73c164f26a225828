import { isDeepStrictEqual } from 'node:util';
import { AppError, fieldErrorsFromZod } from '../../../shared/errors';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/settings';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';
import type { AuditRecorder } from '../audit/recorder';

export type SettingsListener = (changed: (keyof Settings)[], after: Settings) => void;

const patchSchema = settingsSchema.partial().strict();

export function createSettingsStore(db: Db, audit: AuditRecorder) {
  const select = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  const listeners = new Set<SettingsListener>();

  function get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of select.all()) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value falls back to its default.
      }
    }
    // A copy: a caller changing what it got must not change the defaults.
    const merged = structuredClone(DEFAULT_SETTINGS);
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const parsed = settingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
    }
    return merged;
  }

  return {
    get,
    set(input: Partial<Settings>): Settings {
      // The IPC boundary parsed it already; direct callers get the same rules (and normal form).
      const parsed = patchSchema.safeParse(input);
      if (!parsed.success) {
        throw new AppError('validation_failed', 'These settings are not valid.', {
          fieldErrors: fieldErrorsFromZod(parsed.error.issues),
        });
      }
      const patch = parsed.data;
      const before = get();
      // By value: an equal array is no change (nothing written, nothing audited).
      const changed = (Object.keys(patch) as (keyof Settings)[]).filter(
        (k) => patch[k] !== undefined && !isDeepStrictEqual(patch[k], before[k]),
      );
      if (changed.length === 0) return before;
      withStorageErrors(() =>
        db.transaction(() => {
          for (const key of changed) upsert.run(key, JSON.stringify(patch[key]));
        })(),
      );
      const after = get();
      audit.record({
        action: 'settings_changed',
        outcome: 'ok',
        details: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
      for (const listener of [...listeners]) {
        try {
          listener(changed, get());
        } catch {
          // A listener's failure is its own: the settings were saved.
        }
      }
      return after;
    },
    /** Called after a change is saved, with the keys that changed. Returns the unsubscribe function. */
    onChange(listener: SettingsListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
