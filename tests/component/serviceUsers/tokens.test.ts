import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { OperationOutcome } from '../../../shared/manage';
import { useConnectivityStore } from '../../../renderer/src/stores/connectivity';
import { useNavStore } from '../../../renderer/src/stores/nav';
import { useServiceUserDetailsStore } from '../../../renderer/src/stores/serviceUserDetails';
import {
  DEFAULT_ITEM,
  HANDLE,
  TODAY,
  TOKEN,
  byTestId,
  deferred,
  fakeServiceUserCore,
  findTestId,
  mountDetails,
  tokenInfo,
  until,
} from './tokensFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const dialogButton = (testid: string, label: string) =>
  Array.from(document.querySelectorAll<HTMLButtonElement>(`[data-testid="${testid}"] button`)).find((b) =>
    b.textContent?.includes(label),
  );

async function openIssueDialog(x: VueWrapper) {
  await byTestId(x, 'issue-token').trigger('click');
  return until(() => findTestId(x, 'issue-token-dialog').exists() && findTestId(x, 'issue-token-dialog'));
}

describe('the token list', () => {
  it('lists name, created, end date and status, never a value', async () => {
    fakeServiceUserCore();
    w = await mountDetails();
    const rows = w.findAll('[data-testid="token-row"]');
    expect(rows.map((r) => r.attributes('data-token'))).toEqual(['build-2025', 'legacy', 'nightly']);
    expect(rows[0]!.text()).toContain('2025-06-01');
    expect(rows[0]!.text()).toContain('2030-01-01');
    expect(rows[0]!.text()).toContain('Active');
    expect(rows[1]!.text()).toContain('Disabled');
    expect(rows[2]!.text()).toContain('With the service user');
    expect(document.body.innerHTML).not.toContain(TOKEN);
  });

  it('offline: says the tokens cannot be read, and a new token can still be prepared', async () => {
    fakeServiceUserCore({ tokens: null });
    w = await mountDetails({ offline: true });
    expect(byTestId(w, 'tokens-unavailable').text()).toContain('could not be read');
    expect(findTestId(w, 'tokens-table').exists()).toBe(false);
    expect(findTestId(w, 'issue-token').exists()).toBe(true);
  });
});

describe('issue a new token (rotation)', () => {
  it('saves to the keychain before anything is shown: no screen and no reveal until the send answered', async () => {
    const answer = deferred<OperationOutcome>();
    const core = fakeServiceUserCore({
      send: async (op, saveTo) => {
        const outcome = await answer.promise;
        expect(saveTo).toEqual(DEFAULT_ITEM);
        return { ...outcome, operation: { ...op, state: 'done' } };
      },
    });
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    expect((dialog.get('[data-testid="issue-token-name"]').element as HTMLInputElement).value).toBe(
      `ci-signer_prod rotated ${TODAY}`,
    );
    expect(dialog.get<HTMLInputElement>('[data-testid="issue-token-save"]').element.checked).toBe(true);
    expect(dialog.get<HTMLInputElement>('[data-testid="issue-token-keychain-service"]').element.value).toBe(
      DEFAULT_ITEM.service,
    );
    expect(dialog.get<HTMLInputElement>('[data-testid="issue-token-keychain-account"]').element.value).toBe(
      DEFAULT_ITEM.account,
    );
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');

    // Sent; the answer (with the save to the keychain) has not come back yet.
    await until(() => core.callsTo('serviceUsers.sendOperation').length === 1);
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      { profileId: 'p1', userId: 'su-1', operation: { kind: 'issueToken', name: `ci-signer_prod rotated ${TODAY}` } },
    ]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1', saveTo: DEFAULT_ITEM }]);
    expect(findTestId(w, 'token-screen').exists()).toBe(false);
    expect(findTestId(w, 'token-reveal').exists()).toBe(false);
    expect(core.callsTo('token.reveal')).toEqual([]);

    answer.resolve({
      state: 'done',
      operation: {} as never,
      token: tokenInfo({
        savedTo: DEFAULT_ITEM,
        readBack: { linux: 'secret-tool lookup …', macos: 'm', windows: 'w' },
      }),
    });
    const screen = await until(() => findTestId(w!, 'token-screen').exists() && byTestId(w!, 'token-screen'));
    expect(screen.text()).toContain('New API token for “ci-signer_prod”');
    expect(byTestId(w, 'token-saved').text()).toContain(DEFAULT_ITEM.service);
    expect(findTestId(w, 'read-back').exists()).toBe(true);
    expect(byTestId(w, 'token-value').attributes('data-masked')).toBe('true');
    expect(core.callsTo('token.reveal')).toEqual([]);
    await byTestId(w, 'token-reveal').trigger('click');
    await until(() => expect(byTestId(w!, 'token-value').text()).toBe(TOKEN));
    expect(core.callsTo('token.reveal')).toEqual([{ handle: HANDLE }]);
  });

  it('after Close, offers to revoke the old tokens: none ticked, disable vs delete explained, then revokes the ticked', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => byTestId(w!, 'token-saved'));
    // The token's name as DigiCert ONE lists it (core's suffix included).
    await until(() =>
      expect(byTestId(w!, 'created-note').text()).toBe(
        `A new token “ci-signer_prod rotated ${TODAY} [k7m2q9xa]” was issued for “ci-signer_prod”.`,
      ),
    );
    await byTestId(w, 'token-close').trigger('click');
    expect(document.querySelector('[data-testid="confirm"]')).toBeNull(); // saved: no close question

    const offer = await until(() => inOffer() ?? false);
    // The working old tokens; not the disabled one, not the new one.
    const boxes = Array.from(offer.querySelectorAll<HTMLInputElement>('[data-testid="revoke-offer-token"]'));
    expect(boxes.map((b) => b.dataset.token)).toEqual(['build-2025', 'nightly']);
    expect(boxes.every((b) => !b.checked)).toBe(true);
    expect(offer.textContent).toContain('stays listed as disabled');
    expect(offer.textContent).toContain('removed from the list');

    // Nothing ticked: nothing is revoked.
    offer.querySelector<HTMLButtonElement>('[data-testid="revoke-confirm"]')!.click();
    await until(() => expect(offer.querySelector('[data-testid="revoke-pick-error"]')).not.toBeNull());
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(1);

    boxes[0]!.click();
    offer.querySelector<HTMLInputElement>('[data-testid="revoke-mode-delete"]')!.click();
    offer.querySelector<HTMLButtonElement>('[data-testid="revoke-confirm"]')!.click();
    await until(() => expect(w!.text()).toContain('Token “build-2025” was deleted.'));
    expect(core.callsTo('serviceUsers.prepare').slice(1)).toEqual([
      {
        profileId: 'p1',
        userId: 'su-1',
        operation: { kind: 'revokeToken', tokenId: 'tk-1', tokenName: 'build-2025', mode: 'delete' },
      },
    ]);
    await until(
      () => !w!.findAll('[data-testid="token-row"]').some((r) => r.attributes('data-token') === 'build-2025'),
    );
    expect(inOffer()).toBeNull();
  });

  it('close guard: an unsaved token asks before it is closed; "Keep it open" keeps it', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-save"]').setValue(false);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => byTestId(w!, 'token-screen'));
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    expect(findTestId(w, 'token-saved').exists()).toBe(false);

    await byTestId(w, 'token-close').trigger('click');
    await until(() =>
      expect(document.querySelector('dialog')?.textContent).toContain('Close without saving the token?'),
    );
    dialogButton('token-screen', 'Keep it open')!.click();
    await until(() => expect(document.querySelector('dialog[open]')).toBeNull());
    expect(core.callsTo('token.dismiss')).toEqual([]);
    expect(findTestId(w, 'token-screen').exists()).toBe(true);

    await byTestId(w, 'token-close').trigger('click');
    const confirm = await until(() => document.querySelector<HTMLButtonElement>('[data-testid="confirm"]') ?? false);
    confirm.click();
    await until(() => !findTestId(w!, 'token-screen').exists());
    expect(core.callsTo('token.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'discarded' }]);
  });

  it('the chosen keychain item holds another value: the token is held unsaved and the screen asks to overwrite', async () => {
    const core = fakeServiceUserCore({
      send: (op) => ({
        state: 'done',
        operation: { ...op, state: 'done' },
        token: tokenInfo(),
        saveFailed: { item: DEFAULT_ITEM, error: { code: 'keychain_item_exists', message: 'exists' } },
      }),
    });
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    const conflict = await until(() => byTestId(w!, 'token-save-conflict'));
    expect(conflict.text()).toContain(DEFAULT_ITEM.service);
    await byTestId(w, 'token-overwrite').trigger('click');
    await until(() => byTestId(w!, 'token-saved'));
    expect(core.callsTo('token.save')).toEqual([{ handle: HANDLE, item: DEFAULT_ITEM, overwrite: true }]);
  });

  it('issued but its value never arrived (settled after a lost answer): says so, no token screen', async () => {
    fakeServiceUserCore({ send: (op) => ({ state: 'done', operation: { ...op, state: 'done' } }) });
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() =>
      expect(byTestId(w!, 'tokens-message').text()).toContain(
        `DigiCert ONE issued the token “ci-signer_prod rotated ${TODAY}”, but its value never reached the app`,
      ),
    );
    expect(byTestId(w, 'tokens-message').attributes('data-tone')).toBe('error');
    expect(findTestId(w, 'token-screen').exists()).toBe(false);
  });

  it('issued, but the answer held the value where the app does not look: the admin picks it, then the token screen', async () => {
    const answer = { handle: 'c'.repeat(32), candidates: [{ path: 'credentials.secret', preview: 'to…39' }] };
    const core = fakeServiceUserCore({
      send: (op) => ({ state: 'done', operation: { ...op, state: 'done' }, answer }),
      extra: { 'token.pickCandidate': () => ({ ok: true, value: tokenInfo() }) },
    });
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    const row = await until(
      () => w!.find('[data-testid="token-candidate"]').exists() && byTestId(w!, 'token-candidate'),
    );
    expect(row.attributes('data-path')).toBe('credentials.secret');
    expect(findTestId(w, 'tokens-message').exists()).toBe(false);
    await row.get('[data-testid="token-candidate-use"]').trigger('click');
    await until(() => findTestId(w!, 'token-screen').exists());
    expect(core.callsTo('token.pickCandidate')).toEqual([{ handle: answer.handle, path: 'credentials.secret' }]);
  });

  it('checks the name and the end date (not after the user’s) before anything is prepared', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    const dialog = await openIssueDialog(w);
    await dialog.get('[data-testid="issue-token-name"]').setValue('  ');
    await dialog.get('[data-testid="issue-token-end-date"]').setValue('2031-05-05');
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => expect(dialog.get('[data-testid="issue-token-name-error"]').text()).toBe('Enter a token name.'));
    expect(dialog.get('[data-testid="issue-token-end-date-error"]').text()).toBe(
      'The token cannot end after the service user (01/01/2030).',
    );
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);

    await dialog.get('[data-testid="issue-token-name"]').setValue('ci 2026');
    await dialog.get('[data-testid="issue-token-end-date"]').setValue('2029-12-31');
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => core.callsTo('serviceUsers.prepare').length === 1);
    expect(core.callsTo('serviceUsers.prepare')[0]).toMatchObject({
      operation: { kind: 'issueToken', name: 'ci 2026', endDate: '2029-12-31' },
    });
  });

  it('without a keychain, it says so and issues without saving (the screen then guards the close)', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails({
      keychain: {
        available: false,
        backend: 'Secret Service',
        checkedAt: '2026-01-01T00:00:00Z',
        reason: 'no_session_bus',
        detail: 'x',
        fix: 'y',
      },
    });
    const dialog = await openIssueDialog(w);
    expect(dialog.get('[data-testid="issue-token-keychain-unavailable"]').text()).toContain('not available');
    expect(dialog.find('[data-testid="issue-token-save"]').exists()).toBe(false);
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => byTestId(w!, 'token-screen'));
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
  });

  it('offline: prepared only, listed under pending operations as ready to send; Send waits for the connection', async () => {
    const core = fakeServiceUserCore({ tokens: null });
    w = await mountDetails({ offline: true });
    const dialog = await openIssueDialog(w);
    expect(dialog.get('[data-testid="issue-token-offline"]').text()).toContain('cannot be reached');
    expect(dialog.get('[data-testid="issue-token-submit"]').text()).toBe('Prepare it');
    await dialog.get('[data-testid="issue-token-submit"]').trigger('submit');
    await until(() => expect(w!.text()).toContain('is prepared. Send it from Pending operations'));
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
    const op = await until(() => byTestId(w!, 'pending-operation'));
    expect(op.text()).toContain(`Issue token “ci-signer_prod rotated ${TODAY}”`);
    expect(op.get('[data-testid="pending-state"]').text()).toBe('Ready to send');
    expect(op.get<HTMLButtonElement>('[data-testid="pending-send"]').element.disabled).toBe(true);
  });

  it('opened with action=issue-token (a lost create answer), the issue dialog is open and the address forgets it', async () => {
    fakeServiceUserCore();
    w = await mountDetails({ navParams: { action: 'issue-token' } });
    await until(() => findTestId(w!, 'issue-token-dialog').exists());
    expect(useNavStore().params).toEqual({ profile: 'p1', id: 'su-1' });
  });

  it('a token of this user still held by main (after a reload) can be shown again', async () => {
    fakeServiceUserCore({ held: [tokenInfo()] });
    w = await mountDetails();
    const held = await until(() => byTestId(w!, 'held-token'));
    await held.get('button').trigger('click');
    await until(() => byTestId(w!, 'token-screen'));
    expect(findTestId(w, 'token-saved').exists()).toBe(false);
  });
});

describe('revoke a token', () => {
  it('asks first; Cancel sends nothing; Disable keeps it listed as disabled and says so', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    const nightly = () =>
      w!.findAll('[data-testid="token-row"]').find((r) => r.attributes('data-token') === 'nightly')!;
    await nightly().get('[data-testid="token-revoke"]').trigger('click');
    let dialog = await until(() => document.querySelector<HTMLElement>('[data-testid="revoke-dialog"]') ?? false);
    expect(dialog.textContent).toContain('Revoke token “nightly”?');
    expect(dialog.querySelector<HTMLInputElement>('[data-testid="revoke-mode-disable"]')!.checked).toBe(true);
    dialog.querySelector<HTMLButtonElement>('[data-testid="revoke-cancel"]')!.click();
    await until(() => document.querySelector('[data-testid="revoke-dialog"]') === null);
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);

    await nightly().get('[data-testid="token-revoke"]').trigger('click');
    dialog = await until(() => document.querySelector<HTMLElement>('[data-testid="revoke-dialog"]') ?? false);
    dialog.querySelector<HTMLButtonElement>('[data-testid="revoke-confirm"]')!.click();
    await until(() => expect(w!.text()).toContain('Token “nightly” was disabled.'));
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      {
        profileId: 'p1',
        userId: 'su-1',
        operation: { kind: 'revokeToken', tokenId: 'tk-3', tokenName: 'nightly', mode: 'disable' },
      },
    ]);
    await until(() => expect(nightly().get('[data-testid="token-status"]').text()).toContain('Disabled'));
  });

  it('offline, the tokens as last seen can still be revoked: prepared, sent when the connection is back', async () => {
    const core = fakeServiceUserCore();
    w = await mountDetails();
    await until(() => w!.findAll('[data-testid="token-row"]').length === 3);
    // The connection drops; the details are read again and DigiCert ONE's token list is out of reach.
    core.state.tokens = null;
    const connectivity = useConnectivityStore();
    connectivity.snapshot = {
      ...connectivity.snapshot!,
      connectivity: { ...connectivity.snapshot!.connectivity, state: 'offline' },
    };
    await useServiceUserDetailsStore().load();
    await until(() => expect(byTestId(w!, 'tokens-unavailable').text()).toContain('tokens as last seen'));
    expect(w.findAll('[data-testid="token-row"]')).toHaveLength(3);

    await w.get('[data-testid="token-revoke"]').trigger('click');
    const dialog = await until(() => document.querySelector<HTMLElement>('[data-testid="revoke-dialog"]') ?? false);
    expect(dialog.textContent).toContain('cannot be reached now');
    dialog.querySelector<HTMLButtonElement>('[data-testid="revoke-confirm"]')!.click();
    await until(() => expect(w!.text()).toContain('Revoking “build-2025” is prepared.'));
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
    const op = await until(() => byTestId(w!, 'pending-operation'));
    expect(op.text()).toContain('Revoke token “build-2025”');
    expect(op.get('[data-testid="pending-state"]').text()).toBe('Ready to send');
  });

  it('a refusal is told as it is: not revoked, with the reason; the operation stays as failed', async () => {
    fakeServiceUserCore({
      send: (op) => ({
        state: 'failed',
        operation: { ...op, state: 'failed', error: { code: 'access_denied', message: 'no' } },
        error: { code: 'access_denied', message: 'no' },
      }),
    });
    w = await mountDetails();
    await w.get('[data-testid="token-revoke"]').trigger('click');
    const dialog = await until(() => document.querySelector<HTMLElement>('[data-testid="revoke-dialog"]') ?? false);
    dialog.querySelector<HTMLButtonElement>('[data-testid="revoke-confirm"]')!.click();
    await until(() =>
      expect(w!.text()).toContain('Token “build-2025” was not revoked: The API key is not allowed to do this.'),
    );
    const op = await until(() => byTestId(w!, 'pending-operation'));
    expect(op.get('[data-testid="pending-state"]').text()).toBe('Failed');
  });
});

function inOffer(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid="revoke-offer"]');
}
