import { z } from 'zod';
import { tokenDismissSchema, tokenHandleSchema, tokenSaveSchema, type KeychainItem, type ReadBackCommands, type TokenInfo } from '../creation';
import { channel } from './channel';

/** The one-time token of a created service user, held in main until saved or dismissed; spread into `contract`. */
export const tokenChannels = {
  'token.pending': channel<TokenInfo[]>()(z.object({}).strict()),
  'token.reveal': channel<{ token: string }>()(tokenHandleSchema),
  'token.copy': channel<{ clearsAt: string; seconds: number }>()(tokenHandleSchema),
  'token.save': channel<{ savedTo: KeychainItem; readBack: ReadBackCommands }>()(tokenSaveSchema),
  'token.dismiss': channel<{ dismissed: true }>()(tokenDismissSchema),
};
