import type { AuditAction, AuditOutcome, AuditProblem } from '../../../shared/audit';
import type { DraftState } from '../../../shared/drafts';
import type draftsAuditEn from './draftsAudit.en';

/** German strings of the Drafts list, audit log viewer, offline and resume banners (same shape as draftsAudit.en.ts). */
const states: Record<DraftState, string> = {
  editing: 'In Bearbeitung',
  ready: 'Bereit zum Anlegen',
  sending: 'Gesendet — Ergebnis nicht bestätigt',
  created: 'Angelegt',
  created_token_lost: 'Angelegt — Token nicht erhalten',
  failed: 'Fehlgeschlagen',
};

const actions: Record<AuditAction, string> = {
  draft_created: 'Entwurf angelegt',
  draft_changed: 'Entwurf geändert',
  draft_deleted: 'Entwurf gelöscht',
  draft_restored: 'Entwurf wiederhergestellt',
  connection_tested: 'Verbindung getestet',
  create_requested: 'Anlegen angefordert',
  service_user_created: 'Servicebenutzer angelegt',
  create_token_lost: 'Angelegt — Token nicht erhalten',
  create_failed: 'Anlegen fehlgeschlagen',
  token_revealed: 'Token angezeigt',
  token_path_picked: 'Token aus unbekannter Antwort gewählt',
  token_copied: 'Token kopiert',
  token_saved_to_keychain: 'Token im Schlüsselbund gespeichert',
  token_save_conflict: 'Token nicht gespeichert: Der Schlüsselbund-Eintrag enthält einen anderen Wert',
  token_overwrote_keychain_item: 'Token über einen anderen Wert im Schlüsselbund gespeichert',
  token_dismissed_unsaved: 'Token ohne Speichern im Schlüsselbund geschlossen',
  profile_added: 'Profil hinzugefügt',
  profile_changed: 'Profil geändert',
  profile_removed: 'Profil entfernt',
  settings_changed: 'Einstellungen geändert',
  audit_exported: 'Protokoll exportiert',
  audit_verified: 'Protokoll geprüft',
  audit_signing_unavailable: 'Signaturschlüssel des Protokolls nicht verfügbar',
  service_users_refreshed: 'Servicebenutzer aktualisiert',
  operation_prepared: 'Änderung vorbereitet',
  operation_discarded: 'Vorbereitete Änderung verworfen',
  service_user_changed: 'Servicebenutzer geändert',
  service_user_deleted: 'Servicebenutzer gelöscht',
  token_issue_requested: 'Neues Token angefordert',
  token_issued: 'Neues Token ausgestellt',
  token_issue_lost: 'Neues Token ausgestellt — Wert nicht erhalten',
  token_revoked: 'Token widerrufen',
  keychain_item_deleted: 'Schlüsselbund-Eintrag gelöscht',
  reminder_muted: 'Ablauferinnerung stumm- oder wieder eingeschaltet',
};

const outcomes: Record<AuditOutcome, string> = {
  ok: 'OK',
  failed: 'Fehlgeschlagen',
  cancelled: 'Abgebrochen',
  unknown: 'Unbekannt',
};

const problems: Record<AuditProblem, string> = {
  changed: 'Eintrag #{seq} wurde verändert.',
  removed: 'Eintrag #{seq} wurde entfernt (der folgende Eintrag verweist nicht mehr darauf).',
  reordered: 'Eintrag #{seq} steht nicht mehr an seiner Stelle.',
  added:
    'Die Einträge #{seq}–#{to} wurden hinzugefügt, während die App nicht lief (sie war davor ordnungsgemäß beendet worden).',
};

const de: typeof draftsAuditEn = {
  drafts: {
    title: 'Entwürfe',
    intro:
      'Servicebenutzer, die Sie begonnen, aber noch nicht angelegt haben — beim Tippen gespeichert. Es werden nur Entwürfe des aktuellen Profils angezeigt.',
    profileLine: 'Profil: {name}',
    noProfile: 'Legen Sie zuerst ein Profil an: Entwürfe gehören zu einem Profil.',
    openProfiles: 'Profile öffnen',
    show: 'Anzeigen',
    tabs: { open: 'Offene Entwürfe', created: 'Angelegte Servicebenutzer' },
    search: 'Nach Name suchen',
    sort: 'Sortieren nach',
    sorts: {
      updated_desc: 'Letzte Änderung, neueste zuerst',
      updated_asc: 'Letzte Änderung, älteste zuerst',
      name_asc: 'Name, A bis Z',
      name_desc: 'Name, Z bis A',
      step_desc: 'Schritt, am weitesten zuerst',
      step_asc: 'Schritt, früheste zuerst',
    },
    loading: 'Entwürfe werden geladen…',
    empty:
      'Keine offenen Entwürfe für dieses Profil. Beginnen Sie einen mit „Neuer Servicebenutzer“; er wird beim Tippen gespeichert.',
    emptySearch: 'Keine Entwürfe passen zu „{search}“.',
    emptyCreated: 'Mit diesem Profil wurden noch keine Servicebenutzer angelegt.',
    count: 'Keine Entwürfe | 1 Entwurf | {n} Entwürfe',
    createdCount: 'Keine Servicebenutzer | 1 Servicebenutzer | {n} Servicebenutzer',
    unnamed: 'Entwurf ohne Namen',
    step: 'Schritt {n} von {total}: {name}',
    stepLabel: 'Schritt',
    stateLabel: 'Status',
    lastChange: 'Letzte Änderung',
    states,
    help: {
      editing: 'Wird ausgefüllt. Setzen Sie ihn fort, um dort weiterzumachen, wo Sie aufgehört haben.',
      ready:
        'Vollständig und vorgemerkt. Sie bestätigen jedes Anlegen selbst, denn das einmalige Token braucht Sie vor Ort.',
      sending:
        'Die Anfrage zum Anlegen wurde gesendet, aber die Antwort kam nie an. Nichts wird blind erneut gesendet: Fragen Sie zuerst bei DigiCert ONE nach.',
      failed: 'Nicht angelegt: {reason}',
      failedUnknown: 'Nicht angelegt. DigiCert ONE hat keinen Grund genannt.',
      tokenLostTitle: 'Der Servicebenutzer existiert in DigiCert ONE, aber sein API-Token hat diese App nie erreicht.',
      tokenLostBody:
        'Ein Token wird nur einmal angezeigt und lässt sich nie wiederherstellen. Für ein funktionierendes Token löschen Sie den Servicebenutzer „{name}“ in DigiCert ONE und legen ihn neu an („Als Vorlage verwenden“ übernimmt diese Werte), oder stellen Sie in DigiCert ONE ein neues Token für ihn aus, wo Ihr Mandant das erlaubt.',
    },
    needsChoice: 'Neue Auswahl nötig — die Daten in DigiCert ONE haben sich seit dem Speichern geändert:',
    problems: {
      name_taken: 'Name: Ein Servicebenutzer mit diesem Namen existiert jetzt',
      account_gone: 'Ein Konto ist nicht mehr verfügbar',
      manager_gone: 'Ein Manager ist nicht mehr verfügbar',
      role_gone: 'Eine Rolle ist nicht mehr verfügbar',
    },
    actions: {
      resume: 'Fortsetzen',
      resumeNamed: '{name} fortsetzen',
      template: 'Als Vorlage verwenden',
      templateNamed: '{name} als Vorlage verwenden',
      delete: 'Löschen',
      deleteNamed: '{name} löschen',
      createNow: 'Jetzt anlegen',
      createNowNamed: '{name} jetzt anlegen',
      check: 'Bei DigiCert nachfragen',
      checkNamed: 'Bei DigiCert ONE nach {name} fragen',
    },
    createOffline: 'Sie können ihn anlegen, sobald {profile} wieder antwortet.',
    confirmCreateTitle: '„{name}“ in DigiCert ONE anlegen?',
    confirmCreateBody: 'Der Servicebenutzer wird jetzt mit den Werten dieses Entwurfs angelegt.',
    confirmCreateKeychain:
      'Sein einmaliges API-Token wird direkt im Schlüsselbund des Betriebssystems gespeichert und auf der nächsten Seite angezeigt.',
    confirmCreateShow:
      'Sein einmaliges API-Token wird auf der nächsten Seite einmal angezeigt. Lassen Sie die App offen, bis Sie es gespeichert haben.',
    confirmCreate: 'Servicebenutzer anlegen',
    cancel: 'Abbrechen',
    creating: '„{name}“ wird angelegt…',
    outcome: {
      created: '„{name}“ wurde angelegt. Das Token wird geöffnet.',
      failed: '„{name}“ wurde nicht angelegt: {reason}',
      sending: 'Noch keine Antwort zu „{name}“: {reason} Vor jedem erneuten Senden wird bei DigiCert ONE nachgefragt.',
      created_token_lost: '„{name}“ existiert in DigiCert ONE, aber sein Token wurde nicht empfangen.',
    },
    checking: 'DigiCert ONE wird gefragt…',
    checked:
      'Bei DigiCert ONE nachgefragt. Es war nichts offen. | Bei DigiCert ONE nachgefragt: 1 Entwurf geklärt. | Bei DigiCert ONE nachgefragt: {n} Entwürfe geklärt.',
    duplicated: 'Kopie „{name}“ angelegt. Sie steht oben in der Liste.',
    deleted: 'Entwurf „{name}“ gelöscht.',
    undo: 'Rückgängig',
    restored: 'Entwurf „{name}“ wiederhergestellt.',
    created: {
      name: 'Name',
      id: 'Servicebenutzer-ID',
      when: 'Angelegt',
      by: 'Angelegt von',
    },
  },
  resume: {
    title: 'Letzten Entwurf fortsetzen?',
    body: '„{name}“ — {step}, zuletzt geändert {when}.',
    resume: 'Fortsetzen',
    dismiss: 'Nicht jetzt',
    label: 'Unfertiger Entwurf',
  },
  offline: {
    label: 'Verbindung zu DigiCert ONE',
    title: 'Offline — Daten vom {time}',
    titleNoData: 'Offline — für dieses Profil liegen noch keine Daten von DigiCert ONE vor',
    body: '{profile} antwortet nicht. Assistent, Entwürfe und Protokoll arbeiten mit den gespeicherten Daten weiter; das Anlegen eines Servicebenutzers wartet, bis DigiCert ONE antwortet.',
    reason: 'Letzter Versuch {time}: {reason}',
    nextAttempt: 'Nächster automatischer Versuch {time}.',
    retry: 'Jetzt erneut versuchen',
    retrying: 'Versuche…',
    stillOffline: 'Weiterhin offline.',
    backOnline: 'Wieder online — {profile} antwortet wieder.',
    readyDrafts: 'Keine Entwürfe warten. | 1 Entwurf ist bereit zum Anlegen. | {n} Entwürfe sind bereit zum Anlegen.',
    openDrafts: 'Entwürfe öffnen',
    dismiss: 'Schließen',
    sandbox: {
      label: 'Übungs-Sandbox',
      running: 'Der eingebaute Sandbox-Mandant läuft.',
      stopped: 'Der eingebaute Sandbox-Mandant ist angehalten, daher ist dieses Profil offline.',
      takeOffline: 'Sandbox offline nehmen',
      bringOnline: 'Sandbox wieder online bringen',
      switching: 'Wird umgeschaltet…',
    },
  },
  audit: {
    title: 'Protokoll',
    intro:
      'Jede Aktion, die die App in Ihrem Auftrag ausgeführt hat, die neueste zuerst. Jeder Eintrag trägt den Hash des vorherigen, und die App signiert die Kette mit einem Schlüssel, der nur im Schlüsselbund des Systems liegt; daher fällt ein veränderter, entfernter, verschobener oder fehlender Eintrag auf.',
    filters: 'Filter',
    from: 'Von (Ortszeit)',
    to: 'Bis (Ortszeit)',
    actions: 'Aktionen',
    actionsSummary: 'Alle Aktionen | 1 Aktion ausgewählt | {n} Aktionen ausgewählt',
    profile: 'Profil',
    allProfiles: 'Alle Profile',
    text: 'Enthält Text',
    textHint: 'Durchsucht Ziel, Profil, Betriebssystem-Benutzer und Details.',
    apply: 'Filter anwenden',
    clear: 'Filter zurücksetzen',
    rangeInvalid: '„Von“ muss vor „Bis“ liegen.',
    dateInvalid: 'Dieses Datum gibt es nicht.',
    table: {
      caption: 'Protokolleinträge, neueste zuerst',
      seq: 'Nr.',
      time: 'Zeit',
      osUser: 'Benutzer (Betriebssystem)',
      profile: 'Profil',
      action: 'Aktion',
      target: 'Ziel',
      outcome: 'Ergebnis',
      details: 'Details',
    },
    utc: 'UTC: {time}',
    none: '—',
    showing: 'Keine Einträge angezeigt | 1 Eintrag angezeigt | {n} Einträge angezeigt',
    moreAvailable: 'Ältere Einträge sind vorhanden.',
    allShown: 'Alle passenden Einträge werden angezeigt.',
    loadMore: 'Mehr laden',
    loadingMore: 'Wird geladen…',
    loadedMore: 'Keine weiteren Einträge. | 1 weiterer Eintrag geladen. | {n} weitere Einträge geladen.',
    loading: 'Protokoll wird geladen…',
    empty: 'Keine Einträge passen zu diesen Filtern.',
    actionLabels: actions,
    outcomes,
    verify: 'Integrität prüfen',
    verifying: 'Wird geprüft…',
    intact: 'Kette intakt: {n} Einträge.',
    broken: 'Kette unterbrochen.',
    problems,
    brokenHelp:
      'Einträgen ab #{seq} kann nicht vertraut werden. Bewahren Sie eine Kopie des Datenordners der App zur Untersuchung auf.',
    integrity: {
      intact: 'Protokoll intakt: {n} Einträge, bis #{signed} mit dem Schlüssel dieser App signiert.',
      changed: 'Das Protokoll wurde verändert.',
      changedRange:
        'Ein Eintrag zwischen #{from} und #{to} wurde verändert (die Signaturen grenzen ihn auf diesen Bereich ein).',
      truncated: 'Am Ende fehlen Einträge.',
      truncatedDetail: 'Einträge nach #{last} fehlen; die App hatte bis #{signed} signiert.',
      rolledBack: 'Die Datenbank ist älter als der letzte Stand, den die App kennt.',
      rolledBackDetail:
        'Sie endet bei #{last}; die App hatte bis #{signed} signiert. Möglicherweise wurde eine ältere Kopie des Datenordners zurückgespielt.',
      unprovable: 'Die Unversehrtheit des Protokolls lässt sich nicht beweisen.',
      noKey:
        'Der Signaturschlüssel konnte beim Start der App nicht aus dem Schlüsselbund des Systems gelesen werden. Die einfache Hash-Kette zeigt keinen Bruch ({n} Einträge), doch wer den Datenordner bearbeiten kann, hätte sie neu berechnen können.',
      carried: {
        upgrade:
          'Die Einträge #1–#{through} wurden geschrieben, bevor diese Version das Protokoll signierte: übernommen, nicht signiert vor #{next}. Seit {since} sind sie unverändert.',
        key_missing:
          'Der Signaturschlüssel fehlte im Schlüsselbund; ein neuer Schlüssel signiert ab #{next}. Die Einträge #1–#{through} lassen sich vor {since} nicht beweisen.',
        key_changed:
          'Der Schlüsselbund enthält einen anderen Signaturschlüssel als den, der dieses Protokoll signiert hat; er signiert ab #{next}. Die Einträge #1–#{through} lassen sich vor {since} nicht beweisen.',
        keychain_unavailable:
          'Die Einträge #1–#{through} wurden geschrieben, als kein Signaturschlüssel gelesen werden konnte: übernommen, nicht signiert vor #{next}. Seit {since} sind sie unverändert.',
      },
      signedAfter: 'Die Einträge ab #{next} sind signiert und intakt.',
      unsigned: 'Noch nicht signiert: {n}. | Noch nicht signiert: 1 Eintrag. | Noch nicht signiert: {n} Einträge.',
      recovered:
        'Die Einträge #{from}–#{to} wurden kurz vor dem Beenden der App geschrieben (oder als der Schlüsselbund nicht verfügbar war) und erst beim nächsten Start signiert: eine Änderung dazwischen wäre nicht erkennbar.',
      help: 'Bewahren Sie eine Kopie des Datenordners der App zur Untersuchung auf.',
      fingerprint: 'Fingerabdruck des Signaturschlüssels (SHA-256 des öffentlichen Schlüssels):',
      fingerprintNone:
        'Kein Signaturschlüssel: Der Schlüsselbund konnte beim Start der App nicht gelesen werden. Exporte werden nicht signiert.',
    },
    export: {
      csv: 'Als CSV exportieren…',
      jsonl: 'Als JSON Lines exportieren…',
      title: 'Protokoll als {format} exportieren',
      formats: { csv: 'CSV', jsonl: 'JSON Lines' },
      path: 'Speichern unter (vollständiger Pfad)',
      pathHint:
        'Ein absoluter Pfad mit der Endung {ext}. Die angewendeten Filter gelten; eine vorhandene Datei wird ersetzt.',
      pathAbsolute: 'Geben Sie einen vollständigen Pfad ein, z. B. /home/sie/protokoll{ext}',
      pathExtension: 'Der Dateiname muss auf {ext} enden.',
      submit: 'Exportieren',
      cancel: 'Abbrechen',
      exporting: 'Wird exportiert…',
      done: 'Keine Einträge nach {path} geschrieben ({size}). | 1 Eintrag nach {path} geschrieben ({size}). | {n} Einträge nach {path} geschrieben ({size}).',
      signed:
        'Signiert: {signature} und der öffentliche Schlüssel {publicKey} liegen daneben. So prüfen Sie ihn ohne die App:',
      notSigned: 'Nicht signiert: Der Signaturschlüssel konnte nicht aus dem Schlüsselbund gelesen werden.',
    },
  },
};

export default de;
