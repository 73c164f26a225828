import type { Handlers } from '../ipc/dispatch';
import type { DraftStore } from './draftStore';

type DraftHandlers = Pick<
  Handlers,
  | 'drafts.list'
  | 'drafts.get'
  | 'drafts.save'
  | 'drafts.duplicate'
  | 'drafts.delete'
  | 'drafts.undoDelete'
  | 'drafts.latestUnfinished'
>;

export function createDraftHandlers(drafts: DraftStore): DraftHandlers {
  return {
    'drafts.list': (request) => drafts.list(request),
    'drafts.get': ({ id }) => drafts.get(id),
    'drafts.save': (request) => drafts.save(request),
    'drafts.duplicate': ({ id }) => drafts.duplicate(id),
    'drafts.delete': ({ id }) => drafts.delete(id),
    'drafts.undoDelete': ({ id }) => drafts.undoDelete(id),
    'drafts.latestUnfinished': ({ profileId }) => ({ draft: drafts.latestUnfinished(profileId) }),
  };
}
