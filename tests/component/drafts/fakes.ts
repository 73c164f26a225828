import type { Draft, DraftFields, DraftListQuery, DraftState, DraftSummary } from '../../../shared/drafts';
import type { Profile } from '../../../shared/profiles';
import type { ReferenceSnapshot } from '../../../shared/reference';
import { installFakeApi, type FakeHandlers } from '../helpers';
import { PROFILE } from '../fixtures';

export { PROFILE };

export const SANDBOX: Profile = {
  ...PROFILE,
  id: 'sb',
  name: 'Sandbox',
  kind: 'sandbox',
  region: 'sandbox',
  baseUrl: 'http://127.0.0.1:1',
} as unknown as Profile;

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

export function draft(
  id: string,
  name: string | null,
  state: DraftState,
  extra: Partial<Draft> = {},
  fields: DraftFields = {},
): Draft {
  return {
    id,
    profileId: PROFILE.id,
    step: 0,
    state,
    failureCode: null,
    friendlyName: name,
    createdAt: ago(120),
    updatedAt: ago(5),
    revision: 1,
    created: null,
    fields: { ...(name ? { friendlyName: name } : {}), ...fields },
    deletedAt: null,
    ...extra,
  };
}

export function snapshot(
  state: 'online' | 'offline' | 'unknown',
  extra: Partial<ReferenceSnapshot['connectivity']> = {},
  refreshedAt = '2026-03-04T09:15:00.000Z',
): ReferenceSnapshot {
  return {
    profileId: PROFILE.id,
    data: {
      accounts: [{ id: 'a1', name: 'Main', active: true }],
      managers: [{ id: 'am', name: 'Account Manager' }],
      roles: [{ id: 'r1', name: 'Admin', managerId: 'am', permissions: [] }],
      serviceUsers: [{ id: 'u1', friendlyName: 'taken-name', status: 'ACTIVE' }],
      refreshedAt,
    },
    connectivity: {
      state,
      checkedAt: '2026-03-04T10:00:00.000Z',
      lastError: state === 'offline' ? 'offline' : null,
      nextAttemptAt: null,
      ...extra,
    },
  };
}

const summaryOf = ({ fields: _f, deletedAt: _d, ...s }: Draft): DraftSummary => s;

/** An in-memory drafts backend behind the fake window.api, close to core's behaviour. */
export function fakeDrafts(
  initial: Draft[],
  more: FakeHandlers = {},
  reference: () => ReferenceSnapshot = () => snapshot('online'),
) {
  const drafts = new Map(initial.map((d) => [d.id, { ...d }]));
  let copies = 0;
  const api = installFakeApi({
    'profiles.list': () => ({ ok: true, value: [PROFILE] }),
    'reference.get': () => ({ ok: true, value: reference() }),
    'reference.refresh': () => ({ ok: true, value: reference() }),
    'drafts.list': (q: DraftListQuery) => {
      const done = q.status === 'created';
      let list = [...drafts.values()].filter(
        (d) =>
          !d.deletedAt &&
          d.profileId === q.profileId &&
          (done ? ['created', 'created_token_lost'] : ['editing', 'ready', 'sending', 'failed']).includes(d.state),
      );
      if (q.search) list = list.filter((d) => (d.friendlyName ?? '').toLowerCase().includes(q.search!.toLowerCase()));
      const key = q.sort ?? 'updated';
      list.sort((a, b) => {
        const av = key === 'name' ? (a.friendlyName ?? '') : key === 'step' ? a.step : a.updatedAt;
        const bv = key === 'name' ? (b.friendlyName ?? '') : key === 'step' ? b.step : b.updatedAt;
        return av < bv ? -1 : av > bv ? 1 : 0;
      });
      if ((q.direction ?? 'desc') === 'desc') list.reverse();
      return { ok: true, value: list.map(summaryOf) };
    },
    'drafts.get': ({ id }: { id: string }) => {
      const d = drafts.get(id);
      return d && !d.deletedAt ? { ok: true, value: d } : { ok: false, error: { code: 'not_found', message: 'gone' } };
    },
    'drafts.duplicate': ({ id }: { id: string }) => {
      const src = drafts.get(id)!;
      const copy = draft(
        `copy-${++copies}`,
        `${src.friendlyName} (copy)`,
        'editing',
        { updatedAt: new Date().toISOString(), step: src.step },
        src.fields,
      );
      drafts.set(copy.id, copy);
      return { ok: true, value: copy };
    },
    'drafts.delete': ({ id }: { id: string }) => {
      const d = drafts.get(id)!;
      if (d.state === 'sending') return { ok: false, error: { code: 'conflict', message: 'sending' } };
      d.deletedAt = new Date().toISOString();
      return { ok: true, value: { id } };
    },
    'drafts.undoDelete': ({ id }: { id: string }) => {
      const d = drafts.get(id)!;
      d.deletedAt = null;
      return { ok: true, value: d };
    },
    'drafts.latestUnfinished': () => {
      const open = [...drafts.values()]
        .filter((d) => !d.deletedAt && ['editing', 'ready', 'sending', 'failed'].includes(d.state))
        .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
      return { ok: true, value: { draft: open[0] ? summaryOf(open[0]) : null } };
    },
    ...more,
  });
  return { api, drafts };
}
