import { toTypedSchema } from '@vee-validate/zod';
import { useForm, type TypedSchema } from 'vee-validate';
import { computed, nextTick, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { AppErrorValue } from '../../../shared/errors';
import { defaultKeychainItem } from '../../../shared/keychainItem';
import { utcToday } from '../../../shared/serviceUser';
import { worthADraft } from '../lib/draftWorth';
import { localTime } from '../lib/time';
import {
  ALL_STEPS,
  STEP_DETAILS,
  STEP_REVIEW,
  TEXT_FIELDS,
  draftFieldsFromValues,
  emptyWizardValues,
  normalizeName,
  pruneRoles,
  stepOfField,
  stepSchema,
  takenNames,
  textFieldError,
  valuesFromDraft,
  type WizardValues,
} from '../lib/wizard';
import { useAppStore } from '../stores/app';
import { useConnectivityStore } from '../stores/connectivity';
import { useNavStore } from '../stores/nav';
import { useNotificationsStore } from '../stores/notifications';
import { useProfilesStore } from '../stores/profiles';
import { useWizardStore } from '../stores/wizard';

/** The elements the wizard moves focus to. */
export interface WizardElements {
  root: Ref<HTMLElement | null>;
  heading: Ref<HTMLElement | null>;
}

/**
 * Everything the creation wizard does, for NewServiceUserView to render: the vee-validate form
 * (its schema cut per step), step navigation, autosave, keychain item defaults, mark ready,
 * create and DigiCert's refusals put back on their fields, start over, resuming a draft from the
 * address, and following the profile and the address. Must be called from a component's setup.
 */
export function useWizardForm(elements: WizardElements) {
  const { t, te, locale } = useI18n({ useScope: 'global' });
  const app = useAppStore();
  const nav = useNavStore();
  const notify = useNotificationsStore();
  const profiles = useProfilesStore();
  const store = useWizardStore();
  const connectivity = useConnectivityStore();

  const today = utcToday();
  const profile = computed(() => profiles.current);
  const keychainAvailable = computed(() => app.keychain?.available !== false);
  /** The current profile's reference snapshot (the connectivity store's; another profile's is not shown). */
  const snapshot = computed(() =>
    connectivity.snapshot && connectivity.snapshot.profileId === profile.value?.id ? connectivity.snapshot : null,
  );
  const reference = computed(() => snapshot.value?.data ?? null);
  const offline = computed(() => snapshot.value?.connectivity.state === 'offline');

  // ---- the form: one vee-validate form, its schema cut per step from the shared schema --------
  const step = ref<number>(STEP_DETAILS);
  /** Names DigiCert ONE refused as duplicates in this session (the cached list may be older). */
  const serverTaken = ref<Set<string>>(new Set());
  const taken = computed(() => takenNames(reference.value));
  const currentStepSchema = computed(() =>
    stepSchema(step.value, { today, taken: taken.value, serverTaken: serverTaken.value }),
  );
  const schema = computed(
    () => toTypedSchema(currentStepSchema.value) as unknown as TypedSchema<WizardValues, WizardValues>,
  );

  const { values, errors, validate, validateField, resetForm, setFieldError, setFieldValue, setTouched } = useForm<
    WizardValues,
    WizardValues
  >({
    validationSchema: schema,
    initialValues: emptyWizardValues(keychainAvailable.value),
    keepValuesOnUnmount: true,
  });

  /** Where the screen is: an edit step, or create (3) / token (4). */
  const displayStep = computed(() => (store.phase === 'token' ? 4 : store.phase === 'editing' ? step.value : 3));
  const stepTitle = computed(() => t(`wizard.steps.${ALL_STEPS[displayStep.value]}`));

  /** A problem not tied to one field (server refusal without fields, resume problems...). */
  const formError = ref<AppErrorValue | null>(null);
  const notice = ref<string | null>(null);
  const announcement = ref('');

  function focusHeading(): void {
    void nextTick(() => elements.heading.value?.focus());
  }
  function focusFirstError(): void {
    void nextTick(() => {
      const root = elements.root.value;
      const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) {
        invalid.focus();
        return;
      }
      // A group (accounts, managers, roles) has no aria-invalid: focus its first control.
      const group = root?.querySelector<HTMLElement>('.wz-error-region:has(.field-error)')?.closest('fieldset');
      group?.querySelector<HTMLElement>('input, button')?.focus();
    });
  }
  /**
   * Validates the current step; when invalid, says so and focuses the first error. A step that is
   * valid as it stands (the usual case) goes on at once: the same schema, parsed here, without
   * vee-validate's batched run (a 5 ms timer before every Next and Create). Errors still shown on
   * the step's fields are then out of date (a refusal from DigiCert put on a field): they go.
   */
  async function validStep(): Promise<boolean> {
    setTouched(true); // from now on every error of the step shows (and follows each change live)
    if (currentStepSchema.value.safeParse(values).success) {
      for (const path of Object.keys(errors.value))
        if (step.value === STEP_REVIEW || stepOfField(path) === step.value)
          setFieldError(path as keyof WizardValues, undefined);
      return true;
    }
    const result = await validate();
    if (!result.valid) {
      announcement.value = t('wizard.fixErrors');
      focusFirstError();
    }
    return result.valid;
  }

  const refreshedAtText = computed(() => {
    const at = reference.value?.refreshedAt;
    return at ? localTime(at, locale.value) : t('wizard.reference.unknownTime');
  });

  async function refresh(): Promise<void> {
    if (profile.value) await connectivity.retry();
  }

  // ---- autosave -------------------------------------------------------------------------------
  /** True once the form holds what it should (fresh or resumed): changes after that are saved. */
  const ready = ref(false);

  // The synchronous rules at keystroke speed. vee-validate batches its schema runs (5 ms
  // debounce), so each text field's own rules run on the change itself, before the render it
  // causes; the batched run then finds the same message. When an error is SHOWN is useFormField's
  // business, not this. Resets (ready is false) are left to vee-validate.
  for (const field of TEXT_FIELDS) {
    watch(
      () => values[field],
      () => {
        if (!ready.value) return;
        const context = { today, taken: taken.value, serverTaken: serverTaken.value };
        setFieldError(field, textFieldError(field, values as WizardValues, step.value, context));
      },
      { flush: 'sync' },
    );
  }

  function payload() {
    return {
      profileId: profile.value!.id,
      step: Math.min(step.value, STEP_REVIEW),
      fields: draftFieldsFromValues(values as WizardValues),
    };
  }
  watch(
    [() => values, step],
    () => {
      if (!ready.value || !profile.value || store.phase !== 'editing' || store.creating) return;
      const save = payload();
      if (!store.draftId && !worthADraft(save.fields)) return; // no "Untitled draft" from a click
      store.scheduleSave(save);
    },
    { deep: true },
  );
  function retrySave(): void {
    if (profile.value) {
      store.scheduleSave(payload());
      void store.flushSave();
    }
  }

  // ---- keychain item defaults -----------------------------------------------------------------
  let lastDefault = { service: '', account: '' };
  function ensureKeychainDefaults(): void {
    const item = defaultKeychainItem(profile.value, values.friendlyName ?? '');
    if (!values.keychainService || values.keychainService === lastDefault.service)
      setFieldValue('keychainService', item.service);
    if (!values.keychainAccount || values.keychainAccount === lastDefault.account)
      setFieldValue('keychainAccount', item.account);
    lastDefault = item;
  }
  watch(
    () => app.keychain?.available,
    (available) => {
      if (available === false && values.saveToKeychain) setFieldValue('saveToKeychain', false);
    },
  );

  // ---- steps ----------------------------------------------------------------------------------
  function goTo(target: number): void {
    formError.value = null;
    step.value = target;
    if (target === STEP_REVIEW) ensureKeychainDefaults();
    announcement.value = '';
    focusHeading();
  }

  async function next(): Promise<void> {
    if (!(await validStep())) return;
    if (step.value === STEP_DETAILS) setFieldValue('managers', pruneRoles(values.managers ?? [], reference.value));
    goTo(step.value + 1);
  }
  function back(): void {
    if (step.value > STEP_DETAILS) goTo(step.value - 1);
  }

  // ---- create ---------------------------------------------------------------------------------
  const markedReady = ref(false);

  async function create(): Promise<void> {
    if (store.creating) return; // one create at a time (the review is disabled meanwhile)
    if (!(await validStep())) return;
    if (!profile.value) return;
    formError.value = null;
    const saveTo =
      values.saveToKeychain && keychainAvailable.value
        ? { service: values.keychainService.trim(), account: values.keychainAccount.trim() }
        : undefined;
    const notSent = await store.create(payload(), saveTo);
    if (notSent) {
      formError.value = notSent;
      return;
    }
    const outcome = store.outcome;
    const failure = outcome?.state === 'failed' ? outcome.error : !outcome ? store.createError : null;
    if (failure && (await applyServerError(failure))) return;
    focusHeading();
  }

  /** Puts a refusal from DigiCert onto its fields and goes back to the step holding them. */
  async function applyServerError(error: AppErrorValue): Promise<boolean> {
    const fieldErrors = [...(error.fieldErrors ?? [])];
    if (error.code === 'duplicate_name' && !fieldErrors.some((f) => f.field === 'friendlyName')) {
      fieldErrors.push({ field: 'friendlyName', code: 'duplicate_name', message: error.message });
    }
    if (fieldErrors.length === 0) return false;
    const target = Math.min(...fieldErrors.map((f) => stepOfField(f.field)));
    const duplicate = fieldErrors.some((f) => f.field === 'friendlyName' && f.code === 'duplicate_name');
    store.backToEditing();
    formError.value = error;
    step.value = target;
    if (duplicate) serverTaken.value = new Set([...serverTaken.value, normalizeName(values.friendlyName ?? '')]);
    // Once the step's fields are mounted and the new schema (with serverTaken) is in place, validate
    // now: this run absorbs the one the schema change queued, so none overwrites the errors set below.
    await nextTick();
    setTouched(true); // the refused fields show their errors at once
    if (duplicate) await validateField('friendlyName', { mode: 'force' });
    else await validate({ mode: 'validated-only' });
    for (const fe of fieldErrors) {
      const nameTaken = fe.field === 'friendlyName' && fe.code === 'duplicate_name'; // set by the schema above
      if (!nameTaken && stepOfField(fe.field) === target)
        setFieldError(fe.field as keyof WizardValues, te(`errors.${fe.code}`) ? t(`errors.${fe.code}`) : fe.message);
    }
    focusFirstError();
    return true;
  }

  async function markReady(): Promise<void> {
    if (!(await validStep())) return;
    if (!profile.value) return;
    const notMarked = await store.markReady(payload());
    if (notMarked) {
      formError.value = notMarked;
      return;
    }
    markedReady.value = true;
    notice.value = t('wizard.review.markedReady');
  }

  // The form goes away while creating: focus moves to the step heading (now "Create").
  watch(
    () => store.phase,
    (phase) => {
      if (phase === 'creating') focusHeading();
    },
  );

  function backToFix(): void {
    store.backToEditing();
    goTo(STEP_REVIEW);
  }
  async function checkNow(): Promise<void> {
    if (profile.value) await store.reconcile(profile.value.id);
    focusHeading();
  }

  // ---- token ----------------------------------------------------------------------------------
  function onTokenClosed(): void {
    const name = store.token?.friendlyName ?? values.friendlyName;
    notify.success('wizard.token.closed', { name });
    startOver();
  }
  /** An empty form on step 1 (the draft in the store is left as it is). */
  function clearForm(): void {
    resetForm({ values: emptyWizardValues(keychainAvailable.value) });
    step.value = STEP_DETAILS;
  }
  function startOver(): void {
    ready.value = false;
    store.reset();
    serverTaken.value = new Set();
    markedReady.value = false;
    notice.value = null;
    formError.value = null;
    clearForm();
    lastDefault = { service: '', account: '' };
    nav.setParams({});
    void store.loadPendingTokens();
    void nextTick(() => {
      ready.value = true;
      focusHeading();
    });
  }

  const unsavedToken = computed(() => !!store.token && !store.token.savedTo);
  function onBeforeUnload(event: BeforeUnloadEvent): void {
    // The harness has no native close guard: the browser's own "leave page?" stands in for it.
    if (app.info?.transport === 'harness' && unsavedToken.value) {
      event.preventDefault();
      event.returnValue = '';
    }
  }

  // ---- opening --------------------------------------------------------------------------------
  const opening = ref(false);

  async function resume(id: string): Promise<void> {
    const draft = await store.openDraft(id);
    if (!draft || (profile.value && draft.profileId !== profile.value.id)) {
      notice.value = t('wizard.resume.notFound');
      store.reset();
      nav.setParams({});
      return;
    }
    resetForm({ values: valuesFromDraft(draft.fields, keychainAvailable.value) });
    step.value = Math.min(Math.max(draft.step, STEP_DETAILS), STEP_REVIEW);
    if (step.value === STEP_REVIEW) ensureKeychainDefaults();
    if (draft.state === 'sending') store.showUnanswered(draft.id);
  }

  async function open(): Promise<void> {
    ready.value = false;
    opening.value = true;
    store.reset();
    store.setOnDraftCreated((id) => nav.setParams({ draft: id }));
    try {
      if (!profile.value) return;
      const draftParam = nav.params.draft;
      await Promise.all([connectivity.load(profile.value.id), draftParam ? resume(draftParam) : Promise.resolve()]);
      const pending = await store.loadPendingTokens();
      const mine = pending.find((p) => p.draftId === store.draftId);
      if (mine) store.showToken(mine);
      else if (store.draftState === 'created' || store.draftState === 'created_token_lost') {
        // Already created and its token is gone: nothing to edit here; start a new one.
        store.reset();
        nav.setParams({});
        clearForm();
        notice.value = t('wizard.resume.notEditable');
      }
    } finally {
      opening.value = false;
      await nextTick();
      ready.value = true;
    }
  }

  watch(
    () => profile.value?.id,
    (id, previous) => {
      if (id !== previous && previous !== undefined) {
        ready.value = false;
        store.reset();
        nav.setParams({});
        clearForm();
        void open();
      }
    },
  );

  // "New service user" in the navigation while a draft is open starts a new one (the open draft is
  // saved and stays under Drafts); another draft id in the address opens that draft. A token on
  // screen is never left this way.
  watch(
    () => nav.params.draft,
    async (draft, before) => {
      if (draft === before || !ready.value || store.phase === 'token') return;
      if (draft ? draft === store.draftId : !store.draftId) return;
      await store.flushSave();
      if (draft) {
        clearForm();
        await open();
      } else startOver();
    },
  );

  onMounted(() => {
    window.addEventListener('beforeunload', onBeforeUnload);
    if (profiles.loaded || profile.value) void open();
    else {
      const stop = watch(
        () => profiles.loaded,
        (loaded) => {
          if (loaded) {
            stop();
            void open();
          }
        },
      );
    }
  });
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', onBeforeUnload);
    store.setOnDraftCreated(null);
    void store.flushSave();
  });

  return {
    today,
    profile,
    keychainAvailable,
    snapshot,
    reference,
    offline,
    refreshedAtText,
    taken,
    values,
    step,
    displayStep,
    stepTitle,
    formError,
    notice,
    announcement,
    markedReady,
    opening,
    refresh,
    retrySave,
    goTo,
    next,
    back,
    create,
    markReady,
    backToFix,
    checkNow,
    onTokenClosed,
    startOver,
  };
}
