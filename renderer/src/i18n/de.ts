import type { ErrorCode } from '../../../shared/errors';
import type { KeychainFailure } from '../../../shared/keychain';
import type { Messages } from './en';
import wizardDe from './wizard.de';
import draftsAuditDe from './draftsAudit.de';
import serviceUsersDe from './serviceUsers.de';
import serviceUserDe from './serviceUser.de';
import tokensDe from './tokens.de';
import formsDe from './forms.de';
import certificatesDe from './certificates.de';

/** German UI strings. Same shape as `en.ts` (enforced by the `Messages` type). */
const errors: Record<ErrorCode, string> = {
  invalid_request: 'Die Anfrage war ungültig. Prüfen Sie die markierten Felder.',
  unknown_channel: 'Diese Aktion gibt es in dieser Version der App nicht.',
  untrusted_sender:
    'Die App hat eine Anfrage aus einem nicht vertrauenswürdigen Fenster abgelehnt. Öffnen Sie die App neu.',
  internal: 'In der App ist ein Fehler aufgetreten. Einzelheiten stehen im Protokoll.',
  db_newer_version:
    'Die lokale Datenbank stammt von einer neueren Version der App. Aktualisieren Sie die App, um sie zu öffnen.',
  db_corrupt: 'Die lokale Datenbank ist beschädigt und kann nicht gelesen werden.',
  db_write_failed: 'Die Änderung konnte nicht in der lokalen Datenbank gespeichert werden.',
  disk_full: 'Der Datenträger ist voll. Geben Sie Speicherplatz frei und versuchen Sie es erneut.',
  read_only: 'Der Datenordner der App ist schreibgeschützt.',
  keychain_unavailable:
    'Der Schlüsselbund des Betriebssystems ist nicht verfügbar, daher kann der Schlüssel nicht sicher gespeichert werden.',
  keychain_verify_failed:
    'Der Schlüsselbund hat den Schlüssel angenommen, konnte ihn aber nicht zurücklesen. Es wurde nichts gespeichert.',
  keychain_item_reserved:
    'Dieser Schlüsselbund-Eintrag gehört Service User Desk selbst (ein Admin-API-Schlüssel oder die Schlüsselbund-Prüfung). Wählen Sie einen anderen Dienstnamen.',
  keychain_item_exists: 'Ein Schlüsselbund-Eintrag mit diesem Dienst und Konto enthält bereits einen anderen Wert.',
  not_found: 'Dieses Element gibt es nicht mehr. Vielleicht wurde es in einem anderen Fenster entfernt.',
  profile_name_taken: 'Es gibt bereits ein Profil mit diesem Namen.',
  draft_not_ready: 'Der Entwurf ist noch nicht vollständig.',
  token_gone: 'Das Token ist nicht mehr verfügbar. Es wird nur einmal angezeigt.',
  conflict: 'Dieses Element wurde an anderer Stelle geändert. Laden Sie neu und versuchen Sie es erneut.',
  invalid_api_key: 'DigiCert ONE hat den API-Schlüssel nicht akzeptiert.',
  access_denied: 'Der API-Schlüssel hat dafür keine Berechtigung.',
  duplicate_name: 'Dieser Name wird in DigiCert ONE bereits verwendet.',
  validation_failed: 'DigiCert ONE hat einige der Werte abgelehnt.',
  rate_limited: 'DigiCert ONE begrenzt die Anfragen. Warten Sie einen Moment und versuchen Sie es erneut.',
  maintenance: 'DigiCert ONE wird gerade gewartet. Versuchen Sie es später erneut.',
  server_error: 'DigiCert ONE konnte nicht richtig antworten. Versuchen Sie es später erneut.',
  unexpected_response: 'DigiCert ONE hat eine Antwort geschickt, die die App nicht versteht.',
  offline: 'Der Computer ist offline.',
  connection_lost:
    'Die Verbindung ist abgebrochen, bevor DigiCert ONE geantwortet hat. Die Anfrage wurde möglicherweise ausgeführt: Prüfen Sie das, bevor Sie es erneut versuchen.',
  dns_failed: 'Die Adresse von DigiCert ONE wurde nicht gefunden. Prüfen Sie Region oder Adresse.',
  tls_failed: 'Es konnte keine sichere Verbindung zu DigiCert ONE hergestellt werden.',
  timeout: 'DigiCert ONE hat nicht rechtzeitig geantwortet.',
  cancelled: 'Abgebrochen.',
  export_path_refused: 'Exporte können nur innerhalb von {root} gespeichert werden.',
  export_file_exists: '{file} gibt es schon und wurde nicht ersetzt. Wählen Sie einen anderen Namen.',
  certificate_gone: 'Dieses Zertifikat hält die App nicht mehr. Passwort und Datei werden nur einmal übergeben.',
  certificate_file_exists:
    '{file} gibt es schon und wurde nicht ersetzt. Wählen Sie einen anderen Namen oder ersetzen Sie die Datei.',
  certificate_write_failed:
    '{file} konnte nicht geschrieben werden (der Datenträger ist vielleicht voll oder der Ordner schreibgeschützt). Die App hält das Zertifikat weiter: Speichern Sie es an einem anderen Ort.',
  certificate_verify_failed:
    'Die gespeicherte Datei, geöffnet mit dem Passwort aus dem Schlüsselbund, ist nicht dieses Zertifikat. Es wurde nicht als gespeichert markiert; die App hält es weiter.',
  certificate_test_unavailable:
    'Das Zertifikat kann nicht getestet werden: Die Verbindung hat keine Adresse für die Client-Authentifizierung, oder die gespeicherte Datei oder das Passwort fehlt.',
  certificate_password_wrong: 'Die Zertifikatsdatei lässt sich mit diesem Passwort nicht öffnen.',
  certificate_file_invalid: 'Dies ist keine PKCS#12-Zertifikatsdatei, die die App lesen kann.',
  certificate_refused:
    'DigiCert ONE hat das Client-Zertifikat nicht angenommen. Es ist vielleicht widerrufen oder abgelaufen, sein Servicebenutzer deaktiviert, oder es wurde nicht für diese Instanz ausgestellt.',
};

const keychainReasons: Record<KeychainFailure, string> = {
  no_session_bus: 'kein Sitzungsbus',
  bus_unreachable: 'Sitzungsbus nicht erreichbar',
  no_secret_service: 'kein Secret Service installiert',
  no_collection: 'kein Standard-Schlüsselbund',
  locked: 'Schlüsselbund gesperrt',
  timeout: 'Schlüsselbund antwortet nicht',
  verify_failed: 'Testeintrag nicht lesbar',
  unknown: 'unbekanntes Problem',
};

const de: Messages = {
  app: {
    name: 'Service User Desk',
    skipToContent: 'Zum Inhalt springen',
    menu: 'Menü',
    mainNav: 'Hauptmenü',
    loading: 'Wird geladen…',
    viewFailed: 'Diese Ansicht konnte nicht geladen werden.',
    version: 'Version {version}',
  },
  nav: {
    groupServiceUsers: 'Servicebenutzer',
    newServiceUser: 'Neuer Servicebenutzer',
    drafts: 'Entwürfe',
    auditLog: 'Protokoll',
    groupSetup: 'Einrichtung',
    profiles: 'Profile',
    settings: 'Einstellungen',
  },
  header: {
    profile: 'Profil',
    noProfiles: 'Noch kein Profil',
  },
  sandbox: {
    badge: 'Sandbox — nicht mit DigiCert verbunden',
    menuTitle: 'Übungs-Sandbox',
    about:
      'Dieses Profil arbeitet mit einem nachgebildeten DigiCert-ONE-Mandanten auf diesem Computer. Nichts davon erreicht DigiCert.',
    offlineWhat:
      'Offline nehmen hält diesen nachgebildeten Mandanten an, und die App verhält sich so, als ob DigiCert ONE nicht antwortet: Üben Sie mit den gespeicherten Daten und markieren Sie Entwürfe als bereit zum Anlegen. Es wird nichts gelöscht; hier bringen Sie die Sandbox wieder online.',
    close: 'Schließen',
  },
  status: {
    label: 'Verbindungsstatus',
    online: '{profile} antwortet · Daten vom {time}',
    onlineNoData: '{profile} antwortet',
    checking: '{profile} wird geprüft…',
    noProfile: 'Noch kein Profil',
    details: 'Details',
  },
  gettingStarted: {
    title: 'Erste Schritte',
    sandboxTitle: 'In der Sandbox üben',
    sandboxBody:
      'Legen Sie einen Servicebenutzer in einem nachgebildeten Mandanten auf diesem Computer an. Nichts davon erreicht DigiCert.',
    sandboxAction: 'Neuer Servicebenutzer',
    connectTitle: 'DigiCert ONE verbinden',
    connectBody: 'Fügen Sie ein Profil mit Ihrer Region und einem Administrator-API-Schlüssel hinzu.',
    connectAction: 'Erstes Profil anlegen',
  },
  keychain: {
    checking: 'Schlüsselbund: wird geprüft…',
    available: 'Schlüsselbund: verfügbar',
    unavailable: 'Schlüsselbund nicht verfügbar — {reason}',
    detailsTitle: 'Schlüsselbund des Betriebssystems',
    availableDetail: 'API-Schlüssel werden im Schlüsselbund des Betriebssystems gespeichert ({backend}).',
    whatHappened: 'Was passiert ist',
    howToFix: 'So beheben Sie es',
    checkedAt: 'Geprüft um {time}',
    recheck: 'Erneut prüfen',
    close: 'Schließen',
    reasons: keychainReasons,
  },
  regions: {
    us: 'Vereinigte Staaten',
    us_demo: 'Vereinigte Staaten (Demo)',
    jp: 'Japan',
    jp_demo: 'Japan (Demo)',
    ch: 'Schweiz',
    ch_demo: 'Schweiz (Demo)',
    nl: 'Niederlande (EU)',
    nl_demo: 'Niederlande (EU, Demo)',
    custom: 'Eigene Installation (private Bereitstellung)',
    groupProduction: 'Produktion',
    groupDemo: 'Demo',
    groupOther: 'Sonstige',
  },
  profiles: {
    title: 'Profile',
    intro:
      'Ein Profil ist ein DigiCert-ONE-Konto, mit dem die App arbeitet: eine Region und ein Administrator-API-Schlüssel.',
    empty: 'Noch keine Profile. Fügen Sie eines hinzu, um zu beginnen.',
    listLabel: 'Gespeicherte Profile',
    /** The built-in sandbox's stored name and address, as shown (lib/profileName). */
    sandboxName: 'Sandbox (lokal)',
    sandboxAddress: 'http://127.0.0.1 (lokale Sandbox)',
    add: 'Profil hinzufügen',
    edit: 'Bearbeiten',
    editNamed: '{name} bearbeiten',
    remove: 'Entfernen',
    removeNamed: '{name} entfernen',
    current: 'Aktuell',
    sandboxRegion: 'Lokale Sandbox (Übungsdaten)',
    builtIn: 'Eingebaut: kann nicht geändert oder entfernt werden.',
    test: {
      run: 'Verbindung testen',
      runNamed: 'Die Verbindung „{name}“ testen',
      runKey: 'Schlüssel testen',
      runKeyHint: 'Fragt DigiCert ONE mit diesem Schlüssel, bevor etwas gespeichert wird.',
      running: 'Wird getestet …',
      who: 'Verbunden mit dem API-Schlüssel von {who}.',
      unknownWho: 'einem unbenannten Benutzer',
      mayCreate: 'Dieser Schlüssel darf Servicebenutzer anlegen.',
      mayNotCreate:
        'Dieser Schlüssel darf keine Servicebenutzer anlegen: Er braucht die Berechtigung „Benutzer verwalten“ (Kontoadministrator).',
      accounts: 'Keine Konten sichtbar. | Sieht 1 Konto: {list} | Sieht {n} Konten: {list}',
      more: '{shown} und {n} weitere',
      failed: 'Der Verbindungstest ist fehlgeschlagen.',
    },
    region: 'Region',
    address: 'Adresse',
    keyStorage: 'API-Schlüssel',
    storage: {
      keychain: 'Im Schlüsselbund des Betriebssystems',
      session: 'Nur für diese Sitzung',
      none: 'Kein Schlüssel gespeichert',
      notNeeded: 'Nicht nötig',
    },
    added: 'Profil „{name}“ hinzugefügt.',
    updated: 'Profil „{name}“ gespeichert.',
    removed: 'Profil „{name}“ entfernt.',
    confirmRemoveTitle: 'Profil entfernen?',
    confirmRemoveBody:
      'Das Profil „{name}“ entfernen? Sein API-Schlüssel wird auch aus dem Schlüsselbund des Betriebssystems gelöscht. Das kann nicht rückgängig gemacht werden.',
    confirmRemove: 'Profil entfernen',
  },
  form: {
    addTitle: 'Profil hinzufügen',
    editTitle: 'Profil „{name}“ bearbeiten',
    name: 'Name',
    nameHint: 'So wird diese Verbindung in der App angezeigt, z. B. „Produktion US“.',
    region: 'Region',
    baseUrl: 'Adresse Ihrer DigiCert-ONE-Installation',
    baseUrlHint: 'Eine https-Adresse ohne Pfad, z. B. https://one.example.com',
    apiKey: 'Administrator-API-Schlüssel',
    apiKeyHint: 'Wird im Schlüsselbund des Betriebssystems gespeichert, nie in den Dateien der App.',
    apiKeyHintEdit: 'Leer lassen, um den bisherigen Schlüssel zu behalten.',
    apiKeyHintNoKeychain: 'Wird nie in die Dateien der App geschrieben.',
    replaceKey: 'API-Schlüssel ersetzen',
    keychainUnavailableTitle: 'Der Schlüsselbund des Betriebssystems ist nicht verfügbar',
    keychainUnavailableBody:
      'Die App schreibt API-Schlüssel nie auf die Festplatte. Ohne Schlüsselbund kann sie den Schlüssel bis zum Beenden im Arbeitsspeicher halten; beim nächsten Mal geben Sie ihn erneut ein.',
    sessionOnly: 'Schlüssel nur für diese Sitzung behalten',
    save: 'Profil speichern',
    saving: 'Wird gespeichert…',
    cancel: 'Abbrechen',
    fixErrors: 'Prüfen Sie die markierten Felder.',
  },
  validation: {
    nameRequired: 'Geben Sie einen Namen für diese Verbindung ein.',
    nameTooLong: 'Verwenden Sie höchstens {max} Zeichen.',
    apiKeyRequired: 'Geben Sie den API-Schlüssel ein.',
    apiKeyTooLong: 'Ein API-Schlüssel hat höchstens {max} Zeichen.',
    apiKeyCharacters: 'Ein API-Schlüssel enthält keine Leer- oder Sonderzeichen.',
    baseUrlInvalid: 'Geben Sie eine https-Adresse wie https://one.example.com ein (ohne Pfad).',
    baseUrlRequired: 'Geben Sie die Adresse Ihrer DigiCert-ONE-Installation ein.',
    printable: 'Verwenden Sie nur druckbare Zeichen.',
    invalid: 'Prüfen Sie diesen Wert.',
  },
  settings: {
    title: 'Einstellungen',
    appearance: 'Darstellung und Sprache',
    language: 'Sprache',
    languageSystem: 'Wie das System ({language})',
    theme: 'Farbschema',
    themeSystem: 'Wie das System',
    themeLight: 'Hell',
    themeDark: 'Dunkel',
    saved: 'Einstellungen gespeichert.',
    about: 'Über',
    dataFolder: 'Datenordner',
    transport: 'Verbindung',
    transports: {
      electron: 'Desktop-App',
      harness: 'Browser-Harness (Entwicklung und Tests)',
    },
  },
  languages: {
    en: 'English',
    de: 'Deutsch',
  },
  common: {
    dismiss: 'Schließen',
    notifications: 'Benachrichtigungen',
    error: 'Fehler',
  },
  wizard: wizardDe,
  ...draftsAuditDe,
  ...serviceUsersDe,
  ...serviceUserDe,
  ...tokensDe,
  ...formsDe,
  ...certificatesDe,
  errors,
};

export default de;
