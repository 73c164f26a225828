import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { SavedTokenItem } from '../../../shared/manage';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useNotificationsStore } from '../../../renderer/src/stores/notifications';
import { byTestId, fakeServiceUserCore, mountDetails, until } from './tokensFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const dialog = () => document.querySelector<HTMLElement>('[data-testid="delete-user-dialog"]');
const input = () => dialog()!.querySelector<HTMLInputElement>('[data-testid="delete-confirm-name"]')!;

async function openDelete(x: VueWrapper): Promise<HTMLElement> {
  await byTestId(x, 'delete-user').trigger('click');
  return until(() => dialog() ?? false);
}
async function type(value: string): Promise<void> {
  input().value = value;
  input().dispatchEvent(new Event('input'));
  await until(() => input().value === value);
}
function confirm(): void {
  dialog()!.querySelector<HTMLButtonElement>('[data-testid="delete-user-confirm"]')!.click();
}

const item = (n: number, exists: boolean | null): SavedTokenItem => ({
  item: { service: `svc-${n}`, account: 'ci-signer_prod' },
  savedAt: '2026-02-01T00:00:00Z',
  exists,
});

describe('delete a service user', () => {
  it('needs the friendly name typed exactly; a near miss sends nothing', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    const d = await openDelete(w);
    expect(d.textContent).toContain('Delete “ci-signer_prod”?');
    expect(d.textContent).toContain('cannot be undone');

    for (const nearMiss of ['', 'CI-signer_prod', 'ci-signer_prod ', 'ci-signer']) {
      await type(nearMiss);
      confirm();
      await until(() =>
        expect(d.querySelector('[data-testid="delete-confirm-error"]')?.textContent).toContain(
          'The name does not match.',
        ),
      );
    }
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);
    expect(input().getAttribute('aria-invalid')).toBe('true');

    await type('ci-signer_prod');
    confirm();
    await until(() => expect(useNavStore().current).toBe('service-users'));
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      { profileId: 'p1', userId: 'su-1', operation: { kind: 'delete' } },
    ]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    expect(useNotificationsStore().notices.map((n) => ('key' in n ? n.key : n.error.code))).toContain(
      'tokens.delete.done',
    );
  });

  it('offers to delete only the keychain items this app saved its token into, none ticked; deletes the ticked once the user is gone', async () => {
    const core = fakeServiceUserCore({ savedItems: [item(1, true), item(2, false), item(3, null), item(4, true)] });
    w = await mountDetails();
    const d = await openDelete(w);
    const boxes = Array.from(d.querySelectorAll<HTMLInputElement>('[data-testid="delete-keychain-item"]'));
    // The item no longer in the keychain is only listed; the one the keychain could not be asked about is offered.
    expect(boxes.map((b) => b.dataset.service)).toEqual(['svc-1', 'svc-3', 'svc-4']);
    expect(boxes.every((b) => !b.checked)).toBe(true);
    expect(d.textContent).toContain('“svc-2” / “ci-signer_prod” (no longer in the keychain)');

    boxes[2]!.click();
    await type('ci-signer_prod');
    confirm();
    await until(() => expect(useNavStore().current).toBe('service-users'));
    expect(core.callsTo('serviceUsers.deleteSavedItem')).toEqual([
      { profileId: 'p1', userId: 'su-1', item: { service: 'svc-4', account: 'ci-signer_prod' } },
    ]);
  });

  it('without saved items there is no keychain choice', async () => {
    fakeServiceUserCore({ savedItems: [] });
    w = await mountDetails();
    const d = await openDelete(w);
    expect(d.querySelector('[data-testid="delete-keychain"]')).toBeNull();
  });

  it('offline: the delete is prepared and listed as pending; the user and its keychain items stay', async () => {
    const core = fakeServiceUserCore({ savedItems: [item(1, true)] });
    w = await mountDetails({ offline: true });
    const d = await openDelete(w);
    expect(d.querySelector('[data-testid="delete-offline"]')?.textContent).toContain('cannot be reached');
    d.querySelector<HTMLInputElement>('[data-testid="delete-keychain-item"]')!.click();
    await type('ci-signer_prod');
    confirm();
    const op = await until(() => byTestId(w!, 'pending-operation'));
    expect(op.text()).toContain('Delete the service user');
    expect(op.get('[data-testid="pending-state"]').text()).toBe('Ready to send');
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
    expect(core.callsTo('serviceUsers.deleteSavedItem')).toEqual([]);
    expect(useNavStore().current).toBe('service-user');
    expect(dialog()).toBeNull();
  });

  it('a refusal keeps the dialog open with the reason; nothing is deleted from the keychain', async () => {
    const core = fakeServiceUserCore({
      savedItems: [item(1, true)],
      send: (op) => ({
        state: 'failed',
        operation: { ...op, state: 'failed' },
        error: { code: 'access_denied', message: 'no' },
      }),
    });
    w = await mountDetails();
    const d = await openDelete(w);
    d.querySelector<HTMLInputElement>('[data-testid="delete-keychain-item"]')!.click();
    await type('ci-signer_prod');
    confirm();
    await until(() =>
      expect(d.querySelector('[data-testid="delete-error"]')?.textContent).toContain(
        'The service user was not deleted: The API key is not allowed to do this.',
      ),
    );
    expect(core.callsTo('serviceUsers.deleteSavedItem')).toEqual([]);
    expect(useNavStore().current).toBe('service-user');
  });
});
