import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import type { KeychainItem, TokenInfo } from '../../../shared/creation';
import type { AppErrorValue, Result } from '../../../shared/errors';
import type { KeychainStatus } from '../../../shared/keychain';
import type {
  ApiToken,
  ManageOperation,
  OperationOutcome,
  SavedTokenItem,
  ServiceUserDetails,
  ServiceUserListItem,
} from '../../../shared/manage';
import { createAppI18n } from '../../../renderer/src/i18n';
import DeleteUserDialog from '../../../renderer/src/components/serviceUsers/DeleteUserDialog.vue';
import PendingOperations from '../../../renderer/src/components/serviceUsers/PendingOperations.vue';
import TokensSection from '../../../renderer/src/components/serviceUsers/tokens/TokensSection.vue';
import { useServiceUserDetailsStore } from '../../../renderer/src/stores/serviceUserDetails';
import { PROFILE } from '../fixtures';
import { detailsStores, fail, ok, operationHandlers } from './fakeDetailsCore';
import { installFakeApi, until, type FakeHandlers } from '../helpers';

export { PROFILE, until };

export const TODAY = new Date().toISOString().slice(0, 10);
export const HANDLE = 'b'.repeat(32);
export const TOKEN = 'tok_rotated_5b4a39281706f5e4d3c2b1a0';
export const DEFAULT_ITEM: KeychainItem = {
  service: 'DigiCert ONE service user token (Production US · one.digicert.com)',
  account: 'ci-signer_prod',
};

export const USER: ServiceUserListItem = {
  id: 'su-1',
  friendlyName: 'ci-signer_prod',
  description: 'Signs release builds',
  email: 'owner@example.com',
  status: 'ACTIVE',
  endDate: '2030-01-01',
  accountIds: ['acc-0001'],
  managerIds: ['account_manager'],
  roleIds: ['r-am-user'],
  createdAt: '2026-01-01T00:00:00Z',
  muted: false,
};

export function oldTokens(): ApiToken[] {
  return [
    { id: 'tk-1', name: 'build-2025', createdAt: '2025-06-01T00:00:00Z', endDate: '2030-01-01', status: 'ACTIVE' },
    { id: 'tk-2', name: 'legacy', createdAt: '2024-01-01T00:00:00Z', status: 'DISABLED' },
    { id: 'tk-3', name: 'nightly', createdAt: '2025-09-01T00:00:00Z', status: 'ACTIVE' },
  ];
}

export function tokenInfo(over: Partial<TokenInfo> = {}): TokenInfo {
  return {
    handle: HANDLE,
    profileId: PROFILE.id,
    operationId: 'op-1',
    serviceUserId: USER.id,
    friendlyName: USER.friendlyName,
    savedTo: null,
    suggested: DEFAULT_ITEM,
    readBack: null,
    ...over,
  };
}

const readBack = (item: KeychainItem) => ({
  linux: `secret-tool lookup service '${item.service}' username '${item.account}'`,
  macos: `security find-generic-password -s '${item.service}' -a '${item.account}' -w`,
  windows: `(Get-StoredCredential -Target '${item.account}.${item.service}').Password`,
});

type SendAnswer = OperationOutcome | Result<OperationOutcome>;

/**
 * A fake core for one service user: operations kept in memory (prepare → queued; send answers
 * `send(op, saveTo)` or, by default, carries the operation out), the details built from that
 * state, and the one-time token channels.
 */
export function fakeServiceUserCore(
  options: {
    tokens?: ApiToken[] | null;
    savedItems?: SavedTokenItem[];
    operations?: ManageOperation[];
    send?: (op: ManageOperation, saveTo: KeychainItem | undefined) => SendAnswer | Promise<SendAnswer>;
    held?: TokenInfo[];
    extra?: FakeHandlers;
  } = {},
) {
  const state = {
    tokens: options.tokens === undefined ? oldTokens() : options.tokens,
    operations: [...(options.operations ?? [])],
    deleted: false,
    held: [...(options.held ?? [])],
  };
  const details = (): ServiceUserDetails => ({
    profileId: PROFILE.id,
    user: USER,
    roles: [{ managerId: 'account_manager', roleIds: ['r-am-user'] }],
    tokens: state.tokens,
    ...(state.tokens === null ? { tokensError: { code: 'offline', message: 'offline' } as AppErrorValue } : {}),
    asOf: '2026-03-01T10:00:00Z',
    history: [],
    certificates: null,
    savedCertificates: [],
    savedTokenItems: options.savedItems ?? [],
    operations: state.operations.filter((op) => op.state !== 'done'),
  });

  /** What core does when the operation goes through. */
  function carryOut(op: ManageOperation, saveTo: KeychainItem | undefined): OperationOutcome {
    const request = op.request;
    const done = { ...op, state: 'done' as const };
    if (request.kind === 'issueToken') {
      state.tokens = [
        ...(state.tokens ?? []),
        // Core makes the name unique (to find it after a lost answer), as here.
        {
          id: `tk-new-${op.id}`,
          name: `${request.name} [k7m2q9xa]`,
          createdAt: new Date().toISOString(),
          status: 'ACTIVE',
        },
      ];
      const token = tokenInfo({
        operationId: op.id,
        ...(saveTo ? { savedTo: saveTo, readBack: readBack(saveTo) } : {}),
      });
      state.held.push(token);
      return { state: 'done', operation: done, token };
    }
    if (request.kind === 'revokeToken') {
      state.tokens = (state.tokens ?? []).flatMap((t) =>
        t.id !== request.tokenId ? [t] : request.mode === 'delete' ? [] : [{ ...t, status: 'DISABLED' }],
      );
    }
    if (request.kind === 'delete') state.deleted = true;
    return { state: 'done', operation: done };
  }

  const handlers: FakeHandlers = {
    'serviceUsers.details': () => (state.deleted ? fail('not_found') : ok(details())),
    ...operationHandlers(state, USER.friendlyName),
    'serviceUsers.sendOperation': async ({ operationId, saveTo }: { operationId: string; saveTo?: KeychainItem }) => {
      const op = state.operations.find((o) => o.id === operationId);
      if (!op) return fail('not_found');
      const answer = options.send ? await options.send(op, saveTo) : carryOut(op, saveTo);
      const result: Result<OperationOutcome> = 'ok' in answer ? answer : ok(answer);
      if (result.ok) {
        const index = state.operations.indexOf(op);
        state.operations[index] = { ...op, state: result.value.state };
      }
      return result;
    },
    'serviceUsers.deleteSavedItem': () => ok({ deleted: true }),
    'token.pending': () => ok(state.held),
    'token.reveal': () => ok({ token: TOKEN }),
    'token.copy': () => ok({ clearsAt: new Date(Date.now() + 30_000).toISOString(), seconds: 30 }),
    'token.save': ({ item }: { item: KeychainItem }) => ok({ savedTo: item, readBack: readBack(item) }),
    'token.dismiss': ({ handle }: { handle: string }) => {
      state.held = state.held.filter((t) => t.handle !== handle);
      return ok({ dismissed: true as const });
    },
    ...options.extra,
  };
  const api = installFakeApi(handlers);
  return { ...api, state, carryOut };
}

/**
 * Mounts what the details view shows of one user (its tokens, pending operations, delete), fed
 * by the real details store, with the profile, keychain status and reachability given.
 */
export async function mountDetails(
  options: { keychain?: KeychainStatus; offline?: boolean; navParams?: Record<string, string> } = {},
): Promise<VueWrapper> {
  const pinia = detailsStores(USER.id, options);

  const Host = defineComponent({
    setup() {
      const store = useServiceUserDetailsStore();
      void store.open(PROFILE.id, USER.id);
      return () =>
        store.details
          ? h('div', { 'data-testid': 'host' }, [
              h(TokensSection, {
                profileId: PROFILE.id,
                user: store.details.user,
                tokens: store.details.tokens,
                tokensError: store.details.tokensError ?? null,
              }),
              h(PendingOperations, { operations: store.details.operations }),
              h(DeleteUserDialog, {
                profileId: PROFILE.id,
                user: store.details.user,
                savedItems: store.details.savedTokenItems,
              }),
            ])
          : h('p', { 'data-testid': 'host-empty' }, store.gone ? 'gone' : 'loading');
    },
  });
  const i18n = createAppI18n('en');
  const wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await until(() => wrapper.find('[data-testid="tokens-section"]').exists());
  return wrapper;
}

export const byTestId = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
export const findTestId = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`);

/** The open modal dialog's element with `data-testid` (dialogs are in the page, not teleported). */
export const inDialog = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`);

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
