import type { OperationKind } from '../../../shared/manage';

/**
 * English strings of one service user's details and its changes (`serviceUser.*`), spread into
 * `en.ts`. `serviceUser.de.ts` has the same shape. vue-i18n syntax: `{name}` interpolates, `|`
 * separates plural forms; `@ $ | { }` are special.
 */
const kinds: Record<OperationKind, string> = {
  update: 'Change',
  delete: 'Delete',
  issueToken: 'New token',
  revokeToken: 'Revoke token',
  createCertificate: 'New certificate',
  revokeCertificate: 'Revoke certificate',
};

const serviceUserEn = {
  serviceUser: {
    title: 'Service user',
    back: 'Back to service users',
    profileLine: 'Profile: {name}',
    loading: 'Loading the service user…',
    notFound: 'This service user no longer exists in this profile.',
    noUser: 'No service user chosen. Open one from the list of service users.',
    asOf: 'As of',
    neverFetched: 'Not fetched from DigiCert ONE yet',
    refresh: 'Refresh',
    refreshing: 'Refreshing…',
    offlineNote:
      'DigiCert ONE cannot be reached: these are the details saved on {time}. Changes can be prepared now; they are sent only when you press Send once it is reachable again.',
    fields: {
      overview: 'Overview',
      name: 'Friendly name',
      id: 'ID',
      description: 'Description',
      noDescription: 'No description',
      email: 'Email',
      noEmail: 'Not known',
      status: 'Status',
      endDate: 'End date',
      noEndDate: 'No end date (never expires)',
      created: 'Created',
      unknown: 'Not known',
      accounts: 'Accounts',
      noAccounts: 'None',
      managers: 'Managers',
      noManagers: 'None',
    },
    statuses: {
      ACTIVE: 'Active',
      DISABLED: 'Disabled',
      EXPIRED: 'Expired',
    },
    days: {
      today: 'expires today',
      left: 'in 1 day | in {n} days',
      ago: 'expired 1 day ago | expired {n} days ago',
    },
    roles: {
      title: 'Roles and permissions',
      none: 'No roles are known for this service user.',
      otherManager: 'Other roles',
      unknownRole: 'not in the cached reference data',
    },
    saved: {
      title: 'Keychain items with its token',
      intro: 'Where this app saved a token of this service user. Only the item names are shown, never the value.',
      none: 'This app has not saved a token of this service user.',
      item: 'Service “{service}”, account “{account}”',
      savedAt: 'saved {time}',
      exists: 'In the keychain',
      missing: 'No longer in the keychain',
      unknown: 'The keychain could not be checked',
    },
    history: {
      title: 'History in this app',
      intro: 'What this app did for this service user, newest first (from the audit log).',
      none: 'No entries yet.',
      caption: 'History of this service user, newest first',
      time: 'Time',
      action: 'Action',
      outcome: 'Outcome',
      by: 'OS user',
    },
    actions: {
      title: 'Change this service user',
      editDetails: 'Extend end date, change description or email',
      editAccess: 'Change accounts, managers and roles',
    },
    edit: {
      detailsTitle: 'End date, description and email',
      accessTitle: 'Accounts, managers and roles',
      presetsFrom: 'The quick choices count from the current end date, {date}.',
      presetsFromToday: 'The quick choices count from today: there is no current end date, or it has passed.',
      preset30d: '+30 days',
      preset90d: '+90 days',
      preset1y: '+1 year',
      keepEndDate: 'Leave the date empty to keep the current end date.',
      reviewChange: 'Review the change',
      cancel: 'Cancel',
      nothingChanged: 'Nothing has been changed yet.',
      fixErrors: 'Check the highlighted fields.',
      unknownRoles:
        'This service user also holds a role the cached reference data does not place under a manager. Changing managers or roles replaces them all, so it would be removed: use Refresh first if it should stay. | This service user also holds {n} roles the cached reference data does not place under a manager. Changing managers or roles replaces them all, so they would be removed: use Refresh first if they should stay.',
      managersRoles: 'Roles of the chosen managers',
    },
    review: {
      title: 'Review the change',
      intro: 'Nothing has been sent yet. Check the difference, then confirm.',
      field: 'Field',
      before: 'Now',
      after: 'After the change',
      accountsAdded: 'Accounts added',
      accountsRemoved: 'Accounts removed',
      managerAdded: '{name} — manager added',
      managerRemoved: '{name} — manager removed',
      managerChanged: '{name}',
      rolesAdded: 'Roles added',
      rolesRemoved: 'Roles removed',
      added: 'added',
      removed: 'removed',
      adminWarning:
        'This change gives admin-level roles: {roles}. A token of this service user could administer the account.',
      noAccessChange: 'Accounts, managers and roles stay as they are.',
      send: 'Send to DigiCert ONE',
      prepare: 'Prepare, send later',
      offlineHint:
        'DigiCert ONE cannot be reached now. The change is kept as “ready to send” and sent only when you press Send once it is reachable.',
      back: 'Back to editing',
      working: 'Working…',
    },
    operation: {
      kinds,
      label: '{kind} prepared {time}',
      queued: 'Prepared — ready to send.',
      queuedOffline: 'Send becomes available once DigiCert ONE is reachable.',
      sending: 'Sent — answer not received. The app checks with DigiCert ONE before anything is resent.',
      done: 'Done: DigiCert ONE carried out the change.',
      failed: 'Failed: {reason}',
      send: 'Send',
      sendingNow: 'Sending…',
      discard: 'Discard',
      check: 'Check now',
      checking: 'Checking…',
      dismiss: 'Dismiss',
      discarded: 'The prepared change was discarded.',
    },
  },
};

export type ServiceUserMessages = typeof serviceUserEn;
export default serviceUserEn;
