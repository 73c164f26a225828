import { ref } from 'vue';
import type { AppErrorValue } from '../../../../shared/errors';

/**
 * The outcomes the certificate components tell (generated, prepared, revoked, refused…): kept as an
 * i18n key with its parameters, so the text follows the app's language; `reason` is an error shown
 * in words. CertificateMessages.vue shows them.
 */
export interface CertificateMessage {
  id: number;
  tone: 'success' | 'warning' | 'error';
  key: string;
  params: Record<string, unknown>;
  reason?: AppErrorValue;
}

export function useCertificateMessages() {
  const messages = ref<CertificateMessage[]>([]);
  let next = 1;
  function tell(
    tone: CertificateMessage['tone'],
    key: string,
    params: Record<string, unknown> = {},
    reason?: AppErrorValue,
  ): void {
    messages.value = [...messages.value, { id: next++, tone, key, params, ...(reason ? { reason } : {}) }];
  }
  function dismiss(id: number): void {
    messages.value = messages.value.filter((m) => m.id !== id);
  }
  return { messages, tell, dismiss };
}
