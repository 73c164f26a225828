import { createDigicertClient, type DigicertClientOptions } from '../../../electron/core/digicert/client';
import type { Logger } from '../../../electron/core/log/logger';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { isAppError } from '../../../shared/errors';

/**
 * Collects everything the client logs (unscrubbed: a scrubbing logger would hide a leak) and
 * every error it raised, so a suite can scan them for keys and tokens at the end.
 */
export function createRecorder() {
  const lines: string[] = [];
  const raw = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  const logger: Logger = { debug: raw('debug'), info: raw('info'), warn: raw('warn'), error: raw('error') };
  const record = (error: unknown) => {
    if (isAppError(error)) lines.push(JSON.stringify({ ...error.toValue(), stack: error.stack }));
    else if (error instanceof Error) lines.push(`${error.name}: ${error.message}\n${error.stack}`);
    else lines.push(String(error));
  };
  /** Awaits `promise`, which must fail; records and returns the error. */
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      record(error);
      return error as import('../../../shared/errors').AppError;
    }
    throw new Error('expected a failure');
  };
  return { lines, logger, record, failure };
}

export function clientFor(
  url: string,
  apiKey: string,
  recorder: ReturnType<typeof createRecorder>,
  extra: Partial<DigicertClientOptions> = {},
) {
  const sleeps: number[] = [];
  const secrets = new SecretRegistry();
  const client = createDigicertClient({
    baseUrl: url,
    apiKey,
    fetch: (input, init) => fetch(input, init),
    logger: recorder.logger,
    secrets,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
    },
    timeoutMs: 5000,
    ...extra,
  });
  return { client, sleeps, secrets };
}

export const TOKEN_PATTERN = /^[0-9a-f]{26}_[0-9a-f]{64}$/;
