import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { ERROR_CODES, type AppErrorValue, type ErrorCode } from '../../../shared/errors';
import type { CreationOutcome, KeychainItem, ReadBackCommands, TokenInfo } from '../../../shared/creation';
import type { Draft, DraftFields, DraftState } from '../../../shared/drafts';
import type { ServiceUserBrief } from '../../../shared/reference';
import { getApi, subscribe } from '../api';
import { afterPaint } from '../lib/afterPaint';
import { AUTOSAVE_DELAY_MS } from '../lib/wizard';
import { useConnectivityStore } from './connectivity';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';
/** Where the wizard is beyond the edit steps. */
export type CreationPhase = 'editing' | 'creating' | 'outcome' | 'token';

interface PendingSave {
  profileId: string;
  step: number;
  fields: DraftFields;
}

/**
 * How long a create may take before the "Creating…" screen replaces the review. Below this the
 * screen would only flash; meanwhile the review stays, busy (no edits, no second Create).
 */
export const CREATING_SCREEN_DELAY_MS = 150;

/** Why a create could not start when the save gave no reason of its own (not expected to happen). */
const NOT_SAVED: AppErrorValue = { code: 'internal', message: 'The draft could not be saved, so nothing was sent.' };

/** The outcome of a draft core settled on its own (in the background); null while still unknown. */
function outcomeOf(draft: Draft): CreationOutcome | null {
  if (draft.state === 'failed') {
    const code = (ERROR_CODES as readonly string[]).includes(draft.failureCode ?? '')
      ? (draft.failureCode as ErrorCode)
      : 'connection_lost';
    return {
      state: 'failed',
      draftId: draft.id,
      revision: draft.revision,
      error: { code, message: 'The service user was not created.' },
    };
  }
  if (draft.state === 'created_token_lost') {
    const { serviceUserId = '', name = draft.friendlyName ?? '' } = draft.created ?? {};
    return {
      state: 'created_token_lost',
      draftId: draft.id,
      revision: draft.revision,
      serviceUserId,
      friendlyName: name,
    };
  }
  return null;
}

/** The service user an outcome says exists now (as core adds it to its cached list), or null. */
function createdUser(value: CreationOutcome): ServiceUserBrief | null {
  if ((value.state === 'created' || value.state === 'created_token_unrecognised') && value.serviceUser.id) {
    const { id, friendlyName, status, endDate } = value.serviceUser;
    return { id, friendlyName, ...(status ? { status } : {}), ...(endDate ? { endDate } : {}) };
  }
  if (value.state === 'created_token_lost' && value.serviceUserId)
    return { id: value.serviceUserId, friendlyName: value.friendlyName, status: 'ACTIVE' };
  return null;
}

/**
 * The creation wizard's state that is neither form state nor reference data (the connectivity
 * store owns that): the draft being autosaved (debounced, one save in flight at a time), and the
 * creation and its one-time token handle. The token VALUE never lives here: the token screen holds it only while revealed.
 */
export const useWizardStore = defineStore('wizard', () => {
  const connectivity = useConnectivityStore();

  // ---- the draft (autosave) -------------------------------------------------------------
  const draftId = ref<string | null>(null);
  const revision = ref<number | null>(null);
  const draftState = ref<DraftState>('editing');
  const saveStatus = ref<SaveStatus>('idle');
  const savedAt = ref<string | null>(null);
  const saveError = ref<AppErrorValue | null>(null);

  let pending: PendingSave | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  /** Called once when the first save gives the draft its id (the view puts it in the address). */
  let onDraftCreated: ((id: string) => void) | null = null;

  function setOnDraftCreated(callback: ((id: string) => void) | null): void {
    onDraftCreated = callback;
  }

  /** Queues a save of the whole form; it is sent after AUTOSAVE_DELAY_MS without further changes. */
  function scheduleSave(save: PendingSave): void {
    pending = save;
    saveStatus.value = 'pending';
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void flushSave();
    }, AUTOSAVE_DELAY_MS);
  }

  async function sendOne(save: PendingSave): Promise<void> {
    saveStatus.value = 'saving';
    const result = await getApi().drafts.save({
      ...(draftId.value ? { id: draftId.value } : {}),
      profileId: save.profileId,
      step: save.step,
      fields: save.fields,
      ...(draftId.value && revision.value ? { expectedRevision: revision.value } : {}),
    });
    if (result.ok) {
      const isNew = draftId.value === null;
      applyDraft(result.value);
      saveError.value = null;
      saveStatus.value = pending ? 'pending' : 'saved';
      savedAt.value = result.value.updatedAt;
      if (isNew) onDraftCreated?.(result.value.id);
    } else {
      saveError.value = result.error;
      saveStatus.value = 'error';
    }
  }

  /** Sends the queued save now (and waits for any save in flight). Resolves when nothing is queued. */
  async function flushSave(): Promise<boolean> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (inFlight || pending) {
      if (inFlight) {
        await inFlight;
        continue;
      }
      const save = pending!;
      pending = null;
      inFlight = sendOne(save).finally(() => {
        inFlight = null;
      });
      await inFlight;
      if (saveStatus.value === 'error') return false;
    }
    return saveStatus.value !== 'error';
  }

  function applyDraft(draft: Draft): void {
    draftId.value = draft.id;
    revision.value = draft.revision;
    draftState.value = draft.state;
  }

  /**
   * Core changed the draft (create, reconcile): the next autosave must expect core's revision, or
   * core refuses it as changed elsewhere. Without a known revision, the draft is re-read.
   */
  async function syncRevision(id: string, known?: number): Promise<Draft | null> {
    if (known !== undefined) {
      takeRevision(id, known);
      return null;
    }
    const result = await getApi().drafts.get({ id });
    if (!result.ok) return null;
    if (draftId.value === id) applyDraft(result.value);
    return result.value;
  }
  function takeRevision(id: string, known: number): void {
    if (draftId.value === id) revision.value = known;
  }

  /**
   * Makes sure core's draft holds exactly `save` (core creates from the draft). Null when it does;
   * otherwise why not (shown to the admin: nothing may fail silently).
   */
  /** Core's draft holds what is on screen: saved, and nothing queued since. */
  const isSaved = () => Boolean(draftId.value) && saveStatus.value === 'saved';

  async function saveNow(save: PendingSave): Promise<AppErrorValue | null> {
    // Already saved and nothing queued since: no extra round-trip.
    if (!isSaved()) {
      scheduleSave(save);
      if (!(await flushSave())) return saveError.value ?? NOT_SAVED;
    }
    return draftId.value ? null : NOT_SAVED;
  }

  /** Offline: saves, then queues the draft as ready to create. Null when done, else why not. */
  async function markReady(save: PendingSave): Promise<AppErrorValue | null> {
    const unsaved = await saveNow(save);
    if (unsaved) return unsaved;
    const result = await getApi().creation.markReady({ draftId: draftId.value! });
    if (!result.ok) return result.error;
    applyDraft(result.value);
    return null;
  }

  /** Opens a draft to resume it; null when it does not exist. */
  async function openDraft(id: string): Promise<Draft | null> {
    const result = await getApi().drafts.get({ id });
    if (!result.ok) return null;
    applyDraft(result.value);
    savedAt.value = result.value.updatedAt;
    saveStatus.value = 'saved';
    return result.value;
  }

  // ---- creation -------------------------------------------------------------------------
  /** The screen shown: 'creating' only once a create took CREATING_SCREEN_DELAY_MS (see `creating`). */
  const phase = ref<CreationPhase>('editing');
  /** A create is under way (from Create until its answer is on screen): nothing may be sent twice. */
  const creating = ref(false);
  let progressTimer: ReturnType<typeof setTimeout> | null = null;
  /** A `tokens.changed` came while this wizard's create was in flight: read the held tokens after it. */
  let tokensChangedMeanwhile = false;
  const outcome = shallowRef<CreationOutcome | null>(null);
  const createError = ref<AppErrorValue | null>(null);
  const cancelling = ref(false);
  const cancelled = ref(false);
  const reconciling = ref(false);
  const token = shallowRef<TokenInfo | null>(null);
  /** Tokens held by main for other drafts (a reload or another wizard run left them open). */
  const otherPending = shallowRef<TokenInfo[]>([]);
  /** Unsubscribes from `tokens.changed`; null while not listening. */
  let unlistenTokens: (() => void) | null = null;
  /** Numbers the `token.pending` reads: only the latest one's answer is shown. */
  let pendingRead = 0;
  onScopeDispose(() => {
    unlistenTokens?.();
    unlistenTokens = null;
  });

  function stopProgressTimer(): void {
    if (progressTimer) clearTimeout(progressTimer);
    progressTimer = null;
  }

  /**
   * Saves what is on screen, then creates the service user from it. Null once core answered (see
   * `outcome` / `createError`), or when a create is already under way (nothing is sent twice);
   * otherwise why nothing was sent.
   */
  async function create(save: PendingSave, saveTo: KeychainItem | undefined): Promise<AppErrorValue | null> {
    if (creating.value) return null;
    creating.value = true;
    try {
      // Saved already (as usual on the review): no await, so the request leaves before the page
      // renders the busy form (the render would run in the await's gap).
      const unsaved = isSaved() ? null : await saveNow(save);
      if (unsaved) return unsaved;
      const id = draftId.value!;
      // From the review, the progress screen shows only if the create takes a while; "Try again"
      // on the outcome screen shows it at once (the review is gone there).
      if (phase.value === 'editing')
        progressTimer = setTimeout(() => {
          progressTimer = null;
          phase.value = 'creating';
        }, CREATING_SCREEN_DELAY_MS);
      else phase.value = 'creating';
      outcome.value = null;
      createError.value = null;
      cancelled.value = false;
      const result = await getApi().creation.create({ draftId: id, ...(saveTo ? { saveTo } : {}) });
      stopProgressTimer();
      cancelling.value = false;
      if (!result.ok) {
        // Core may have moved the draft before it failed.
        await syncRevision(id);
        createError.value = result.error;
        phase.value = 'outcome';
        return null;
      }
      await settle(result.value, save.profileId);
      return null;
    } finally {
      stopProgressTimer();
      creating.value = false;
      if (tokensChangedMeanwhile) {
        tokensChangedMeanwhile = false;
        afterPaint(() => void loadPendingTokens());
      }
    }
  }

  /** Puts core's answer on screen first; what it changes beyond this screen follows after the paint. */
  async function settle(value: CreationOutcome, profileId: string): Promise<void> {
    // An unrecognised token answer is a created draft in core; only the outcome screen differs.
    if (draftId.value === value.draftId)
      draftState.value = value.state === 'created_token_unrecognised' ? 'created' : value.state;
    if (value.revision === undefined) await syncRevision(value.draftId);
    else takeRevision(value.draftId, value.revision);
    outcome.value = value;
    if (value.state === 'created') {
      token.value = value.token;
      phase.value = 'token';
    } else {
      phase.value = 'outcome';
    }
    // A new service user's name is taken from now on: the wizard's uniqueness hint must know.
    // Core has cached it; the held snapshot takes it the same way (no re-read of the whole snapshot).
    // Not before the token is painted: the new snapshot re-runs everything that reads the reference.
    const created = createdUser(value);
    if (created) afterPaint(() => connectivity.addServiceUser(profileId, created));
  }

  async function cancelCreate(): Promise<void> {
    if (!draftId.value || !creating.value || phase.value !== 'creating') return;
    cancelling.value = true;
    const result = await getApi().creation.cancel({ draftId: draftId.value });
    if (result.ok && result.value.cancelled) cancelled.value = true;
  }

  /** "Check now": asks DigiCert what became of drafts left in "sending". */
  async function reconcile(profileId: string): Promise<void> {
    reconciling.value = true;
    try {
      const result = await getApi().creation.reconcile({ profileId });
      if (!result.ok) {
        createError.value = result.error;
        return;
      }
      const mine = result.value.find((o) => o.draftId === draftId.value);
      if (mine) await settle(mine, profileId);
      else if (draftId.value && draftState.value === 'sending') {
        // Settled in the background already (when DigiCert became reachable): show what core knows.
        const draft = await syncRevision(draftId.value);
        const known = draft && outcomeOf(draft);
        if (known) await settle(known, profileId);
      }
    } finally {
      reconciling.value = false;
    }
  }

  /** Back to editing after a failure (the errors are put on the fields by the view). */
  function backToEditing(): void {
    phase.value = 'editing';
    if (draftState.value === 'failed') draftState.value = 'editing';
  }

  /** A resumed draft left in "sending": its answer never arrived, so the outcome screen asks DigiCert. */
  function showUnanswered(id: string): void {
    outcome.value = {
      state: 'sending',
      draftId: id,
      error: { code: 'connection_lost', message: 'The answer did not arrive.' },
    };
    phase.value = 'outcome';
  }

  /**
   * Reads the tokens main holds. The first call also follows core's `tokens.changed` (which carries
   * no token, only that they changed): each one reads the list again, so the notice stays current.
   */
  async function loadPendingTokens(): Promise<TokenInfo[]> {
    unlistenTokens ??= subscribe('tokens.changed', onTokensChanged);
    const read = ++pendingRead;
    const result = await getApi().token.pending({});
    // Tokens issued for existing users (rotation) belong to their details screen, not to the wizard.
    const list = result.ok ? result.value.filter((t) => t.draftId !== undefined) : [];
    if (read === pendingRead) otherPending.value = list.filter((t) => t.handle !== token.value?.handle);
    return list;
  }

  /**
   * While this wizard's own create is in flight, core announces the token it now holds for it: the
   * create's answer carries that token, and no other draft's token changes by it. One read follows
   * once the answer is on screen (see `create`), so the notice about other tokens stays right.
   */
  function onTokensChanged(): void {
    if (creating.value) tokensChangedMeanwhile = true;
    else void loadPendingTokens();
  }

  function showToken(info: TokenInfo): void {
    token.value = info;
    phase.value = 'token';
    otherPending.value = otherPending.value.filter((t) => t.handle !== info.handle);
  }

  function tokenSaved(savedTo: KeychainItem, readBack: ReadBackCommands): void {
    if (token.value) token.value = { ...token.value, savedTo, readBack };
  }

  /**
   * Outcome created_token_unrecognised: the admin's pick becomes the token on the normal token
   * screen. Null when done, else why not.
   */
  async function pickCandidate(path: string): Promise<AppErrorValue | null> {
    if (outcome.value?.state !== 'created_token_unrecognised') return null;
    const result = await getApi().token.pickCandidate({ handle: outcome.value.answer.handle, path });
    if (!result.ok) return result.error;
    showToken(result.value);
    return null;
  }

  /** Drops an unrecognised answer for good (the admin found no token in it). */
  async function dismissAnswer(): Promise<AppErrorValue | null> {
    if (outcome.value?.state !== 'created_token_unrecognised') return null;
    const result = await getApi().token.dismissAnswer({ handle: outcome.value.answer.handle });
    return result.ok || result.error.code === 'token_gone' ? null : result.error;
  }

  /** A fresh wizard (after a token was closed, or to start over). */
  function reset(): void {
    stopProgressTimer();
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
    draftId.value = null;
    revision.value = null;
    draftState.value = 'editing';
    saveStatus.value = 'idle';
    savedAt.value = null;
    saveError.value = null;
    phase.value = 'editing';
    outcome.value = null;
    createError.value = null;
    cancelling.value = false;
    cancelled.value = false;
    token.value = null;
  }

  return {
    draftId,
    revision,
    draftState,
    saveStatus,
    savedAt,
    saveError,
    setOnDraftCreated,
    scheduleSave,
    flushSave,
    openDraft,
    markReady,
    phase,
    creating,
    outcome,
    createError,
    cancelling,
    cancelled,
    reconciling,
    token,
    otherPending,
    create,
    cancelCreate,
    reconcile,
    backToEditing,
    showUnanswered,
    loadPendingTokens,
    showToken,
    pickCandidate,
    dismissAnswer,
    tokenSaved,
    reset,
  };
});
