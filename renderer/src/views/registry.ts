import type { Component } from 'vue';

/**
 * Every view the left navigation offers. Views are code-split: `load` is a dynamic import, so a
 * view's code (and its dependencies, e.g. vee-validate) is fetched when first opened.
 *
 * To add a view: create `views/<Name>View.vue`, add one entry here in the right group, and add its
 * label under `nav.<key>` in `i18n/en.ts` and `i18n/de.ts`. Nothing else needs to change.
 */
export interface ViewGroup {
  id: 'serviceUsers' | 'setup';
  labelKey: string;
}

export interface ViewEntry {
  /** Also the address: `#/<id>`. */
  id: string;
  group: ViewGroup['id'];
  /** i18n key of the navigation label (and the view's default heading). */
  labelKey: string;
  load: () => Promise<Component | { default: Component }>;
  /** Reached from another view (e.g. one service user from the list), not from the navigation. */
  hidden?: boolean;
  /** The navigation entry shown as where the admin is while this (hidden) view is open. */
  parent?: string;
}

export const VIEW_GROUPS: readonly ViewGroup[] = [
  { id: 'serviceUsers', labelKey: 'nav.groupServiceUsers' },
  { id: 'setup', labelKey: 'nav.groupSetup' },
];

export const VIEWS: readonly ViewEntry[] = [
  // --- Service users -------------------------------------------------------------------------
  {
    id: 'service-users',
    group: 'serviceUsers',
    labelKey: 'serviceUsers.nav',
    load: () => import('./ServiceUsersView.vue'),
  },
  {
    id: 'service-user',
    group: 'serviceUsers',
    labelKey: 'serviceUser.title',
    hidden: true,
    parent: 'service-users',
    load: () => import('./ServiceUserView.vue'),
  },
  { id: 'new', group: 'serviceUsers', labelKey: 'nav.newServiceUser', load: () => import('./NewServiceUserView.vue') },
  { id: 'drafts', group: 'serviceUsers', labelKey: 'nav.drafts', load: () => import('./DraftsView.vue') },
  { id: 'audit', group: 'serviceUsers', labelKey: 'nav.auditLog', load: () => import('./AuditLogView.vue') },
  // --- Setup ---------------------------------------------------------------------------------
  { id: 'profiles', group: 'setup', labelKey: 'nav.profiles', load: () => import('./ProfilesView.vue') },
  { id: 'settings', group: 'setup', labelKey: 'nav.settings', load: () => import('./SettingsView.vue') },
];

export const DEFAULT_VIEW = 'profiles';

export function findView(id: string): ViewEntry | undefined {
  return VIEWS.find((v) => v.id === id);
}
