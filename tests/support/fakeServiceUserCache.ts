import type { ServiceUserList, ServiceUserListItem } from '../../shared/manage';
import type { ServiceUser } from '../../shared/serviceUser';

/** An in-memory stand-in for the service-user cache (the slice the reminders use). */
export function fakeServiceUserCache() {
  const profiles = new Map<string, Map<string, ServiceUserListItem>>();
  const listeners = new Set<(profileId: string) => void>();
  const changed = (profileId: string) => {
    for (const listener of [...listeners]) listener(profileId);
  };
  return {
    put(profileId: string, ...users: (ServiceUser & { muted?: boolean })[]) {
      const map = profiles.get(profileId) ?? new Map<string, ServiceUserListItem>();
      profiles.set(profileId, map);
      for (const u of users) map.set(u.id, { ...u, muted: u.muted ?? false });
      changed(profileId);
    },
    list(profileId: string): ServiceUserList {
      return { profileId, users: [...(profiles.get(profileId)?.values() ?? [])], asOf: null };
    },
    get(profileId: string, userId: string) {
      const user = profiles.get(profileId)?.get(userId);
      return user ? { user, asOf: '2026-03-01T00:00:00.000Z' } : undefined;
    },
    setMuted(profileId: string, userId: string, muted: boolean) {
      const user = profiles.get(profileId)?.get(userId);
      if (user) user.muted = muted;
      changed(profileId);
    },
    profilesWithCache: () => [...profiles.keys()],
    onChange(listener: (profileId: string) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
