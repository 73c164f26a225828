import type { OperationKind, OperationState } from '../../../shared/manage';

/**
 * English strings of a service user's tokens (issue = rotation, revoke), deleting the user and its
 * pending operations (`tokens.*`). Spread into `en.ts`; `tokens.de.ts` has the same shape.
 */
const kinds: Record<OperationKind, string> = {
  update: 'Change the service user',
  delete: 'Delete the service user',
  issueToken: 'Issue token “{name}”',
  revokeToken: 'Revoke token “{name}”',
  createCertificate: 'Generate certificate “{name}”',
  revokeCertificate: 'Revoke certificate “{name}”',
};

const states: Record<OperationState, string> = {
  queued: 'Ready to send',
  sending: 'Sent — answer not received',
  done: 'Done',
  failed: 'Failed',
};

/** What each state means for the admin (the pending list explains it under every entry). */
const meanings: Record<OperationState, string> = {
  queued: 'Prepared, nothing sent yet. Send it when DigiCert ONE is reachable, or discard it.',
  sending:
    'Sent — checking before anything is resent. The app asks DigiCert ONE what became of it when it is reachable, so it is never carried out twice.',
  done: 'Carried out.',
  failed: 'DigiCert ONE did not carry it out. Send it again or discard it.',
};

const tokensEn = {
  tokens: {
    section: {
      title: 'API tokens',
      intro: 'Token values are shown only once, when a token is issued. This list never holds them.',
      caption: 'API tokens of “{name}”',
      name: 'Name',
      created: 'Created',
      endDate: 'End date',
      status: 'Status',
      actions: 'Actions',
      none: 'This service user has no API tokens.',
      noEndDate: 'With the service user',
      unavailable: 'The tokens could not be read from DigiCert ONE: {reason}',
      offline: 'The tokens are read from DigiCert ONE only; they are shown when it is reachable.',
      issue: 'Issue new token',
      revoke: 'Revoke',
      revokeLabel: 'Revoke token “{name}”',
      tokenTitle: 'New API token for “{name}”',
      issuedNote: 'A new token “{token}” was issued for “{name}”.',
      issuedNoteUnnamed: 'A new token was issued for “{name}”.',
      lastSeen: 'These are the tokens as last seen; a revoke prepared now is sent when the connection is back.',
      heldBody: 'A new token of this service user is still held by the app and has not been saved.',
      heldShow: 'Show it',
      statuses: {
        ACTIVE: 'Active',
        DISABLED: 'Disabled',
        EXPIRED: 'Expired',
        unknown: 'Unknown',
      },
    },
    issue: {
      title: 'Issue a new token for “{name}”',
      intro:
        'The new token works alongside the existing ones until you revoke them: update your scripts, then revoke the old token.',
      name: 'Token name',
      nameHint: 'Shown in DigiCert ONE’s token list. At most {max} characters.',
      defaultName: '{name} rotated {date}',
      endDate: 'End date (optional)',
      endDateHint: 'Empty: the token ends with the service user ({date}, 23:59:59 UTC). It cannot end later.',
      endDateHintNone: 'Empty: the token ends with the service user, which has no end date.',
      nameRequired: 'Enter a token name.',
      nameTooLong: 'Use at most {max} characters.',
      namePrintable: 'Use printable characters only.',
      dateInvalid: 'Enter the date as {pattern}.',
      dateNotReal: 'This date does not exist.',
      datePast: 'The end date cannot be in the past.',
      dateAfterUser: 'The token cannot end after the service user ({date}).',
      keychainTitle: 'Save the token to the OS keychain',
      saveToKeychain: 'Save it to the keychain before it is shown',
      saveHint:
        'The token is written to this keychain item and read back before it is ever shown. If the item holds the old token, you will be asked before it is replaced.',
      keychainService: 'Service',
      keychainAccount: 'Account',
      keychainUnavailable:
        'The OS keychain is not available ({reason}). The token is shown once: copy it and store it in your password manager.',
      offline:
        'DigiCert ONE cannot be reached now. The request is prepared and listed under Pending operations; send it from there when the connection is back.',
      submit: 'Issue token',
      prepare: 'Prepare it',
      issuing: 'Issuing…',
      cancel: 'Cancel',
      prepared: 'Token “{name}” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
      failed: 'The token was not issued: {reason}',
      sending:
        'The request was sent but no answer arrived. The app checks DigiCert ONE before anything is resent; see Pending operations.',
      noValue:
        'DigiCert ONE issued the token “{name}”, but its value never reached the app and cannot be recovered. Revoke it, then issue another one.',
    },
    revoke: {
      title: 'Revoke token “{name}”?',
      intro: 'Scripts that use this token stop working at once.',
      mode: 'How',
      disable: 'Disable',
      disableHint: 'The token stops working and stays listed as disabled (its history stays visible).',
      delete: 'Delete',
      deleteHint: 'The token stops working and is removed from the list.',
      confirm: 'Revoke token',
      cancel: 'Cancel',
      offline:
        'DigiCert ONE cannot be reached now: the revoke is prepared and listed under Pending operations; send it from there.',
      disabled: 'Token “{name}” was disabled.',
      deleted: 'Token “{name}” was deleted.',
      prepared: 'Revoking “{name}” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
      failed: 'Token “{name}” was not revoked: {reason}',
      sending: 'Revoking “{name}” was sent but no answer arrived; the app checks before anything is resent.',
      offerTitle: 'Revoke the old tokens?',
      offerIntro:
        'Once your scripts use the new token, revoke the old ones. Tick the tokens to revoke; none is ticked for you.',
      offerNone: 'There is no other active token to revoke.',
      offerSubmit: 'Revoke ticked tokens',
      offerSkip: 'Not now',
      offerDone: 'Done',
      offerPick: 'Tick at least one token, or choose “Not now”.',
    },
    delete: {
      open: 'Delete service user…',
      title: 'Delete “{name}”?',
      body: 'The service user and all its API tokens are deleted in DigiCert ONE. Scripts that use its tokens stop working at once. This cannot be undone.',
      typeName: 'Type the friendly name to confirm',
      typeNameHint: 'Exactly “{name}”.',
      mismatch: 'The name does not match.',
      keychainTitle: 'Keychain items this app saved its token into',
      keychainItem: 'Also delete the keychain item “{service}” / “{account}”',
      keychainMissing: '“{service}” / “{account}” (no longer in the keychain)',
      keychainUnknown: '“{service}” / “{account}” (the keychain could not be asked)',
      confirm: 'Delete service user',
      cancel: 'Cancel',
      deleting: 'Deleting…',
      offline:
        'DigiCert ONE cannot be reached now: the delete is prepared and listed under Pending operations; send it from there.',
      done: 'The service user “{name}” was deleted.',
      itemDeleted: 'Keychain item “{service}” / “{account}” deleted.',
      prepared: 'Deleting “{name}” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
      failed: 'The service user was not deleted: {reason}',
      sending:
        'The delete was sent but no answer arrived. The app checks DigiCert ONE before anything is resent; see Pending operations.',
    },
    pending: {
      title: 'Pending operations',
      intro: 'Changes prepared for this service user that are not done yet.',
      kinds,
      states,
      meanings,
      preparedAt: 'Prepared',
      send: 'Send',
      sendOffline: 'Send is possible when DigiCert ONE is reachable.',
      check: 'Check now',
      checking: 'Checking…',
      discard: 'Discard',
      discardTitle: 'Discard this operation?',
      discardBody: '“{what}” is removed without being sent.',
      discardConfirm: 'Discard',
      keep: 'Keep it',
      sendingNow: 'Sending…',
      error: 'Last error: {reason}',
      sent: '“{what}”: done.',
    },
    lost: {
      issueNew: 'Issue a new token',
      issueNewHint:
        'The service user exists: issue a new token for it on its details page instead of deleting and creating it again.',
    },
  },
};

export default tokensEn;
