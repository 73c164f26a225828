import { onScopeDispose, shallowRef } from 'vue';
import type { TokenInfo } from '../../../../../shared/creation';
import { getApi, subscribe } from '../../../api';

/**
 * Tokens issued for one existing service user (rotation, no draft) that main still holds: a
 * reload or another window left one open before it was saved or closed. Follows core's
 * `tokens.changed` (which names no token) by reading the list again. Never a value, only handles.
 */
export function useHeldTokens(which: () => { profileId: string; serviceUserId: string }) {
  const held = shallowRef<TokenInfo[]>([]);
  let read = 0;

  async function load(): Promise<void> {
    const mine = ++read;
    const result = await getApi().token.pending({});
    if (mine !== read || !result.ok) return;
    const { profileId, serviceUserId } = which();
    held.value = result.value.filter(
      (t) => t.draftId === undefined && t.profileId === profileId && t.serviceUserId === serviceUserId,
    );
  }

  const unlisten = subscribe('tokens.changed', () => void load());
  onScopeDispose(unlisten);
  return { held, load };
}
