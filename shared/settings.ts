import { z } from 'zod';
import { DEFAULT_REMINDER_LEAD_DAYS } from './manage';

export const REMINDER_LEAD_DAYS_MAX = 365;
export const REMINDER_LEAD_TIMES_MAX = 5;

/**
 * Days before a service user's end date when it is listed as expiring (reminders); each one is
 * also a moment for one OS notification. Any order is accepted; the stored list is largest first.
 */
export const reminderLeadDaysSchema = z
  .array(
    z
      .number()
      .int('Use whole days.')
      .min(0, 'Use 0 days or more.')
      .max(REMINDER_LEAD_DAYS_MAX, `Use at most ${REMINDER_LEAD_DAYS_MAX} days.`),
  )
  .min(1, 'Give at least one lead time.')
  .max(REMINDER_LEAD_TIMES_MAX, `Give at most ${REMINDER_LEAD_TIMES_MAX} lead times.`)
  .refine((days) => new Set(days).size === days.length, 'Each lead time can be given only once.')
  .transform((days) => [...days].sort((a, b) => b - a));

export const settingsSchema = z
  .object({
    language: z.enum(['system', 'en', 'de']),
    theme: z.enum(['system', 'light', 'dark']),
    reminderLeadDays: reminderLeadDaysSchema,
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/** Copy before handing it out (`structuredClone`): its array must never be shared and changed. */
export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  reminderLeadDays: [...DEFAULT_REMINDER_LEAD_DAYS],
};
