import { AppError } from '../../../shared/errors';
import { createDigicertClient, type DigicertClient, type FetchLike } from '../digicert/client';
import type { Logger } from '../log/logger';
import type { ProfileStore } from '../profiles/profileStore';
import type { SecretRegistry } from '../log/secretRegistry';
import type { SandboxHost } from './sandboxHost';

/** Builds a DigiCert ONE client for a profile: its base URL and the admin key from the keychain. */
export function createClientFactory(deps: {
  profiles: ProfileStore;
  sandbox: SandboxHost;
  fetch: FetchLike;
  secrets: SecretRegistry;
  log: Logger;
  clock: () => Date;
  appVersion: string;
  timeoutMs?: number;
}) {
  return async function clientFor(profileId: string): Promise<DigicertClient> {
    const profile = deps.profiles.get(profileId);
    let baseUrl = profile.baseUrl;
    let apiKey: string | null;
    if (profile.kind === 'sandbox') {
      const connection = await deps.sandbox.connection();
      if (!connection)
        throw new AppError('offline', 'The local sandbox is switched off. Switch it on to reach it again.');
      ({ baseUrl, apiKey } = connection);
    } else {
      apiKey = await deps.profiles.apiKey(profileId);
    }
    if (!apiKey) {
      throw new AppError(
        'invalid_api_key',
        'This connection has no API key available (a session-only key is gone after a restart). Edit the connection and enter the key again.',
      );
    }
    return createDigicertClient({
      baseUrl,
      apiKey,
      fetch: deps.fetch,
      secrets: deps.secrets,
      logger: deps.log,
      clock: deps.clock,
      userAgent: `ServiceUserDesk/${deps.appVersion}`,
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  };
}

export type ClientFactory = ReturnType<typeof createClientFactory>;
