import type { ErrorCode } from '../../../shared/errors';
import type { KeychainFailure } from '../../../shared/keychain';
import wizardEn from './wizard.en';
import draftsAuditEn from './draftsAudit.en';
import serviceUsersEn from './serviceUsers.en';
import serviceUserEn from './serviceUser.en';
import tokensEn from './tokens.en';
import formsEn from './forms.en';
import certificatesEn from './certificates.en';

/**
 * English UI strings: the reference catalogue. `de.ts` must have exactly the same shape (checked
 * by the type `Messages`). vue-i18n syntax: `{name}` interpolates; `@ $ | { }` are special.
 */
const errors: Record<ErrorCode, string> = {
  invalid_request: 'The request was not valid. Check the highlighted fields.',
  unknown_channel: 'That action is not part of this version of the app.',
  untrusted_sender: 'The app refused a request from an untrusted window. Reopen the app.',
  internal: 'Something went wrong inside the app. The details are in the log.',
  db_newer_version: 'The local database was written by a newer version of the app. Update the app to open it.',
  db_corrupt: 'The local database is damaged and cannot be read.',
  db_write_failed: 'The change could not be saved to the local database.',
  disk_full: 'The disk is full. Free some space and try again.',
  read_only: 'The app’s data folder is read-only.',
  keychain_unavailable: 'The OS keychain is not available, so the key cannot be stored safely.',
  keychain_verify_failed: 'The keychain accepted the key but could not read it back. Nothing was saved.',
  keychain_item_reserved:
    'This keychain item belongs to Service User Desk itself (an admin API key or its keychain check). Choose another service name.',
  keychain_item_exists: 'A keychain item with this service and account already holds another value.',
  not_found: 'That item no longer exists. It may have been removed in another window.',
  profile_name_taken: 'A profile with this name already exists.',
  draft_not_ready: 'The draft is not complete yet.',
  token_gone: 'The token is no longer available. It is shown only once.',
  conflict: 'This item was changed elsewhere. Reload and try again.',
  invalid_api_key: 'DigiCert ONE did not accept the API key.',
  access_denied: 'The API key is not allowed to do this.',
  duplicate_name: 'That name is already in use in DigiCert ONE.',
  validation_failed: 'DigiCert ONE rejected some of the values.',
  rate_limited: 'DigiCert ONE is limiting requests. Wait a moment and try again.',
  maintenance: 'DigiCert ONE is under maintenance. Try again later.',
  server_error: 'DigiCert ONE had a problem answering. Try again later.',
  unexpected_response: 'DigiCert ONE sent an answer the app does not understand.',
  offline: 'The computer is offline.',
  connection_lost:
    'The connection dropped before DigiCert ONE answered. The request may have been carried out: check before you try again.',
  dns_failed: 'The DigiCert ONE address could not be found. Check the region or address.',
  tls_failed: 'A secure connection to DigiCert ONE could not be made.',
  timeout: 'DigiCert ONE did not answer in time.',
  cancelled: 'Cancelled.',
  export_path_refused: 'Exports can only be saved inside {root}.',
  export_file_exists: '{file} already exists and was not replaced. Choose another name.',
  certificate_gone: 'This certificate is no longer held by the app. Its password and file are handed over only once.',
  certificate_file_exists: '{file} already exists and was not replaced. Choose another name, or replace it.',
  certificate_write_failed:
    '{file} could not be written (the disk may be full, or the folder not writable). The certificate is still held by the app: save it somewhere else.',
  certificate_verify_failed:
    'The saved file, opened with the password from the keychain, is not this certificate. It was not marked as saved and is still held by the app.',
  certificate_test_unavailable:
    'The certificate cannot be tested: the connection has no client-authentication address, or the saved file or password is missing.',
  certificate_password_wrong: 'The certificate file does not open with this password.',
  certificate_file_invalid: 'This is not a PKCS#12 certificate file the app can read.',
  certificate_refused:
    'DigiCert ONE did not accept the client certificate. It may be revoked or expired, its service user disabled, or it was not issued for this deployment.',
};

const keychainReasons: Record<KeychainFailure, string> = {
  no_session_bus: 'no session bus',
  bus_unreachable: 'session bus unreachable',
  no_secret_service: 'no Secret Service installed',
  no_collection: 'no default keyring',
  locked: 'keyring locked',
  timeout: 'keyring did not answer',
  verify_failed: 'test item could not be read back',
  unknown: 'unknown problem',
};

const en = {
  app: {
    name: 'Service User Desk',
    skipToContent: 'Skip to content',
    menu: 'Menu',
    mainNav: 'Main',
    loading: 'Loading…',
    viewFailed: 'This view could not be loaded.',
    version: 'Version {version}',
  },
  nav: {
    groupServiceUsers: 'Service users',
    newServiceUser: 'New service user',
    drafts: 'Drafts',
    auditLog: 'Audit log',
    groupSetup: 'Setup',
    profiles: 'Profiles',
    settings: 'Settings',
  },
  header: {
    profile: 'Profile',
    noProfiles: 'No profile yet',
  },
  sandbox: {
    badge: 'Sandbox — not connected to DigiCert',
    menuTitle: 'Practice sandbox',
    about:
      'This profile works with a stand-in DigiCert ONE tenant on this computer. Nothing you do with it reaches DigiCert.',
    offlineWhat:
      'Taking the sandbox offline stops that stand-in tenant, so the app behaves as when DigiCert ONE does not answer: practise working with the saved data and mark drafts ready to create. Nothing is deleted; bring it back online here.',
    close: 'Close',
  },
  status: {
    label: 'Connection status',
    online: '{profile} answers · data as of {time}',
    onlineNoData: '{profile} answers',
    checking: 'Checking {profile}…',
    noProfile: 'No profile yet',
    details: 'Details',
  },
  gettingStarted: {
    title: 'Getting started',
    sandboxTitle: 'Practise in the sandbox',
    sandboxBody: 'Create a service user in a stand-in tenant on this computer. Nothing reaches DigiCert.',
    sandboxAction: 'New service user',
    connectTitle: 'Connect DigiCert ONE',
    connectBody: 'Add a profile with your region and an administrator API key.',
    connectAction: 'Add your first profile',
  },
  keychain: {
    checking: 'Keychain: checking…',
    available: 'Keychain: available',
    unavailable: 'Keychain unavailable — {reason}',
    detailsTitle: 'OS keychain',
    availableDetail: 'API keys are stored in the OS keychain ({backend}).',
    whatHappened: 'What happened',
    howToFix: 'How to fix it',
    checkedAt: 'Checked at {time}',
    recheck: 'Check again',
    close: 'Close',
    reasons: keychainReasons,
  },
  regions: {
    us: 'United States',
    us_demo: 'United States (demo)',
    jp: 'Japan',
    jp_demo: 'Japan (demo)',
    ch: 'Switzerland',
    ch_demo: 'Switzerland (demo)',
    nl: 'Netherlands (EU)',
    nl_demo: 'Netherlands (EU, demo)',
    custom: 'Custom (private deployment)',
    groupProduction: 'Production',
    groupDemo: 'Demo',
    groupOther: 'Other',
  },
  profiles: {
    title: 'Profiles',
    intro: 'A profile is one DigiCert ONE account the app works with: a region and an administrator API key.',
    empty: 'No profiles yet. Add one to start.',
    listLabel: 'Saved profiles',
    /** The built-in sandbox's stored name and address, as shown (lib/profileName). */
    sandboxName: 'Sandbox (local)',
    sandboxAddress: 'http://127.0.0.1 (local sandbox)',
    add: 'Add profile',
    edit: 'Edit',
    editNamed: 'Edit {name}',
    remove: 'Remove',
    removeNamed: 'Remove {name}',
    current: 'Current',
    sandboxRegion: 'Local sandbox (practice data)',
    builtIn: 'Built in: cannot be changed or removed.',
    test: {
      run: 'Test connection',
      runNamed: 'Test the connection “{name}”',
      runKey: 'Test key',
      runKeyHint: 'Asks DigiCert ONE with this key before anything is saved.',
      running: 'Testing…',
      who: 'Connected with the API key of {who}.',
      unknownWho: 'an unnamed user',
      mayCreate: 'This key may create service users.',
      mayNotCreate:
        'This key may not create service users: it needs the “Manage users” permission (account administrator).',
      accounts: 'No accounts visible. | Sees 1 account: {list} | Sees {n} accounts: {list}',
      more: '{shown} and {n} more',
      failed: 'The connection test failed.',
    },
    region: 'Region',
    address: 'Address',
    keyStorage: 'API key',
    storage: {
      keychain: 'In the OS keychain',
      session: 'This session only',
      none: 'No key stored',
      notNeeded: 'Not needed',
    },
    added: 'Profile “{name}” added.',
    updated: 'Profile “{name}” saved.',
    removed: 'Profile “{name}” removed.',
    confirmRemoveTitle: 'Remove profile?',
    confirmRemoveBody:
      'Remove the profile “{name}”? Its API key is deleted from the OS keychain too. This cannot be undone.',
    confirmRemove: 'Remove profile',
  },
  form: {
    addTitle: 'Add profile',
    editTitle: 'Edit profile “{name}”',
    name: 'Name',
    nameHint: 'How this connection is shown in the app, e.g. “Production US”.',
    region: 'Region',
    baseUrl: 'Address of your DigiCert ONE deployment',
    baseUrlHint: 'An https address without a path, e.g. https://one.example.com',
    apiKey: 'Administrator API key',
    apiKeyHint: 'Stored in the OS keychain, never in the app’s files.',
    apiKeyHintEdit: 'Leave blank to keep the current key.',
    apiKeyHintNoKeychain: 'Never written to the app’s files.',
    replaceKey: 'Replace API key',
    keychainUnavailableTitle: 'The OS keychain is not available',
    keychainUnavailableBody:
      'The app never writes API keys to disk. Without a keychain it can keep the key in memory until you quit, and you enter it again next time.',
    sessionOnly: 'Keep the key for this session only',
    save: 'Save profile',
    saving: 'Saving…',
    cancel: 'Cancel',
    fixErrors: 'Check the highlighted fields.',
  },
  validation: {
    nameRequired: 'Enter a name for this connection.',
    nameTooLong: 'Use at most {max} characters.',
    apiKeyRequired: 'Enter the API key.',
    apiKeyTooLong: 'An API key has at most {max} characters.',
    apiKeyCharacters: 'An API key has no spaces or special characters.',
    baseUrlInvalid: 'Enter an https address such as https://one.example.com (no path).',
    baseUrlRequired: 'Enter the address of your DigiCert ONE deployment.',
    printable: 'Use printable characters only.',
    invalid: 'Check this value.',
  },
  settings: {
    title: 'Settings',
    appearance: 'Appearance and language',
    language: 'Language',
    languageSystem: 'Same as the system ({language})',
    theme: 'Theme',
    themeSystem: 'Same as the system',
    themeLight: 'Light',
    themeDark: 'Dark',
    saved: 'Settings saved.',
    about: 'About',
    dataFolder: 'Data folder',
    transport: 'Connection',
    transports: {
      electron: 'Desktop app',
      harness: 'Browser harness (development and tests)',
    },
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
  common: {
    dismiss: 'Dismiss',
    notifications: 'Notifications',
    error: 'Error',
  },
  wizard: wizardEn,
  ...draftsAuditEn,
  ...serviceUsersEn,
  ...serviceUserEn,
  ...tokensEn,
  ...formsEn,
  ...certificatesEn,
  errors,
};

export type Messages = typeof en;
export default en;
