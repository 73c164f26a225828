import { z } from 'zod';
import {
  createRequestSchema,
  tokenDismissSchema,
  tokenHandleSchema,
  tokenSaveSchema,
  type CreationOutcome,
  type KeychainItem,
  type ReadBackCommands,
  type TokenInfo,
} from '../creation';
import type { ConnectionTest, ReferenceSnapshot } from '../reference';
import type { Draft } from '../drafts';
import { channel } from './channel';

const profileId = z.object({ profileId: z.string().min(1).max(64) }).strict();

/** Reference data, connectivity, creation and the one-time token; spread into `contract`. */
export const creationChannels = {
  'reference.get': channel<ReferenceSnapshot>()(profileId),
  /** Fetches fresh reference data; offline it answers the cached snapshot with offline connectivity. */
  'reference.refresh': channel<ReferenceSnapshot>()(profileId),
  'profiles.test': channel<ConnectionTest>()(z.object({ id: z.string().min(1).max(64) }).strict()),

  /** Checks a draft against the service-user rules and queues it ("ready to create"). */
  'creation.markReady': channel<Draft>()(z.object({ draftId: z.string().min(1).max(64) }).strict()),
  'creation.create': channel<CreationOutcome>()(createRequestSchema),
  /** Stops waiting for an in-flight create; its outcome is then checked before anything is resent. */
  'creation.cancel': channel<{ cancelled: boolean }>()(z.object({ draftId: z.string().min(1).max(64) }).strict()),
  /** Settles drafts left in "sending" (a crash, a lost answer) by asking DigiCert what exists. */
  'creation.reconcile': channel<CreationOutcome[]>()(profileId),

  /** Switches the built-in sandbox tenant off or on (practise working offline). */
  'sandbox.setRunning': channel<{ running: boolean }>()(z.object({ running: z.boolean() }).strict()),
  'sandbox.status': channel<{ running: boolean }>()(z.object({}).strict()),

  'token.pending': channel<TokenInfo[]>()(z.object({}).strict()),
  'token.reveal': channel<{ token: string }>()(tokenHandleSchema),
  'token.copy': channel<{ clearsAt: string; seconds: number }>()(tokenHandleSchema),
  'token.save': channel<{ savedTo: KeychainItem; readBack: ReadBackCommands }>()(tokenSaveSchema),
  'token.dismiss': channel<{ dismissed: true }>()(tokenDismissSchema),
};
