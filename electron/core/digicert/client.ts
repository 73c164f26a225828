/**
 * The DigiCert ONE Account Manager client (plain Node; `fetch` is injected so Electron can pass
 * net.fetch and tests the global fetch against the sandbox tenant).
 *
 * - `x-api-key` header, `User-Agent: ServiceUserDesk/<version>`, JSON bodies.
 * - Every call takes an optional AbortSignal and has its own timeout (per attempt).
 * - Reads (GET) retry on 429/503, honouring Retry-After (seconds or HTTP date), with capped
 *   exponential backoff. Writes — above all a create — are never retried automatically.
 * - Every failure is an AppError with a stable code; no message, param or log line carries the
 *   API key, a token, request headers or a raw body.
 */
import {
  certificateRequestSchema,
  type CertificateRequest,
  type CertificateRequestInput,
  type ClientCertificate,
} from '../../../shared/certificates';
import { z } from 'zod';
import {
  serviceUserChangeSchema,
  tokenNameSchema,
  type ApiToken,
  type ServiceUserChangeInput,
} from '../../../shared/manage';
import { AppError, fieldErrorsFromZod, isAppError } from '../../../shared/errors';
import {
  endDateSchema,
  serviceUserSchema,
  utcToday,
  type Account,
  type CreatedServiceUser,
  type Manager,
  type Me,
  type Role,
  type ServiceUser,
  type ServiceUserInput,
} from '../../../shared/serviceUser';
import { tokenCandidates, type TokenCandidate } from './tokenCandidates';
import type { Logger } from '../log/logger';
import type { SecretRegistry } from '../log/secretRegistry';
import { cancelledError, httpError, networkError, timeoutError, unexpectedResponse } from './errors';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, realSleep, retryDelayMs, type RetryPolicy, type Sleep } from './retry';
import {
  KNOWN_MANAGERS,
  PAGE_SIZE,
  WireShapeError,
  accountWire,
  apiTokenWire,
  certificateFileTextOf,
  certificateIdOf,
  certificatePasswordOf,
  listedCertificateWire,
  createCertificateBody,
  createdCertificateWire,
  decodeBase64,
  createTokenBody,
  createUserBody,
  createdTokenWire,
  createdUserWire,
  disableTokenBody,
  issuedTokenIdOf,
  parseErrorBody,
  parseList,
  type ListPage,
  parseWire,
  parseWireLeavingUnread,
  paths,
  readServiceUserWire,
  roleWire,
  serviceUserWire,
  toAccount,
  toMe,
  toRole,
  toApiToken,
  sameNickname,
  toClientCertificate,
  toServiceUser,
  tokenOf,
  meWire,
  updateUserBody,
} from './wire';

const CLIENT_VERSION = '0.1.0';
const DEFAULT_TIMEOUT_MS = 30_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface DigicertClientOptions {
  /** Origin of the deployment, e.g. https://one.digicert.com (a trailing slash is ignored). */
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Default `ServiceUserDesk/<CLIENT_VERSION>`. */
  userAgent?: string;
  sleep?: Sleep;
  clock?: () => Date;
  /** Retries of a read after a 429/503 (default 3). */
  maxRetries?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  /** The API key and every token received are registered here so the logger scrubs them. */
  secrets?: SecretRegistry;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  /** Overrides the retries of a read after a 429/503 (0: answer the first refusal at once). */
  maxRetries?: number;
}

/** A2 missed: the user was created, but its token is not where wire.ts looks (see tokenCandidates.ts). */
export interface CreatedWithoutToken {
  user: ServiceUser;
  token: undefined;
  candidates: TokenCandidate[];
}

export interface DigicertClient {
  listAccounts(opts?: CallOptions): Promise<Account[]>;
  listManagers(opts?: CallOptions): Promise<Manager[]>;
  listRoles(managerId?: string, opts?: CallOptions): Promise<Role[]>;
  listServiceUsers(opts?: CallOptions): Promise<ServiceUser[]>;
  getUser(id: string, opts?: CallOptions): Promise<ServiceUser>;
  getMe(opts?: CallOptions): Promise<Me>;
  createServiceUser(input: ServiceUserInput, opts?: CallOptions): Promise<CreatedServiceUser | CreatedWithoutToken>;
  /** Sends only the fields present in `change` (validated with serviceUserChangeSchema). */
  updateServiceUser(id: string, change: ServiceUserChangeInput, opts?: CallOptions): Promise<ServiceUser>;
  deleteServiceUser(id: string, opts?: CallOptions): Promise<void>;
  /** A user's API tokens (never their values), every page. */
  listTokens(userId: string, opts?: CallOptions): Promise<ApiToken[]>;
  /**
   * Issues a new token for an existing user (rotation); the value is registered as a secret.
   * A 2xx answer with the value under an unknown key gives the strings that may be it
   * (IssuedWithoutValue, registered as secrets); one with no such string fails with
   * `unexpected_response` and params `{issued: true, tokenId?}`: the token exists, its value was not received.
   */
  createToken(input: TokenRequest, opts?: CallOptions): Promise<IssuedToken | IssuedWithoutValue>;
  /** Disables (kept, listed as disabled) or deletes a token. A 404 on delete means already gone. */
  revokeToken(tokenId: string, mode: 'disable' | 'delete', opts?: CallOptions): Promise<void>;
  /**
   * A user's client authentication certificates (never a key or a password), every page;
   * `skipped`: listed items the app could not read (without an id or a nickname).
   */
  listCertificates(userId: string, opts?: CallOptions): Promise<CertificateList>;
  /**
   * Generates a client authentication certificate for a user; the password and the PKCS#12 bytes
   * are registered as secrets before anything can log them. A 2xx answer without them fails with
   * `unexpected_response` and params `{generated: true, certificateId?}`: the certificate exists,
   * but it never reached the app.
   */
  createCertificate(
    userId: string,
    request: CertificateRequest | CertificateRequestInput,
    opts?: CallOptions,
  ): Promise<GeneratedCertificate>;
  /** Revokes a certificate. A 404 is the caller's to judge (the list decides whether it is gone). */
  revokeCertificate(userId: string, certificateId: string, opts?: CallOptions): Promise<void>;
}

export interface CertificateList {
  certificates: ClientCertificate[];
  skipped: number;
}

/** A certificate DigiCert generated: handed over once. */
export interface GeneratedCertificate {
  /**
   * Its id is '' only when DigiCert's answer had none and the user's list did not show it (core
   * then neither caches nor audits an id; the next list has it).
   */
  certificate: ClientCertificate;
  /** The PKCS#12 password. Straight to the certificate vault; never logged, stored or shown unasked. */
  password: string;
  /** The PKCS#12 file's bytes. */
  pkcs12: Uint8Array;
}

export interface TokenRequest {
  userId: string;
  name: string;
  endDate?: string;
}

export interface IssuedToken {
  /** Its id is '' only when DigiCert's answer had none and the user's token list did not show it. */
  token: ApiToken;
  /** The one-time value. Straight to the vault; never logged, stored or shown unasked. */
  value: string;
}

/** A20 missed: the token was issued, but its value is not where wire.ts looks (see tokenCandidates.ts). */
export interface IssuedWithoutValue {
  token: ApiToken;
  value: undefined;
  candidates: TokenCandidate[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const tokenRequestSchema = (today: string) =>
  z.object({ userId: z.string().trim().min(1).max(128), name: tokenNameSchema, endDate: endDateSchema(today) });

interface Answer {
  status: number;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
}

/** List pages requested ahead of the one being read (see readAllPages). */
const PAGES_AHEAD = 4;

interface PagesAhead {
  /** Requests the page at `offset` unless it was already. */
  request(offset: number): void;
  /** The answer requested for `offset`, if any (handed out once). */
  take(offset: number): Promise<Answer> | undefined;
  stop(): void;
}

const TIMEOUT = Symbol('timeout');
const CANCEL = Symbol('cancel');

export function createDigicertClient(options: DigicertClientOptions): DigicertClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const apiKey = options.apiKey;
  const doFetch = options.fetch;
  const clock = options.clock ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const userAgent = options.userAgent ?? `ServiceUserDesk/${CLIENT_VERSION}`;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (options.maxRetries !== undefined) policy.maxRetries = options.maxRetries;
  const logger = options.logger;
  const secrets: string[] = [apiKey];
  options.secrets?.add(apiKey);

  const remember = (secret: string) => {
    secrets.push(secret);
    options.secrets?.add(secret);
  };

  // The same for every request (fetch only reads them): built once, not per call.
  const plainHeaders: Record<string, string> = {
    'x-api-key': apiKey,
    accept: 'application/json',
    'user-agent': userAgent,
  };
  const jsonHeaders: Record<string, string> = { ...plainHeaders, 'content-type': 'application/json' };

  /** One HTTP exchange: never retries, always resolves to an Answer or throws an AppError. */
  async function exchange(method: Method, path: string, body: unknown, opts: CallOptions): Promise<Answer> {
    if (opts.signal?.aborted) throw cancelledError();
    const controller = new AbortController();
    let why: typeof TIMEOUT | typeof CANCEL | undefined;
    const timer = setTimeout(
      () => {
        why = TIMEOUT;
        controller.abort(new Error('timeout'));
      },
      opts.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const signal = opts.signal;
    let onAbort: (() => void) | undefined;
    if (signal) {
      onAbort = () => {
        why ??= CANCEL;
        controller.abort(new Error('cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }

    const init: RequestInit = { method, headers: plainHeaders, signal: controller.signal, redirect: 'manual' };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = jsonHeaders;
    }
    const started = logger ? performance.now() : 0;
    try {
      const res = await doFetch(baseUrl + path, init);
      const text = await res.text();
      const status = res.status;
      logger?.debug('digicert request', {
        method,
        path: path.split('?')[0],
        status,
        ms: Math.round(performance.now() - started),
      });
      let parsed: unknown;
      if (text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          if (status >= 200 && status < 300) {
            const type = (res.headers.get('content-type') ?? 'unknown type').split(';')[0]!.trim().slice(0, 40);
            throw unexpectedResponse('body', `is not JSON (${type})`);
          }
          parsed = undefined;
        }
      }
      if (status < 200 || status >= 300) {
        throw Object.assign(
          httpError({
            status,
            errors: parseErrorBody(parsed),
            retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after'), clock()),
            secrets,
          }),
          { retryable: status === 429 || status === 503 },
        );
      }
      return { status, body: parsed };
    } catch (error) {
      if (isAppError(error)) throw error;
      const mayHaveCommitted = method !== 'GET';
      if (why === CANCEL) throw cancelledError();
      if (why === TIMEOUT) throw timeoutError(mayHaveCommitted);
      const mapped = networkError(error, { mayHaveCommitted });
      logger?.warn('digicert request failed', {
        method,
        path: path.split('?')[0],
        code: mapped.code,
        reason: mapped.params?.reason,
      });
      throw mapped;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** GET with retries on 429/503. */
  async function read(path: string, opts: CallOptions): Promise<Answer> {
    const callPolicy = opts.maxRetries === undefined ? policy : { ...policy, maxRetries: opts.maxRetries };
    let waited = 0;
    for (let retry = 0; ; retry++) {
      try {
        return await exchange('GET', path, undefined, opts);
      } catch (error) {
        const retryable = isAppError(error) && (error as AppError & { retryable?: boolean }).retryable;
        if (!retryable) throw error;
        const appError = error as AppError;
        const after = appError.params?.retryAfterSeconds;
        const delay = retryDelayMs(retry, typeof after === 'number' ? after : undefined, waited, callPolicy);
        if (delay === undefined) throw appError;
        logger?.info('digicert retry', {
          path: path.split('?')[0],
          status: appError.params?.status,
          retry: retry + 1,
          delayMs: delay,
        });
        try {
          await sleep(delay, opts.signal);
        } catch {
          throw cancelledError();
        }
        waited += delay;
      }
    }
  }

  function shape<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof WireShapeError) throw unexpectedResponse(error.path, error.problem);
      throw error;
    }
  }

  /**
   * List pages requested before readAllPages reaches them, on their own controller: stopped when the
   * list ends or fails, and when the caller cancels.
   */
  function pagesAhead(pathAt: (offset: number) => string, opts: CallOptions): PagesAhead {
    const answers = new Map<number, Promise<Answer>>();
    const controller = new AbortController();
    const stop = () => controller.abort();
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener('abort', stop, { once: true });
    const aheadOpts: CallOptions = { ...opts, signal: controller.signal };
    return {
      request(offset) {
        if (answers.has(offset)) return;
        const answer = read(pathAt(offset), aheadOpts);
        answer.catch(() => undefined); // awaited when its turn comes, or never (then it did not matter)
        answers.set(offset, answer);
      },
      take(offset) {
        const answer = answers.get(offset);
        answers.delete(offset);
        return answer;
      },
      stop() {
        opts.signal?.removeEventListener('abort', stop);
        stop();
      },
    };
  }

  /**
   * A9 / A17: every page of a list, deduplicated by id, and how many items could not be read.
   * Stops at the envelope's total, at a short bare page, or when a page repeats the one before (a
   * server that ignores `offset`): usable items all known already, or the same unreadable page.
   *
   * Once an envelope has told the total, the next pages are requested ahead, PAGES_AHEAD at a time,
   * at the offsets the pages so far make likely. The pages are still taken in order and only at the
   * offset the loop asks for: a server whose pages come out otherwise is read as if nothing had been
   * requested ahead.
   */
  async function readAllPages<W extends { id: string }, T>(
    pathAt: (offset: number) => string,
    item: z.ZodType<W, z.ZodTypeDef, unknown>,
    map: (w: W) => T,
    opts: CallOptions,
    fast?: (value: unknown) => W | undefined,
  ): Promise<{ items: T[]; skipped: number }> {
    const seenIds = new Set<string>();
    const items: T[] = [];
    let skipped = 0;
    let unreadablePage: string | undefined;
    // Made on the first page requested ahead: a list that one page answers (the usual case) pays for
    // no second controller, listener or abort.
    let ahead: PagesAhead | undefined;
    try {
      for (let offset = 0, pages = 0; pages < 10_000; pages++) {
        const answer = await (ahead?.take(offset) ?? read(pathAt(offset), opts));
        const page = listOf(item, answer, pathAt(offset), fast);
        let added = 0;
        for (const w of page.items) {
          if (!seenIds.has(w.id)) {
            seenIds.add(w.id);
            items.push(map(w));
            added++;
          }
        }
        const count = page.items.length + page.skipped.length;
        if (page.items.length > 0 && added === 0) break;
        if (page.items.length === 0 && count > 0) {
          // Nothing readable: only the page itself can tell a repeat.
          const seen = JSON.stringify(answer.body);
          if (seen === unreadablePage) break;
          unreadablePage = seen;
        }
        skipped += page.skipped.length;
        offset += count;
        if (count === 0) break;
        if (page.total !== undefined ? offset >= page.total : count < PAGE_SIZE) break;
        if (page.total !== undefined) {
          ahead ??= pagesAhead(pathAt, opts);
          for (let next = offset; next < page.total && next < offset + PAGES_AHEAD * count; next += count)
            ahead.request(next);
        }
      }
    } finally {
      ahead?.stop();
    }
    return { items, skipped };
  }

  /** A list answer; items the app cannot use are left out with a warning (field path and problem only). */
  function listOf<T extends z.ZodTypeAny>(
    item: T,
    answer: Answer,
    path: string,
    fast?: (value: unknown) => z.output<T> | undefined,
  ): ListPage<z.output<T>> {
    const page = shape(() => parseList(item, requireBody(answer), fast));
    if (page.skipped.length > 0)
      logger?.warn('digicert list items skipped', {
        endpoint: path.split('?')[0]!,
        count: page.skipped.length,
        problems: page.skipped.slice(0, 5).map((s) => `${s.path} ${s.problem}`),
      });
    return page;
  }

  function invalid(message: string, issues: z.ZodIssue[]): AppError {
    return new AppError('validation_failed', message, { fieldErrors: fieldErrorsFromZod(issues) });
  }

  function requireBody(answer: Answer): unknown {
    if (answer.body === undefined) throw unexpectedResponse('body', 'is empty');
    return answer.body;
  }

  /**
   * A20 / A25: an answer without the new item's id: the id of the newest item of that name in the
   * user's list, if it can be listed (a failure here must not hide that the item exists).
   */
  async function newestIdNamed<T extends { id: string; createdAt?: string }>(
    list: () => Promise<T[]>,
    named: (item: T) => boolean,
  ): Promise<string | undefined> {
    try {
      const found = (await list()).filter(named);
      found.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      return found[0]?.id;
    } catch {
      return undefined;
    }
  }

  /**
   * A25 refused: errors.ts names a duplicate and the fields as for a service user; here they are the
   * certificate's (DigiCert: "Nickname … already exists").
   */
  function certificateRefusal(error: unknown): unknown {
    if (!isAppError(error)) return error;
    if (error.code === 'duplicate_name') {
      return new AppError('duplicate_name', 'This service user already has a certificate with this nickname.', {
        ...(error.params ? { params: error.params } : {}),
        fieldErrors: [
          {
            field: 'nickname',
            code: 'duplicate_name',
            message: 'This nickname is already taken for this service user. Choose another one.',
          },
        ],
      });
    }
    if (!error.fieldErrors) return error;
    const rename: Record<string, string> = { friendlyName: 'nickname', signature_hash: 'signatureHash' };
    return new AppError(error.code, error.message, {
      ...(error.params ? { params: error.params } : {}),
      fieldErrors: error.fieldErrors.map((f) => ({ ...f, field: rename[f.field] ?? f.field })),
    });
  }

  const client: DigicertClient = {
    async listAccounts(opts = {}) {
      const answer = await read(paths.accounts(), opts);
      return listOf(accountWire, answer, paths.accounts()).items.map(toAccount);
    },

    async listManagers() {
      // A6: no endpoint; the six managers are fixed (wire.ts).
      return KNOWN_MANAGERS.map(({ id, name }) => ({ id, name }));
    },

    async listRoles(managerId, opts = {}) {
      const managers = managerId ? KNOWN_MANAGERS.filter((m) => m.id === managerId) : KNOWN_MANAGERS;
      if (managers.length === 0)
        throw new AppError('not_found', 'That DigiCert ONE manager is not known.', {
          params: { managerId: managerId!.slice(0, 64) },
        });
      const lists = await Promise.all(
        managers.map(async (m) => {
          const answer = await read(paths.roles(m.code), opts);
          return listOf(roleWire, answer, paths.roles(m.code))
            .items.map((w) => toRole(w, m.id))
            .filter((r): r is Role => !!r && r.managerId === m.id);
        }),
      );
      const seen = new Set<string>();
      return lists.flat().filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
    },

    async listServiceUsers(opts = {}) {
      const { items } = await readAllPages(
        (offset) => paths.serviceUsers(offset, PAGE_SIZE),
        serviceUserWire,
        toServiceUser,
        opts,
        readServiceUserWire,
      );
      return items;
    },

    async getUser(id, opts = {}) {
      const answer = await read(paths.user(id), opts);
      return shape(() => toServiceUser(parseWire(serviceUserWire, requireBody(answer))));
    },

    async getMe(opts = {}) {
      const answer = await read(paths.me(), opts);
      return shape(() => toMe(parseWire(meWire, requireBody(answer))));
    },

    async createServiceUser(input, opts = {}) {
      const parsed = serviceUserSchema(utcToday(clock())).safeParse(input);
      if (!parsed.success) {
        throw new AppError('validation_failed', 'Some values need attention before the service user can be created.', {
          fieldErrors: fieldErrorsFromZod(parsed.error.issues),
        });
      }
      const answer = await exchange('POST', paths.createUser(), createUserBody(parsed.data), opts);
      const created = shape(() => {
        if (answer.body === undefined) throw new WireShapeError('body', 'is empty');
        // The quick reading of the user's fields when they plainly fit (zod costs tens of µs here);
        // otherwise zod. A field the app can do without is left unread rather than lose the user's
        // one-time token over it. The token is taken from the raw answer either way.
        const quick = readServiceUserWire(answer.body);
        if (quick) return quick;
        const { data, unread } = parseWireLeavingUnread(createdUserWire, answer.body);
        if (unread.length > 0) logger?.warn('digicert create answer: fields left unread', { fields: unread });
        return data;
      });
      const token = tokenOf(answer.body);
      const user = toServiceUser({ ...created, friendly_name: created.friendly_name || parsed.data.friendlyName });
      if (!token) {
        // The user exists but its token is not where A2 says: hand up every string that could be
        // it (registered as secrets first) so the admin can pick it, instead of losing it.
        const candidates = tokenCandidates(answer.body, [user.id, user.friendlyName]);
        for (const c of candidates) remember(c.value);
        logger?.warn('digicert create answer has no token where expected', {
          userId: user.id,
          candidatePaths: candidates.map((c) => c.path),
        });
        if (candidates.length > 0) return { user, token: undefined, candidates };
        // Nothing that could be it: say the user exists, so the caller can report the token lost.
        const error = unexpectedResponse('api_token', 'is missing');
        throw new AppError(error.code, error.message, { params: { ...error.params, created: true, userId: user.id } });
      }
      remember(token);
      logger?.info('digicert service user created', { userId: user.id });
      return { user, token };
    },

    async updateServiceUser(id, change, opts = {}) {
      const parsed = serviceUserChangeSchema(utcToday(clock())).safeParse(change);
      if (!parsed.success)
        throw invalid('Some values need attention before the service user can be changed.', parsed.error.issues);
      const answer = await exchange('PUT', paths.user(id), updateUserBody(parsed.data), opts);
      if (answer.body === undefined) return client.getUser(id, opts);
      return shape(() => toServiceUser(parseWire(serviceUserWire, answer.body)));
    },

    async deleteServiceUser(id, opts = {}) {
      await exchange('DELETE', paths.user(id), undefined, opts);
    },

    async listTokens(userId, opts = {}) {
      const { items } = await readAllPages(
        (offset) => paths.tokens(userId, offset, PAGE_SIZE),
        apiTokenWire,
        toApiToken,
        opts,
      );
      return items;
    },

    async createToken(request, opts = {}) {
      const parsed = tokenRequestSchema(utcToday(clock())).safeParse(request);
      if (!parsed.success)
        throw invalid('Some values need attention before the token can be issued.', parsed.error.issues);
      const input = parsed.data;
      const answer = await exchange('POST', paths.createToken(), createTokenBody(input), opts);
      // From here on the token exists: nothing may fail without saying so (params.issued).
      const value = tokenOf(answer.body);
      let tokenId = issuedTokenIdOf(answer.body);
      const candidates = value ? [] : tokenCandidates(answer.body, [input.userId, input.name, tokenId ?? '']);
      if (!value) {
        // Registered as secrets before anything else can log them.
        for (const c of candidates) remember(c.value);
        logger?.warn('digicert token answer has no token where expected', {
          userId: input.userId,
          tokenId,
          candidatePaths: candidates.map((c) => c.path),
        });
      }
      if (!value && candidates.length === 0) {
        const error = unexpectedResponse('token', answer.body === undefined ? 'is missing (empty body)' : 'is missing');
        const params: Record<string, string | number | boolean> = { ...error.params, issued: true };
        if (tokenId) params.tokenId = tokenId;
        throw new AppError(error.code, error.message, { params });
      }
      if (value) remember(value);
      tokenId ??= await newestIdNamed(
        () => client.listTokens(input.userId, opts),
        (t) => t.name === input.name,
      );
      const meta = createdTokenWire.safeParse(answer.body);
      const about = meta.success ? meta.data : {};
      const token = toApiToken({
        ...about,
        id: tokenId ?? '',
        name: about.name || input.name,
        end_date: about.end_date ?? input.endDate ?? null,
      });
      logger?.info('digicert token issued', { userId: input.userId, tokenId: token.id });
      return value ? { token, value } : { token, value: undefined, candidates };
    },

    async listCertificates(userId, opts = {}) {
      const { items, skipped } = await readAllPages(
        (offset) => paths.certificates(userId, offset, PAGE_SIZE),
        listedCertificateWire,
        toClientCertificate,
        opts,
      );
      return { certificates: items, skipped };
    },

    async createCertificate(userId, request, opts = {}) {
      // The user's end date is not known here: core checks the end date against it.
      const parsed = certificateRequestSchema(utcToday(clock()), null).safeParse(request);
      if (!parsed.success)
        throw invalid('Some values need attention before the certificate can be generated.', parsed.error.issues);
      const input = parsed.data;
      let answer: Answer;
      try {
        answer = await exchange('POST', paths.createCertificate(userId), createCertificateBody(input), opts);
      } catch (error) {
        throw certificateRefusal(error);
      }
      // From here on the certificate exists: nothing may fail without saying so (params.generated).
      // Its password and file are registered as secrets before anything else can log them.
      const password = certificatePasswordOf(answer.body);
      const fileText = certificateFileTextOf(answer.body);
      if (password) remember(password);
      if (fileText) remember(fileText);
      const pkcs12 = fileText === undefined ? undefined : decodeBase64(fileText);
      if (pkcs12) remember(Buffer.from(pkcs12).toString('base64'));
      let certificateId = certificateIdOf(answer.body);
      if (!password || !pkcs12) {
        const [path, problem] = !password
          ? ['password', 'is missing']
          : fileText === undefined
            ? ['certificate_file', 'is missing']
            : ['certificate_file', 'is not base64'];
        logger?.warn('digicert certificate answer without its password or file', { userId, certificateId, path });
        const error = unexpectedResponse(path, answer.body === undefined ? `${problem} (empty body)` : problem);
        const params: Record<string, string | number | boolean> = { ...error.params, generated: true };
        if (certificateId) params.certificateId = certificateId;
        throw new AppError(error.code, error.message, { params });
      }
      certificateId ??= await newestIdNamed(
        async () => (await client.listCertificates(userId, opts)).certificates,
        (c) => sameNickname(c.nickname, input.nickname),
      );
      const meta = createdCertificateWire.safeParse(answer.body);
      const about = meta.success ? meta.data : {};
      const certificate = toClientCertificate({
        ...about,
        id: certificateId ?? '',
        nickname: about.nickname || input.nickname,
        end_date: about.end_date ?? input.endDate,
      });
      logger?.info('digicert certificate generated', { userId, certificateId: certificate.id });
      return { certificate, password, pkcs12 };
    },

    async revokeCertificate(userId, certificateId, opts = {}) {
      await exchange('PUT', paths.revokeCertificate(userId, certificateId), undefined, opts);
    },

    async revokeToken(tokenId, mode, opts = {}) {
      if (mode === 'disable') {
        await exchange('PUT', paths.token(tokenId), disableTokenBody(), opts);
        return;
      }
      // A 404 is the caller's to judge (operations confirms the token is gone).
      await exchange('DELETE', paths.token(tokenId), undefined, opts);
    },
  };
  return client;
}
