import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/settings';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';
import type { AuditRecorder } from '../audit/recorder';

export function createSettingsStore(db: Db, audit: AuditRecorder) {
  const select = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );

  function get(): Settings {
    const stored: Record<string, unknown> = {};
    for (const row of select.all()) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value falls back to its default.
      }
    }
    const merged = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const parsed = settingsSchema.shape[key].safeParse(stored[key]);
      if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data;
    }
    return merged;
  }

  return {
    get,
    set(patch: Partial<Settings>): Settings {
      const before = get();
      const changed = (Object.keys(patch) as (keyof Settings)[]).filter(
        (k) => patch[k] !== undefined && patch[k] !== before[k],
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
      return after;
    },
  };
}
