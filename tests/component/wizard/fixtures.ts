import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { Component } from 'vue';
import type { CreationOutcome, TokenInfo } from '../../../shared/creation';
import type { Draft, DraftFields } from '../../../shared/drafts';
import type { Result } from '../../../shared/errors';
import type { KeychainStatus } from '../../../shared/keychain';
import type { Profile } from '../../../shared/profiles';
import type { ReferenceData, ReferenceSnapshot } from '../../../shared/reference';
import { createAppI18n, type Locale } from '../../../renderer/src/i18n';
import { useAppStore } from '../../../renderer/src/stores/app';
import { useProfilesStore } from '../../../renderer/src/stores/profiles';
import { installFakeApi, settle, until, type FakeHandlers } from '../helpers';
import { AVAILABLE, PROFILE, UNAVAILABLE } from '../fixtures';

export { PROFILE, UNAVAILABLE, settle, until };

export const TODAY = new Date().toISOString().slice(0, 10);

/** A tenant with 300 accounts (one inactive), three managers, an admin-level role. */
export function referenceData(accountCount = 300): ReferenceData {
  const accounts = Array.from({ length: accountCount }, (_, i) => ({
    id: `acc-${String(i + 1).padStart(4, '0')}`,
    name:
      i === 0
        ? 'Contoso Production'
        : i === 1
          ? 'Contoso Staging'
          : i === 2
            ? 'Globex Legacy'
            : `Generated account ${String(i + 1).padStart(4, '0')}`,
    active: i !== 2,
    friendlyIdentifier: String(5_000_000 + i),
  }));
  return {
    accounts,
    managers: [
      { id: 'account_manager', name: 'Account Manager' },
      { id: 'trust_lifecycle', name: 'Trust Lifecycle' },
      { id: 'software_trust', name: 'Software Trust' },
    ],
    roles: [
      {
        id: 'r-am-user',
        name: 'Default user',
        managerId: 'account_manager',
        permissions: ['VIEW_AM_ACCOUNT', 'VIEW_AM_USER'],
      },
      {
        id: 'r-am-admin',
        name: 'Account administrator',
        managerId: 'account_manager',
        permissions: ['MANAGE_AM_USER', 'MANAGE_AM_PERMISSION'],
        adminLevel: true,
      },
      { id: 'r-tlm-auditor', name: 'Auditor', managerId: 'trust_lifecycle', permissions: ['VIEW_EM_AUDIT_LOG'] },
      {
        id: 'r-tlm-cert',
        name: 'User and certificate manager',
        managerId: 'trust_lifecycle',
        permissions: ['MANAGE_EM_CERTIFICATE'],
      },
      { id: 'r-sm-signer', name: 'Signer', managerId: 'software_trust', permissions: ['SIGN_SM_HASH'] },
    ],
    serviceUsers: [
      { id: 'su-1', friendlyName: 'ci-signer_prod', status: 'ACTIVE', endDate: '2030-01-01' },
      { id: 'su-2', friendlyName: 'Jenkins build agent', status: 'ACTIVE' },
    ],
    refreshedAt: '2026-03-01T10:00:00Z',
  };
}

export function snapshot(
  state: 'online' | 'offline' = 'online',
  data: ReferenceData | null = referenceData(),
): ReferenceSnapshot {
  return {
    profileId: PROFILE.id,
    data,
    connectivity: {
      state,
      checkedAt: '2026-03-01T10:00:00Z',
      lastError: state === 'offline' ? 'offline' : null,
      nextAttemptAt: null,
    },
  };
}

export const HANDLE = 'a'.repeat(32);
export const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

export function tokenInfo(over: Partial<TokenInfo> = {}): TokenInfo {
  return {
    handle: HANDLE,
    profileId: PROFILE.id,
    draftId: 'd1',
    serviceUserId: 'su-new',
    friendlyName: 'deploy-bot',
    savedTo: null,
    suggested: { service: 'DigiCert ONE service user token (Production US · one.digicert.com)', account: 'deploy-bot' },
    readBack: null,
    ...over,
  };
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A fake core: drafts kept in memory, reference from `snapshot()`, creation answering `outcome`. */
export function fakeCore(
  options: {
    reference?: ReferenceSnapshot;
    outcome?: () => CreationOutcome | Promise<CreationOutcome>;
    extra?: FakeHandlers;
    drafts?: Draft[];
  } = {},
) {
  const drafts = new Map<string, Draft>((options.drafts ?? []).map((d) => [d.id, d]));
  let n = 0;
  const handlers: FakeHandlers = {
    'app.info': () =>
      ok({ name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' as const }),
    'keychain.status': () => ok(AVAILABLE),
    'profiles.list': () => ok([PROFILE]),
    'reference.get': () => ok(options.reference ?? snapshot()),
    'reference.refresh': () => ok(options.reference ?? snapshot()),
    'token.pending': () => ok([]),
    'drafts.get': ({ id }: { id: string }) => {
      const d = drafts.get(id);
      return d ? ok(d) : { ok: false, error: { code: 'not_found', message: 'gone' } };
    },
    'drafts.save': (req: { id?: string; profileId: string; step: number; fields: DraftFields }) => {
      const id = req.id ?? `d${++n}`;
      const before = drafts.get(id);
      const draft: Draft = {
        id,
        profileId: req.profileId,
        step: req.step,
        state: 'editing',
        failureCode: null,
        friendlyName: req.fields.friendlyName || null,
        createdAt: '2026-03-01T10:00:00Z',
        updatedAt: new Date().toISOString(),
        revision: (before?.revision ?? 0) + 1,
        created: null,
        fields: req.fields,
        deletedAt: null,
      };
      drafts.set(id, draft);
      return ok(draft);
    },
    'creation.create': async () =>
      ok(
        options.outcome
          ? await options.outcome()
          : { state: 'created', draftId: 'd1', serviceUser: {} as never, token: tokenInfo() },
      ),
    'creation.cancel': () => ok({ cancelled: true }),
    'creation.reconcile': () => ok([]),
    'creation.markReady': ({ draftId }: { draftId: string }) => {
      const d = drafts.get(draftId)!;
      d.state = 'ready';
      return ok(d);
    },
    'token.reveal': () => ok({ token: TOKEN }),
    'token.copy': () => ok({ clearsAt: new Date(Date.now() + 30_000).toISOString(), seconds: 30 }),
    'token.save': ({ item }: { item: { service: string; account: string } }) =>
      ok({
        savedTo: item,
        readBack: {
          linux: `secret-tool lookup service '${item.service}' username '${item.account}'`,
          macos: `security find-generic-password -s '${item.service}' -a '${item.account}' -w`,
          windows: `(Get-StoredCredential -Target '${item.service}').Password`,
        },
      }),
    'token.dismiss': () => ok({ dismissed: true as const }),
    ...options.extra,
  };
  const api = installFakeApi(handlers);
  return { ...api, drafts };
}

/** Mounts `component` with the current profile and keychain status already known (as App.vue loads them). */
export async function mountWizard(
  component: Component,
  options: { locale?: Locale; keychain?: KeychainStatus; profile?: Profile | null; pinia?: Pinia } = {},
): Promise<VueWrapper> {
  // The same pinia again: the wizard opened a second time in the same window.
  const pinia = options.pinia ?? createPinia();
  setActivePinia(pinia);
  const profiles = useProfilesStore();
  profiles.profiles = options.profile === null ? [] : [options.profile ?? PROFILE];
  profiles.loaded = true;
  const app = useAppStore();
  app.keychain = options.keychain ?? AVAILABLE;
  app.info = { name: 'x', version: '0', platform: 'linux', dataDir: '/tmp', transport: 'harness' };
  const i18n = createAppI18n(options.locale ?? 'en');
  const wrapper = mount(component, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  // Opened: no "Loading…" line, and a step (or the reason there is none) on screen.
  await until(
    () =>
      !wrapper.find('.view-loading').exists() &&
      ['step-heading', 'reference-missing', 'wizard-no-profile'].some((id) =>
        wrapper.find(`[data-testid="${id}"]`).exists(),
      ),
  );
  return wrapper;
}

export const byTestId = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
export const findTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

/** Fills step 1 with valid values (two managers). */
export async function fillDetails(
  w: VueWrapper,
  over: { name?: string; email?: string; managers?: string[]; accounts?: string[] } = {},
): Promise<void> {
  await byTestId(w, 'friendly-name').setValue(over.name ?? 'deploy-bot');
  await byTestId(w, 'email').setValue(over.email ?? 'owner@example.com');
  for (const account of over.accounts ?? ['Contoso Production'])
    await w.get(`[data-account="${account}"]`).setValue(true);
  for (const manager of over.managers ?? ['Account Manager', 'Trust Lifecycle'])
    await w.get(`[data-manager="${manager}"]`).setValue(true);
  await settle();
}

/**
 * Clicks Next and waits until the wizard has moved to another step, or announces why not with an
 * error on screen. (If both were already so before the click, a refusal looks like no change.)
 */
export async function next(w: VueWrapper): Promise<void> {
  const before = byTestId(w, 'step-heading').text();
  await byTestId(w, 'wizard-next').trigger('click');
  await until(
    () =>
      byTestId(w, 'step-heading').text() !== before ||
      (byTestId(w, 'wizard-announcement').text() !== '' && w.find('.field-error').exists()),
  );
}

/** Valid details and two roles, on to the review; the token not to be saved unless asked. */
export async function toReview(w: VueWrapper, options: { saveToKeychain?: boolean } = {}): Promise<void> {
  await fillDetails(w);
  await next(w);
  await w.get('[data-role="Default user"]').setValue(true);
  await w.get('[data-role="Auditor"]').setValue(true);
  await next(w);
  if (!options.saveToKeychain) await byTestId(w, 'save-to-keychain').setValue(false);
}
