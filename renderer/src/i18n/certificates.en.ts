/**
 * English strings of a service user's client authentication certificates (issue 14): generating one,
 * the one-time certificate screen and the hand-over help (`certificates.*`). Spread into `en.ts`;
 * `certificates.de.ts` has the same shape.
 */
const certificatesEn = {
  certificates: {
    generate: {
      open: 'Generate certificate',
      title: 'Generate a client certificate for “{name}”',
      intro:
        'A client authentication certificate lets a build server sign in as this service user, together with its API key. Its password and file are handed over once; the end date cannot be changed later.',
      nickname: 'Nickname',
      nicknameHint: 'Unique for this user. Letters, digits, spaces, dashes and underscores; at most {max} characters.',
      endDate: 'End date',
      endDateHint: 'The certificate cannot end after the service user ({date}). It cannot be changed later.',
      endDateHintNone: 'The service user has no end date. The certificate’s end date cannot be changed later.',
      extendUser: 'Extend the service user first',
      encryption: 'Encryption of the PKCS#12 file',
      encryptions: {
        AES: 'AES (recommended)',
        '3DES': '3DES (for old tools only)',
      },
      signatureHash: 'Signature hash',
      signatureHashes: {
        'SHA-256': 'SHA-256 (recommended)',
        'SHA-384': 'SHA-384',
        'SHA-512': 'SHA-512',
      },
      saveTitle: 'Save it before it is shown',
      saveHint:
        'The password goes into this keychain item and the PKCS#12 file where you choose. Both are read back before anything is shown. Nothing existing is replaced without asking you.',
      saveOff:
        'Saving before showing is off in Settings: the password is shown once, and you save the file from the next screen.',
      keychainService: 'Service',
      keychainAccount: 'Account',
      fileName: 'File name',
      fileNameHint: 'You choose the folder in the save dialog. It ends in .p12.',
      filePath: 'File',
      filePathHint: 'An absolute path inside {root}, ending in .p12.',
      fileRequired: 'Enter a file name.',
      fileExtension: 'The file name must end in .p12.',
      fileNotAbsolute: 'Enter an absolute path.',
      fileOutsideRoot: 'The file must be inside {root}.',
      keychainUnavailable:
        'The OS keychain is not available ({reason}). The password is shown once: copy it and store it in your password manager.',
      offline:
        'DigiCert ONE cannot be reached now. The request is prepared and listed under Pending operations; it is sent once from there when the connection is back.',
      submit: 'Generate',
      prepare: 'Prepare it',
      generating: 'Generating…',
      cancel: 'Cancel',
      prepared: 'Certificate “{name}” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
      failed: 'The certificate was not generated: {reason}',
      sending:
        'The request was sent but no answer arrived. The app checks DigiCert ONE’s certificate list before anything is resent; see Pending operations.',
      noCertificate:
        'DigiCert ONE generated the certificate “{name}”, but its file never reached the app and cannot be recovered. Revoke it, then generate another one.',
    },
    screen: {
      title: 'Client certificate “{nickname}” for “{name}”',
      generatedNote: 'The certificate “{nickname}” was generated for “{name}”.',
      onceTitle: 'Shown only once',
      onceBody:
        'DigiCert ONE hands over this password and the PKCS#12 file only once. Save both before you close: neither can be had again.',
      saveFailed: 'Saving before showing did not work; the certificate is held by the app, not saved yet.',
      password: 'Certificate password',
      factsTitle: 'Certificate',
      factsUnsaved: 'Not saved yet: these facts come from the certificate held in memory.',
      subject: 'Subject',
      issuer: 'Issuer',
      serial: 'Serial number',
      fingerprint: 'SHA-256 fingerprint',
      notAfter: 'Valid until',
      savedTitle: 'Saved and checked',
      savedTo:
        'Password in keychain item “{service}” / “{account}”, file {file}. The app opened the file with the password from the keychain to check both.',
      saveTitle: 'Save the certificate',
      save: 'Save',
      saving: 'Saving…',
      itemExists:
        'The keychain item “{service}” / “{account}” already holds another value. Nothing was saved. Replace it? The value there is lost.',
      fileExists: 'The file {file} already exists. Nothing was saved. Replace it? Its current content is lost.',
      replace: 'Replace',
      otherName: 'Choose another name',
      storedElsewhere: 'I stored the password and the file elsewhere',
      close: 'Close',
      closeConfirmTitle: 'Close without saving the certificate?',
      closeConfirmBody:
        'The password and the file have not been saved. Once you close, they are gone for good, and you would have to generate a new certificate.',
      closeAnyway: 'Close and discard the certificate',
      keepOpen: 'Keep it open',
      closed: 'The certificate “{nickname}” was closed. The app no longer holds it.',
      gone: 'The certificate is no longer held by the app.',
      heldBody: 'A generated certificate of this service user is still held by the app and has not been saved.',
      heldShow: 'Show it',
    },
    handOver: {
      title: 'Hand it over to a build server',
      intro:
        'A build server needs three things: the PKCS#12 file, its password and the service user’s API key. These lines read the secrets from the keychain; they contain no secret themselves.',
      tabs: 'Operating system',
      linux: 'Linux',
      macos: 'macOS',
      windows: 'Windows (PowerShell)',
      readBackTitle: 'Read the password',
      environmentTitle: 'Environment for a signing client',
      environmentHint: 'Copy these lines into the build job. Keep the file where the job can read it.',
      copyCommand: 'Copy',
      copyCommandLabel: 'Copy: {what}',
      copied: 'Copied.',
      unsaved: 'Save the certificate first: the lines read the password and the file from where you saved them.',
    },
    section: {
      title: 'Client certificates',
      intro:
        'With a client authentication certificate and its API key, a build server signs in as this service user over mutual TLS. Passwords and files are never listed here.',
      caption: 'Client certificates of “{name}”',
      nickname: 'Nickname',
      fingerprint: 'SHA-256 fingerprint',
      notAfter: 'Valid until',
      status: 'Status',
      actions: 'Actions',
      none: 'This service user has no client certificates.',
      noFingerprint: 'Not listed',
      offline: 'Certificates can be listed when DigiCert ONE is reachable.',
      unavailable: 'The certificates could not be read from DigiCert ONE: {reason}',
      lastSeen: 'These are the certificates as last seen; a revoke prepared now is sent when the connection is back.',
      copy: 'Copy',
      copied: 'Copied',
      copyFingerprint: 'Copy the fingerprint of “{nickname}”',
      revokeButton: 'Revoke',
      revokeLabel: 'Revoke certificate “{nickname}”',
      revokePending: 'revoke ready to send',
      notSavedHere: 'Test is offered for certificates this app saved: it needs their file and password.',
      savedTitle: 'Saved by this app',
      unlistedTitle: 'Saved by this app, not in DigiCert ONE’s list',
      unlistedIntro:
        'DigiCert ONE no longer lists these certificates. Their file and keychain item may still be on this computer.',
      statuses: {
        ACTIVE: 'Active',
        REVOKED: 'Revoked',
        EXPIRED: 'Expired',
        unknown: 'Unknown',
      },
      revoke: {
        title: 'Revoke certificate “{nickname}”?',
        body: 'Integrations that use this certificate (build servers, signing clients) stop working at once. A revoke cannot be undone.',
        confirm: 'Revoke certificate',
        revoking: 'Revoking…',
        cancel: 'Cancel',
        offline:
          'DigiCert ONE cannot be reached now: the revoke is prepared and listed under Pending operations; send it from there.',
        done: 'Certificate “{nickname}” was revoked.',
        prepared: 'Revoking “{nickname}” is prepared. Send it from Pending operations when DigiCert ONE is reachable.',
        sending:
          'Revoking “{nickname}” was sent but no answer arrived ({reason}); the app checks before anything is resent.',
        failed: 'Certificate “{nickname}” was not revoked: {reason}',
      },
      saved: {
        title: 'Saved by this app: “{nickname}”',
        savedAt: 'saved {time}',
        file: 'File',
        item: 'Password in keychain item “{service}” / “{account}”',
        fileStates: {
          exists: 'On disk',
          missing: 'No longer there',
          unknown: 'Could not be checked',
        },
        itemStates: {
          exists: 'In the keychain',
          missing: 'No longer in the keychain',
          unknown: 'The keychain could not be checked',
        },
        missingHint:
          'Something this app saved is no longer there. DigiCert ONE hands the password and the file over only once: if a build server needs them, generate a new certificate and revoke this one.',
        handOver: 'Hand it over to a build server',
      },
      test: {
        run: 'Test the certificate',
        label: 'Test certificate “{nickname}”',
        testing: 'Testing…',
        answeredAs: 'Answered as {name} ({id}).',
        answeredAsId: 'Answered as {id}.',
        matches: 'This is “{name}”: the certificate signs in as this service user.',
        mismatch: 'This is not “{name}”: another identity answered. Do not hand this certificate over.',
        url: 'Called {url} with the certificate.',
        failed: 'The test did not work: {reason}',
        errors: {
          certificate_refused:
            'DigiCert ONE refused the certificate (revoked, expired or not one of its own). A build server using it cannot sign in.',
          certificate_password_wrong:
            'The password in the keychain does not open the saved file: one of them was changed or replaced.',
          certificate_file_invalid: 'The saved file is not a PKCS#12 file the app can read.',
          not_found: 'The file or the keychain item this app saved is missing, so the certificate cannot be tested.',
          offline: 'DigiCert ONE cannot be reached now. Test the certificate again when it is.',
        },
      },
    },
  },
};

export default certificatesEn;
