import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { AppInfo } from '../../../shared/ipc/contract';
import TokenPanel from '../../../renderer/src/components/wizard/TokenPanel.vue';
import { createAppI18n } from '../../../renderer/src/i18n';
import { useAppStore } from '../../../renderer/src/stores/app';
import { installFakeApi } from '../helpers';
import { tokenInfo } from './fixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const info = (platform: string): AppInfo => ({
  name: 'Service User Desk',
  version: '0',
  platform,
  dataDir: '/d',
  transport: 'electron',
});

/** The panel mounted once app.info is known, so its first render already reflects the platform. */
async function panel(platform: string, locale: 'en' | 'de' = 'en') {
  installFakeApi({ 'app.info': () => ({ ok: true, value: info(platform) }) });
  const pinia = createPinia();
  setActivePinia(pinia);
  const app = useAppStore();
  await app.loadInfo();
  expect(app.info?.platform).toBe(platform);
  w = mount(TokenPanel, {
    props: { info: tokenInfo(), keychain: null },
    global: { plugins: [pinia, createAppI18n(locale)] },
    attachTo: document.body,
  });
  return w;
}

describe('token panel: where screen capture cannot be blocked', () => {
  it('says so on Linux, in the "shown only once" notice', async () => {
    const x = await panel('linux');
    expect(x.get('[data-testid="token-capture-note"]').text()).toBe(
      'Screen capture cannot be blocked on Linux: make sure no screen sharing or recording is running.',
    );
    expect(x.get('section.notice-warning').find('[data-testid="token-capture-note"]').exists()).toBe(true);
  });

  it('in German too', async () => {
    const x = await panel('linux', 'de');
    expect(x.get('[data-testid="token-capture-note"]').text()).toContain('unter Linux nicht verhindern');
  });

  it.each(['darwin', 'win32'])('says nothing on %s, where main protects the window', async (platform) => {
    const x = await panel(platform);
    expect(x.find('[data-testid="token-panel"]').exists()).toBe(true);
    expect(x.find('[data-testid="token-capture-note"]').exists()).toBe(false);
  });
});
