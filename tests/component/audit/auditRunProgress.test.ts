import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditRunProgress from '../../../renderer/src/components/audit/AuditRunProgress.vue';
import { useAuditProgressStore } from '../../../renderer/src/stores/auditProgress';
import { installFakeApi, mountWith, until } from '../helpers';

let wrapper: VueWrapper | null = null;
let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

describe('audit run progress and cancel', () => {
  it('follows audit.progress for its operation and cancels it by name', async () => {
    const api = installFakeApi({ 'audit.cancel': () => ({ ok: true, value: { cancelled: true } }) });
    wrapper = mountWith(AuditRunProgress, { props: { operation: 'verify', running: true } });
    stop = useAuditProgressStore().follow();
    const box = wrapper.get('[data-testid="audit-verify-progress"]');
    expect(box.text()).toContain('Starting…');

    api.emit({ name: 'audit.progress', payload: { operation: 'export', done: 5, total: 9 } });
    api.emit({ name: 'audit.progress', payload: { operation: 'verify', done: 50000, total: 200000 } });
    await until(() => expect(box.text()).toContain('50,000 of 200,000 entries'));
    const bar = box.get('progress');
    expect(bar.attributes('value')).toBe('50000');
    expect(bar.attributes('max')).toBe('200000');

    const cancel = wrapper.get('[data-testid="audit-verify-cancel"]');
    await cancel.trigger('click');
    await until(() => expect(api.callsTo('audit.cancel')).toEqual([{ operation: 'verify' }]));
    await until(() => expect(cancel.attributes('disabled')).toBeDefined());
  });

  it('shows nothing when the operation is not running', () => {
    installFakeApi({});
    wrapper = mountWith(AuditRunProgress, { props: { operation: 'export', running: false } });
    expect(wrapper.find('[data-testid="audit-export-progress"]').exists()).toBe(false);
  });
});
