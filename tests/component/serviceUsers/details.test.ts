import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { AuditEntry } from '../../../shared/audit';
import { addYears, extendPresets } from '../../../renderer/src/components/serviceUsers/details/editModel';
import { formatLocaleDate } from '../../../renderer/src/lib/localeDate';
import {
  PROFILE,
  TODAY,
  byTestId,
  detailsCore,
  findTestId,
  inDays,
  mountDetails,
  until,
  user,
} from './detailsFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  window.location.hash = '';
});

function entry(seq: number, action: AuditEntry['action'], outcome: AuditEntry['outcome'] = 'ok'): AuditEntry {
  return {
    seq,
    at: `2026-02-0${seq}T10:00:00Z`,
    osUser: 'alice',
    profileId: PROFILE.id,
    profileName: PROFILE.name,
    action,
    target: 'su-1',
    outcome,
    details: null,
    prevHash: '',
    hash: '',
  };
}

describe('details', () => {
  it('shows every field, roles per manager with permissions, history labels and keychain items', async () => {
    detailsCore({
      history: [entry(2, 'service_user_changed', 'failed'), entry(1, 'service_user_created')],
      savedTokenItems: [
        { item: { service: 'svc', account: 'ci-signer_prod' }, savedAt: '2026-01-02T00:00:00Z', exists: true },
        { item: { service: 'svc', account: 'old' }, savedAt: '2026-01-01T00:00:00Z', exists: false },
      ],
    });
    w = await mountDetails();
    const x = w;
    expect(byTestId(x, 'sd-title').text()).toBe('ci-signer_prod');
    expect(byTestId(x, 'sd-description').text()).toBe('Signs release builds');
    expect(byTestId(x, 'sd-email').text()).toBe('owner@example.com');
    expect(byTestId(x, 'sd-status').text()).toBe('Active');
    expect(byTestId(x, 'sd-end-date').text()).toContain(inDays(20));
    expect(byTestId(x, 'sd-days-left').text()).toContain('in 20 days');
    expect(byTestId(x, 'sd-end-date').classes()).toContain('sd-soon');
    // Names from the reference cache, once it is read.
    await until(() => expect(byTestId(x, 'sd-accounts').text()).toBe('Contoso Production'));
    expect(byTestId(x, 'sd-managers').text()).toBe('Account Manager, Trust Lifecycle');
    const am = x.get('[data-testid="sd-roles"] [data-manager="Account Manager"]');
    expect(am.get('[data-role="Default user"]').text()).toContain('VIEW_AM_ACCOUNT');
    expect(x.get('[data-testid="sd-roles"] [data-manager="Trust Lifecycle"] [data-role="Auditor"]').text()).toContain(
      'VIEW_EM_AUDIT_LOG',
    );
    const history = x.findAll('[data-testid="sd-history-entry"]').map((r) => r.text());
    expect(history[0]).toContain('Service user changed');
    expect(history[0]).toContain('Failed');
    expect(history[1]).toContain('Service user created');
    const items = x.findAll('[data-testid="sd-saved-item"]');
    expect(items.map((i) => i.attributes('data-state'))).toEqual(['exists', 'missing']);
    expect(items[1]!.text()).toContain('No longer in the keychain');
    expect(findTestId(x, 'sd-offline-note').exists()).toBe(false);
  });

  it('offline: says the details come from the cache and why tokens are missing', async () => {
    detailsCore({ state: 'offline', user: user({ endDate: inDays(-3) }) });
    w = await mountDetails();
    const x = w;
    await until(() => expect(byTestId(x, 'sd-offline-note').text()).toContain('DigiCert ONE cannot be reached'));
    expect(byTestId(x, 'sd-days-left').text()).toContain('expired 3 days ago');
    expect(byTestId(x, 'sd-end-date').classes()).toContain('sd-expired');
    expect(byTestId(x, 'tokens-unavailable').text()).toContain('could not be read from DigiCert ONE');
  });

  it('a user that no longer exists says so', async () => {
    detailsCore({
      extra: { 'serviceUsers.details': () => ({ ok: false, error: { code: 'not_found', message: 'x' } }) },
    });
    w = await mountDetails();
    expect(byTestId(w, 'sd-gone').text()).toBe('This service user no longer exists in this profile.');
  });
});

describe('extend the end date', () => {
  it('presets count from the current end date', async () => {
    const end = inDays(20);
    const core = detailsCore({ user: user({ endDate: end }) });
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    expect(byTestId(x, 'sd-presets-base').text()).toContain(`from the current end date, ${end}`);
    await byTestId(x, 'preset-30d').trigger('click');
    expect((byTestId(x, 'end-date').element as HTMLInputElement).value).toBe(formatLocaleDate(inDays(30, end), 'en'));
    await byTestId(x, 'preset-1y').trigger('click');
    expect((byTestId(x, 'end-date').element as HTMLInputElement).value).toBe(formatLocaleDate(addYears(end, 1), 'en'));
    expect(byTestId(x, 'preset-1y').attributes('aria-pressed')).toBe('true');
    await byTestId(x, 'preset-90d').trigger('click');
    // The wizard's own explanation: 23:59:59 UTC that day.
    await until(() => expect(byTestId(x, 'expiry').text()).toContain('(UTC)'));
    expect(x.text()).toContain('The service user expires at 23:59:59 UTC on this date.');

    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    const row = x.get('[data-testid="sd-review-fields"] [data-field="endDate"]');
    expect(row.get('[data-testid="sd-review-before"]').text()).toBe(end);
    expect(row.get('[data-testid="sd-review-after"]').text()).toContain(inDays(90, end));
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(0); // nothing prepared before the confirm
  });

  it('presets count from today when the end date has passed or there is none', () => {
    expect(extendPresets(inDays(-10), TODAY)).toMatchObject({ base: TODAY, fromToday: true });
    expect(extendPresets(undefined, TODAY).presets.map((p) => p.date)).toEqual([
      inDays(30),
      inDays(90),
      addYears(TODAY, 1),
    ]);
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  });

  it('validates with the wizard rules: a past date, a bad email, nothing changed', async () => {
    const core = detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => expect(byTestId(x, 'sd-edit-announcement').text()).toBe('Nothing has been changed yet.'));

    await byTestId(x, 'end-date').setValue(inDays(-1));
    await byTestId(x, 'email').setValue('not-an-email');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => expect(byTestId(x, 'end-date-error').text()).toBe('The end date cannot be in the past.'));
    expect(byTestId(x, 'email-error').text()).toBe('Enter a valid email address, such as owner@example.com.');
    expect(byTestId(x, 'sd-edit-announcement').text()).toBe('Check the highlighted fields.');
    expect(findTestId(x, 'sd-review').exists()).toBe(false);
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(0);
  });

  it('online: confirm prepares and sends once; done is shown and the details show the new date', async () => {
    const core = detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'preset-90d').trigger('click');
    await byTestId(x, 'description').setValue('Signs release builds\nand nightlies');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    expect(byTestId(x, 'sd-review-confirm').text()).toBe('Send to DigiCert ONE');
    await byTestId(x, 'sd-review-confirm').trigger('click');
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('done'));
    expect(byTestId(x, 'sd-operation-text').text()).toBe('Done: DigiCert ONE carried out the change.');
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      {
        profileId: PROFILE.id,
        userId: 'su-1',
        operation: {
          kind: 'update',
          change: { endDate: inDays(110), description: 'Signs release builds\nand nightlies' },
        },
      },
    ]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    await until(() => expect(byTestId(x, 'sd-end-date').text()).toContain(inDays(110)));
  });
});

describe('change access', () => {
  it('the review lists accounts and roles added and removed, and flags admin-level roles', async () => {
    const core = detailsCore();
    w = await mountDetails();
    const x = w;
    await until(() => expect(byTestId(x, 'sd-accounts').text()).toBe('Contoso Production'));
    await byTestId(x, 'sd-edit-access-open').trigger('click');
    await until(() => x.find('[data-role="Account administrator"]').exists());
    // The wizard's own components, with the user's current access ticked.
    expect((x.get('[data-account="Contoso Production"]').element as HTMLInputElement).checked).toBe(true);
    expect((x.get('[data-role="Default user"]').element as HTMLInputElement).checked).toBe(true);

    await x.get('[data-account="Contoso Staging"]').setValue(true);
    await x.get('[data-account="Contoso Production"]').setValue(false);
    await x.get('[data-role="Default user"]').setValue(false);
    await x.get('[data-role="Account administrator"]').setValue(true);
    await x.get('[data-manager="Trust Lifecycle"]').setValue(false);
    await x.get('[data-manager="Software Trust"]').setValue(true);
    await until(() => x.find('[data-role="Signer"]').exists());
    await x.get('[data-role="Signer"]').setValue(true);
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());

    expect(byTestId(x, 'sd-diff-accounts-added').text()).toContain('Contoso Staging');
    expect(byTestId(x, 'sd-diff-accounts-removed').text()).toContain('Contoso Production');
    const am = x.get('[data-testid="sd-review-diff"] [data-manager="Account Manager"]');
    expect(am.get('[data-role="Account administrator"]').attributes('data-change')).toBe('added');
    expect(am.get('[data-role="Account administrator"] [data-testid="admin-badge"]').text()).toBe('Admin level');
    expect(am.get('[data-role="Default user"]').attributes('data-change')).toBe('removed');
    const tlm = x.get('[data-testid="sd-review-diff"] [data-manager="Trust Lifecycle"]');
    expect(tlm.text()).toContain('manager removed');
    expect(tlm.get('[data-role="Auditor"]').attributes('data-change')).toBe('removed');
    const sm = x.get('[data-testid="sd-review-diff"] [data-manager="Software Trust"]');
    expect(sm.text()).toContain('manager added');
    expect(sm.get('[data-role="Signer"]').attributes('data-change')).toBe('added');
    expect(byTestId(x, 'sd-review-admin-warning').text()).toContain('Account administrator');
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(0);

    await byTestId(x, 'sd-review-confirm').trigger('click');
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('done'));
    const prepared = core.callsTo('serviceUsers.prepare')[0] as { operation: { change: Record<string, unknown> } };
    expect(prepared.operation.change).toEqual({
      accountIds: ['acc-0002'],
      managers: [
        { managerId: 'account_manager', roleIds: ['r-am-admin'] },
        { managerId: 'software_trust', roleIds: ['r-sm-signer'] },
      ],
    });
  });

  it('a chosen manager without a role is refused with the wizard message', async () => {
    const core = detailsCore();
    w = await mountDetails();
    const x = w;
    await byTestId(x, 'sd-edit-access-open').trigger('click');
    await until(() => x.find('[data-manager="Software Trust"]').exists());
    await x.get('[data-manager="Software Trust"]').setValue(true);
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() =>
      expect(x.get('[data-testid="roles-error"]').text()).toBe('Choose at least one role for this manager.'),
    );
    expect(findTestId(x, 'sd-review').exists()).toBe(false);
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(0);
  });
});

describe('roles the reference data does not know', () => {
  it('are listed apart, and the review says a role change removes them', async () => {
    detailsCore({ user: user({ roleIds: ['r-am-user', 'r-tlm-auditor', 'r-gone'] }) });
    w = await mountDetails();
    const x = w;
    await until(() => x.find('[data-testid="sd-roles"] [data-manager="Other roles"] [data-role="r-gone"]').exists());
    await byTestId(x, 'sd-edit-access-open').trigger('click');
    await until(() => x.find('[data-role="Auditor"]').exists());
    expect(byTestId(x, 'sd-unknown-roles').text()).toContain('would be removed');

    // Accounts only: managers and roles are not sent, so nothing else is removed.
    await x.get('[data-account="Contoso Staging"]').setValue(true);
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    expect(x.find('[data-testid="sd-review-diff"] [data-manager="(unknown)"]').exists()).toBe(false);

    await byTestId(x, 'sd-review-back').trigger('click');
    await x.get('[data-role="Auditor"]').setValue(false);
    await x.get('[data-manager="Trust Lifecycle"]').setValue(false);
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    const other = x.get('[data-testid="sd-review-diff"] [data-manager="(unknown)"]');
    expect(other.text()).toContain('Other roles');
    expect(other.get('[data-role="r-gone"]').attributes('data-change')).toBe('removed');
  });
});

describe('sending and outcomes', () => {
  async function prepareExtension(x: VueWrapper): Promise<void> {
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'preset-30d').trigger('click');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    await byTestId(x, 'sd-review-confirm').trigger('click');
  }

  it('offline: prepared as ready to send; Send appears once DigiCert ONE answers, and sends once', async () => {
    const core = detailsCore({ state: 'offline' });
    w = await mountDetails();
    const x = w;
    await until(() => findTestId(x, 'sd-offline-note').exists());
    await byTestId(x, 'sd-edit-details-open').trigger('click');
    await byTestId(x, 'preset-30d').trigger('click');
    await byTestId(x, 'sd-edit-review').trigger('click');
    await until(() => findTestId(x, 'sd-review').exists());
    expect(byTestId(x, 'sd-review-offline').text()).toContain('ready to send');
    expect(byTestId(x, 'sd-review-confirm').text()).toBe('Prepare, send later');
    await byTestId(x, 'sd-review-confirm').trigger('click');

    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('queued'));
    expect(byTestId(x, 'sd-operation-text').text()).toBe('Prepared — ready to send.');
    expect(byTestId(x, 'sd-operation-offline').text()).toContain('once DigiCert ONE is reachable');
    expect(findTestId(x, 'sd-operation-send').exists()).toBe(false);
    await until(() => core.answeredAll());
    expect(core.callsTo('serviceUsers.sendOperation')).toHaveLength(0);

    core.goOnline();
    await until(() => findTestId(x, 'sd-operation-send').exists());
    expect(findTestId(x, 'sd-operation-offline').exists()).toBe(false);
    expect(core.callsTo('serviceUsers.sendOperation')).toHaveLength(0); // sent only when the admin says so
    await byTestId(x, 'sd-operation-send').trigger('click');
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('done'));
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    expect(core.operations).toHaveLength(0);
    await until(() => expect(byTestId(x, 'sd-end-date').text()).toContain(inDays(50)));
  });

  it('failed: shows DigiCert’s reason and offers Discard', async () => {
    const core = detailsCore({
      send: (op) => {
        const error = { code: 'access_denied' as const, message: 'denied' };
        return { state: 'failed', operation: { ...op, state: 'failed', error }, error };
      },
    });
    w = await mountDetails();
    const x = w;
    await prepareExtension(x);
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('failed'));
    expect(byTestId(x, 'sd-operation-text').text()).toBe('Failed: The API key is not allowed to do this.');
    await byTestId(x, 'sd-operation-discard').trigger('click');
    await until(() => !findTestId(x, 'sd-operation-status').exists());
    expect(core.callsTo('serviceUsers.discard')).toEqual([{ operationId: 'op-1' }]);
  });

  it('sent without an answer: says it is checked before anything is resent, and offers Check now', async () => {
    const core = detailsCore({
      send: (op) => {
        const error = { code: 'connection_lost' as const, message: 'lost' };
        return { state: 'sending', operation: { ...op, state: 'sending' }, error };
      },
    });
    w = await mountDetails();
    const x = w;
    await prepareExtension(x);
    await until(() => expect(byTestId(x, 'sd-operation-status').attributes('data-state')).toBe('sending'));
    expect(byTestId(x, 'sd-operation-text').text()).toBe(
      'Sent — answer not received. The app checks with DigiCert ONE before anything is resent.',
    );
    expect(findTestId(x, 'sd-operation-send').exists()).toBe(false);
    expect(findTestId(x, 'sd-operation-discard').exists()).toBe(false);
    await byTestId(x, 'sd-operation-check').trigger('click');
    await until(() => core.callsTo('serviceUsers.reconcile').length === 1);
    expect(core.callsTo('serviceUsers.sendOperation')).toHaveLength(1);
  });

  it('a field core refuses goes back on the form with its message', async () => {
    detailsCore({
      extra: {
        'serviceUsers.prepare': () => ({
          ok: false,
          error: {
            code: 'invalid_request',
            message: 'bad',
            fieldErrors: [{ field: 'endDate', code: 'custom', message: 'The end date cannot be in the past.' }],
          },
        }),
      },
    });
    w = await mountDetails();
    const x = w;
    await prepareExtension(x);
    await until(() => expect(byTestId(x, 'end-date-error').text()).toBe('The end date cannot be in the past.'));
    expect(findTestId(x, 'sd-review').exists()).toBe(false);
  });
});

describe('German', () => {
  it('renders the details and the presets in German', async () => {
    detailsCore();
    w = await mountDetails({ locale: 'de' });
    expect(byTestId(w, 'sd-status').text()).toBe('Aktiv');
    await byTestId(w, 'sd-edit-details-open').trigger('click');
    expect(byTestId(w, 'preset-1y').text()).toBe('+1 Jahr');
  });
});
