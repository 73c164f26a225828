import type { ExpiryReminder, ServiceUserList, ServiceUserListItem } from '../../../shared/manage';
import type { ReferenceSnapshot } from '../../../shared/reference';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { snapshot, PROFILE } from '../drafts/fakes';
import { installFakeApi, type FakeHandlers } from '../helpers';

export { PROFILE, snapshot };

const DAY_MS = 86_400_000;
/** 'YYYY-MM-DD' `days` from today (UTC). */
export const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

export function user(id: string, friendlyName: string, extra: Partial<ServiceUserListItem> = {}): ServiceUserListItem {
  return {
    id,
    friendlyName,
    description: '',
    status: 'ACTIVE',
    accountIds: ['a1'],
    managerIds: ['am'],
    createdAt: '2026-01-02T10:00:00.000Z',
    muted: false,
    ...extra,
  };
}

export const ASOF = '2026-03-04T09:00:00.000Z';

/** Five users covering every kind of end date (the reference knows account a1 and manager am). */
export const USERS = (): ServiceUserListItem[] => [
  user('u1', 'build-bot', { endDate: inDays(10) }),
  user('u2', 'alpha-signer', { endDate: inDays(-3), status: 'EXPIRED', accountIds: ['a2'] }),
  user('u3', 'deploy-bot', { endDate: inDays(200), managerIds: ['am', 'st'] }),
  user('u4', 'forever-bot'),
  user('u5', 'Zeta-bot', { endDate: inDays(30) }),
];

export function reminder(
  u: ServiceUserListItem,
  daysLeft: number,
  extra: Partial<ExpiryReminder> = {},
): ExpiryReminder {
  return {
    profileId: PROFILE.id,
    profileName: PROFILE.name,
    userId: u.id,
    friendlyName: u.friendlyName,
    endDate: u.endDate ?? inDays(daysLeft),
    daysLeft,
    ...extra,
  };
}

/** A fake core for the list view: the cached list, its refresh, reminders and mute. */
export function fakeList(
  options: {
    users?: ServiceUserListItem[];
    asOf?: string | null;
    reference?: () => ReferenceSnapshot;
    refreshed?: ServiceUserListItem[];
    reminders?: ExpiryReminder[];
    more?: FakeHandlers;
  } = {},
) {
  const state = {
    list: {
      profileId: PROFILE.id,
      users: options.users ?? USERS(),
      asOf: options.asOf === undefined ? ASOF : options.asOf,
    } as ServiceUserList,
    reminders: options.reminders ?? [],
    settings: { ...DEFAULT_SETTINGS, reminderLeadDays: [30, 7, 1] } as Settings,
  };
  const reference = options.reference ?? (() => snapshot('online'));
  const api = installFakeApi({
    'profiles.list': () => ({ ok: true, value: [PROFILE] }),
    'reference.get': () => ({ ok: true, value: reference() }),
    'reference.refresh': () => ({ ok: true, value: reference() }),
    'settings.get': () => ({ ok: true, value: state.settings }),
    'settings.set': (patch: Partial<Settings>) => {
      state.settings = { ...state.settings, ...patch };
      return { ok: true, value: state.settings };
    },
    'serviceUsers.list': () => ({ ok: true, value: state.list }),
    'serviceUsers.refresh': () => {
      state.list = {
        ...state.list,
        users: options.refreshed ?? state.list.users,
        asOf: new Date().toISOString(),
      };
      return { ok: true, value: state.list };
    },
    'reminders.list': () => ({ ok: true, value: state.reminders }),
    'serviceUsers.mute': ({ userId, muted }: { userId: string; muted: boolean }) => {
      if (muted) state.reminders = state.reminders.filter((r) => r.userId !== userId);
      return { ok: true, value: { muted } };
    },
    ...options.more,
  });
  return { api, state };
}
