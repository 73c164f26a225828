/**
 * The browser harness: the real core behind a loopback HTTP bridge, serving the real renderer.
 * Only the transport differs from the Electron app (docs/DESIGN.md §1).
 *
 * Security: binds 127.0.0.1 only; every IPC call needs the per-run secret (header) and an Origin
 * equal to the harness's own; the Host header must name the harness (DNS rebinding); no CORS
 * headers are ever sent; bodies are capped; static files are served from one folder, no traversal.
 *
 * Core's events (shared/ipc/events.ts) stream as server-sent events from `GET /events`. EventSource
 * cannot send the secret header, so the page first trades it for a ticket (`POST /events/ticket`,
 * checked like /ipc): single use, valid for EVENT_TICKET_MS, and never written to a log.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { homedir } from 'node:os';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP } from '../../shared/csp';
import { HARNESS_SECRET_HEADER } from '../../shared/harness';
import type { Result } from '../../shared/errors';
import type { AppEventListener } from '../../shared/ipc/events';
import { withHarnessFolder } from '../core/files/harnessFolder';
import { dispatch, MAX_PAYLOAD_BYTES, type Handlers } from '../core/ipc/dispatch';
import { createMemoryClipboard } from '../core/creation/clipboard';
import type { Logger } from '../core/log/logger';
import { startSandbox } from '../sandbox';

const HARNESS_HOST = '127.0.0.1';
/** Raw body cap: the dispatcher's JSON cap plus room for escaping. */
const MAX_BODY_BYTES = MAX_PAYLOAD_BYTES + 16 * 1024;
/** How long an event ticket may wait for its `GET /events`. */
const EVENT_TICKET_MS = 30_000;
/** Unused tickets kept at most (older ones are dropped first). */
const MAX_TICKETS = 32;

const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** What the harness needs from the core (a subset of `Core` from electron/core/app.ts). */
export interface HarnessCore {
  handlers: Handlers;
  log: Logger;
  /** Core's events for the renderer; returns the unsubscribe function. */
  onEvent(listener: AppEventListener): () => void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** 0 or omitted: a random free port. */
  port?: number;
  /** Must be a loopback address; anything else is refused. */
  host?: string;
  dataDir: string;
  rendererDir?: string;
  appVersion?: string;
  /** Inject a core (tests); omitted: `createCore({ transport: 'harness', dataDir })`. */
  core?: HarnessCore;
  /** Fixed secret (tests); omitted: 32 random bytes, hex. */
  secret?: string;
  /**
   * E2E only: `GET /__test__/clipboard` (secret required) answers what the core's in-memory
   * clipboard holds, so a test can see a copied token being cleared. Off unless asked for.
   */
  exposeClipboard?: boolean;
  /**
   * The only folder `audit.export` may write into (there is no save dialog here, so the typed path
   * is all there is). Default: the user's home folder.
   */
  exportDir?: string;
}

export interface Harness {
  /** Open this: `http://127.0.0.1:PORT/#secret=...`. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  dataDir: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const buf = Buffer.from(given, 'utf8');
  return buf.length === expected.length && timingSafeEqual(buf, expected);
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    ...extra,
  });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

const refusal = (code: 'untrusted_sender' | 'invalid_request' | 'unknown_channel', message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

class BodyTooLarge extends Error {}

/**
 * Reads the body up to `limit` bytes. A larger body is drained (so the client can read the 413)
 * up to a hard ceiling, past which the connection is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const ceiling = limit * 32;
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > ceiling) {
        req.destroy();
        reject(new Error('body far too large'));
        return;
      }
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit ? reject(new BodyTooLarge()) : resolveBody(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const host = options.host ?? HARNESS_HOST;
  if (host !== HARNESS_HOST) {
    throw new Error(`The harness binds ${HARNESS_HOST} only (asked for ${host}).`);
  }
  const secret = options.secret ?? randomBytes(32).toString('hex');
  if (!/^[0-9a-f]{64}$/.test(secret)) throw new Error('The harness secret must be 32 bytes, hex.');
  const secretBuf = Buffer.from(secret, 'utf8');
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);

  const clipboard = createMemoryClipboard();
  const core: HarnessCore =
    options.core ??
    (await (async () => {
      const { createCore } = await import('../core/app');
      return createCore({
        dataDir: options.dataDir,
        transport: 'harness',
        appVersion: options.appVersion ?? '0.0.0-harness',
        clipboard,
        startSandbox,
      });
    })());

  const handlers = withHarnessFolder(core.handlers, resolve(options.exportDir ?? homedir()));
  let origin = '';
  let hostHeader = '';

  /** The checks every POST from the page passes (IPC, event tickets); false when it was refused. */
  function trustedPost(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') {
      sendResult(res, 405, refusal('invalid_request', 'Use POST.'));
      return false;
    }
    // Origin first: a page on another origin learns nothing, not even whether its secret was right.
    if (req.headers.origin !== origin || req.headers.host !== hostHeader) {
      sendResult(res, 403, refusal('untrusted_sender', 'Requests are accepted from the harness page only.'));
      return false;
    }
    if (!sameSecret(req.headers[HARNESS_SECRET_HEADER], secretBuf)) {
      sendResult(
        res,
        401,
        refusal('untrusted_sender', 'The harness secret is missing or wrong. Open the address the harness printed.'),
      );
      return false;
    }
    return true;
  }

  // Tickets are kept as hashes (a ticket is as good as the secret until used or expired).
  const tickets = new Map<string, number>();
  const ticketKey = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

  function issueTicket(req: IncomingMessage, res: ServerResponse): void {
    if (!trustedPost(req, res)) return;
    const now = Date.now();
    for (const [key, expires] of tickets) if (expires <= now) tickets.delete(key);
    while (tickets.size >= MAX_TICKETS) tickets.delete(tickets.keys().next().value!);
    const ticket = randomBytes(32).toString('hex');
    tickets.set(ticketKey(ticket), now + EVENT_TICKET_MS);
    sendResult(res, 200, { ok: true, value: { ticket } });
  }

  /** `GET /events?ticket=…`: core's events as server-sent events, one JSON `{name, payload}` per message. */
  function streamEvents(req: IncomingMessage, res: ServerResponse, ticket: string | null): void {
    if (req.method !== 'GET') {
      sendResult(res, 405, refusal('invalid_request', 'Use GET.'));
      return;
    }
    // A same-origin EventSource sends no Origin header; one that is sent must be ours.
    if (req.headers.host !== hostHeader || (req.headers.origin !== undefined && req.headers.origin !== origin)) {
      sendResult(res, 403, refusal('untrusted_sender', 'Requests are accepted from the harness page only.'));
      return;
    }
    const key = ticket && /^[0-9a-f]{64}$/.test(ticket) ? ticketKey(ticket) : null;
    const expires = key ? tickets.get(key) : undefined;
    if (key) tickets.delete(key);
    if (expires === undefined || expires <= Date.now()) {
      sendResult(res, 401, refusal('untrusted_sender', 'The event ticket is missing, used or expired.'));
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8' });
    res.write(': events\n\n'); // opens the stream at once (EventSource fires `open`)
    const off = core.onEvent((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    res.on('close', off);
  }

  async function handleIpc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (!trustedPost(req, res)) return;
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (contentType !== 'application/json') {
      sendResult(res, 415, refusal('invalid_request', 'Send JSON.'));
      return;
    }
    let raw: string;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLarge) sendResult(res, 413, refusal('invalid_request', 'The request is too large.'));
      else res.destroy();
      return;
    }
    let payload: unknown;
    try {
      payload = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      sendResult(res, 400, refusal('invalid_request', 'The request is not valid JSON.'));
      return;
    }
    const result = await dispatch(handlers, channel, payload, core.log);
    sendResult(res, 200, result);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
      return;
    }
    if (relative.includes('\0')) {
      send(res, 400, 'Bad request', 'text/plain; charset=utf-8');
      return;
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const file = normalize(join(rendererDir, relative));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      return;
    }
    let info;
    try {
      info = await stat(file);
    } catch {
      info = null;
    }
    if (!info?.isFile()) {
      const hint =
        relative === '/index.html' ? 'The renderer is not built. Run `npm run web` without --skip-build.' : 'Not found';
      send(res, 404, hint, 'text/plain; charset=utf-8');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://harness.invalid');
    const ipc = /^\/ipc\/([A-Za-z0-9_.-]{1,100})$/.exec(url.pathname);
    if (options.exposeClipboard && url.pathname === '/__test__/clipboard') {
      if (!sameSecret(req.headers[HARNESS_SECRET_HEADER], secretBuf))
        sendResult(res, 401, refusal('untrusted_sender', 'The harness secret is missing or wrong.'));
      else sendResult(res, 200, { ok: true, value: { text: clipboard.text } });
      return;
    }
    if (url.pathname === '/events/ticket') return issueTicket(req, res);
    if (url.pathname === '/events') return streamEvents(req, res, url.searchParams.get('ticket'));
    const work = ipc
      ? handleIpc(req, res, ipc[1]!)
      : url.pathname.startsWith('/ipc')
        ? Promise.resolve(sendResult(res, 404, refusal('unknown_channel', 'That request is not part of the app.')))
        : handleStatic(req, res, url.pathname);
    work.catch((error: unknown) => {
      core.log.error('harness request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent)
        sendResult(res, 500, {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong inside the app.' },
        });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 0, host, exclusive: true }, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (error) {
    await core.close();
    throw error;
  }

  const address = server.address() as AddressInfo;
  if (!isLoopbackHost(address.address)) {
    server.close();
    await core.close();
    throw new Error(`The harness ended up on ${address.address}; refusing to serve.`);
  }
  const port = address.port;
  origin = `http://${HARNESS_HOST}:${port}`;
  hostHeader = `${HARNESS_HOST}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    port,
    secret,
    dataDir: options.dataDir,
    close() {
      closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await core.close();
      })();
      return closing;
    },
  };
}
