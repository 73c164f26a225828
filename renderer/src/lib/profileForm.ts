import { z } from 'zod';
import { profileInputSchema, profileUpdateSchema, type RegionChoice } from '../../../shared/profiles';

/** What the profile form edits (all strings, as inputs hold them). */
export interface ProfileFormValues {
  name: string;
  region: RegionChoice;
  customBaseUrl: string;
  apiKey: string;
  sessionOnly: boolean;
}

export const emptyProfileForm = (): ProfileFormValues => ({
  name: '',
  region: 'us',
  customBaseUrl: '',
  apiKey: '',
  sessionOnly: false,
});

/**
 * The form's schemas are the shared request schemas (one source of truth), preceded by a step
 * that turns form state into a request: the address only counts for "Custom", and in the edit
 * form a blank key field means "keep the key".
 */
function toAddRequest(raw: unknown): unknown {
  const v = (raw ?? {}) as Partial<ProfileFormValues>;
  const url = typeof v.customBaseUrl === 'string' ? v.customBaseUrl : '';
  return {
    name: v.name ?? '',
    region: v.region,
    apiKey: v.apiKey ?? '',
    ...(v.region === 'custom' && url.trim() !== '' ? { customBaseUrl: url } : {}),
    ...(v.sessionOnly ? { sessionOnly: true } : {}),
  };
}

function toEditRequest(raw: unknown): unknown {
  const v = (raw ?? {}) as Partial<ProfileFormValues>;
  const key = typeof v.apiKey === 'string' ? v.apiKey : '';
  return {
    name: v.name ?? '',
    region: v.region,
    ...(v.region === 'custom' ? { customBaseUrl: v.customBaseUrl ?? '' } : {}),
    ...(key.trim() !== '' ? { apiKey: key } : {}),
    ...(key.trim() !== '' && v.sessionOnly ? { sessionOnly: true } : {}),
  };
}

export const addProfileFormSchema = z.preprocess(toAddRequest, profileInputSchema);
export const editProfileFormSchema = z.preprocess(toEditRequest, profileUpdateSchema.omit({ id: true }));

export type AddProfileRequest = z.output<typeof profileInputSchema>;
export type EditProfileRequest = Omit<z.output<typeof profileUpdateSchema>, 'id'>;
