import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { isAppError } from '../../shared/errors';
import type { AppEventListener } from '../../shared/ipc/events';
import type { KeychainStatus } from '../../shared/keychain';
import { regionBaseUrl } from '../../shared/regions';
import { createAuditLog } from './audit/auditLog';
import { createAuditHandlers } from './audit/handlers';
import { createAuditIntegrity } from './audit/integrity';
import type { AuditRecorder } from './audit/recorder';
import { createCertificateHandlers } from './certificates/certificateHandlers';
import { createCertificateKeeper } from './certificates/certificateKeeper';
import { openPkcs12 } from './certificates/pkcs12';
import { createSavedCertificateRecords } from './certificates/savedRecords';
import { createClientFactory } from './connections/clients';
import {
  createSandboxHost,
  SANDBOX_DISPLAY_URL,
  type SandboxConnection,
  type SandboxHost,
  type StartSandbox,
} from './connections/sandboxHost';
import { createClipboardGuard } from './creation/clipboardGuard';
import { createCreationService } from './creation/createService';
import { createTokenHandlers } from './creation/tokenHandlers';
import { createTokenVault } from './creation/tokenVault';
import { DATABASE_FILE_NAME, deferCheckpoints, openDatabase, type Db } from './db/database';
import { createDraftHandlers, createDraftStore } from './drafts';
import { createDigicertClient } from './digicert/client';
import { whoAmIWithCertificate } from './digicert/mutualTls';
import { clientAuthOrigin } from './digicert/wire';
import { createEventHub } from './events';
import type { Handlers } from './ipc/dispatch';
import { createKeyringStore } from './keychain/keyringStore';
import { probeKeychain } from './keychain/probe';
import { createMemorySecretStore, type SecretStore } from './keychain/secretStore';
import { createLogger, type Logger } from './log/logger';
import { createMemoryClipboard, type ClipboardPort } from './creation/clipboard';
import { createProfileStore } from './profiles/profileStore';
import { createReferenceService } from './reference/referenceService';
import { createReferenceCache } from './reference/referenceStore';
import { SecretRegistry } from './log/secretRegistry';
import { createCertificateCache } from './serviceUsers/certificateCache';
import { createServiceUserHandlers } from './serviceUsers/handlers';
import { createServiceUserHistory } from './serviceUsers/history';
import { createOperationStore } from './serviceUsers/operationStore';
import { createOperationService } from './serviceUsers/operations';
import { createServiceUserService } from './serviceUsers/serviceUserService';
import { createServiceUserCache } from './serviceUsers/userCache';
import { createTokenSaver } from './creation/tokenSaver';
import { createSettingsStore } from './settings/settingsStore';
import { createReminderHandlers } from './reminders/handlers';
import { createReminderService, type RemindersDueListener } from './reminders/reminderService';
import { ensurePrivateDir, securePrivateTree } from './permissions';

export type { ClipboardPort };

export interface CoreOptions {
  dataDir: string;
  transport: 'electron' | 'harness';
  appVersion: string;
  /** Electron passes net.fetch so the system proxy and trust store apply; Node's fetch otherwise. */
  fetch?: typeof fetch;
  /** The system clipboard; an in-memory one when omitted (harness, tests). */
  clipboard?: ClipboardPort;
  log?: Logger;
  /** The OS keychain; tests pass a fake. */
  keychain?: SecretStore;
  /** better-sqlite3 binary built for Electron's ABI. */
  sqliteNativeBinding?: string;
  clock?: () => Date;
  /** Per-request timeout towards DigiCert ONE (tests shorten it). */
  requestTimeoutMs?: number;
  /** Seconds before a copied token is cleared from the clipboard. */
  clipboardClearSeconds?: number;
  /** Serve the sandbox profile from a tenant running elsewhere (tests, `npm run web --sandbox-url`). */
  externalSandbox?: SandboxConnection;
  /** Starts the built-in sandbox tenant (electron/sandbox); main and the harness pass it in. */
  startSandbox?: StartSandbox;
}

export interface Core {
  handlers: Handlers;
  log: Logger;
  secrets: SecretRegistry;
  db: Db;
  close(): Promise<void>;
  /**
   * Throws the error `serviceUsers.sendOperation` with `saveCertificateTo` would give before
   * anything is asked: main checks it before opening the certificate's save dialog.
   */
  checkCertificateSend(operationId: string): void;
  /** True while a one-time token or a generated certificate is held in main and not yet saved. */
  hasUnsavedSecret(): boolean;
  /** Called whenever one-time tokens or generated certificates come or go; `held`: whether any is held now. */
  onSecretsHeldChanged(listener: (held: boolean) => void): () => void;
  /** Every event for the renderer (shared/ipc/events.ts); returns the unsubscribe function. */
  onEvent(listener: AppEventListener): () => void;
  /** Expiry reminders that crossed a lead threshold not yet notified (the desktop app's OS notification). */
  onRemindersDue(listener: RemindersDueListener): () => void;
  /** The built-in sandbox tenant, started on first use (tests reach it through `instance()`). */
  sandbox: SandboxHost;
}

export const LOG_FILE = join('logs', 'app.log');

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Wires every core service for one data folder and returns the handlers of the IPC contract. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? (() => new Date());
  const secrets = new SecretRegistry();
  const log = options.log ?? createLogger({ file: join(options.dataDir, LOG_FILE), secrets, clock });
  // Before the database opens: SQLite gives a new -wal/-shm file the database file's mode.
  ensurePrivateDir(options.dataDir);
  securePrivateTree(options.dataDir, log);
  const db = openDatabase({
    file: join(options.dataDir, DATABASE_FILE_NAME),
    nativeBinding: options.sqliteNativeBinding,
    clock,
  });
  const stopCheckpoints = deferCheckpoints(db);
  const keychain = options.keychain ?? createKeyringStore();
  const sessionKeys = createMemorySecretStore('session memory');

  // The audit signing key is read once, here; the log is signed at checkpoints (docs/DESIGN.md).
  const auditIntegrity = createAuditIntegrity({ db, keychain, account: resolve(options.dataDir), clock, secrets, log });
  await auditIntegrity.start();
  const auditLog = createAuditLog(db, { clock, osUser: osUser(), integrity: auditIntegrity, log });
  const audit: AuditRecorder = {
    record(entry) {
      try {
        auditLog.append(entry);
      } catch (error) {
        log.error('audit entry could not be written', {
          action: entry.action,
          code: isAppError(error) ? error.code : String((error as { code?: string }).code ?? 'unknown'),
        });
      }
    },
  };

  const profiles = createProfileStore({ db, keychain, sessionKeys, secrets, audit, clock });
  const settings = createSettingsStore(db, audit);
  const drafts = createDraftStore(db, { clock, audit: auditLog });
  const sandbox = createSandboxHost({
    dataDir: options.dataDir,
    secrets,
    clock,
    external: options.externalSandbox,
    start: options.startSandbox,
  });
  profiles.ensureSandbox(SANDBOX_DISPLAY_URL);

  const clientFor = createClientFactory({
    profiles,
    sandbox,
    fetch: options.fetch ?? globalThis.fetch,
    secrets,
    log,
    clock,
    appVersion: options.appVersion,
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  const cache = createReferenceCache(db);
  const vault = createTokenVault(secrets);
  const clipboard = createClipboardGuard({
    clipboard: options.clipboard ?? createMemoryClipboard(),
    clock,
    seconds: options.clipboardClearSeconds,
  });

  // Settling is best effort in the background; failures leave drafts truthfully in "sending".
  const settleQueued = (profileId: string) => {
    void creation.reconcile(profileId).catch(() => undefined);
    void serviceUserOps.reconcile(profileId).catch(() => undefined);
  };
  // "Test key" before saving: a client for a key no profile holds yet (registered as a secret).
  const clientForKey = (baseUrl: string, apiKey: string) =>
    createDigicertClient({
      baseUrl,
      apiKey,
      fetch: options.fetch ?? globalThis.fetch,
      secrets,
      logger: log,
      clock,
      userAgent: `ServiceUserDesk/${options.appVersion}`,
      ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    });
  const reference = createReferenceService({
    cache,
    clientFor,
    clientForKey,
    profiles,
    audit,
    clock,
    onReachable: settleQueued,
  });
  const creation = createCreationService({
    drafts: {
      get: (id) => drafts.get(id),
      serviceUserOf: (draft) => drafts.serviceUserOf(draft.fields),
      markSending: (id) => drafts.startSending(id),
      markCreated: (id, userId, name) => drafts.markCreated(id, userId, name),
      markCreatedTokenLost: (id, userId, name) => drafts.markCreatedTokenLost(id, userId ?? '', name),
      markFailed: (id, code) => drafts.markFailed(id, code),
      listSending: (profileId) =>
        drafts
          .list({ profileId, status: 'open' })
          .filter((d) => d.state === 'sending')
          .map((d) => drafts.get(d.id)),
    },
    profiles,
    clientFor,
    reference,
    cache,
    vault,
    keychain,
    audit,
    log,
    clock,
  });

  // Managing existing service users (issue 10): the cached list, details, operations sent once.
  const serviceUserCache = createServiceUserCache(db, clock);
  const serviceUserHistory = createServiceUserHistory(db);
  const certificateCache = createCertificateCache(db);
  // Generated client certificates (issue 14), held like one-time tokens.
  const certificateKeeper = createCertificateKeeper({
    keychain,
    secrets,
    audit,
    log,
    profiles,
    clientAuth: async (profileId) => {
      const profile = profiles.get(profileId);
      if (profile.kind !== 'sandbox') {
        const origin = clientAuthOrigin(profile.baseUrl);
        return origin ? { origin } : null;
      }
      const tenant = await sandbox.connection();
      return tenant?.clientAuthUrl
        ? { origin: tenant.clientAuthUrl, ...(tenant.caPem ? { ca: tenant.caPem } : {}) }
        : null;
    },
    savedTokenItems: (profileId, userId) => serviceUserHistory.savedItems(profileId, userId),
    records: createSavedCertificateRecords(db),
    openPkcs12,
    whoAmI: (input) =>
      whoAmIWithCertificate({ ...input, secrets, logger: log, userAgent: `ServiceUserDesk/${options.appVersion}` }),
    userName: (profileId, userId) => serviceUserCache.get(profileId, userId)?.user.friendlyName,
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  const operationStore = createOperationStore(db, { audit: auditLog, clock });
  const serviceUsers = createServiceUserService({
    cache: serviceUserCache,
    operations: operationStore,
    history: serviceUserHistory,
    clientFor,
    reference,
    referenceCache: cache,
    profiles,
    keychain,
    audit,
    clock,
    certificateCache,
    savedCertificates: (profileId, userId) => certificateKeeper.saved(profileId, userId),
  });
  const serviceUserOps = createOperationService({
    store: operationStore,
    cache: serviceUserCache,
    history: serviceUserHistory,
    clientFor,
    reference,
    profiles,
    referenceCache: cache,
    vault,
    saveToken: createTokenSaver({ keychain, vault, audit }),
    certificates: certificateKeeper,
    certificateCache,
    keychain,
    audit,
    log,
    clock,
    onChange: (profileId) => serviceUsersChanged(profileId),
  });

  // Events for the renderer. While anything listens, the profile the renderer asked for last stays
  // watched: it asks once and then follows `connectivity.changed` instead of asking again.
  const events = createEventHub({ onListening: (on) => reference.setListening(on) });
  reference.onConnectivityChange((profileId, connectivity) =>
    events.emit({ name: 'connectivity.changed', payload: { profileId, connectivity } }),
  );
  reference.onRefreshed((profileId, refreshedAt) =>
    events.emit({ name: 'reference.refreshed', payload: { profileId, refreshedAt } }),
  );
  const serviceUsersChanged = (profileId: string) =>
    events.emit({ name: 'serviceUsers.changed', payload: { profileId, asOf: serviceUserCache.asOf(profileId) } });
  serviceUserCache.onChange(serviceUsersChanged);
  // Expiry reminders (issue 10 item 7): checked at start, daily, and when the cache or lead times change.
  const reminders = createReminderService({
    db,
    cache: serviceUserCache,
    certificates: certificateCache,
    profiles,
    settings,
    audit,
    emit: (event) => events.emit(event),
    clock,
  });
  vault.onChange(() =>
    events.emit({ name: 'tokens.changed', payload: { held: vault.hasAny(), pending: vault.list().length } }),
  );
  certificateKeeper.onChange(() =>
    events.emit({
      name: 'certificates.changed',
      payload: { held: certificateKeeper.hasAny(), pending: certificateKeeper.list().length },
    }),
  );

  let keychainStatus: Promise<KeychainStatus> | undefined;
  let lastKeychain: KeychainStatus | undefined;
  const keychainChanged = (before: KeychainStatus | undefined, now: KeychainStatus) =>
    before !== undefined &&
    (before.available !== now.available ||
      before.backend !== now.backend ||
      (!before.available && !now.available && before.reason !== now.reason));
  const checkKeychain = (recheck = false) => {
    if (!keychainStatus || recheck) {
      keychainStatus = probeKeychain(keychain, clock).then((status) => {
        if (keychainChanged(lastKeychain, status)) events.emit({ name: 'keychain.changed', payload: { status } });
        lastKeychain = status;
        return status;
      });
    }
    return keychainStatus;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Service User Desk',
      version: options.appVersion,
      platform: process.platform,
      dataDir: options.dataDir,
      homeDir: homedir(),
      transport: options.transport,
    }),
    'keychain.status': ({ recheck }) => checkKeychain(recheck),

    'profiles.list': () => profiles.list(),
    'profiles.add': (input) => profiles.add(input),
    'profiles.update': (input) => profiles.update(input),
    'profiles.remove': async ({ id }) => {
      const removed = await profiles.remove(id);
      reference.forget(id);
      serviceUserCache.forget(id);
      certificateCache.forget(id);
      return removed;
    },
    'profiles.test': ({ id }) => reference.testConnection(id),
    'profiles.testKey': ({ region, customBaseUrl, apiKey }) => {
      secrets.add(apiKey); // before anything can fail and be logged
      return reference.testKey(region === 'custom' ? customBaseUrl! : regionBaseUrl(region), apiKey);
    },

    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),

    ...createDraftHandlers(drafts),
    ...createAuditHandlers(auditLog, {
      onProgress: (payload) => events.emit({ name: 'audit.progress', payload }),
    }),

    'reference.get': ({ profileId }) => reference.get(profileId),
    'reference.refresh': ({ profileId }) => reference.refresh(profileId),

    'creation.markReady': ({ draftId }) => drafts.markReady(draftId),
    'creation.create': ({ draftId, saveTo }) => creation.create(draftId, saveTo),
    'creation.cancel': ({ draftId }) => creation.cancel(draftId),
    'creation.reconcile': ({ profileId }) => creation.reconcile(profileId),

    'sandbox.setRunning': async ({ running }) => ({ running: await sandbox.setRunning(running) }),
    'sandbox.status': () => ({ running: sandbox.isRunning() }),

    ...createTokenHandlers({ vault, clipboard, creation, audit }),
    ...createServiceUserHandlers(serviceUsers, serviceUserOps),
    ...createReminderHandlers(reminders),
    ...createCertificateHandlers({ keeper: certificateKeeper, clipboard, audit }),
  };

  log.info('core started', { transport: options.transport, version: options.appVersion });

  return {
    handlers,
    log,
    secrets,
    db,
    sandbox,
    checkCertificateSend: (operationId) => serviceUserOps.checkCertificateSend(operationId),
    // One-time secrets: tokens and generated certificates (content protection, close guard).
    hasUnsavedSecret: () => vault.hasUnsaved() || certificateKeeper.hasUnsaved(),
    onSecretsHeldChanged: (listener) => {
      const held = () => listener(vault.hasAny() || certificateKeeper.hasAny());
      const offTokens = vault.onChange(held);
      const offCertificates = certificateKeeper.onChange(held);
      return () => {
        offTokens();
        offCertificates();
      };
    },
    onEvent: (listener) => events.on(listener),
    onRemindersDue: (listener) => reminders.onDue(listener),
    async close() {
      log.info('core stopping');
      creation.close();
      serviceUserOps.close();
      reminders.close();
      reference.close();
      cache.close();
      await clipboard.clearIfOurs().catch(() => false);
      vault.clear();
      certificateKeeper.clear();
      await sandbox.close();
      await auditIntegrity.close();
      stopCheckpoints();
      db.close();
    },
  };
}
