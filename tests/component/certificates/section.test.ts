import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import type { ManageOperation } from '../../../shared/manage';
import {
  FINGERPRINT,
  PASSWORD,
  PROFILE,
  USER,
  fail,
  fakeCertificatesCore,
  listed,
  mountSection,
  notAfterIn,
  rowOf,
  saved,
  until,
} from './sectionFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
});

const dateIn = (n: number, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(notAfterIn(n)));

describe('the certificate list', () => {
  it('shows nickname, shortened fingerprint, not-after with days left and the list’s expiry colours, status', async () => {
    fakeCertificatesCore();
    w = await mountSection();
    const rows = w.findAll('[data-testid="certificate-row"]');
    expect(rows.map((r) => r.attributes('data-nickname'))).toEqual(['build server', 'nightly', 'old_one', 'gone-box']);

    const build = rowOf(w, 'build server');
    const code = build.get('[data-testid="certificate-fingerprint"] code');
    expect(code.text()).toBe(`${FINGERPRINT.slice(0, 11)}…${FINGERPRINT.slice(-11)}`);
    expect(code.attributes('title')).toBe(FINGERPRINT);
    const ok = build.get('[data-testid="certificate-not-after"]');
    expect(ok.attributes('data-urgency')).toBe('ok');
    expect(ok.text()).toContain(dateIn(400, 'en'));
    expect(ok.text()).toContain('400 days left');
    expect(ok.find('.su-icon').exists()).toBe(false);
    expect(build.get('[data-testid="certificate-status"]').text()).toBe('Active');

    const soon = rowOf(w, 'nightly').get('[data-testid="certificate-not-after"]');
    expect(soon.classes()).toContain('su-end-soon');
    expect(soon.get('.su-icon').text()).toBe('⚠');
    expect(soon.text()).toContain('12 days left');

    const expired = rowOf(w, 'old_one');
    expect(expired.get('[data-testid="certificate-not-after"]').classes()).toContain('su-end-expired');
    expect(expired.get('.su-icon').text()).toBe('⛔');
    expect(expired.text()).toContain('Expired 3 days ago');
    expect(expired.text()).toContain('Not listed'); // no fingerprint from DigiCert
    expect(expired.get('[data-testid="certificate-status"]').text()).toBe('Expired');

    // A revoked certificate: no expiry warning, no second revoke.
    const revoked = rowOf(w, 'gone-box');
    expect(revoked.get('[data-testid="certificate-not-after"]').attributes('data-urgency')).toBe('none');
    expect(revoked.find('[data-testid="certificate-days"]').exists()).toBe(false);
    expect(revoked.get('[data-testid="certificate-status"]').text()).toBe('Revoked');
    expect(revoked.find('[data-testid="certificate-revoke"]').exists()).toBe(false);
    expect(build.find('[data-testid="certificate-revoke"]').exists()).toBe(true);
    expect(document.body.innerHTML).not.toContain(PASSWORD);
  });

  it('in German: not-after in the German date format, days left and status in German', async () => {
    fakeCertificatesCore();
    w = await mountSection({ locale: 'de' });
    const build = rowOf(w, 'build server');
    const cell = build.get('[data-testid="certificate-not-after"]');
    expect(cell.text()).toContain(dateIn(400, 'de'));
    expect(dateIn(400, 'de')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(cell.text()).toContain('Noch 400 Tage');
    expect(build.get('[data-testid="certificate-status"]').text()).toBe('Aktiv');
    expect(rowOf(w, 'old_one').text()).toContain('Vor 3 Tagen abgelaufen');
    expect(w.get('[data-testid="certificates-section"] h2').text()).toBe('Client-Zertifikate');
  });

  it('copies the full fingerprint', async () => {
    fakeCertificatesCore();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    w = await mountSection();
    await rowOf(w, 'build server').get('[data-testid="certificate-copy-fingerprint"]').trigger('click');
    await until(() => expect(writeText).toHaveBeenCalledWith(FINGERPRINT));
    await until(() =>
      expect(rowOf(w!, 'build server').get('[data-testid="certificate-copy-fingerprint"]').text()).toBe('Copied'),
    );
  });

  it('says when there are none', async () => {
    fakeCertificatesCore({ certificates: [] });
    w = await mountSection();
    expect(w.get('[data-testid="certificates-none"]').text()).toBe('This service user has no client certificates.');
  });

  it('says how many listed certificates this app could not read, calmly, in English and German', async () => {
    fakeCertificatesCore({ certificatesUnreadable: 2 });
    w = await mountSection();
    const line = w.get('[data-testid="certificates-unreadable"]');
    expect(line.text()).toBe('2 certificates in DigiCert ONE could not be read by this app and are not shown.');
    expect(line.attributes('role')).toBeUndefined(); // a note, not an alert
    expect(w.findAll('[data-testid="certificate-row"]')).toHaveLength(listed().length);
    w.unmount();

    fakeCertificatesCore({ certificatesUnreadable: 1 });
    w = await mountSection({ locale: 'de' });
    expect(w.get('[data-testid="certificates-unreadable"]').text()).toBe(
      '1 Zertifikat in DigiCert ONE konnte von dieser App nicht gelesen werden und wird nicht angezeigt.',
    );
  });

  it('no such line when every certificate could be read', async () => {
    fakeCertificatesCore({ certificatesUnreadable: 0 });
    w = await mountSection();
    expect(w.findAll('[data-testid="certificate-row"]')).toHaveLength(listed().length);
    expect(w.find('[data-testid="certificates-unreadable"]').exists()).toBe(false);
  });

  it('only unreadable ones: not "no certificates", but how many could not be read', async () => {
    fakeCertificatesCore({ certificates: [], certificatesUnreadable: 3 });
    w = await mountSection();
    expect(w.get('[data-testid="certificates-unreadable"]').text()).toBe(
      '3 certificates in DigiCert ONE could not be read by this app and are not shown.',
    );
    expect(w.find('[data-testid="certificates-none"]').exists()).toBe(false);
    expect(w.find('[data-testid="certificates-table"]').exists()).toBe(false);
  });

  it('offline: certificates can be listed when DigiCert ONE is reachable; Generate stays offered', async () => {
    fakeCertificatesCore({ certificates: null, certificatesError: { code: 'offline', message: 'offline' } });
    w = await mountSection({ offline: true });
    expect(w.get('[data-testid="certificates-unavailable"]').text()).toBe(
      'Certificates can be listed when DigiCert ONE is reachable.',
    );
    expect(w.find('[data-testid="certificates-table"]').exists()).toBe(false);
    await w.get('[data-testid="certificate-generate"]').trigger('click');
    expect(w.emitted('generate')).toHaveLength(1);
  });

  it('another failure to list says why', async () => {
    fakeCertificatesCore({ certificates: null, certificatesError: { code: 'access_denied', message: 'x' } });
    w = await mountSection();
    expect(w.get('[data-testid="certificates-unavailable"]').text()).toBe(
      'The certificates could not be read from DigiCert ONE: The API key is not allowed to do this.',
    );
  });
});

describe('revoke', () => {
  it('confirms naming nickname and fingerprint, then prepares and sends with the certificate’s ids', async () => {
    const core = fakeCertificatesCore();
    w = await mountSection();
    await rowOf(w, 'build server').get('[data-testid="certificate-revoke"]').trigger('click');
    const dialog = await until(
      () => document.querySelector<HTMLElement>('[data-testid="certificate-revoke-dialog"]') ?? false,
    );
    expect(dialog.querySelector('h2')!.textContent).toContain('Revoke certificate “build server”?');
    expect(dialog.querySelector('[data-testid="certificate-revoke-fingerprint"]')!.textContent!.trim()).toBe(
      FINGERPRINT,
    );
    expect(dialog.textContent).toContain('Integrations that use this certificate');
    expect(dialog.textContent).toContain('stop working at once');
    // Nothing destructive has the focus first.
    expect(document.activeElement?.getAttribute('data-testid')).toBe('certificate-revoke-cancel');
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);

    dialog.querySelector<HTMLButtonElement>('[data-testid="certificate-revoke-confirm"]')!.click();
    await until(() =>
      expect(w!.get('[data-testid="certificates-message"]').text()).toContain(
        'Certificate “build server” was revoked.',
      ),
    );
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      {
        profileId: PROFILE.id,
        userId: USER.id,
        operation: { kind: 'revokeCertificate', certificateId: 'c-1', nickname: 'build server' },
      },
    ]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    await until(() =>
      expect(rowOf(w!, 'build server').get('[data-testid="certificate-status"]').text()).toBe('Revoked'),
    );
    expect(document.querySelector('[data-testid="certificate-revoke-dialog"]')).toBeNull();
    // Its Revoke button is gone: the focus is on the certificate's row, not lost to <body>.
    await until(() => expect(document.activeElement).toBe(rowOf(w!, 'build server').get('th').element));
  });

  it('cancel sends nothing', async () => {
    const core = fakeCertificatesCore();
    w = await mountSection();
    await rowOf(w, 'nightly').get('[data-testid="certificate-revoke"]').trigger('click');
    const cancel = await until(
      () => document.querySelector<HTMLButtonElement>('[data-testid="certificate-revoke-cancel"]') ?? false,
    );
    cancel.click();
    await until(() => document.querySelector('[data-testid="certificate-revoke-dialog"]') === null);
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);
    await until(() =>
      expect(document.activeElement).toBe(rowOf(w!, 'nightly').get('[data-testid="certificate-revoke"]').element),
    );
  });

  it('offline: queued, not sent; listed under Pending operations with the nickname, and not offered twice', async () => {
    const core = fakeCertificatesCore();
    w = await mountSection({ offline: true });
    await rowOf(w, 'nightly').get('[data-testid="certificate-revoke"]').trigger('click');
    const dialog = await until(
      () => document.querySelector<HTMLElement>('[data-testid="certificate-revoke-dialog"]') ?? false,
    );
    expect(dialog.querySelector('[data-testid="certificate-revoke-offline"]')!.textContent).toContain(
      'the revoke is prepared and listed under Pending operations',
    );
    dialog.querySelector<HTMLButtonElement>('[data-testid="certificate-revoke-confirm"]')!.click();
    await until(() =>
      expect(w!.get('[data-testid="certificates-message"] span').text()).toBe(
        'Revoking “nightly” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
      ),
    );
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
    await until(() =>
      expect(w!.get('[data-testid="pending-operation"] strong').text()).toBe('Revoke certificate “nightly”'),
    );
    expect(rowOf(w, 'nightly').get('[data-testid="certificate-pending"]').text()).toContain('revoke ready to send');
    expect(rowOf(w, 'nightly').find('[data-testid="certificate-revoke"]').exists()).toBe(false);
    expect(document.activeElement).toBe(rowOf(w, 'nightly').get('th').element);
  });

  it('a refusal is told with DigiCert’s reason', async () => {
    fakeCertificatesCore({ extra: { 'serviceUsers.sendOperation': () => fail('access_denied') } });
    w = await mountSection();
    await rowOf(w, 'nightly').get('[data-testid="certificate-revoke"]').trigger('click');
    const confirm = await until(
      () => document.querySelector<HTMLButtonElement>('[data-testid="certificate-revoke-confirm"]') ?? false,
    );
    confirm.click();
    await until(() =>
      expect(w!.get('[data-testid="certificates-message"][data-tone="error"]').text()).toContain(
        'Certificate “nightly” was not revoked: The API key is not allowed to do this.',
      ),
    );
    // The failed revoke waits under Pending operations (no second Revoke): the row has the focus.
    await until(() => expect(document.activeElement).toBe(rowOf(w!, 'nightly').get('th').element));
  });
});

describe('pending operations', () => {
  it('name the certificate of a create or a revoke', async () => {
    const op = (id: string, request: ManageOperation['request']): ManageOperation => ({
      id,
      profileId: PROFILE.id,
      userId: USER.id,
      friendlyName: USER.friendlyName,
      request,
      state: 'queued',
      createdAt: '2026-03-01T10:00:00Z',
      updatedAt: '2026-03-01T10:00:00Z',
    });
    fakeCertificatesCore({
      operations: [
        op('op-a', { kind: 'createCertificate', nickname: 'release box', endDate: '2029-01-01' }),
        op('op-b', { kind: 'revokeCertificate', certificateId: 'c-2', nickname: 'nightly' }),
      ],
    });
    w = await mountSection({ locale: 'de' });
    await until(() =>
      expect(w!.findAll('[data-testid="pending-operation"] strong').map((s) => s.text())).toEqual([
        'Zertifikat „release box“ erzeugen',
        'Zertifikat „nightly“ widerrufen',
      ]),
    );
  });
});

describe('saved by this app', () => {
  it('shows the file and the keychain item with whether each is still there; Test only where saved', async () => {
    fakeCertificatesCore({ saved: [saved({ fileExists: true, itemExists: false })] });
    w = await mountSection();
    const info = w.get('[data-testid="certificate-saved"]');
    const file = info.get('[data-testid="certificate-saved-file"]');
    expect(file.text()).toContain('/home/admin/certs/ci-signer_prod-build-server.p12');
    expect(file.attributes('data-state')).toBe('exists');
    expect(file.text()).toContain('On disk');
    const item = info.get('[data-testid="certificate-saved-item"]');
    expect(item.text()).toContain('DigiCert ONE client certificate password (Production US)');
    expect(item.text()).toContain('ci-signer_prod · build server');
    expect(item.attributes('data-state')).toBe('missing');
    expect(item.text()).toContain('No longer in the keychain');
    expect(info.get('[data-testid="certificate-saved-missing"]').text()).toContain('generate a new certificate');
    // Only the certificate this app saved can be tested.
    expect(w.findAll('[data-testid="certificate-test"]')).toHaveLength(1);
    expect(info.find('[data-testid="certificate-test"]').exists()).toBe(true);
    expect(w.find('[data-testid="certificates-untestable"]').exists()).toBe(false);
  });

  it('offers the hand-over help with the saved read-back and environment lines, never a value', async () => {
    fakeCertificatesCore({ saved: [saved()] });
    w = await mountSection();
    const help = w.get('[data-testid="certificate-handover"]');
    expect(help.get('summary').text()).toBe('Show how to hand it over to a build server');
    expect(help.get('[data-testid="hand-over-read-back"]').text()).toBe(saved().readBack.linux);
    expect(help.get('[data-testid="hand-over-environment"]').text()).toBe(saved().handOver.linux);
    expect(document.body.innerHTML).not.toContain(PASSWORD);
  });

  it('a file that could not be checked says so; without saved certificates the list says Test needs one', async () => {
    fakeCertificatesCore({ saved: [saved({ fileExists: null, itemExists: true })] });
    w = await mountSection();
    expect(w.get('[data-testid="certificate-saved-file"]').attributes('data-state')).toBe('unknown');
    expect(w.get('[data-testid="certificate-saved-file"]').text()).toContain('Could not be checked');
    expect(w.find('[data-testid="certificate-saved-missing"]').exists()).toBe(false);
    w.unmount();

    fakeCertificatesCore();
    w = await mountSection();
    expect(w.find('[data-testid="certificate-test"]').exists()).toBe(false);
    expect(w.get('[data-testid="certificates-untestable"]').text()).toContain('certificates this app saved');
  });

  it('saved certificates DigiCert ONE does not list (or cannot list now) are still shown', async () => {
    fakeCertificatesCore({ certificates: listed().slice(1), saved: [saved()] });
    w = await mountSection();
    expect(w.get('[data-testid="certificate-unlisted"]').text()).toContain('build server');
    expect(w.text()).toContain('Saved by this app, not in DigiCert ONE’s list');
    w.unmount();

    fakeCertificatesCore({ certificates: null, saved: [saved()] });
    w = await mountSection({ offline: true });
    expect(w.get('[data-testid="certificate-unlisted"]').text()).toContain('/home/admin/certs/');
  });
});

describe('test the certificate', () => {
  async function runTest() {
    await w!.get('[data-testid="certificate-test"]').trigger('click');
    return until(() => w!.find('[data-testid="certificate-test-status"]').text() || false);
  }

  it('says whose identity answered and that it is this user', async () => {
    const core = fakeCertificatesCore({ saved: [saved()] });
    w = await mountSection();
    await runTest();
    expect(core.callsTo('certificates.test')).toEqual([
      { profileId: PROFILE.id, userId: USER.id, nickname: 'build server', fingerprint: FINGERPRINT },
    ]);
    const result = w.get('[data-testid="certificate-test-result"]');
    expect(result.text()).toContain('Answered as ci-signer_prod (su-1).');
    expect(result.text()).toContain('This is “ci-signer_prod”');
    expect(result.attributes('data-matches')).toBe('true');
    expect(w.get('[data-testid="certificate-test-status"]').attributes('role')).toBe('status');
  });

  it('two certificates once named alike: each row tests its own (the request names its fingerprint)', async () => {
    const other = FINGERPRINT.replace(/^../, 'EE');
    const core = fakeCertificatesCore({
      certificates: [
        ...listed(),
        { id: 'c-9', nickname: 'build server', fingerprint: other, notAfter: notAfterIn(30), status: 'REVOKED' },
      ],
      saved: [
        saved(),
        saved({ fingerprint: other, file: '/home/admin/certs/old.p12', savedAt: '2026-03-02T10:00:00Z' }),
      ],
    });
    w = await mountSection();
    const testIn = (id: string) =>
      w!
        .get(`tr[data-certificate-id="${id}"]`)
        .element.closest('tbody')!
        .querySelector<HTMLButtonElement>('[data-testid="certificate-test"]')!;
    testIn('c-1').click();
    await until(() => core.callsTo('certificates.test').length === 1);
    testIn('c-9').click();
    await until(() => core.callsTo('certificates.test').length === 2);
    expect(core.callsTo('certificates.test')).toEqual([
      { profileId: PROFILE.id, userId: USER.id, nickname: 'build server', fingerprint: FINGERPRINT },
      { profileId: PROFILE.id, userId: USER.id, nickname: 'build server', fingerprint: other },
    ]);
  });

  it('another identity answering is a warning, not a success', async () => {
    fakeCertificatesCore({
      saved: [saved()],
      test: () => ({
        ok: true,
        value: { url: 'https://x/user/me', identity: { id: 'su-9', friendlyName: 'other-bot' }, matchesUser: false },
      }),
    });
    w = await mountSection();
    await runTest();
    const result = w.get('[data-testid="certificate-test-result"]');
    expect(result.text()).toContain('Answered as other-bot (su-9).');
    expect(result.text()).toContain('This is not “ci-signer_prod”: another identity answered.');
    expect(result.classes()).toContain('notice-error');
  });

  it.each([
    ['certificate_refused', 'DigiCert ONE refused the certificate', 'en'],
    ['certificate_password_wrong', 'The password in the keychain does not open the saved file', 'en'],
    ['not_found', 'The file or the keychain item this app saved is missing', 'en'],
    ['offline', 'DigiCert ONE cannot be reached now. Test the certificate again when it is.', 'en'],
    ['certificate_refused', 'DigiCert ONE hat das Zertifikat abgelehnt', 'de'],
    ['timeout', 'Der Test hat nicht funktioniert: ', 'de'],
  ] as const)('a failure (%s) is told clearly (%s)', async (code, text, locale) => {
    fakeCertificatesCore({ saved: [saved()], test: () => fail(code) });
    w = await mountSection({ locale });
    await runTest();
    const error = w.get('[data-testid="certificate-test-error"]');
    expect(error.attributes('data-code')).toBe(code);
    expect(error.text()).toContain(text);
  });
});
