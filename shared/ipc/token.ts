import { z } from 'zod';
import {
  tokenCandidateSchema,
  tokenDismissSchema,
  tokenHandleSchema,
  tokenSaveSchema,
  type KeychainItem,
  type ReadBackCommands,
  type TokenInfo,
} from '../creation';
import { channel } from './channel';

/** The one-time token of a created service user, held in main until saved or dismissed; spread into `contract`. */
export const tokenChannels = {
  'token.pending': channel<TokenInfo[]>()(z.object({}).strict()),
  'token.reveal': channel<{ token: string }>()(tokenHandleSchema),
  'token.copy': channel<{ clearsAt: string; seconds: number }>()(tokenHandleSchema),
  'token.save': channel<{ savedTo: KeychainItem; readBack: ReadBackCommands }>()(tokenSaveSchema),
  'token.dismiss': channel<{ dismissed: true }>()(tokenDismissSchema),
  // A create answer without a recognised token (outcome created_token_unrecognised).
  'token.revealCandidate': channel<{ value: string }>()(tokenCandidateSchema),
  /** The admin's pick becomes a normal held token (then save / copy / read-back). */
  'token.pickCandidate': channel<TokenInfo>()(tokenCandidateSchema),
  'token.dismissAnswer': channel<{ dismissed: true }>()(tokenHandleSchema),
};
