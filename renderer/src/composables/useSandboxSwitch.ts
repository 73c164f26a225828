import { computed, ref } from 'vue';
import { useConnectivityStore } from '../stores/connectivity';
import { useNotificationsStore } from '../stores/notifications';
import { useProfilesStore } from '../stores/profiles';
import { useSandboxStore } from '../stores/sandbox';

/** One switch at a time, whichever button started it (the sandbox menu or the status line). */
const switching = ref(false);

/**
 * Practice working offline: switches the built-in sandbox tenant off or on (only for the sandbox
 * profile), then asks DigiCert ONE (the sandbox) again so the status line follows at once.
 */
export function useSandboxSwitch() {
  const profiles = useProfilesStore();
  const connectivity = useConnectivityStore();
  const notify = useNotificationsStore();
  const sandbox = useSandboxStore();

  const isSandbox = computed(() => profiles.current?.kind === 'sandbox');
  const running = computed(() => sandbox.running);

  async function setRunning(next: boolean): Promise<void> {
    if (switching.value) return;
    switching.value = true;
    try {
      const result = await sandbox.setRunning(next);
      if (!result.ok) {
        notify.error(result.error);
        return;
      }
      await connectivity.retry();
    } finally {
      switching.value = false;
    }
  }

  return { isSandbox, running, switching, setRunning, load: () => sandbox.load() };
}
