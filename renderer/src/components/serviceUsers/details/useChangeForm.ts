import { toTypedSchema } from '@vee-validate/zod';
import { useForm, type TypedSchema } from 'vee-validate';
import { computed, nextTick, reactive, ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FieldError } from '../../../../../shared/errors';
import {
  serviceUserChangeSchema,
  type ManageOperation,
  type ServiceUserChangeInput,
} from '../../../../../shared/manage';
import { useErrorText } from '../../../lib/errors';
import { useServiceUserDetailsStore } from '../../../stores/serviceUserDetails';
import { changeFormSchema } from './editModel';

/**
 * One change form (details, or access): a vee-validate form checked by the shared
 * `serviceUserChangeSchema(today)` on what differs (`toChange(values, initial)`), then a review of
 * the change, then prepare through the details store; `onPrepared` gets the queued operation.
 * Sending is the caller's (the view sends at once when reachable). `frame` is what
 * ChangeFormFrame shows and does; bind `frameEl` as its ref. Must be called from a component's setup.
 */
export function useChangeForm<V extends object>(
  today: string,
  initial: V,
  toChange: (values: V, initial: V) => ServiceUserChangeInput,
  onPrepared: (operation: ManageOperation) => void,
) {
  const changeOf = (values: V) => toChange(values, initial);
  /** The ChangeFormFrame: errors are looked for (and focused) inside it. */
  const frameEl = ref<{ $el: HTMLElement } | null>(null);
  const { t } = useI18n({ useScope: 'global' });
  const errorText = useErrorText();
  const store = useServiceUserDetailsStore();

  // No `cast`: vee-validate would run the initial values through the schema's transform.
  const { cast: _cast, ...typed } = toTypedSchema(changeFormSchema<V>(today, changeOf));
  const form = useForm<V, V>({
    validationSchema: typed as unknown as TypedSchema<V, V>,
    initialValues: JSON.parse(JSON.stringify(initial)) as never,
  });

  const phase = ref<'edit' | 'review'>('edit');
  /** The change as the shared schema yields it (trimmed), shown on the review and prepared. */
  const change = shallowRef<ServiceUserChangeInput>({});
  /** Announced: why the review did not open. */
  const announcement = ref('');
  const busy = ref(false);
  const error = ref<string | null>(null);
  /** Something typed differs from the user, or is on review: leaving would lose it. */
  const unsaved = computed(() => phase.value === 'review' || Object.keys(changeOf(form.values as V)).length > 0);

  function focusFirstError(): void {
    void nextTick(() => {
      const root = frameEl.value?.$el;
      const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (invalid) return invalid.focus();
      const group = root?.querySelector<HTMLElement>('.wz-error-region:has(.field-error)')?.closest('fieldset');
      group?.querySelector<HTMLElement>('input, button')?.focus();
    });
  }

  async function review(): Promise<void> {
    announcement.value = '';
    error.value = null;
    form.setTouched(true); // every error is asked for now, as the wizard's Next does
    const result = await form.validate();
    if (!result.valid) {
      announcement.value = t('serviceUser.edit.fixErrors');
      focusFirstError();
      return;
    }
    const raw = changeOf(form.values as V);
    if (Object.keys(raw).length === 0) {
      announcement.value = t('serviceUser.edit.nothingChanged');
      return;
    }
    const parsed = serviceUserChangeSchema(today).safeParse(raw);
    change.value = parsed.success ? (parsed.data as ServiceUserChangeInput) : raw;
    phase.value = 'review';
  }

  function back(): void {
    phase.value = 'edit';
    error.value = null;
  }

  /** Core's refusal of fields: back on the form, each message on its field. */
  function showFieldErrors(fieldErrors: readonly FieldError[]): void {
    phase.value = 'edit';
    void nextTick(() => {
      for (const fe of fieldErrors) {
        const field = fe.field.replace(/^(operation\.)?change\./, '');
        form.setFieldError(field as never, fe.message);
      }
      announcement.value = t('serviceUser.edit.fixErrors');
      focusFirstError();
    });
  }

  /** Queues the reviewed change (works offline); null when core refused it (shown here). */
  async function prepare(): Promise<ManageOperation | null> {
    busy.value = true;
    error.value = null;
    try {
      const result = await store.prepare({ kind: 'update', change: change.value as Record<string, unknown> });
      if (result.ok) return result.value;
      if (result.error.fieldErrors?.length) showFieldErrors(result.error.fieldErrors);
      else error.value = errorText(result.error);
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function confirm(): Promise<void> {
    const operation = await prepare();
    if (operation) onPrepared(operation);
  }

  const frame = reactive({ phase, announcement, unsaved, change, busy, error, review, back, confirm });
  return { form, phase, frameEl, frame };
}
