import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import type { ReferenceSnapshot } from '../../../shared/reference';
import NewServiceUserView from '../../../renderer/src/views/NewServiceUserView.vue';
import {
  PROFILE,
  byTestId,
  fakeCore,
  fillDetails,
  findTestId,
  mountWizard,
  next,
  referenceData,
  snapshot,
  tokenInfo,
  until,
} from './fixtures';

/*
 * The reference snapshot is about 1 MB with thousands of accounts: the wizard reads it over the
 * bridge once, then core's events keep it current.
 */

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

const NEWER = '2026-03-02T10:00:00Z';

function withUser(name: string, refreshedAt: string): ReferenceSnapshot {
  const data = referenceData();
  return snapshot('online', {
    ...data,
    serviceUsers: [...data.serviceUsers, { id: 'su-9', friendlyName: name, status: 'ACTIVE' }],
    refreshedAt,
  });
}

async function nameTaken(x: VueWrapper, name: string): Promise<void> {
  await byTestId(x, 'friendly-name').setValue(name);
  await byTestId(x, 'friendly-name').trigger('blur');
  await until(() => expect(byTestId(x, 'friendly-name-error').text()).toContain('already exists in this profile'));
}

describe('reading the reference snapshot', () => {
  it('a second open does not read the held snapshot again; reference.refreshed reads it once more', async () => {
    let current = snapshot('online');
    const core = fakeCore({ extra: { 'reference.get': () => ({ ok: true, value: current }) } });
    const pinia = createPinia();
    w = await mountWizard(NewServiceUserView, { pinia });
    expect(core.callsTo('reference.get')).toEqual([{ profileId: PROFILE.id }]);

    w.unmount();
    w = await mountWizard(NewServiceUserView, { pinia });
    await until(() => core.answeredAll());
    expect(core.callsTo('reference.get')).toHaveLength(1);
    expect(findTestId(w, 'reference-as-of').exists()).toBe(true); // the held data is on screen

    // DigiCert ONE's data was refreshed in core: read once more, and the wizard knows the new name.
    current = withUser('ops-bot', NEWER);
    core.emit({ name: 'reference.refreshed', payload: { profileId: PROFILE.id, refreshedAt: NEWER } });
    await until(() => expect(core.callsTo('reference.get')).toHaveLength(2));
    await nameTaken(w, 'ops-bot');

    w.unmount();
    w = await mountWizard(NewServiceUserView, { pinia });
    await until(() => core.answeredAll());
    expect(core.callsTo('reference.get')).toHaveLength(2);
    await nameTaken(w, 'Ops-Bot');
  });

  it('a name just created is taken in the next wizard without reading the snapshot again', async () => {
    const core = fakeCore({
      outcome: () => ({
        state: 'created',
        draftId: 'd1',
        serviceUser: { id: 'su-new', friendlyName: 'fresh-bot', description: '', status: 'ACTIVE' },
        token: tokenInfo({ friendlyName: 'fresh-bot' }),
        revision: 2,
      }),
    });
    w = await mountWizard(NewServiceUserView);
    await fillDetails(w, { name: 'fresh-bot' });
    await next(w);
    await w.get('[data-role="Default user"]').setValue(true);
    await w.get('[data-role="Auditor"]').setValue(true);
    await next(w);
    await byTestId(w, 'wizard-create').trigger('click');
    await until(() => findTestId(w!, 'token-panel').exists());
    await byTestId(w, 'stored-elsewhere').setValue(true);
    await byTestId(w, 'token-close').trigger('click');
    await until(() => expect(byTestId(w!, 'step-heading').text()).toBe('Service user details'));

    await nameTaken(w, 'Fresh-Bot');
    await until(() => core.answeredAll());
    expect(core.callsTo('reference.get')).toHaveLength(1);
  });
});
