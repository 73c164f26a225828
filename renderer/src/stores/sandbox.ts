import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Result } from '../../../shared/errors';
import { getApi } from '../api';

/** The built-in sandbox tenant: whether it runs (switched off to practise working offline). */
export const useSandboxStore = defineStore('sandbox', () => {
  /** Null until known. */
  const running = ref<boolean | null>(null);

  async function load(): Promise<void> {
    const result = await getApi().sandbox.status({});
    if (result.ok) running.value = result.value.running;
  }

  async function setRunning(next: boolean): Promise<Result<{ running: boolean }>> {
    const result = await getApi().sandbox.setRunning({ running: next });
    if (result.ok) running.value = result.value.running;
    return result;
  }

  return { running, load, setRunning };
});
