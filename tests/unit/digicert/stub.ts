import { createDigicertClient, type DigicertClientOptions } from '../../../electron/core/digicert/client';

export const STUB_KEY = 'stubkey0123456789abcdef_0123456789abcdef0123456789abcdef';

export interface StubCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

export type StubAnswer = Response | Error | (() => Response);

/** A fetch that answers from a queue and records each call. */
function stubFetch(answers: StubAnswer[]) {
  const calls: StubCall[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call: StubCall = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
    };
    if (typeof init.body === 'string') call.body = JSON.parse(init.body);
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new Error('stub: no answer left');
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export function stubClient(answers: StubAnswer[], extra: Partial<DigicertClientOptions> = {}) {
  const stub = stubFetch(answers);
  const sleeps: number[] = [];
  const client = createDigicertClient({
    baseUrl: 'https://one.example.test/',
    apiKey: STUB_KEY,
    fetch: stub.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    clock: () => new Date('2026-03-10T12:00:00Z'),
    ...extra,
  });
  return { client, calls: stub.calls, sleeps };
}

export async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as import('../../../shared/errors').AppError;
  }
  throw new Error('expected a failure');
}
