import { z } from 'zod';
import { REGION_IDS } from './regions';
import { noControlChars } from './text';

export const PROFILE_NAME_MAX = 64;
export const API_KEY_MAX = 512;
/** The built-in sandbox profile's stored name and address (English; the renderer shows them translated). */
export const SANDBOX_PROFILE_NAME = 'Sandbox (local)';
export const SANDBOX_DISPLAY_URL = 'http://127.0.0.1 (local sandbox)';

export const profileNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name for this connection.')
  .max(PROFILE_NAME_MAX, `Use at most ${PROFILE_NAME_MAX} characters.`)
  .superRefine(noControlChars);

/** An https base URL for a private DigiCert ONE deployment: scheme + host (+ port), no path, no credentials. */
export const customBaseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine(noControlChars)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        url.protocol === 'https:' &&
        !url.username &&
        !url.password &&
        (url.pathname === '/' || url.pathname === '') &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, 'Enter an https address such as https://one.example.com (no path).')
  .transform((value) => new URL(value).origin);

export const apiKeySchema = z
  .string()
  .trim()
  .min(1, 'Enter the API key.')
  .max(API_KEY_MAX, `An API key has at most ${API_KEY_MAX} characters.`)
  .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters.');

export const regionChoiceSchema = z.enum([...REGION_IDS, 'custom']);
export type RegionChoice = z.infer<typeof regionChoiceSchema>;

/** Where a profile's API key is held. `session`: in memory only, until the app quits. */
export const keyStorageSchema = z.enum(['keychain', 'session', 'none']);
export type KeyStorage = z.infer<typeof keyStorageSchema>;

export const profileInputSchema = z
  .object({
    name: profileNameSchema,
    region: regionChoiceSchema,
    customBaseUrl: customBaseUrlSchema.optional(),
    apiKey: apiKeySchema,
    /** Hold the key in memory for this session only (offered when the keychain is unavailable). */
    sessionOnly: z.boolean().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.region === 'custom' && !value.customBaseUrl) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['customBaseUrl'],
        message: 'Enter the address of your DigiCert ONE deployment.',
      });
    }
  });
export type ProfileInput = z.input<typeof profileInputSchema>;

export const profileUpdateSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: profileNameSchema.optional(),
    region: regionChoiceSchema.optional(),
    customBaseUrl: customBaseUrlSchema.optional(),
    apiKey: apiKeySchema.optional(),
    sessionOnly: z.boolean().optional(),
  })
  .strict();
export type ProfileUpdate = z.input<typeof profileUpdateSchema>;

export type ProfileKind = 'digicert' | 'sandbox';

export interface Profile {
  id: string;
  name: string;
  kind: ProfileKind;
  region: RegionChoice;
  baseUrl: string;
  keyStorage: KeyStorage;
  createdAt: string;
  updatedAt: string;
}
