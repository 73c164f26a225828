import { useField } from 'vee-validate';
import { computed, watch } from 'vue';

/**
 * A vee-validate field whose error is shown at the right moment: not while the admin is still
 * typing a first value, but once they leave the field after changing it (`leave`, bound to blur)
 * or once the form asks for every error (the form's `setTouched(true)` on Next/Save). From then on
 * the error follows every change live, so fixing it clears it at once. Validation itself still runs
 * on every change (the form's validity and "name is free" stay current); only showing waits.
 */
export function useFormField<T>(name: string) {
  const field = useField<T>(name);
  let edited = false;
  watch(
    field.value,
    () => {
      edited = true;
    },
    { deep: true },
  );
  const error = computed(() => (field.meta.touched ? field.errorMessage.value : undefined));
  function leave(): void {
    if (!edited || field.meta.touched) return;
    field.setTouched(true);
    void field.validate();
  }
  return { value: field.value, error, leave, field };
}
