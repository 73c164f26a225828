/**
 * The browser harness: the real core behind a loopback HTTP bridge, serving the real renderer.
 * Only the transport differs from the Electron app (docs/DESIGN.md §1).
 *
 * The page's calls travel over one WebSocket, `GET /ipc` upgraded (as ipcRenderer.invoke is a
 * message over an open channel): `{ id, channel, payload }` in, `{ id, result }` out, answers
 * matched by id and possibly out of order. `POST /ipc/<channel>` stays for scripts and tests; both
 * framings go through the same `dispatch`.
 *
 * Security: binds 127.0.0.1 only; every IPC call needs the per-run secret and an Origin equal to
 * the harness's own; the Host header must name the harness (DNS rebinding); no CORS headers are
 * ever sent; bodies and messages are capped; static files are served from one folder, no traversal.
 *
 * Neither WebSocket nor EventSource can send the secret header, so the page first trades it for a
 * bridge ticket (`POST /events/ticket`, checked like `POST /ipc`): single use, valid for TICKET_MS,
 * never written to a log. It opens `GET /ipc?ticket=…` (the socket, checked before the upgrade) or
 * `GET /events?ticket=…` (core's events, shared/ipc/events.ts, as server-sent events).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { channel as diagnosticsChannel } from 'node:diagnostics_channel';
import { homedir } from 'node:os';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
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
/** Raw body (and socket message) cap: the dispatcher's JSON cap plus room for escaping. */
const MAX_BODY_BYTES = MAX_PAYLOAD_BYTES + 16 * 1024;
/** How long a bridge ticket may wait for its `GET /ipc` or `GET /events`. */
const TICKET_MS = 30_000;
/** Unused tickets kept at most (older ones are dropped first). */
const MAX_TICKETS = 32;
/** The channel names `POST /ipc/<channel>` and socket messages accept (dispatch then knows the real ones). */
const CHANNEL_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** How long close() lets sockets answer their close frame before cutting them. */
const SOCKET_CLOSE_GRACE_MS = 1_000;
/**
 * `{ channel, receivedAt }` (performance.now() as the message arrived) for each socket call, as Node's
 * `http.server.request.start` is for a POST: the bench's hop timings subscribe. Never the payload.
 */
export const SOCKET_CALL_CHANNEL = 'sud.harness.socket.call';
const socketCall = diagnosticsChannel(SOCKET_CALL_CHANNEL);

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

const INTERNAL: Result<never> = {
  ok: false,
  error: { code: 'internal', message: 'Something went wrong inside the app.' },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

/** Answers a refused WebSocket upgrade with a plain HTTP response and cuts the connection (no upgrade). */
function refuseUpgrade(socket: Socket, status: 400 | 401 | 403 | 404, result: Result<never>): void {
  const body = JSON.stringify(result);
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      Object.entries({ ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8' })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A socket message's `id`, when it has a usable one. */
function messageId(message: unknown): number | null {
  const id = message && typeof message === 'object' ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

const rawText = (data: RawData): string =>
  (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');

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

  /** The checks every POST from the page passes (IPC, bridge tickets); false when it was refused. */
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
    tickets.set(ticketKey(ticket), now + TICKET_MS);
    sendResult(res, 200, { ok: true, value: { ticket } });
  }

  /** Spends a ticket: true when it was issued, unused and not expired (it is gone either way). */
  function redeemTicket(ticket: string | null): boolean {
    const key = ticket && /^[0-9a-f]{64}$/.test(ticket) ? ticketKey(ticket) : null;
    const expires = key ? tickets.get(key) : undefined;
    if (key) tickets.delete(key);
    return expires !== undefined && expires > Date.now();
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
    if (!redeemTicket(ticket)) {
      sendResult(res, 401, refusal('untrusted_sender', 'The bridge ticket is missing, used or expired.'));
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

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });

  /**
   * `GET /ipc?ticket=…` upgraded to a WebSocket. Everything is checked before the upgrade; a refusal
   * is a plain HTTP answer. A browser always sends Origin on a WebSocket, so it must be ours.
   */
  function upgradeIpc(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://harness.invalid');
    if (url.pathname !== '/ipc') {
      refuseUpgrade(socket, 404, refusal('unknown_channel', 'That request is not part of the app.'));
      return;
    }
    if (req.headers.origin !== origin || req.headers.host !== hostHeader) {
      refuseUpgrade(socket, 403, refusal('untrusted_sender', 'Requests are accepted from the harness page only.'));
      return;
    }
    if (!redeemTicket(url.searchParams.get('ticket'))) {
      refuseUpgrade(socket, 401, refusal('untrusted_sender', 'The bridge ticket is missing, used or expired.'));
      return;
    }
    sockets.handleUpgrade(req, socket, head, serveSocket);
  }

  /** One page's socket: each text message is a call, answered when its dispatch is done. */
  function serveSocket(ws: WebSocket): void {
    // Too large (ws closes with 1009) or a broken frame: ws closes the socket; only the code is logged.
    ws.on('error', (error: Error & { code?: string }) =>
      core.log.warn('harness socket error', { code: error.code ?? error.name }),
    );
    ws.on('message', (data, isBinary) => {
      const receivedAt = performance.now();
      if (isBinary) {
        ws.close(1003, 'Send JSON text.');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(rawText(data));
      } catch {
        message = undefined;
      }
      const id = messageId(message);
      if (id === null) {
        ws.close(1008, 'Each message needs JSON with an integer id.');
        return;
      }
      const { channel, payload } = message as { channel?: unknown; payload?: unknown };
      const answer = (result: Result<unknown>) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
      };
      if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel)) {
        answer(refusal('invalid_request', 'The message names no valid channel.'));
        return;
      }
      if (socketCall.hasSubscribers) socketCall.publish({ channel, receivedAt });
      dispatch(handlers, channel, payload ?? {}, core.log).then(answer, (error: unknown) => {
        core.log.error('harness socket call failed', { error: error instanceof Error ? error.message : String(error) });
        answer(INTERNAL);
      });
    });
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
    const ipc = /^\/ipc\/(.*)$/.exec(url.pathname)?.[1];
    if (options.exposeClipboard && url.pathname === '/__test__/clipboard') {
      if (!sameSecret(req.headers[HARNESS_SECRET_HEADER], secretBuf))
        sendResult(res, 401, refusal('untrusted_sender', 'The harness secret is missing or wrong.'));
      else sendResult(res, 200, { ok: true, value: { text: clipboard.text } });
      return;
    }
    if (url.pathname === '/events/ticket') return issueTicket(req, res);
    if (url.pathname === '/events') return streamEvents(req, res, url.searchParams.get('ticket'));
    const work =
      ipc !== undefined && CHANNEL_PATTERN.test(ipc)
        ? handleIpc(req, res, ipc)
        : url.pathname.startsWith('/ipc')
          ? Promise.resolve(sendResult(res, 404, refusal('unknown_channel', 'That request is not part of the app.')))
          : handleStatic(req, res, url.pathname);
    work.catch((error: unknown) => {
      core.log.error('harness request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendResult(res, 500, INTERNAL);
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => upgradeIpc(req, socket, head));
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
        // Upgraded sockets are outside the server's own connection list: close them here.
        for (const ws of sockets.clients) ws.close(1001, 'The harness is closing.');
        const cut = setTimeout(() => sockets.clients.forEach((ws) => ws.terminate()), SOCKET_CLOSE_GRACE_MS);
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        clearTimeout(cut);
        sockets.close();
        await core.close();
      })();
      return closing;
    },
  };
}
