import { DOMWrapper, type VueWrapper } from '@vue/test-utils';
import type { CertificateDestination, HeldCertificate } from '../../../shared/certificates';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { ManageOperation, OperationOutcome, ServiceUserListItem } from '../../../shared/manage';
import { useAppStore } from '../../../renderer/src/stores/app';
import type { Locale } from '../../../renderer/src/i18n';
import type { FakeHandlers } from '../helpers';
import { detailsCore, inDays, mountDetails, TODAY, until, user } from '../serviceUsers/detailsFixtures';

export { inDays, TODAY, until, user };

export const HANDLE = 'c'.repeat(32);
export const PASSWORD = 'p12-pw-Zq81x0-secret-value';
export const HOME = '/home/admin';
export const SUGGESTED_SERVICE = 'DigiCert ONE client certificate password (Production US · one.digicert.com)';
export const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 5 + 17).toString(16).toUpperCase()).join(':');

const readBack = {
  linux: "secret-tool lookup service 'svc' username 'ci-signer_prod · build server'",
  macos: "security find-generic-password -s 'svc' -a 'ci-signer_prod · build server' -w",
  windows: "(Get-StoredCredential -Target 'ci-signer_prod · build server.svc').Password",
};
const handOver = {
  linux: [
    "export SM_HOST='https://clientauth.one.digicert.com'",
    `export SM_API_KEY="$(secret-tool lookup service 'tok' username 'ci-signer_prod')"`,
    "export SM_CLIENT_CERT_FILE='/home/admin/certs/build.p12'",
    `export SM_CLIENT_CERT_PASSWORD="$(${readBack.linux})"`,
  ].join('\n'),
  macos: "export SM_CLIENT_CERT_FILE='/home/admin/certs/build.p12'",
  windows: "$env:SM_CLIENT_CERT_FILE = '/home/admin/certs/build.p12'",
};

/** A generated certificate as main holds it: unsaved (facts from memory) unless `savedTo` is given. */
export function held(over: Partial<HeldCertificate> = {}): HeldCertificate {
  return {
    handle: HANDLE,
    profileId: 'p1',
    operationId: 'op-1',
    serviceUserId: 'su-1',
    friendlyName: 'ci-signer_prod',
    nickname: 'build server',
    savedTo: null,
    facts: {
      subject: 'CN=ci-signer_prod build server',
      issuer: 'CN=DigiCert ONE Client Auth CA',
      serial: '0A1B2C3D',
      fingerprint: FINGERPRINT,
      notAfter: `${inDays(20)}T23:59:59Z`,
    },
    suggested: {
      item: { service: SUGGESTED_SERVICE, account: 'ci-signer_prod · build server' },
      fileName: 'ci-signer_prod-build-server.p12',
    },
    readBack: null,
    handOver: null,
    ...over,
  };
}

/** What main answers once the certificate was saved to `to` and read back. */
export function savedHeld(to: CertificateDestination): HeldCertificate {
  return held({ savedTo: { item: to.item, file: to.file }, readBack, handOver });
}

type SaveAnswer = Result<HeldCertificate>;

/**
 * The details view's fake core (detailsCore) plus the certificate channels. A createCertificate
 * sent with `saveCertificateTo` is saved (unless `saveFirst` answers an error); without, it is held
 * unsaved. `save` answers the screen's Save (default: saved where asked).
 */
export function certificateCore(
  options: {
    user?: ServiceUserListItem;
    state?: 'online' | 'offline';
    pending?: HeldCertificate[];
    saveFirst?: (to: CertificateDestination) => AppErrorValue | null;
    save?: (to: CertificateDestination & { overwrite?: boolean; overwriteItem?: boolean }) => SaveAnswer;
    extra?: FakeHandlers;
  } = {},
) {
  const ok = <T>(value: T): Result<T> => ({ ok: true, value });
  const state = { pending: [...(options.pending ?? [])] };
  let lastTo: CertificateDestination | undefined;

  const core = detailsCore({
    ...(options.user ? { user: options.user } : {}),
    ...(options.state ? { state: options.state } : {}),
    send: (op: ManageOperation): OperationOutcome => {
      const done = { ...op, state: 'done' as const };
      if (op.request.kind !== 'createCertificate') return { state: 'done', operation: done };
      const to = lastTo;
      const refused = to && options.saveFirst ? options.saveFirst(to) : null;
      const certificate = to && !refused ? savedHeld(to) : held({ operationId: op.id });
      state.pending.push(certificate);
      return {
        state: 'done',
        operation: done,
        certificate,
        ...(refused ? { certificateSaveFailed: { error: refused } } : {}),
      };
    },
    extra: {
      'certificates.pending': () => ok(state.pending),
      'certificates.revealPassword': () => ok({ password: PASSWORD }),
      'certificates.copyPassword': () => ok({ clearsAt: new Date(Date.now() + 30_000).toISOString(), seconds: 30 }),
      'certificates.save': ({ to }: { to: CertificateDestination }) =>
        options.save ? options.save(to) : ok(savedHeld(to)),
      'certificates.dismiss': ({ handle }: { handle: string }) => {
        state.pending = state.pending.filter((h) => h.handle !== handle);
        return ok({ dismissed: true as const });
      },
      ...options.extra,
    },
  });
  // detailsCore's send sees the operation only: remember where the request asked to save first.
  const inner = core.invoke.getMockImplementation()!;
  core.invoke.mockImplementation(async (channel, request) => {
    if (channel === 'serviceUsers.sendOperation') {
      lastTo = (request as { saveCertificateTo?: CertificateDestination }).saveCertificateTo;
    }
    return inner(channel, request);
  });
  return { ...core, state };
}

/** The details view, with the home folder known (the harness suggests the file there). */
export async function mountView(options: { locale?: Locale } = {}): Promise<VueWrapper> {
  const w = await mountDetails(options);
  const app = useAppStore();
  app.info = { ...app.info!, homeDir: HOME };
  return w;
}

export const q = <T extends HTMLElement = HTMLElement>(testid: string) =>
  document.querySelector<T>(`[data-testid="${testid}"]`);

/** Opens the generate dialog from the certificates section. */
export async function openDialog(w: VueWrapper): Promise<HTMLElement> {
  await w.get('[data-testid="certificate-generate"]').trigger('click');
  return until(() => q('generate-certificate-dialog') ?? false);
}

/** Types into an input the way the admin does (input, then leaving it), as test-utils' setValue does. */
export async function type(testid: string, value: string): Promise<void> {
  const input = new DOMWrapper(await until(() => q<HTMLInputElement>(testid) ?? false));
  input.element.focus();
  await input.setValue(value);
  await input.trigger('blur');
}
