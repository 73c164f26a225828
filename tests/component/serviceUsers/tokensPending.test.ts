import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { ManageOperation, OperationRequest } from '../../../shared/manage';
import { DEFAULT_ITEM, byTestId, fakeServiceUserCore, findTestId, mountDetails, until } from './tokensFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

function operation(id: string, request: OperationRequest, over: Partial<ManageOperation> = {}): ManageOperation {
  return {
    id,
    profileId: 'p1',
    userId: 'su-1',
    friendlyName: 'ci-signer_prod',
    request,
    state: 'queued',
    createdAt: '2026-03-01T09:00:00Z',
    updatedAt: '2026-03-01T09:00:00Z',
    ...over,
  };
}

const entries = (x: VueWrapper) => x.findAll('[data-testid="pending-operation"]');

describe('pending operations', () => {
  it('says what each state means; "sent" ones are checked, never resent, and cannot be discarded', async () => {
    const core = fakeServiceUserCore({
      operations: [
        operation('op-1', { kind: 'delete' }, { state: 'sending' }),
        operation(
          'op-2',
          { kind: 'revokeToken', tokenId: 'tk-1', tokenName: 'build-2025', mode: 'disable' },
          { state: 'failed', error: { code: 'server_error', message: 'x' } },
        ),
        operation('op-3', { kind: 'update', change: { email: 'new@example.com' } }),
      ],
    });
    w = await mountDetails();
    const [sending, failed, queued] = await until(() => entries(w!).length === 3 && entries(w!));
    expect(sending!.text()).toContain('Delete the service user');
    expect(sending!.get('[data-testid="pending-state"]').text()).toBe('Sent — answer not received');
    expect(sending!.get('[data-testid="pending-meaning"]').text()).toContain(
      'Sent — checking before anything is resent.',
    );
    expect(sending!.find('[data-testid="pending-send"]').exists()).toBe(false);
    expect(sending!.find('[data-testid="pending-discard"]').exists()).toBe(false);

    expect(failed!.text()).toContain('Revoke token “build-2025”');
    expect(failed!.get('[data-testid="pending-state"]').text()).toBe('Failed');
    expect(failed!.get('[data-testid="pending-error"]').text()).toContain('DigiCert ONE had a problem answering');
    expect(failed!.find('[data-testid="pending-send"]').exists()).toBe(true);

    expect(queued!.text()).toContain('Change the service user');
    expect(queued!.get('[data-testid="pending-meaning"]').text()).toContain('Prepared, nothing sent yet.');

    await sending!.get('[data-testid="pending-check"]').trigger('click');
    await until(() => core.callsTo('serviceUsers.reconcile').length === 1);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
  });

  it('Discard asks first; "Keep it" keeps it; confirmed, it is removed without being sent', async () => {
    const core = fakeServiceUserCore({
      operations: [operation('op-1', { kind: 'revokeToken', tokenId: 'tk-3', tokenName: 'nightly', mode: 'delete' })],
    });
    w = await mountDetails();
    const entry = await until(() => byTestId(w!, 'pending-operation'));
    await entry.get('[data-testid="pending-discard"]').trigger('click');
    const dialog = await until(() => document.querySelector('dialog[open]') ?? false);
    expect(dialog.textContent).toContain('“Revoke token “nightly”” is removed without being sent.');
    Array.from(dialog.querySelectorAll('button'))
      .find((b) => b.textContent?.includes('Keep it'))!
      .click();
    await until(() => document.querySelector('dialog[open]') === null);
    expect(core.callsTo('serviceUsers.discard')).toEqual([]);

    await byTestId(w, 'pending-discard').trigger('click');
    (await until(() => document.querySelector<HTMLButtonElement>('[data-testid="confirm"]') ?? false)).click();
    await until(() => !findTestId(w!, 'pending-operations').exists());
    expect(core.callsTo('serviceUsers.discard')).toEqual([{ operationId: 'op-1' }]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
  });

  it('Send carries a prepared revoke out once; it leaves the list and the token shows as disabled', async () => {
    const core = fakeServiceUserCore({
      operations: [operation('op-1', { kind: 'revokeToken', tokenId: 'tk-3', tokenName: 'nightly', mode: 'disable' })],
    });
    w = await mountDetails();
    await (await until(() => byTestId(w!, 'pending-send'))).trigger('click');
    await until(() => !findTestId(w!, 'pending-operations').exists());
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    const nightly = w.findAll('[data-testid="token-row"]').find((r) => r.attributes('data-token') === 'nightly')!;
    expect(nightly.get('[data-testid="token-status"]').text()).toContain('Disabled');
  });

  it('Send of a prepared token asks where to save it, then shows it on the one-time token screen', async () => {
    const core = fakeServiceUserCore({
      operations: [operation('op-1', { kind: 'issueToken', name: 'prepared-offline' })],
    });
    w = await mountDetails();
    await (await until(() => byTestId(w!, 'pending-send'))).trigger('click');
    const dialog = await until(
      () => findTestId(w!, 'issue-token-dialog').exists() && byTestId(w!, 'issue-token-dialog'),
    );
    expect(dialog.get('[data-testid="issue-token-prepared-name"]').text()).toContain('prepared-offline');
    expect(dialog.find('[data-testid="issue-token-name"]').exists()).toBe(false);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => byTestId(w!, 'token-screen'));
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1', saveTo: DEFAULT_ITEM }]);
    expect(byTestId(w, 'token-saved').text()).toContain(DEFAULT_ITEM.service);
    expect(byTestId(w, 'created-note').text()).toContain('A new token “prepared-offline [k7m2q9xa]” was issued');
  });

  it('offline: Send is disabled and says when it will be possible', async () => {
    fakeServiceUserCore({ tokens: null, operations: [operation('op-1', { kind: 'delete' })] });
    w = await mountDetails({ offline: true });
    const entry = await until(() => byTestId(w!, 'pending-operation'));
    expect(entry.get<HTMLButtonElement>('[data-testid="pending-send"]').element.disabled).toBe(true);
    expect(byTestId(w, 'pending-offline').text()).toContain('when DigiCert ONE is reachable');
  });
});
