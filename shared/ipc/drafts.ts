import {
  draftDeleteRequestSchema,
  draftDuplicateRequestSchema,
  draftIdRequestSchema,
  draftLatestUnfinishedRequestSchema,
  draftListQuerySchema,
  draftSaveRequestSchema,
  draftUndoDeleteRequestSchema,
  type Draft,
  type DraftSummary,
} from '../drafts';
import { channel } from './channel';

/** Draft channels, spread into `contract`. */
export const draftChannels = {
  'drafts.list': channel<DraftSummary[]>()(draftListQuerySchema),
  'drafts.get': channel<Draft>()(draftIdRequestSchema),
  'drafts.save': channel<Draft>()(draftSaveRequestSchema),
  'drafts.duplicate': channel<Draft>()(draftDuplicateRequestSchema),
  'drafts.delete': channel<{ id: string }>()(draftDeleteRequestSchema),
  'drafts.undoDelete': channel<Draft>()(draftUndoDeleteRequestSchema),
  /** The most recently touched unfinished draft ("resume after a crash"), or `draft: null`. */
  'drafts.latestUnfinished': channel<{ draft: DraftSummary | null }>()(draftLatestUnfinishedRequestSchema),
};
