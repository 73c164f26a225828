import { z } from 'zod';
import type { ReferenceSnapshot } from '../reference';
import { channel } from './channel';

const profileId = z.object({ profileId: z.string().min(1).max(64) }).strict();

/** Reference data (accounts, managers, roles, service users) and connectivity; spread into `contract`. */
export const referenceChannels = {
  /** The cached snapshot with core's connectivity; fetched first when the profile was never fetched. */
  'reference.get': channel<ReferenceSnapshot>()(profileId),
  /** Fetches fresh reference data; offline it answers the cached snapshot with offline connectivity. */
  'reference.refresh': channel<ReferenceSnapshot>()(profileId),
};
