import type certificatesEn from './certificates.en';

/** German strings of client certificates; same shape as certificates.en.ts. */
const certificatesDe: typeof certificatesEn = {
  certificates: {
    generate: {
      open: 'Zertifikat erzeugen',
      title: 'Client-Zertifikat für „{name}“ erzeugen',
      intro:
        'Mit einem Client-Authentifizierungszertifikat meldet sich ein Build-Server zusammen mit dem API-Schlüssel als dieser Service-User an. Passwort und Datei werden nur einmal übergeben; das Enddatum lässt sich später nicht ändern.',
      nickname: 'Spitzname',
      nicknameHint:
        'Eindeutig für diesen User. Buchstaben, Ziffern, Leerzeichen, Binde- und Unterstriche; höchstens {max} Zeichen.',
      endDate: 'Enddatum',
      endDateHint:
        'Das Zertifikat kann nicht nach dem Service-User enden ({date}). Das Enddatum lässt sich später nicht ändern.',
      endDateHintNone:
        'Der Service-User hat kein Enddatum. Das Enddatum des Zertifikats lässt sich später nicht ändern.',
      extendUser: 'Zuerst den Service-User verlängern',
      encryption: 'Verschlüsselung der PKCS#12-Datei',
      encryptions: {
        AES: 'AES (empfohlen)',
        '3DES': '3DES (nur für alte Werkzeuge)',
      },
      signatureHash: 'Signatur-Hash',
      signatureHashes: {
        'SHA-256': 'SHA-256 (empfohlen)',
        'SHA-384': 'SHA-384',
        'SHA-512': 'SHA-512',
      },
      saveTitle: 'Speicherort',
      saveHint:
        'Das Passwort kommt in diesen Schlüsselbund-Eintrag, die PKCS#12-Datei dorthin, wo Sie es wählen. Beides wird zurückgelesen, bevor etwas angezeigt wird. Nichts Vorhandenes wird ersetzt, ohne Sie zu fragen.',
      saveFirst: 'Vor dem Anzeigen speichern',
      saveOff: 'Das Passwort wird einmal angezeigt; speichern Sie es und die Datei im nächsten Schritt.',
      keychainService: 'Dienst',
      keychainAccount: 'Konto',
      fileName: 'Dateiname',
      fileNameHint: 'Den Ordner wählen Sie im Speichern-Dialog. Der Name endet auf .p12.',
      filePath: 'Datei',
      filePathHint: 'Ein vollständiger Pfad in {root}, der auf .p12 endet.',
      keychainUnavailable:
        'Der Schlüsselbund des Systems ist nicht verfügbar ({reason}). Das Passwort wird einmal angezeigt: Kopieren Sie es in Ihren Passwort-Manager.',
      offline:
        'DigiCert ONE ist gerade nicht erreichbar. Die Anfrage wird vorbereitet und unter „Ausstehende Vorgänge“ aufgeführt; von dort wird sie einmal gesendet, sobald die Verbindung wieder steht.',
      submit: 'Erzeugen',
      prepare: 'Vorbereiten',
      generating: 'Wird erzeugt …',
      cancel: 'Abbrechen',
      prepared:
        'Zertifikat „{name}“ ist vorbereitet. Senden Sie es unter „Ausstehende Vorgänge“, sobald DigiCert ONE erreichbar ist.',
      notSent:
        'Zertifikat „{name}“: vorbereitet, nicht gesendet — senden Sie es unter „Ausstehende Vorgänge“, wenn Sie so weit sind.',
      failed: 'Das Zertifikat wurde nicht erzeugt: {reason}',
      sending:
        'Die Anfrage wurde gesendet, aber es kam keine Antwort. Die App prüft die Zertifikatsliste in DigiCert ONE, bevor etwas erneut gesendet wird; siehe „Ausstehende Vorgänge“.',
      noCertificate:
        'DigiCert ONE hat das Zertifikat „{name}“ erzeugt, aber seine Datei hat die App nie erreicht und lässt sich nicht wiederherstellen. Widerrufen Sie es und erzeugen Sie ein neues.',
      errors: {
        nicknameRequired: 'Geben Sie einen Spitznamen ein.',
        nicknameTooLong: 'Verwenden Sie höchstens {max} Zeichen.',
        nicknameCharacters: 'Verwenden Sie nur Buchstaben, Ziffern, Leerzeichen, Binde- und Unterstriche.',
        dateRequired: 'Wählen Sie ein Enddatum.',
        dateFormat: 'Geben Sie das Datum als {pattern} ein.',
        dateNotReal: 'Dieses Datum gibt es nicht.',
        datePast: 'Das Enddatum muss nach heute liegen.',
        dateAfterUser: 'Das Zertifikat kann nicht nach seinem Service-User enden ({date}).',
        fileRequired: 'Geben Sie einen Dateinamen ein.',
        fileExtension: 'Der Dateiname muss auf .p12 enden.',
        fileNotAbsolute: 'Geben Sie einen vollständigen Pfad ein.',
        fileNameOnly: 'Geben Sie einen Dateinamen ohne Ordner ein; den Ordner wählen Sie im Speichern-Dialog.',
      },
      userEnded: 'Das Enddatum des Service-Users ({date}) lässt keinen Raum für ein Zertifikat.',
      fixErrors: 'Einige Felder brauchen Ihre Aufmerksamkeit; es wurde nichts gesendet.',
    },
    screen: {
      title: 'Client-Zertifikat „{nickname}“ für „{name}“',
      generatedNote: 'Das Zertifikat „{nickname}“ wurde für „{name}“ erzeugt.',
      onceTitle: 'Wird nur einmal angezeigt',
      onceBody:
        'DigiCert ONE übergibt dieses Passwort und die PKCS#12-Datei nur einmal. Speichern Sie beides, bevor Sie schließen: Keines lässt sich erneut abrufen.',
      saveFailed:
        'Das Speichern vor dem Anzeigen hat nicht geklappt; die App hält das Zertifikat, es ist noch nicht gespeichert.',
      password: 'Zertifikatspasswort',
      factsTitle: 'Zertifikat',
      factsUnsaved: 'Noch nicht gespeichert: Diese Angaben stammen aus dem Zertifikat im Arbeitsspeicher.',
      subject: 'Inhaber',
      issuer: 'Aussteller',
      serial: 'Seriennummer',
      fingerprint: 'SHA-256-Fingerabdruck',
      notAfter: 'Gültig bis',
      savedTitle: 'Gespeichert und geprüft',
      savedTo:
        'Passwort im Schlüsselbund-Eintrag „{service}“ / „{account}“, Datei {file}. Die App hat die Datei mit dem Passwort aus dem Schlüsselbund geöffnet, um beides zu prüfen.',
      saveTitle: 'Zertifikat speichern',
      save: 'Speichern',
      saving: 'Wird gespeichert …',
      itemExists:
        'Der Schlüsselbund-Eintrag „{service}“ / „{account}“ enthält schon einen anderen Wert. Es wurde nichts gespeichert. Ersetzen? Der bisherige Wert geht verloren.',
      fileExists:
        'Die Datei {file} gibt es schon. Es wurde nichts gespeichert. Ersetzen? Ihr bisheriger Inhalt geht verloren.',
      replace: 'Ersetzen',
      otherName: 'Anderen Namen wählen',
      storedElsewhere: 'Ich habe Passwort und Datei anderswo gespeichert',
      close: 'Schließen',
      closeConfirmTitle: 'Schließen, ohne das Zertifikat zu speichern?',
      closeConfirmBody:
        'Passwort und Datei wurden nicht gespeichert. Nach dem Schließen sind sie endgültig verloren, und Sie müssten ein neues Zertifikat erzeugen.',
      closeAnyway: 'Schließen und Zertifikat verwerfen',
      keepOpen: 'Geöffnet lassen',
      closed: 'Das Zertifikat „{nickname}“ wurde geschlossen. Die App hält es nicht mehr.',
      gone: 'Die App hält das Zertifikat nicht mehr.',
      heldBody:
        'Ein erzeugtes Zertifikat dieses Service-Users wird noch von der App gehalten und ist nicht gespeichert.',
      heldShow: 'Anzeigen',
      leaveTitle: 'Verlassen, ohne das Zertifikat zu speichern?',
      leaveBody:
        'Das Zertifikat „{nickname}“ ist noch nicht gespeichert. Die App hält es, bis Sie es auf der Seite dieses Service-Users speichern oder verwerfen.',
    },
    handOver: {
      title: 'An einen Build-Server übergeben',
      intro:
        'Ein Build-Server braucht drei Dinge: die PKCS#12-Datei, ihr Passwort und den API-Schlüssel des Service-Users. Diese Zeilen lesen die Geheimnisse aus dem Schlüsselbund; sie enthalten selbst kein Geheimnis.',
      tabs: 'Betriebssystem',
      linux: 'Linux',
      macos: 'macOS',
      windows: 'Windows (PowerShell)',
      readBackTitle: 'Passwort lesen',
      environmentTitle: 'Umgebung für einen Signier-Client',
      environmentHint:
        'Kopieren Sie diese Zeilen in den Build-Job. Legen Sie die Datei dort ab, wo der Job sie lesen kann.',
      copyCommand: 'Kopieren',
      copyCommandLabel: 'Kopieren: {what}',
      copied: 'Kopiert.',
      unsaved:
        'Speichern Sie das Zertifikat zuerst: Die Zeilen lesen Passwort und Datei dort, wo Sie sie gespeichert haben.',
    },
    section: {
      title: 'Client-Zertifikate',
      intro:
        'Mit einem Client-Authentifizierungszertifikat und dem API-Schlüssel meldet sich ein Build-Server per gegenseitigem TLS als dieser Service-User an. Passwörter und Dateien stehen nie in dieser Liste.',
      caption: 'Client-Zertifikate von „{name}“',
      nickname: 'Spitzname',
      fingerprint: 'SHA-256-Fingerabdruck',
      notAfter: 'Gültig bis',
      status: 'Status',
      actions: 'Aktionen',
      none: 'Dieser Service-User hat keine Client-Zertifikate.',
      unreadable:
        '1 Zertifikat in DigiCert ONE konnte von dieser App nicht gelesen werden und wird nicht angezeigt. | {n} Zertifikate in DigiCert ONE konnten von dieser App nicht gelesen werden und werden nicht angezeigt.',
      noFingerprint: 'Nicht angegeben',
      offline: 'Zertifikate können aufgelistet werden, sobald DigiCert ONE erreichbar ist.',
      unavailable: 'Die Zertifikate konnten nicht von DigiCert ONE gelesen werden: {reason}',
      lastSeen:
        'Das sind die Zertifikate, wie sie zuletzt gesehen wurden; ein jetzt vorbereiteter Widerruf wird gesendet, sobald die Verbindung wieder besteht.',
      copy: 'Kopieren',
      copied: 'Kopiert',
      copyFingerprint: 'Fingerabdruck von „{nickname}“ kopieren',
      revokeButton: 'Widerrufen',
      revokeLabel: 'Zertifikat „{nickname}“ widerrufen',
      revokePending: 'Widerruf bereit zum Senden',
      notSavedHere:
        'Testen lassen sich Zertifikate, die diese App gespeichert hat: Der Test braucht Datei und Passwort.',
      savedTitle: 'Von dieser App gespeichert',
      unlistedTitle: 'Von dieser App gespeichert, nicht in der Liste von DigiCert ONE',
      unlistedIntro:
        'DigiCert ONE führt diese Zertifikate nicht mehr. Datei und Schlüsselbundeintrag können noch auf diesem Computer liegen.',
      statuses: {
        ACTIVE: 'Aktiv',
        REVOKED: 'Widerrufen',
        EXPIRED: 'Abgelaufen',
        unknown: 'Unbekannt',
      },
      revoke: {
        title: 'Zertifikat „{nickname}“ widerrufen?',
        body: 'Integrationen, die dieses Zertifikat verwenden (Build-Server, Signier-Clients), funktionieren sofort nicht mehr. Ein Widerruf lässt sich nicht rückgängig machen.',
        confirm: 'Zertifikat widerrufen',
        revoking: 'Wird widerrufen …',
        cancel: 'Abbrechen',
        offline:
          'DigiCert ONE ist gerade nicht erreichbar: Der Widerruf wird vorbereitet und unter „Ausstehende Vorgänge“ aufgeführt; senden Sie ihn von dort.',
        done: 'Das Zertifikat „{nickname}“ wurde widerrufen.',
        prepared:
          'Der Widerruf von „{nickname}“ ist vorbereitet. Senden Sie ihn unter „Ausstehende Vorgänge“, sobald DigiCert ONE erreichbar ist.',
        sending:
          'Der Widerruf von „{nickname}“ wurde gesendet, aber es kam keine Antwort ({reason}); die App prüft nach, bevor irgendetwas erneut gesendet wird.',
        failed: 'Das Zertifikat „{nickname}“ wurde nicht widerrufen: {reason}',
      },
      saved: {
        title: 'Von dieser App gespeichert: „{nickname}“',
        savedAt: 'gespeichert {time}',
        file: 'Datei',
        item: 'Passwort im Schlüsselbundeintrag „{service}“ / „{account}“',
        fileStates: {
          exists: 'Vorhanden',
          missing: 'Nicht mehr vorhanden',
          unknown: 'Konnte nicht geprüft werden',
        },
        itemStates: {
          exists: 'Im Schlüsselbund',
          missing: 'Nicht mehr im Schlüsselbund',
          unknown: 'Der Schlüsselbund konnte nicht geprüft werden',
        },
        missingHint:
          'Etwas, das diese App gespeichert hat, ist nicht mehr da. DigiCert ONE gibt Passwort und Datei nur einmal heraus: Braucht ein Build-Server sie, erzeugen Sie ein neues Zertifikat und widerrufen dieses.',
        handOver: 'Zeigen, wie es an einen Build-Server übergeben wird',
      },
      test: {
        run: 'Zertifikat testen',
        label: 'Zertifikat „{nickname}“ testen',
        testing: 'Wird getestet …',
        answeredAs: 'Geantwortet hat {name} ({id}).',
        answeredAsId: 'Geantwortet hat {id}.',
        matches: 'Das ist „{name}“: Das Zertifikat meldet sich als dieser Service-User an.',
        mismatch:
          'Das ist nicht „{name}“: Eine andere Identität hat geantwortet. Geben Sie dieses Zertifikat nicht weiter.',
        url: '{url} wurde mit dem Zertifikat aufgerufen.',
        failed: 'Der Test hat nicht funktioniert: {reason}',
        errors: {
          certificate_refused:
            'DigiCert ONE hat das Zertifikat abgelehnt (widerrufen, abgelaufen oder nicht von DigiCert ONE ausgestellt). Ein Build-Server kann sich damit nicht anmelden.',
          certificate_password_wrong:
            'Das Passwort im Schlüsselbund öffnet die gespeicherte Datei nicht: Eines von beiden wurde geändert oder ersetzt.',
          certificate_file_invalid: 'Die gespeicherte Datei ist keine PKCS#12-Datei, die die App lesen kann.',
          not_found:
            'Die Datei oder der Schlüsselbundeintrag, den diese App gespeichert hat, fehlt; das Zertifikat kann nicht getestet werden.',
          offline:
            'DigiCert ONE ist gerade nicht erreichbar. Testen Sie das Zertifikat erneut, sobald es erreichbar ist.',
        },
      },
    },
  },
};

export default certificatesDe;
