import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import type { UnsavedDisposition } from '../../../shared/creation';
import type { AppErrorValue, Result } from '../../../shared/errors';
import { useAppStore } from '../stores/app';

/**
 * Close on a one-time screen (the token's, the certificate's): safe once the secret is saved, the
 * admin says it is stored elsewhere, or main no longer holds it (`goneCode`); otherwise Close asks
 * first and tells main it was discarded. In the harness, the browser's "leave page?" guards an
 * unsaved secret (there is no native close guard there).
 */
export function useOneTimeClose(options: {
  /** The screen's error: Close shows its failure here, and `goneCode` in it means main holds nothing. */
  error: Ref<AppErrorValue | null>;
  goneCode: string;
  saved: () => boolean;
  /** Tells main to drop the secret; `unsaved` only while it is not saved. */
  dismiss: (unsaved?: UnsavedDisposition) => Promise<Result<unknown>>;
  /** Before dismissing, e.g. hide the revealed value. */
  beforeClose?: () => void;
  closed: () => void;
}) {
  const app = useAppStore();
  const { error, goneCode, saved } = options;
  const gone = computed(() => error.value?.code === goneCode);
  const storedElsewhere = ref(false);
  const confirming = ref(false);
  const closing = ref(false);
  const safeToClose = computed(() => saved() || storedElsewhere.value || gone.value);

  async function finishClose(unsaved?: UnsavedDisposition): Promise<void> {
    closing.value = true;
    options.beforeClose?.();
    try {
      const result = await options.dismiss(saved() ? undefined : unsaved);
      // Gone already (another window closed it): main holds nothing, which is what Close asks for.
      if (result.ok || result.error.code === goneCode || result.error.code === 'not_found') options.closed();
      else error.value = result.error;
    } finally {
      closing.value = false;
    }
  }
  function requestClose(): void {
    if (safeToClose.value) void finishClose(storedElsewhere.value ? 'stored_elsewhere' : undefined);
    else confirming.value = true;
  }
  function confirmClose(): void {
    confirming.value = false;
    void finishClose('discarded');
  }

  function onBeforeUnload(event: BeforeUnloadEvent): void {
    if (app.info?.transport === 'harness' && !saved()) {
      event.preventDefault();
      event.returnValue = '';
    }
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));

  return { gone, storedElsewhere, confirming, closing, requestClose, confirmClose };
}
