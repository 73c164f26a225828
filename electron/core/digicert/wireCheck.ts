/**
 * `npm run wire-check`: settles the assumptions of wire.ts (A1–A27) against a real tenant with
 * read requests only (GET /user/me, /account, /role per manager, /user?user_type=service,
 * /api-access-token?user_id=<me>, /user/<first service user>/client-auth-certificate), validating
 * each answer with the schemas the client uses. Generating and revoking a certificate (A25, A26)
 * write, and the mutual-TLS call (A27) needs a certificate: those are not exercised; the A27
 * origin derived from the connection's address is printed.
 *
 * What it reports names endpoints, assumption ids, field paths and JSON types only: never a value
 * from an answer (no id, name, e-mail, token), never the API key, never a user's id (the token
 * list's query is shown as `user_id=<me>`, the certificate list's user as `<first service user>`).
 * Writes nothing.
 */
import { z } from 'zod';
import {
  KNOWN_MANAGERS,
  PAGE_SIZE,
  WireShapeError,
  accountWire,
  apiTokenWire,
  clientAuthOrigin,
  clientCertificateWire,
  listedCertificateWire,
  managerIdFor,
  meWire,
  parseErrorBody,
  parseList,
  parseWire,
  paths,
  roleWire,
  serviceUserWire,
  toMe,
  toRole,
  toServiceUser,
} from './wire';
import { errorCodeOf } from './errors';

export type Verdict = 'held' | 'did not hold' | 'not checked';

export interface AssumptionResult {
  id: string;
  verdict: Verdict;
  /** Field names, types, counts and endpoint names only. */
  notes: string[];
}

export interface CallRecord {
  /** e.g. `GET /api-access-token?user_id=<me>` */
  label: string;
  /** HTTP status, or what went wrong instead (`offline`, `timeout`, ...). */
  outcome: string;
  /** 'bare array, 8 items', 'envelope, 100 items', 'object', 'not JSON', ... */
  shape?: string;
}

export interface WireCheckReport {
  calls: CallRecord[];
  results: AssumptionResult[];
  /** True when an assumption did not hold. */
  failed: boolean;
  /** A27: the mutual-TLS origin derived from the connection's address (not called); null: none. */
  clientAuthOrigin: string | null;
}

export interface WireCheckOptions {
  baseUrl: string;
  apiKey: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs?: number;
}

const ALL_IDS = Array.from({ length: 27 }, (_, i) => `A${i + 1}`);
const NEEDS_A_WRITE = ['A1', 'A2', 'A3', 'A4', 'A5', 'A14', 'A15', 'A19', 'A20', 'A21', 'A22', 'A25', 'A26'];
/** Fields that would carry a certificate's secret: never in a list (A24). */
const CERTIFICATE_SECRET_FIELDS = [
  'password',
  'certificate_password',
  'p12_password',
  'certificate_file',
  'pkcs12',
  'p12',
  'file',
  'private_key',
];
const RANK: Record<Verdict, number> = { 'not checked': 0, held: 1, 'did not hold': 2 };
/** A key worth naming: a plain identifier (keys that look like data are not printed). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `id (string), token_name (string)`: the keys of an object with their JSON types. */
function fieldsOf(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return typeOf(value);
  const keys = Object.keys(value).filter((k) => PLAIN_KEY.test(k) && !/^[0-9a-f]{8,}$/i.test(k));
  return keys.map((k) => `${k} (${typeOf((value as Record<string, unknown>)[k])})`).join(', ') || 'no fields';
}

function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const items = body && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? items : [];
}

function listShape(body: unknown): string {
  if (Array.isArray(body)) return `bare array, ${body.length} items`;
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    const env = body as Record<string, unknown>;
    const parts = ['total', 'offset', 'limit'].filter((k) => typeof env[k] === 'number');
    return `envelope {${[...parts, 'items'].join(', ')}}, ${itemsOf(body).length} items`;
  }
  return typeOf(body);
}

/** The schema's optional fields that no item carried (absent or null in all of them). */
function neverPresent(schema: z.AnyZodObject, items: unknown[]): string[] {
  if (items.length === 0) return [];
  return Object.keys(schema.shape).filter((key) =>
    items.every((item) => {
      const v = item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
      return v === undefined || v === null;
    }),
  );
}

export async function checkWire(options: WireCheckOptions): Promise<WireCheckReport> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const calls: CallRecord[] = [];
  const results = new Map<string, AssumptionResult>(
    ALL_IDS.map((id) => [id, { id, verdict: 'not checked' as Verdict, notes: [] }]),
  );
  const mark = (id: string, verdict: Verdict, note?: string) => {
    const r = results.get(id)!;
    if (RANK[verdict] > RANK[r.verdict]) r.verdict = verdict;
    if (note && !r.notes.includes(note)) r.notes.push(note);
  };
  for (const id of NEEDS_A_WRITE) mark(id, 'not checked', 'needs a write; wire-check only reads');
  mark('A16', 'not checked', 'a naming rule the answers cannot confirm');
  const origin = clientAuthOrigin(base);
  mark(
    'A27',
    'not checked',
    origin
      ? `needs a client certificate; the mutual-TLS origin for this connection would be ${origin}`
      : 'needs a client certificate; this connection has no mutual-TLS origin (an IP address or localhost)',
  );
  /** Error answers seen, for A13. */
  const errorBodies: { label: string; body: unknown }[] = [];

  async function get(label: string, path: string): Promise<{ ok: true; body: unknown } | { ok: false }> {
    const record: CallRecord = { label, outcome: '' };
    calls.push(record);
    let res: Response;
    let text: string;
    try {
      res = await options.fetch(base + path, {
        method: 'GET',
        headers: { 'x-api-key': options.apiKey, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (error) {
      const name = (error as { name?: string }).name;
      record.outcome = name === 'TimeoutError' ? 'timeout' : `no answer (${errorCodeOf(error) ?? 'network error'})`;
      return { ok: false };
    }
    record.outcome = String(res.status);
    let body: unknown;
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      record.shape = `not JSON (${(res.headers.get('content-type') ?? 'no content type').split(';')[0]!.trim().slice(0, 40)})`;
      return { ok: false };
    }
    record.shape = body === undefined ? 'empty' : listShape(body);
    if (res.status < 200 || res.status >= 300) {
      if (body !== undefined) errorBodies.push({ label, body });
      return { ok: false };
    }
    return { ok: true, body };
  }

  /**
   * A list answer: `form` (A9, A17) for its form, `id` for its items; the parsed items, or undefined.
   * `item`: how the client reads an item, when it checks more than `schema`'s fields.
   */
  function list<T extends z.AnyZodObject>(
    id: string,
    label: string,
    schema: T,
    body: unknown,
    form = 'A9',
    item: z.ZodTypeAny = schema,
  ) {
    let page;
    try {
      page = parseList(item, body);
    } catch (error) {
      if (!(error instanceof WireShapeError)) throw error;
      mark(form, 'did not hold', `${label}: ${error.path} ${error.problem}`);
      return undefined;
    }
    mark(form, 'held', `${label}: ${listShape(body)}`);
    const first = page.skipped[0];
    if (first) {
      // The app leaves such items out of its lists; the assumption about them did not hold.
      const index = /\[(\d+)\]/.exec(first.path)?.[1];
      const bad = index !== undefined ? itemsOf(body)[Number(index)] : undefined;
      const more = page.skipped.length > 1 ? ` (${page.skipped.length} items skipped)` : '';
      mark(id, 'did not hold', `${label}: ${first.path} ${first.problem}${more}; that item has: ${fieldsOf(bad)}`);
      return undefined;
    }
    const missing = neverPresent(schema, itemsOf(body));
    if (missing.length) mark(id, 'held', `${label}: never present (or always null): ${missing.join(', ')}`);
    return page.items as z.output<T>[];
  }

  // /user/me: A12 (and A23's roles on the caller).
  const meLabel = 'GET /user/me';
  const meAnswer = await get(meLabel, paths.me());
  let meId: string | undefined;
  if (meAnswer.ok) {
    try {
      const me = parseWire(meWire, meAnswer.body);
      meId = me.id;
      const mapped = toMe(me);
      if ((mapped.permissions?.length ?? 0) > 0 || mapped.canManageUsers) mark('A12', 'held', `${meLabel}: readable`);
      else
        mark(
          'A12',
          'did not hold',
          `${meLabel}: no permissions under applications[].permissions and no role code AM_ACCOUNT_ADMIN; it has: ${fieldsOf(meAnswer.body)}`,
        );
    } catch (error) {
      if (!(error instanceof WireShapeError)) throw error;
      mark('A12', 'did not hold', `${meLabel}: ${error.path} ${error.problem}; it has: ${fieldsOf(meAnswer.body)}`);
    }
  }

  // /account: A9.
  const accountsLabel = 'GET /account';
  const accounts = await get(accountsLabel, paths.accounts());
  if (accounts.ok) list('A9', accountsLabel, accountWire, accounts.body);

  // /role per manager: A6, A7, A8.
  const noRoles: string[] = [];
  for (const manager of KNOWN_MANAGERS) {
    const label = `GET /role?application_code=${manager.code}`;
    const answer = await get(label, paths.roles(manager.code));
    if (!answer.ok) continue;
    mark('A8', 'held');
    const roles = list('A7', label, roleWire, answer.body);
    if (!roles) continue;
    if (roles.length === 0) {
      noRoles.push(manager.code);
      continue;
    }
    mark('A7', 'held');
    mark('A6', 'held');
    const others = roles.filter((w) => toRole(w)?.managerId !== undefined && toRole(w)?.managerId !== manager.id);
    if (others.length)
      mark('A8', 'did not hold', `${label}: ${others.length} of ${roles.length} roles belong to another manager`);
  }
  if (noRoles.length)
    mark('A6', 'not checked', `no roles for: ${noRoles.join(', ')} (not on this tenant, or the code is wrong)`);

  // /user?user_type=service: A9, A10, A11, A23.
  const usersLabel = 'GET /user?user_type=service';
  const usersAnswer = await get(usersLabel, paths.serviceUsers(0, PAGE_SIZE));
  /** The first listed service user's id, for A24 (never printed). */
  let firstUserId: string | undefined;
  if (usersAnswer.ok) {
    const users = list('A10', usersLabel, serviceUserWire, usersAnswer.body);
    firstUserId = users?.[0]?.id;
    if (users && users.length === 0) {
      for (const id of ['A10', 'A11', 'A23']) mark(id, 'not checked', `${usersLabel}: no service users to look at`);
    } else if (users) {
      mark('A10', 'held');
      const badDates = users.filter((w) => w.end_date && !toServiceUser(w).endDate).length;
      if (badDates)
        mark('A10', 'did not hold', `${usersLabel}: ${badDates} end_date values are not a date or date-time`);
      const apps = users.flatMap((w) => w.applications ?? []);
      const unmatched = apps.filter((a) => !managerIdFor(a.code) && !managerIdFor(a.name)).length;
      if (apps.length === 0) mark('A11', 'not checked', `${usersLabel}: no applications[] in any user`);
      else if (unmatched)
        mark(
          'A11',
          'did not hold',
          `${usersLabel}: ${unmatched} of ${apps.length} applications match no known manager`,
        );
      else mark('A11', 'held', `${usersLabel}: ${apps.length} applications, all matched`);
      const withRoles = users.filter((w) => (toServiceUser(w).roleIds?.length ?? 0) > 0).length;
      if (withRoles) mark('A23', 'held', `${usersLabel}: ${withRoles} of ${users.length} users carry roles[].id`);
      else mark('A23', 'did not hold', `${usersLabel}: no user carries roles[] with an id`);
    }
  }

  // /api-access-token?user_id=<me>: A17, A18.
  const tokensLabel = 'GET /api-access-token?user_id=<me>';
  if (meId === undefined) {
    mark('A17', 'not checked', `${tokensLabel}: skipped, /user/me gave no id`);
    mark('A18', 'not checked', `${tokensLabel}: skipped, /user/me gave no id`);
  } else {
    const answer = await get(tokensLabel, paths.tokens(meId, 0, PAGE_SIZE));
    const call = calls.at(-1)!;
    if (!answer.ok)
      mark('A17', 'did not hold', `${tokensLabel}: answered ${call.outcome}${call.shape ? ` (${call.shape})` : ''}`);
    else {
      const tokens = list('A18', tokensLabel, apiTokenWire, answer.body, 'A17');
      if (tokens?.length === 0) mark('A18', 'not checked', `${tokensLabel}: no tokens to look at`);
      else if (tokens) mark('A18', 'held');
      const withValues = itemsOf(answer.body).filter(
        (item) => item && typeof item === 'object' && ['token', 'api_token', 'value'].some((k) => k in item),
      ).length;
      if (withValues)
        mark('A18', 'did not hold', `${tokensLabel}: ${withValues} items carry a token, api_token or value field`);
    }
  }

  // /user/<first service user>/client-auth-certificate: A24.
  const certificatesLabel = 'GET /user/<first service user>/client-auth-certificate';
  if (firstUserId === undefined) {
    mark('A24', 'not checked', `${certificatesLabel}: skipped, no service user listed`);
  } else {
    const answer = await get(certificatesLabel, paths.certificates(firstUserId, 0, PAGE_SIZE));
    const call = calls.at(-1)!;
    if (!answer.ok)
      mark(
        'A24',
        'did not hold',
        `${certificatesLabel}: answered ${call.outcome}${call.shape ? ` (${call.shape})` : ''}`,
      );
    else {
      const certificates = list(
        'A24',
        certificatesLabel,
        clientCertificateWire,
        answer.body,
        'A24',
        listedCertificateWire,
      );
      if (certificates?.length === 0)
        mark('A24', 'held', `${certificatesLabel}: no certificates, so their fields were not seen`);
      const withSecrets = itemsOf(answer.body).filter(
        (item) => item && typeof item === 'object' && CERTIFICATE_SECRET_FIELDS.some((k) => k in item),
      ).length;
      if (withSecrets)
        mark(
          'A24',
          'did not hold',
          `${certificatesLabel}: ${withSecrets} items carry a password, file or key field (${CERTIFICATE_SECRET_FIELDS.join(', ')})`,
        );
    }
  }

  // Failures of any call: A13 (the error envelope), and which checks they kept from running.
  for (const { label, body } of errorBodies) {
    if (parseErrorBody(body)) mark('A13', 'held', `${label}: an error envelope`);
    else mark('A13', 'did not hold', `${label}: error answer has: ${fieldsOf(body)}`);
  }
  const unanswered = calls.filter((c) => !/^2\d\d$/.test(c.outcome));
  if (errorBodies.length === 0) mark('A13', 'not checked', 'no error answers seen');
  for (const c of unanswered) {
    const affected = c.label.startsWith('GET /role')
      ? ['A6', 'A7', 'A8']
      : c.label === usersLabel
        ? ['A10', 'A11', 'A23']
        : c.label === meLabel
          ? ['A12']
          : [];
    for (const id of affected) mark(id, 'not checked', `${c.label}: answered ${c.outcome}`);
  }

  const all = [...results.values()];
  return {
    calls,
    results: all,
    failed: all.some((r) => r.verdict === 'did not hold'),
    clientAuthOrigin: origin,
  };
}

/** The report as lines of text (no values: see the file comment). */
export function formatReport(report: WireCheckReport): string[] {
  const lines = ['Requests (read only):'];
  for (const c of report.calls) lines.push(`  ${c.label.padEnd(52)} ${c.outcome}${c.shape ? `  ${c.shape}` : ''}`);
  lines.push('', 'Assumptions (docs/digicert-wire-assumptions.md):');
  for (const r of report.results) {
    lines.push(`  ${r.id.padEnd(4)} ${r.verdict}`);
    for (const note of r.notes) lines.push(`         ${note}`);
  }
  lines.push(
    '',
    `Mutual TLS (A27): ${report.clientAuthOrigin ?? 'no origin for this address'} — not called (it needs a client certificate).`,
    'Certificates: listed read-only (A24); generating (A25) and revoking (A26) write, so they are not exercised.',
  );
  const count = (v: Verdict) => report.results.filter((r) => r.verdict === v).length;
  lines.push('', `${count('held')} held, ${count('did not hold')} did not hold, ${count('not checked')} not checked.`);
  return lines;
}
