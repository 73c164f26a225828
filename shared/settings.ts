import { z } from 'zod';

export const settingsSchema = z
  .object({
    language: z.enum(['system', 'en', 'de']),
    theme: z.enum(['system', 'light', 'dark']),
    /** Days before a service user's end date when it is listed as expiring (reminders). */
    reminderLeadDays: z.array(z.number().int().min(0).max(365)).min(1).max(5),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { language: 'system', theme: 'system', reminderLeadDays: [30, 7, 1] };
