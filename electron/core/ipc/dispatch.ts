import { z } from 'zod';
import { AppError, fieldErrorsFromZod, isAppError, type Result } from '../../../shared/errors';
import {
  contract,
  isChannelName,
  type ChannelName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../../shared/ipc/contract';
import type { Logger } from '../log/logger';

/** The implementation of every channel in the contract. */
export type Handlers = {
  [C in ChannelName]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** Largest payload accepted on any channel, measured as JSON. Real requests are a few KiB. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Deepest nesting accepted. Real requests nest 4 levels (drafts.save → fields → managers → roleIds). */
const MAX_PAYLOAD_DEPTH = 32;
/** Most values (objects, arrays, leaves) walked before giving up: more than fit in MAX_PAYLOAD_BYTES. */
const MAX_PAYLOAD_NODES = MAX_PAYLOAD_BYTES / 2;

/**
 * Depth and size checked by an explicit stack, before anything recursive (JSON.stringify, zod)
 * sees the payload: 100k nested arrays must be refused, not overflow the call stack. A cyclic
 * payload (structured clone allows them) ends as too deep.
 */
function checkShape(payload: unknown): void {
  const stack: Array<[unknown, number]> = [[payload, 0]];
  let nodes = 1;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_PAYLOAD_DEPTH) throw new AppError('invalid_request', 'The request is nested too deeply.');
    const children = Object.values(value);
    nodes += children.length;
    if (nodes > MAX_PAYLOAD_NODES) throw new AppError('invalid_request', 'The request is too large.');
    for (const child of children) stack.push([child, depth + 1]);
  }
}

/** Zod messages that never echo the received value (it could be a pasted key in the wrong field). */
const quietErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? 'Required.' : `Expected ${issue.expected}.` };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `Unexpected field(s): ${issue.keys.map((k) => k.slice(0, 40)).join(', ')}.` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `Expected one of: ${issue.options.join(', ')}.` };
    case z.ZodIssueCode.invalid_literal:
      return { message: 'Unexpected value.' };
    default:
      return { message: ctx.defaultError.replace(/, received .*/s, '.') };
  }
};

export function parseRequest<C extends ChannelName>(channel: C, payload: unknown): ParsedRequestOf<C> {
  checkShape(payload);
  let size: number;
  try {
    size = JSON.stringify(payload ?? {}).length;
  } catch {
    throw new AppError('invalid_request', 'The request could not be read.');
  }
  if (size > MAX_PAYLOAD_BYTES) throw new AppError('invalid_request', 'The request is too large.');

  const parsed = contract[channel].request.safeParse(payload ?? {}, { errorMap: quietErrorMap });
  if (!parsed.success) {
    throw new AppError('invalid_request', 'The request was not valid.', {
      fieldErrors: fieldErrorsFromZod(parsed.error.issues, '(request)'),
    });
  }
  return parsed.data as ParsedRequestOf<C>;
}

/**
 * Runs one request through the contract: unknown channel, oversized or malformed payloads and
 * handler failures all come back as `{ ok: false, error }`. Shared by the Electron IPC wrapper and
 * the harness bridge so both transports behave the same.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  log: Logger,
): Promise<Result<unknown>> {
  if (!isChannelName(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: 'That request is not part of the app.' } };
  }
  try {
    const request = parseRequest(channel, payload);
    const handler = handlers[channel] as (request: unknown) => unknown;
    const value = await handler(request);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    if (isAppError(error)) {
      if (error.code !== 'invalid_request') log.info('request failed', { channel, code: error.code });
      return { ok: false, error: error.toValue() };
    }
    log.error('unexpected failure', {
      channel,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app. The details are in the log.' },
    };
  }
}
