import type { OperationKind, OperationState } from '../../../shared/manage';
import type tokensEn from './tokens.en';

/** German strings of tokens, deleting a service user and pending operations; same shape as tokens.en.ts. */
const kinds: Record<OperationKind, string> = {
  update: 'Service-User ändern',
  delete: 'Service-User löschen',
  issueToken: 'Token „{name}“ ausstellen',
  revokeToken: 'Token „{name}“ widerrufen',
  createCertificate: 'Zertifikat „{name}“ erzeugen',
  revokeCertificate: 'Zertifikat „{name}“ widerrufen',
};

const states: Record<OperationState, string> = {
  queued: 'Bereit zum Senden',
  sending: 'Gesendet – keine Antwort erhalten',
  done: 'Erledigt',
  failed: 'Fehlgeschlagen',
};

const meanings: Record<OperationState, string> = {
  queued: 'Vorbereitet, noch nichts gesendet. Senden Sie es, wenn DigiCert ONE erreichbar ist, oder verwerfen Sie es.',
  sending:
    'Gesendet – wird geprüft, bevor etwas erneut gesendet wird. Die App fragt DigiCert ONE, sobald es erreichbar ist, was daraus wurde; so wird nichts zweimal ausgeführt.',
  done: 'Ausgeführt.',
  failed: 'DigiCert ONE hat es nicht ausgeführt. Senden Sie es erneut oder verwerfen Sie es.',
};

const tokensDe: typeof tokensEn = {
  tokens: {
    section: {
      title: 'API-Tokens',
      intro: 'Token-Werte werden nur einmal gezeigt, wenn ein Token ausgestellt wird. Diese Liste enthält sie nie.',
      caption: 'API-Tokens von „{name}“',
      name: 'Name',
      created: 'Erstellt',
      endDate: 'Enddatum',
      status: 'Status',
      actions: 'Aktionen',
      none: 'Dieser Service-User hat keine API-Tokens.',
      noEndDate: 'Wie der Service-User',
      unavailable: 'Die Tokens konnten nicht von DigiCert ONE gelesen werden: {reason}',
      offline: 'Die Tokens werden nur von DigiCert ONE gelesen; sie erscheinen, sobald es erreichbar ist.',
      issue: 'Neues Token ausstellen',
      revoke: 'Widerrufen',
      revokeLabel: 'Token „{name}“ widerrufen',
      tokenTitle: 'Neues API-Token für „{name}“',
      issuedNote: 'Für „{name}“ wurde ein neues Token „{token}“ ausgestellt.',
      issuedNoteUnnamed: 'Für „{name}“ wurde ein neues Token ausgestellt.',
      lastSeen:
        'Dies sind die Tokens wie zuletzt gesehen; ein jetzt vorbereiteter Widerruf wird gesendet, sobald die Verbindung zurück ist.',
      heldBody: 'Ein neues Token dieses Service-Users liegt noch ungespeichert in der App.',
      heldShow: 'Anzeigen',
      statuses: {
        ACTIVE: 'Aktiv',
        DISABLED: 'Deaktiviert',
        EXPIRED: 'Abgelaufen',
        unknown: 'Unbekannt',
      },
    },
    issue: {
      title: 'Neues Token für „{name}“ ausstellen',
      intro:
        'Das neue Token gilt neben den bisherigen, bis Sie diese widerrufen: Stellen Sie Ihre Skripte um und widerrufen Sie dann das alte Token.',
      name: 'Token-Name',
      nameHint: 'Erscheint in der Token-Liste von DigiCert ONE. Höchstens {max} Zeichen.',
      defaultName: '{name} erneuert {date}',
      endDate: 'Enddatum (optional)',
      endDateHint: 'Leer: Das Token endet mit dem Service-User ({date}, 23:59:59 UTC). Später enden kann es nicht.',
      endDateHintNone: 'Leer: Das Token endet mit dem Service-User, der kein Enddatum hat.',
      nameRequired: 'Geben Sie einen Token-Namen ein.',
      nameTooLong: 'Verwenden Sie höchstens {max} Zeichen.',
      namePrintable: 'Verwenden Sie nur druckbare Zeichen.',
      dateInvalid: 'Geben Sie das Datum als {pattern} ein.',
      dateNotReal: 'Dieses Datum gibt es nicht.',
      datePast: 'Das Enddatum darf nicht in der Vergangenheit liegen.',
      dateAfterUser: 'Das Token kann nicht nach dem Service-User enden ({date}).',
      keychainTitle: 'Token im Schlüsselbund des Systems speichern',
      saveToKeychain: 'Vor dem Anzeigen im Schlüsselbund speichern',
      saveHint:
        'Das Token wird in diesen Schlüsselbund-Eintrag geschrieben und zurückgelesen, bevor es überhaupt angezeigt wird. Enthält der Eintrag das alte Token, werden Sie gefragt, bevor es ersetzt wird.',
      keychainService: 'Dienst',
      keychainAccount: 'Konto',
      keychainUnavailable:
        'Der Schlüsselbund des Systems ist nicht verfügbar ({reason}). Das Token wird einmal gezeigt: Kopieren Sie es in Ihren Passwortmanager.',
      offline:
        'DigiCert ONE ist gerade nicht erreichbar. Die Anfrage wird vorbereitet und unter „Ausstehende Vorgänge“ aufgeführt; senden Sie sie dort, sobald die Verbindung zurück ist.',
      submit: 'Token ausstellen',
      prepare: 'Vorbereiten',
      issuing: 'Wird ausgestellt …',
      cancel: 'Abbrechen',
      prepared:
        'Token „{name}“ ist vorbereitet. Senden Sie es unter „Ausstehende Vorgänge“, sobald DigiCert ONE erreichbar ist.',
      failed: 'Das Token wurde nicht ausgestellt: {reason}',
      sending:
        'Die Anfrage wurde gesendet, aber keine Antwort kam an. Die App prüft bei DigiCert ONE, bevor etwas erneut gesendet wird; siehe „Ausstehende Vorgänge“.',
      noValue:
        'DigiCert ONE hat das Token „{name}“ ausgestellt, aber sein Wert hat die App nie erreicht und lässt sich nicht wiederherstellen. Widerrufen Sie es und stellen Sie ein weiteres aus.',
    },
    revoke: {
      title: 'Token „{name}“ widerrufen?',
      intro: 'Skripte, die dieses Token verwenden, funktionieren sofort nicht mehr.',
      mode: 'Wie',
      disable: 'Deaktivieren',
      disableHint:
        'Das Token funktioniert nicht mehr und bleibt als deaktiviert aufgeführt (sein Verlauf bleibt sichtbar).',
      delete: 'Löschen',
      deleteHint: 'Das Token funktioniert nicht mehr und wird aus der Liste entfernt.',
      confirm: 'Token widerrufen',
      cancel: 'Abbrechen',
      offline:
        'DigiCert ONE ist gerade nicht erreichbar: Der Widerruf wird vorbereitet und unter „Ausstehende Vorgänge“ aufgeführt; senden Sie ihn dort.',
      disabled: 'Token „{name}“ wurde deaktiviert.',
      deleted: 'Token „{name}“ wurde gelöscht.',
      prepared:
        'Der Widerruf von „{name}“ ist vorbereitet. Senden Sie ihn unter „Ausstehende Vorgänge“, sobald DigiCert ONE erreichbar ist.',
      failed: 'Token „{name}“ wurde nicht widerrufen: {reason}',
      sending:
        'Der Widerruf von „{name}“ wurde gesendet, aber keine Antwort kam an; die App prüft, bevor etwas erneut gesendet wird.',
      offerTitle: 'Alte Tokens widerrufen?',
      offerIntro:
        'Sobald Ihre Skripte das neue Token verwenden, widerrufen Sie die alten. Kreuzen Sie die zu widerrufenden Tokens an; keines ist vorausgewählt.',
      offerNone: 'Es gibt kein weiteres aktives Token zum Widerrufen.',
      offerSubmit: 'Angekreuzte Tokens widerrufen',
      offerSkip: 'Jetzt nicht',
      offerDone: 'Fertig',
      offerPick: 'Kreuzen Sie mindestens ein Token an oder wählen Sie „Jetzt nicht“.',
    },
    delete: {
      open: 'Service-User löschen …',
      title: '„{name}“ löschen?',
      body: 'Der Service-User und alle seine API-Tokens werden in DigiCert ONE gelöscht. Skripte, die seine Tokens verwenden, funktionieren sofort nicht mehr. Das lässt sich nicht rückgängig machen.',
      typeName: 'Geben Sie zur Bestätigung den Anzeigenamen ein',
      typeNameHint: 'Genau „{name}“.',
      mismatch: 'Der Name stimmt nicht überein.',
      keychainTitle: 'Schlüsselbund-Einträge, in die diese App sein Token gespeichert hat',
      keychainItem: 'Auch den Schlüsselbund-Eintrag „{service}“ / „{account}“ löschen',
      keychainMissing: '„{service}“ / „{account}“ (nicht mehr im Schlüsselbund)',
      keychainUnknown: '„{service}“ / „{account}“ (der Schlüsselbund konnte nicht gefragt werden)',
      confirm: 'Service-User löschen',
      cancel: 'Abbrechen',
      deleting: 'Wird gelöscht …',
      offline:
        'DigiCert ONE ist gerade nicht erreichbar: Das Löschen wird vorbereitet und unter „Ausstehende Vorgänge“ aufgeführt; senden Sie es dort.',
      done: 'Der Service-User „{name}“ wurde gelöscht.',
      itemDeleted: 'Schlüsselbund-Eintrag „{service}“ / „{account}“ gelöscht.',
      prepared:
        'Das Löschen von „{name}“ ist vorbereitet. Senden Sie es unter „Ausstehende Vorgänge“, sobald DigiCert ONE erreichbar ist.',
      failed: 'Der Service-User wurde nicht gelöscht: {reason}',
      sending:
        'Das Löschen wurde gesendet, aber keine Antwort kam an. Die App prüft bei DigiCert ONE, bevor etwas erneut gesendet wird; siehe „Ausstehende Vorgänge“.',
    },
    pending: {
      title: 'Ausstehende Vorgänge',
      intro: 'Für diesen Service-User vorbereitete Änderungen, die noch nicht erledigt sind.',
      kinds,
      states,
      meanings,
      preparedAt: 'Vorbereitet',
      send: 'Senden',
      sendOffline: 'Senden ist möglich, sobald DigiCert ONE erreichbar ist.',
      check: 'Jetzt prüfen',
      checking: 'Wird geprüft …',
      discard: 'Verwerfen',
      discardTitle: 'Diesen Vorgang verwerfen?',
      discardBody: '„{what}“ wird entfernt, ohne gesendet zu werden.',
      discardConfirm: 'Verwerfen',
      keep: 'Behalten',
      sendingNow: 'Wird gesendet …',
      error: 'Letzter Fehler: {reason}',
      sent: '„{what}“: erledigt.',
    },
    lost: {
      issueNew: 'Neues Token ausstellen',
      issueNewHint:
        'Der Service-User existiert: Stellen Sie auf seiner Detailseite ein neues Token aus, statt ihn zu löschen und neu anzulegen.',
    },
  },
};

export default tokensDe;
