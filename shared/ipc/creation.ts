import { z } from 'zod';
import { createRequestSchema, type CreationOutcome } from '../creation';
import type { Draft } from '../drafts';
import { channel } from './channel';

const draftId = z.object({ draftId: z.string().min(1).max(64) }).strict();

/** Creating service users from drafts; spread into `contract`. */
export const creationChannels = {
  /** Checks a draft against the service-user rules and queues it ("ready to create"). */
  'creation.markReady': channel<Draft>()(draftId),
  'creation.create': channel<CreationOutcome>()(createRequestSchema),
  /** Stops waiting for an in-flight create; its outcome is then checked before anything is resent. */
  'creation.cancel': channel<{ cancelled: boolean }>()(draftId),
  /** Settles drafts left in "sending" (a crash, a lost answer) by asking DigiCert what exists. */
  'creation.reconcile': channel<CreationOutcome[]>()(z.object({ profileId: z.string().min(1).max(64) }).strict()),
};
