import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import {
  HOME,
  PASSWORD,
  SUGGESTED_SERVICE,
  TODAY,
  certificateCore,
  inDays,
  mountView,
  openDialog,
  q,
  type,
  until,
  user,
} from './generateFixtures';
import { useAppStore } from '../../../renderer/src/stores/app';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
  window.location.hash = '';
});

const submit = () => q<HTMLFormElement>('generate-certificate-dialog')!.querySelector('form')!.requestSubmit();

describe('the generate dialog', () => {
  it('offers the defaults: end date the earlier of the user’s and a year, AES, SHA-256, save first', async () => {
    certificateCore();
    w = await mountView();
    await openDialog(w);
    expect(q<HTMLInputElement>('generate-certificate-end-date')!.value).toBe(
      new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: '2-digit', day: '2-digit', year: 'numeric' }).format(
        new Date(`${inDays(20)}T00:00:00Z`),
      ),
    );
    expect(q<HTMLSelectElement>('generate-certificate-encryption')!.value).toBe('AES');
    expect(q<HTMLSelectElement>('generate-certificate-signature-hash')!.value).toBe('SHA-256');
    expect(q<HTMLInputElement>('generate-certificate-save')!.checked).toBe(true);
    expect(document.activeElement).toBe(q('generate-certificate-nickname'));
    // Every field has a label.
    for (const el of q('generate-certificate-dialog')!.querySelectorAll<HTMLElement>('input, select')) {
      expect(el.id && document.querySelector(`label[for="${el.id}"]`), el.outerHTML).toBeTruthy();
    }
  });

  it('the nickname follows DigiCert’s charset; Enter on a half-filled form sends nothing', async () => {
    const core = certificateCore();
    w = await mountView();
    await openDialog(w);
    // Nothing shown while typing a first value, before leaving the field.
    const nickname = q<HTMLInputElement>('generate-certificate-nickname')!;
    nickname.value = 'build/server';
    nickname.dispatchEvent(new Event('input'));
    await until(() => core.answeredAll());
    expect(q('generate-certificate-nickname-error')).toBeNull();
    nickname.dispatchEvent(new Event('blur'));
    await until(() =>
      expect(q('generate-certificate-nickname-error')?.textContent).toBe(
        'Use only letters, digits, spaces, dashes and underscores.',
      ),
    );
    await type('generate-certificate-nickname', '');
    submit();
    await until(() => expect(q('generate-certificate-nickname-error')?.textContent).toBe('Enter a nickname.'));
    expect(document.activeElement).toBe(nickname);
    expect(core.callsTo('serviceUsers.prepare')).toEqual([]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
  });

  it('an end date after the user’s shows the fix; "Extend the service user first" opens its end date', async () => {
    certificateCore();
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-end-date', inDays(30));
    const error = await until(() => q('generate-certificate-end-date-error') ?? false);
    expect(error.textContent).toContain('The certificate cannot end after its service user');
    q<HTMLButtonElement>('generate-certificate-extend')!.click();
    await until(() => q('generate-certificate-dialog') === null);
    const endDate = await until(
      () => q('sd-edit-details')?.querySelector<HTMLInputElement>('[data-testid="end-date"]') ?? false,
    );
    await until(() => expect(document.activeElement).toBe(endDate));
  });

  it('offline: says it is prepared and sent once later; nothing is sent now', async () => {
    const core = certificateCore({ state: 'offline' });
    w = await mountView();
    await openDialog(w);
    expect(q('generate-certificate-offline')!.textContent).toContain('Pending operations');
    expect(q('generate-certificate-submit')!.textContent).toContain('Prepare it');
    await type('generate-certificate-nickname', 'build server');
    submit();
    await until(() => expect(w!.text()).toContain('Certificate “build server” is prepared.'));
    expect(core.callsTo('serviceUsers.prepare')).toEqual([
      {
        profileId: 'p1',
        userId: 'su-1',
        operation: {
          kind: 'createCertificate',
          nickname: 'build server',
          endDate: inDays(20),
          encryption: 'AES',
          signatureHash: 'SHA-256',
        },
      },
    ]);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([]);
  });

  it('save before show: sends the typed keychain item and file; the screen shows the read-back facts and its heading has the focus', async () => {
    const core = certificateCore();
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    // The suggestions follow the nickname.
    await until(() =>
      expect(q<HTMLInputElement>('generate-certificate-account')!.value).toBe('ci-signer_prod · build server'),
    );
    expect(q<HTMLInputElement>('generate-certificate-service')!.value).toBe(SUGGESTED_SERVICE);
    expect(q<HTMLInputElement>('generate-certificate-file')!.value).toBe(`${HOME}/ci-signer_prod-build-server.p12`);
    await type('generate-certificate-account', 'release builds');
    await type('generate-certificate-file', '/home/admin/certs/build.p12');
    q<HTMLSelectElement>('generate-certificate-signature-hash')!.value = 'SHA-384';
    q('generate-certificate-signature-hash')!.dispatchEvent(new Event('change'));
    submit();

    const title = await until(() => q('certificate-screen-title') ?? false);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([
      {
        operationId: 'op-1',
        saveCertificateTo: {
          item: { service: SUGGESTED_SERVICE, account: 'release builds' },
          file: '/home/admin/certs/build.p12',
        },
      },
    ]);
    expect(
      (core.callsTo('serviceUsers.prepare')[0] as { operation: { signatureHash: string } }).operation.signatureHash,
    ).toBe('SHA-384');
    expect(title.textContent).toContain('Client certificate “build server” for “ci-signer_prod”');
    await until(() => expect(document.activeElement).toBe(title));
    expect(q('certificate-saved')!.textContent).toContain('/home/admin/certs/build.p12');
    expect(q('certificate-facts')!.dataset.saved).toBe('true');
    expect(q('certificate-facts-unsaved')).toBeNull();
    expect(q('certificate-fingerprint')!.textContent).toContain(':');
    expect(q('hand-over')).not.toBeNull();
    expect(document.body.textContent).not.toContain(PASSWORD);
  });

  it('prepared offline, sent later from Pending operations: asks where to save it first, then the screen', async () => {
    const core = certificateCore({ state: 'offline' });
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    submit();
    await until(() => expect(w!.text()).toContain('Certificate “build server” is prepared.'));
    core.goOnline();
    const send = await until(
      () => q<HTMLButtonElement>('pending-send')?.disabled === false && q<HTMLButtonElement>('pending-send')!,
    );
    send.click();
    const fixed = await until(() => q('generate-certificate-prepared') ?? false);
    expect(fixed.textContent).toContain('build server');
    expect(q('generate-certificate-nickname')).toBeNull();
    await type('generate-certificate-file', `${HOME}/later.p12`);
    submit();
    await until(() => q('certificate-saved') ?? false);
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(1);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([
      {
        operationId: 'op-1',
        saveCertificateTo: {
          item: { service: SUGGESTED_SERVICE, account: 'ci-signer_prod · build server' },
          file: `${HOME}/later.p12`,
        },
      },
    ]);
  });

  it('the desktop save dialog cancelled: prepared, not sent (not "failed"); from Pending operations likewise', async () => {
    const cancelled = {
      ok: false as const,
      error: { code: 'cancelled' as const, message: 'Saving the certificate was cancelled.' },
    };
    const core = certificateCore({ extra: { 'serviceUsers.sendOperation': () => cancelled } });
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    submit();
    const message = await until(() => q('certificate-message') ?? false);
    expect(message.textContent).toContain(
      'Certificate “build server”: prepared, not sent — send it from Pending operations when you are ready.',
    );
    expect(message.dataset.tone).toBe('warning');
    expect(w.text()).not.toContain('was not generated');
    await until(() => q('generate-certificate-dialog') === null);

    // Sent from Pending operations and cancelled again: still prepared, said as such.
    const send = await until(
      () => q<HTMLButtonElement>('pending-send')?.disabled === false && q<HTMLButtonElement>('pending-send')!,
    );
    send.click();
    await until(() => q('generate-certificate-prepared') ?? false);
    submit();
    const said = await until(() => q('pending-said') ?? false);
    expect(said.textContent).toContain('Prepared, nothing sent yet.');
    expect(said.className).not.toContain('field-error');
    expect(core.callsTo('serviceUsers.sendOperation')).toHaveLength(2);
  });

  it('the keychain item is taken: asked in the dialog before anything is sent; Replace sends the same once more', async () => {
    const core = certificateCore();
    const inner = core.invoke.getMockImplementation()!;
    core.invoke.mockImplementation(async (channel, request) => {
      const to = (request as { saveCertificateTo?: { overwriteItem?: boolean } }).saveCertificateTo;
      if (channel === 'serviceUsers.sendOperation' && to && !to.overwriteItem) {
        core.calls.push({ channel, request });
        return {
          ok: false,
          error: { code: 'keychain_item_exists', message: 'The keychain item holds another value.' },
        };
      }
      return inner(channel, request);
    });
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    submit();
    const question = await until(() => q('generate-certificate-replace') ?? false);
    expect(question.textContent).toContain(`“${SUGGESTED_SERVICE}” / “ci-signer_prod · build server” already holds`);
    await until(() => expect(document.activeElement).toBe(q('generate-certificate-replace-item')));
    // Prepared now: its request is fixed, only where to save it can change.
    expect(q('generate-certificate-prepared')!.textContent).toContain('build server');
    expect(q('generate-certificate-nickname')).toBeNull();

    q('generate-certificate-replace-item')!.click();
    await until(() => q('certificate-saved') ?? false);
    const to = {
      item: { service: SUGGESTED_SERVICE, account: 'ci-signer_prod · build server' },
      file: `${HOME}/ci-signer_prod-build-server.p12`,
    };
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(1);
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([
      { operationId: 'op-1', saveCertificateTo: to },
      { operationId: 'op-1', saveCertificateTo: { ...to, overwriteItem: true } },
    ]);
  });

  it('the file is taken and the admin cancels: prepared, not sent; another name asks nothing', async () => {
    const core = certificateCore({
      extra: {
        'serviceUsers.sendOperation': () => ({
          ok: false,
          error: { code: 'certificate_file_exists', message: 'The file exists.' },
        }),
      },
    });
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    submit();
    await until(() => q('generate-certificate-replace-file') ?? false);
    q('generate-certificate-other-name')!.click();
    await until(() => q('generate-certificate-replace') === null);
    expect(document.activeElement).toBe(q('generate-certificate-file'));
    Array.from(q('generate-certificate-dialog')!.querySelectorAll('button'))
      .find((b) => b.textContent?.trim() === 'Cancel')!
      .click();
    const message = await until(() => q('certificate-message') ?? false);
    expect(message.textContent).toContain('Certificate “build server”: prepared, not sent');
    expect(core.callsTo('serviceUsers.prepare')).toHaveLength(1);
  });

  it('desktop app: a file name only, ending in .p12 — the one extension the save dialog offers', async () => {
    certificateCore();
    w = await mountView();
    const app = useAppStore();
    app.info = { ...app.info!, transport: 'electron' };
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    expect(q<HTMLInputElement>('generate-certificate-file')!.value).toBe('ci-signer_prod-build-server.p12');
    expect(q('generate-certificate-dialog')!.textContent).toContain('It ends in .p12.');
    await type('generate-certificate-file', 'build.pfx');
    await until(() =>
      expect(q('generate-certificate-file-error')?.textContent).toBe('The file name must end in .p12.'),
    );
    await type('generate-certificate-file', 'Build.P12');
    await until(() => expect(q('generate-certificate-file-error')).toBeNull());
  });

  it('German: the dialog has no English left', async () => {
    certificateCore();
    w = await mountView({ locale: 'de' });
    await openDialog(w);
    const text = q('generate-certificate-dialog')!.textContent!;
    expect(text).toContain('Client-Zertifikat für „ci-signer_prod“ erzeugen');
    for (const english of ['Nickname', 'End date', 'Encryption', 'Signature hash', 'Generate', 'Cancel', 'Save it']) {
      expect(text).not.toContain(english);
    }
    expect(q<HTMLInputElement>('generate-certificate-end-date')!.value).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });
});

describe('a user whose end date has passed', () => {
  it('says so and offers the fix at once', async () => {
    certificateCore({ user: user({ endDate: TODAY }) });
    w = await mountView();
    await openDialog(w);
    expect(q('generate-certificate-user-ended')!.textContent).toContain('leaves no room');
  });
});
