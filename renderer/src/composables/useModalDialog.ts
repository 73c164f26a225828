import { onMounted, ref } from 'vue';

export interface ModalDialogOptions {
  /** Puts the focus where the admin starts, once the dialog is shown. */
  focus: () => void;
  /** Runs after the dialog is closed and the focus is back on the opener. */
  onClose?: () => void;
  /** Where the focus goes back to; by default what had the focus when the dialog was set up. */
  opener?: () => HTMLElement | null | undefined;
  /** Show the dialog when the component is mounted (default); with false, call `show()` once it is rendered. */
  showOnMount?: boolean;
}

/**
 * A modal built on <dialog> (bind `dialog` with `ref="dialog"`): `showModal()` traps the focus and
 * Escape cancels; closing gives the focus back to whatever opened it.
 */
export function useModalDialog(options: ModalDialogOptions) {
  const dialog = ref<HTMLDialogElement | null>(null);
  const activeAtSetup = typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null;

  function show(): void {
    const el = dialog.value;
    // Test DOMs (jsdom) may lack showModal.
    if (el && typeof el.showModal === 'function' && !el.open) el.showModal();
    options.focus();
  }

  function close(): void {
    dialog.value?.close();
    const opener = options.opener ? options.opener() : activeAtSetup;
    opener?.focus?.();
    options.onClose?.();
  }

  if (options.showOnMount !== false) onMounted(show);

  return { dialog, show, close };
}
