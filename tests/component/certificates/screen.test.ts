import { afterEach, describe, expect, it, vi } from 'vitest';
import { DOMWrapper, type VueWrapper } from '@vue/test-utils';
import type { AppErrorValue } from '../../../shared/errors';
import {
  HANDLE,
  HOME,
  PASSWORD,
  SUGGESTED_SERVICE,
  certificateCore,
  held,
  mountView,
  openDialog,
  q,
  savedHeld,
  type,
  until,
} from './generateFixtures';
import { useNavStore } from '../../../renderer/src/stores/nav';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
  window.location.hash = '';
  vi.unstubAllGlobals();
});

const leaveText = () => document.querySelector('[data-testid="sd-leave-text"]')?.textContent?.trim() ?? null;
const leaveButton = (name: string) =>
  [...document.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent?.trim() === name)!;
const taken = (code: string): AppErrorValue => ({ code, message: code }) as AppErrorValue;
const click = (testid: string) => new DOMWrapper(q(testid)!).trigger('click');

/** Generates "build server" from the dialog; `saveFirst: false` unticks save-before-show. */
async function generate(x: VueWrapper, options: { saveFirst?: boolean } = {}): Promise<HTMLElement> {
  await openDialog(x);
  await type('generate-certificate-nickname', 'build server');
  if (options.saveFirst === false)
    await new DOMWrapper(q<HTMLInputElement>('generate-certificate-save')!).setValue(false);
  q('generate-certificate-dialog')!.querySelector('form')!.requestSubmit();
  return until(() => q('certificate-screen') ?? false);
}

describe('the one-time certificate screen', () => {
  it('the password stays masked until Reveal; Copy shows the clearing countdown', async () => {
    const core = certificateCore();
    w = await mountView();
    await generate(w, { saveFirst: false });
    expect(q('certificate-password-value')!.dataset.masked).toBe('true');
    expect(document.body.textContent).not.toContain(PASSWORD);
    expect(core.callsTo('certificates.revealPassword')).toEqual([]);

    await click('certificate-password-reveal');
    await until(() => expect(q('certificate-password-value')!.textContent).toBe(PASSWORD));
    expect(core.callsTo('certificates.revealPassword')).toEqual([{ handle: HANDLE }]);
    await click('certificate-password-hide');
    await until(() => expect(document.body.textContent).not.toContain(PASSWORD));

    await click('certificate-password-copy');
    const status = q('certificate-screen')!.querySelector('[data-testid="copy-status"]')!;
    await until(() => expect(status.textContent).toContain('The clipboard is cleared in 30 s.'));
    expect(q('certificate-screen')!.querySelector('[data-testid="copy-countdown"]')).not.toBeNull();
    expect(core.callsTo('certificates.copyPassword')).toEqual([{ handle: HANDLE }]);
    expect(document.body.textContent).not.toContain(PASSWORD);
  });

  it('unsaved: facts from memory marked "not saved yet", and Save sends the suggested item and file', async () => {
    const core = certificateCore();
    w = await mountView();
    await generate(w, { saveFirst: false });
    expect(core.callsTo('serviceUsers.sendOperation')).toEqual([{ operationId: 'op-1' }]);
    expect(q('certificate-facts')!.dataset.saved).toBe('false');
    expect(q('certificate-facts-unsaved')!.textContent).toContain('Not saved yet');
    expect(q('certificate-not-after')!.textContent).not.toBe('');
    expect(q('hand-over')).toBeNull();
    expect(q<HTMLInputElement>('certificate-save-service')!.value).toBe(SUGGESTED_SERVICE);
    expect(q<HTMLInputElement>('certificate-save-file')!.value).toBe(`${HOME}/ci-signer_prod-build-server.p12`);

    await click('certificate-save');
    // The Save form is gone: the focus is on the "saved" notice that replaced it, not lost to <body>.
    const notice = await until(
      () => q('certificate-screen')!.querySelector<HTMLElement>('[data-testid="certificate-saved"]') ?? false,
    );
    await until(() => expect(document.activeElement).toBe(notice));
    expect(core.callsTo('certificates.save')).toEqual([
      {
        handle: HANDLE,
        to: {
          item: { service: SUGGESTED_SERVICE, account: 'ci-signer_prod · build server' },
          file: `${HOME}/ci-signer_prod-build-server.p12`,
        },
      },
    ]);
    expect(q('certificate-facts')!.dataset.saved).toBe('true');
    expect(q('certificate-stored-elsewhere')).toBeNull();
  });

  it('the keychain item and then the file are taken: each asks "Replace?" and only the answer replaces it', async () => {
    const core = certificateCore({
      saveFirst: () => taken('keychain_item_exists'),
      save: (to) =>
        !to.overwrite ? { ok: false, error: taken('certificate_file_exists') } : { ok: true, value: savedHeld(to) },
    });
    w = await mountView();
    await generate(w);
    const question = await until(() => q('certificate-replace') ?? false);
    expect(question.textContent).toContain(`“${SUGGESTED_SERVICE}” / “ci-signer_prod · build server” already holds`);
    expect(q('certificate-facts-unsaved')).not.toBeNull();

    await click('certificate-replace-item');
    await until(() =>
      expect(q('certificate-replace')?.textContent).toContain('ci-signer_prod-build-server.p12 already exists'),
    );
    await until(() => expect(document.activeElement).toBe(q('certificate-replace-file')));
    await click('certificate-replace-file');
    await until(() => q('certificate-saved') ?? false);
    const item = { service: SUGGESTED_SERVICE, account: 'ci-signer_prod · build server' };
    const file = `${HOME}/ci-signer_prod-build-server.p12`;
    expect(core.callsTo('certificates.save')).toEqual([
      { handle: HANDLE, to: { item, file, overwriteItem: true } },
      { handle: HANDLE, to: { item, file, overwrite: true, overwriteItem: true } },
    ]);
  });

  it('"Choose another name" drops the question; another name is asked about again, never replaced silently', async () => {
    const core = certificateCore({ save: () => ({ ok: false, error: taken('certificate_file_exists') }) });
    w = await mountView();
    await generate(w, { saveFirst: false });
    await click('certificate-save');
    await until(() => q('certificate-replace-file') ?? false);
    await click('certificate-other-name');
    await until(() => q('certificate-replace') === null);
    expect(document.activeElement).toBe(q('certificate-save-file'));
    await type('certificate-save-file', `${HOME}/other.p12`);
    await click('certificate-save');
    await until(() => core.callsTo('certificates.save').length === 2 && q('certificate-replace-file'));
    expect(core.callsTo('certificates.save').every((c) => !('overwrite' in (c as { to: object }).to))).toBe(true);
  });

  it('close guard: unsaved asks first; "Keep it open" keeps it, "I stored it elsewhere" closes without asking', async () => {
    const core = certificateCore();
    w = await mountView();
    await generate(w, { saveFirst: false });
    await click('certificate-close');
    await until(() =>
      expect(document.querySelector('dialog')?.textContent).toContain('Close without saving the certificate?'),
    );
    Array.from(document.querySelectorAll<HTMLButtonElement>('dialog button'))
      .find((b) => b.textContent?.includes('Keep it open'))!
      .click();
    await until(() => expect(document.querySelector('dialog')).toBeNull());
    expect(core.callsTo('certificates.dismiss')).toEqual([]);
    expect(q('certificate-screen')).not.toBeNull();

    await new DOMWrapper(q<HTMLInputElement>('certificate-stored-elsewhere')!).setValue(true);
    await click('certificate-close');
    await until(() => q('certificate-screen') === null);
    expect(core.callsTo('certificates.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'stored_elsewhere' }]);
    expect(w.text()).toContain('The certificate “build server” was closed.');
  });

  it('"Close and discard" dismisses it as discarded', async () => {
    const core = certificateCore();
    w = await mountView();
    await generate(w, { saveFirst: false });
    await click('certificate-close');
    const confirm = await until(() => document.querySelector<HTMLButtonElement>('[data-testid="confirm"]') ?? false);
    expect(confirm.textContent).toContain('Close and discard the certificate');
    confirm.click();
    await until(() => q('certificate-screen') === null);
    expect(core.callsTo('certificates.dismiss')).toEqual([{ handle: HANDLE, unsaved: 'discarded' }]);
  });

  it('a certificate main still holds (after a reload) can be shown again', async () => {
    certificateCore({ pending: [held(), held({ handle: 'd'.repeat(32), serviceUserId: 'other' })] });
    w = await mountView();
    const notice = await until(() => q('held-certificate') ?? false);
    expect(notice.textContent).toContain('still held by the app');
    notice.querySelector('button')!.click();
    const title = await until(() => q('certificate-screen-title') ?? false);
    await until(() => expect(document.activeElement).toBe(title));
  });
});

describe('certificates held by main', () => {
  it('follow core’s certificates.changed: one held meanwhile (e.g. sent from another window) is offered', async () => {
    const core = certificateCore();
    w = await mountView();
    await until(() => core.callsTo('certificates.pending').length === 1 && core.answeredAll());
    expect(q('held-certificate')).toBeNull();
    core.state.pending.push(held());
    core.emit({ name: 'certificates.changed', payload: { held: true, pending: 1 } });
    const notice = await until(() => q('held-certificate') ?? false);
    expect(notice.textContent).toContain('still held by the app');
  });

  it('leaving the page with one not saved asks first; Stay keeps it; once saved, leaving asks nothing', async () => {
    certificateCore();
    w = await mountView();
    const nav = useNavStore();
    await generate(w, { saveFirst: false });
    await click('sd-back');
    await until(() =>
      expect(leaveText()).toBe(
        'The certificate “build server” is not saved yet. The app keeps holding it until you save or discard it on this service user’s page.',
      ),
    );
    expect(document.querySelector('dialog h2')?.textContent).toBe('Leave without saving the certificate?');
    expect(nav.current).toBe('service-user');
    leaveButton('Stay').click();
    await until(() => expect(leaveText()).toBeNull());
    expect(nav.current).toBe('service-user');
    expect(q('certificate-screen')).not.toBeNull();

    await click('certificate-save');
    await until(() => q('certificate-screen')!.querySelector('[data-testid="certificate-saved"]') ?? false);
    await click('sd-back');
    await until(() => expect(nav.current).toBe('service-users'));
    expect(leaveText()).toBeNull();
  });

  it('one held from before (not on the screen) asks too; Leave goes', async () => {
    certificateCore({ pending: [held()] });
    w = await mountView();
    const nav = useNavStore();
    await until(() => q('held-certificate') ?? false);
    await click('sd-back');
    await until(() => expect(leaveText()).toContain('“build server” is not saved yet'));
    leaveButton('Leave').click();
    await until(() => expect(nav.current).toBe('service-users'));
  });

  it('German: the question has no English left', async () => {
    certificateCore({ pending: [held()] });
    w = await mountView({ locale: 'de' });
    await until(() => q('held-certificate') ?? false);
    await click('sd-back');
    await until(() =>
      expect(leaveText()).toBe(
        'Das Zertifikat „build server“ ist noch nicht gespeichert. Die App hält es, bis Sie es auf der Seite dieses Service-Users speichern oder verwerfen.',
      ),
    );
    expect(document.querySelector('dialog h2')?.textContent).toBe('Verlassen, ohne das Zertifikat zu speichern?');
  });
});

describe('the hand-over help', () => {
  it('per OS tabs with copyable commands; the password appears nowhere, not even after Reveal', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    certificateCore();
    w = await mountView();
    await generate(w);
    const help = await until(() => q('hand-over') ?? false);
    expect(help.textContent).toContain('the PKCS#12 file, its password and the service user’s API key');
    expect(q('hand-over-panel')!.dataset.os).toBe('linux');
    const environment = q('hand-over-environment')!.textContent!;
    for (const name of ['SM_HOST', 'SM_API_KEY', 'SM_CLIENT_CERT_FILE', 'SM_CLIENT_CERT_PASSWORD']) {
      expect(environment).toContain(name);
    }
    await click('hand-over-copy-environment');
    await until(() => expect(writeText).toHaveBeenCalledWith(environment));

    await click('certificate-password-reveal');
    await until(() => expect(q('certificate-password-value')!.textContent).toBe(PASSWORD));
    expect(help.textContent).not.toContain(PASSWORD);
    expect(writeText.mock.calls.flat()).not.toContain(PASSWORD);

    // Tabs: click and arrow keys.
    await click('hand-over-tab-windows');
    await until(() => expect(q('hand-over-panel')!.dataset.os).toBe('windows'));
    expect(q('hand-over-read-back')!.textContent).toContain('Get-StoredCredential');
    await new DOMWrapper(q('hand-over-tab-windows')!).trigger('keydown', { key: 'ArrowRight' });
    await until(() => expect(q('hand-over-panel')!.dataset.os).toBe('linux'));
    expect(document.activeElement).toBe(q('hand-over-tab-linux'));
    expect(q('hand-over-tab-linux')!.getAttribute('aria-selected')).toBe('true');
    expect(help.textContent).not.toContain(PASSWORD);
  });
});

describe('in German', () => {
  it('the screen and the hand-over help have no English left', async () => {
    certificateCore();
    w = await mountView({ locale: 'de' });
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    q('generate-certificate-dialog')!.querySelector('form')!.requestSubmit();
    await until(() => q('hand-over') ?? false);
    const text = q('certificate-screen')!.textContent!;
    expect(text).toContain('Client-Zertifikat „build server“ für „ci-signer_prod“');
    expect(text).toContain('Gespeichert und geprüft');
    for (const english of [
      'Reveal',
      'Copy',
      'Close',
      'Saved',
      'Shown only once',
      'Hand it over',
      'Certificate password',
    ]) {
      expect(text).not.toContain(english);
    }
  });
});
