import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import type { CertificateTestResult, ClientCertificate, SavedCertificate } from '../../../shared/certificates';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { ManageOperation, OperationOutcome, ServiceUserDetails } from '../../../shared/manage';
import { createAppI18n, type Locale } from '../../../renderer/src/i18n';
import CertificatesSection from '../../../renderer/src/components/certificates/CertificatesSection.vue';
import PendingOperations from '../../../renderer/src/components/serviceUsers/PendingOperations.vue';
import { useServiceUserDetailsStore } from '../../../renderer/src/stores/serviceUserDetails';
import { PROFILE } from '../fixtures';
import { installFakeApi, until, type FakeHandlers } from '../helpers';
import { detailsStores, fail, ok, operationHandlers } from '../serviceUsers/fakeDetailsCore';
import { USER } from '../serviceUsers/tokensFixtures';

export { PROFILE, USER, until };

const DAY_MS = 86_400_000;
/** The not-after instant `n` whole days from today (UTC), at the end of that day as DigiCert sets it. */
export function notAfterIn(n: number): string {
  return `${new Date(Date.now() + n * DAY_MS).toISOString().slice(0, 10)}T23:59:59Z`;
}

export const FINGERPRINT = Array.from({ length: 32 }, (_, i) =>
  (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0'),
).join(':');
export const PASSWORD = 'p12-password-9f8e7d6c5b4a';

export function listed(): ClientCertificate[] {
  return [
    { id: 'c-1', nickname: 'build server', fingerprint: FINGERPRINT, notAfter: notAfterIn(400), status: 'ACTIVE' },
    { id: 'c-2', nickname: 'nightly', fingerprint: 'AA:BB', notAfter: notAfterIn(12), status: 'ACTIVE' },
    { id: 'c-3', nickname: 'old_one', notAfter: notAfterIn(-3), status: 'EXPIRED' },
    { id: 'c-4', nickname: 'gone-box', notAfter: notAfterIn(100), status: 'REVOKED' },
  ];
}

const readBack = {
  linux: "secret-tool lookup service 'svc' username 'acct'",
  macos: "security find-generic-password -s 'svc' -a 'acct' -w",
  windows: "(Get-StoredCredential -Target 'acct.svc').Password",
};

export function saved(over: Partial<SavedCertificate> = {}): SavedCertificate {
  return {
    nickname: 'build server',
    fingerprint: FINGERPRINT,
    file: '/home/admin/certs/ci-signer_prod-build-server.p12',
    item: {
      service: 'DigiCert ONE client certificate password (Production US)',
      account: 'ci-signer_prod · build server',
    },
    savedAt: '2026-03-01T10:00:00Z',
    fileExists: true,
    itemExists: true,
    readBack,
    handOver: { linux: 'export SM_HOST=…', macos: 'export SM_HOST=…', windows: '$env:SM_HOST = …' },
    ...over,
  };
}

export { fail };

/**
 * A fake core for one user's certificates: the details (certificates as listed, or null with an
 * error), operations kept in memory (prepare → queued; send carries a revoke out), and certificates.test.
 */
export function fakeCertificatesCore(
  options: {
    certificates?: ClientCertificate[] | null;
    certificatesError?: AppErrorValue;
    certificatesUnreadable?: number;
    saved?: SavedCertificate[];
    operations?: ManageOperation[];
    test?: (request: { profileId: string; userId: string; nickname: string }) => Result<CertificateTestResult>;
    extra?: FakeHandlers;
  } = {},
) {
  const state = {
    certificates: options.certificates === undefined ? listed() : options.certificates,
    operations: [...(options.operations ?? [])],
  };
  const details = (): ServiceUserDetails => ({
    profileId: PROFILE.id,
    user: USER,
    roles: [],
    tokens: [],
    asOf: '2026-03-01T10:00:00Z',
    history: [],
    savedTokenItems: [],
    certificates: state.certificates,
    ...(options.certificatesError ? { certificatesError: options.certificatesError } : {}),
    ...(options.certificatesUnreadable !== undefined ? { certificatesUnreadable: options.certificatesUnreadable } : {}),
    savedCertificates: options.saved ?? [],
    operations: state.operations.filter((op) => op.state !== 'done'),
  });

  const handlers: FakeHandlers = {
    'serviceUsers.details': () => ok(details()),
    ...operationHandlers(state, USER.friendlyName),
    'serviceUsers.sendOperation': ({ operationId }: { operationId: string }) => {
      const op = state.operations.find((o) => o.id === operationId);
      if (!op) return fail('not_found');
      const request = op.request;
      if (request.kind === 'revokeCertificate' && state.certificates) {
        state.certificates = state.certificates.map((c) =>
          c.id === request.certificateId ? { ...c, status: 'REVOKED' } : c,
        );
      }
      const done = { ...op, state: 'done' as const };
      state.operations[state.operations.indexOf(op)] = done;
      return ok<OperationOutcome>({ state: 'done', operation: done });
    },
    'certificates.test': (request: { profileId: string; userId: string; nickname: string }) =>
      options.test
        ? options.test(request)
        : ok({
            url: 'https://clientauth.one.digicert.com/account/api/v1/user/me',
            identity: { id: USER.id, friendlyName: USER.friendlyName },
            matchesUser: true,
          }),
    ...options.extra,
  };
  const api = installFakeApi(handlers);
  return { ...api, state };
}

/**
 * Mounts the certificates section (and the pending operations under it) fed by the real details
 * store, in `locale`, with DigiCert ONE reachable or not.
 */
export async function mountSection(options: { offline?: boolean; locale?: Locale } = {}): Promise<VueWrapper> {
  const pinia = detailsStores(USER.id, options);

  const Host = defineComponent({
    emits: ['generate'],
    setup(_, { emit }) {
      const store = useServiceUserDetailsStore();
      void store.open(PROFILE.id, USER.id);
      return () =>
        store.details
          ? h('div', [
              h(CertificatesSection, { details: store.details, onGenerate: () => emit('generate') }),
              h(PendingOperations, { operations: store.details.operations }),
            ])
          : h('p', 'loading');
    },
  });
  const i18n = createAppI18n(options.locale ?? 'en');
  const wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await until(() => wrapper.find('[data-testid="certificates-section"]').exists());
  return wrapper;
}

export const rowOf = (w: VueWrapper, nickname: string) =>
  w.get(`[data-testid="certificate-row"][data-nickname="${nickname}"]`);
