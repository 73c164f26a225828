/**
 * The service users view in Chromium with 5,000 users (through the browser harness, the real core,
 * a local sandbox tenant seeded with 5,000 generated users): first render of the view from core's
 * cache and a filter keystroke (median and p99), each beside its baseline measured in the same run —
 * the serviceUsers.list call inside the render, a bare JSON.parse of the same list in the page, and
 * the bare fetch + parse of every page of the list from the sandbox (what a refresh has to do at
 * least). Prints figures; asserts nothing. `benchServiceUsers()` is called by scripts/bench.ts;
 * `tsx scripts/bench-serviceUsers.ts` runs it alone (it builds the renderer unless --skip-build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { createCore } from '../electron/core/app';
import { startHarness } from '../electron/harness/server';
import { startSandbox, SANDBOX_PREFIX } from '../electron/sandbox/index';
import { fmt, median, percentile } from './bench-stats';
import { buildRenderer } from './web';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/chromium';

const USERS = 5_000;
const PAGE = 100;

/*
 * In-page timers are plain JavaScript strings: tsx (esbuild, keepNames) would wrap named inner
 * functions in a `__name` helper that does not exist in the page.
 */

/** Settings → Service users (the list already in the renderer's store): click → the first rows and the full count on screen. */
const SWITCH_JS = (total: number) => `new Promise((done) => {
  const ready = () => {
    const count = document.querySelector('[data-testid="su-count"]');
    return document.querySelector('[data-testid="su-row"]') && count && count.textContent.trim() === '${total} service users';
  };
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (ready()) { observer.disconnect(); done(performance.now() - start); }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  document.querySelector('[data-view="service-users"]').click();
})`;

/**
 * Installed before every page load: records (ms since navigation start) when the view's first
 * content is on screen — the list's first rows with the full count, or Settings' language field.
 */
const READY_INIT_JS = (total: number) => `(() => {
  const ready = () => {
    const count = document.querySelector('[data-testid="su-count"]');
    if (document.querySelector('[data-testid="su-row"]') && count && count.textContent.trim() === '${total} service users') return true;
    return !!document.querySelector('[data-testid="settings-language"]');
  };
  const observer = new MutationObserver(() => {
    if (ready()) { observer.disconnect(); window.__benchReady = performance.now(); }
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true, characterData: true }));
  // The serviceUsers.list call over the harness's socket: from its message leaving to its answer
  // arriving (ahead of the transport's own handler).
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const call = JSON.parse(data);
    if (call.channel === 'serviceUsers.list' && window.__benchListCall === undefined) {
      const sent = performance.now();
      const inner = this.onmessage;
      this.onmessage = (message) => {
        // The harness writes { id, result } in that order: no parse of a 1.9 MB answer in the measurement.
        if (message.data.startsWith('{"id":' + call.id + ',')) {
          window.__benchListCall = performance.now() - sent;
          this.onmessage = inner;
        }
        return inner && inner.call(this, message);
      };
    }
    return send.call(this, data);
  };
})()`;

/** Types into the search, alternating two queries with different results; input → count and rows updated. */
const KEYSTROKES_JS = (count: number) => `(async () => {
  const input = document.querySelector('[data-testid="su-search"]');
  const countEl = () => document.querySelector('[data-testid="su-count"]');
  const root = document.querySelector('[data-testid="service-users-view"]');
  const times = [];
  const queries = ['load test user 01', 'load test user 0'];
  for (let i = 0; i < ${count}; i++) {
    const before = countEl().textContent;
    const start = performance.now();
    await new Promise((done) => {
      const observer = new MutationObserver(() => {
        if (countEl().textContent !== before) { observer.disconnect(); done(); }
      });
      observer.observe(root, { subtree: true, childList: true, characterData: true });
      input.value = queries[i % 2];
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    times.push(performance.now() - start);
  }
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return times;
})()`;

/** JSON.parse of the cached list as the harness answers it (the page's own baseline for the IPC answer). */
const PARSE_JS = (runs: number) => `(async () => {
  const api = window.api;
  const profiles = await api.profiles.list({});
  const sandbox = profiles.value.find((p) => p.kind === 'sandbox');
  const answer = await api.serviceUsers.list({ profileId: sandbox.id });
  const text = JSON.stringify(answer);
  const times = [];
  for (let i = 0; i < ${runs}; i++) {
    const start = performance.now();
    JSON.parse(text);
    times.push(performance.now() - start);
  }
  return { times, bytes: text.length };
})()`;

/** serviceUsers.refresh from the page: core fetches every page from the sandbox, replaces its cache, answers the list. */
const REFRESH_JS = (runs: number) => `(async () => {
  const api = window.api;
  const profiles = await api.profiles.list({});
  const sandbox = profiles.value.find((p) => p.kind === 'sandbox');
  const times = [];
  for (let i = 0; i < ${runs}; i++) {
    const start = performance.now();
    const answer = await api.serviceUsers.refresh({ profileId: sandbox.id });
    if (!answer.ok) throw new Error(answer.error.code);
    times.push(performance.now() - start);
  }
  return times;
})()`;

const switchTime = (page: Page, total: number) => page.evaluate<number>(SWITCH_JS(total));

/** Reloads the app on `view` and answers when its first content was on screen, and the list call's duration. */
async function coldStart(page: Page, view: string): Promise<{ ready: number; listCall: number }> {
  await page.evaluate(
    (hash) => ((globalThis as unknown as { location: { hash: string } }).location.hash = hash),
    `#/${view}`,
  );
  await page.reload();
  await page.waitForFunction(() => (globalThis as unknown as { __benchReady?: number }).__benchReady !== undefined);
  return page.evaluate(() => ({
    ready: (globalThis as unknown as { __benchReady: number }).__benchReady,
    listCall: (globalThis as unknown as { __benchListCall?: number }).__benchListCall ?? Number.NaN,
  }));
}
const keystrokeTimes = (page: Page, n: number) => page.evaluate<number[]>(KEYSTROKES_JS(n));

export interface ServiceUsersBenchOptions {
  renders?: number;
  keystrokes?: number;
  fetches?: number;
  log?: (line: string) => void;
}

interface Figure {
  runs: number;
  medianMs: number;
  p99Ms: number;
}
const figure = (xs: number[]): Figure => ({ runs: xs.length, medianMs: median(xs), p99Ms: percentile(xs, 99) });

export async function benchServiceUsers(options: ServiceUsersBenchOptions = {}) {
  const log = options.log ?? ((line: string) => console.log(line));
  const renders = options.renders ?? 20;
  const keystrokes = options.keystrokes ?? 200;
  const fetches = options.fetches ?? 5;

  const dataDir = mkdtempSync(join(tmpdir(), 'sud-bench-service-users-'));
  const sandbox = await startSandbox({ extraServiceUsers: USERS, maxPageSize: PAGE });
  const core = await createCore({
    dataDir,
    transport: 'harness',
    appVersion: 'bench',
    externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
  });
  const harness = await startHarness({ core, dataDir, appVersion: 'bench' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(harness.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const switcher = page.getByTestId('profile-switcher');
    await switcher.selectOption(
      (await switcher.locator('option', { hasText: 'Sandbox (local)' }).getAttribute('value'))!,
    );

    // The first visit fetches the list into core's cache (every page); then every render reads the cache.
    await page.locator('[data-view="service-users"]').click();
    // The sandbox serves 5,000 users slowly (about 50 pages), and the reference data is fetched beside it.
    await page
      .locator('[data-testid="su-count"]')
      .filter({ hasText: /^\d{4,} service users$/ })
      .waitFor({ timeout: 180_000 })
      .catch(async (error: unknown) => {
        const shown = await page.getByTestId('service-users-view').innerText();
        throw new Error(`the list did not arrive: ${shown.slice(0, 400)}`, { cause: error });
      });
    const total = Number((await page.getByTestId('su-count').textContent())!.match(/\d+/)![0]);

    // 1. First render: the app started on the view (cold: boot, list from core's cache, render),
    //    beside the same start on Settings (no list); and switching to the view with the list in memory.
    await page.addInitScript(READY_INIT_JS(total));
    const cold: number[] = [];
    const coldSettings: number[] = [];
    const listCall: number[] = [];
    for (let i = 0; i < renders + 2; i++) {
      const list = await coldStart(page, 'service-users');
      const settings = await coldStart(page, 'settings');
      if (i >= 2) {
        cold.push(list.ready);
        listCall.push(list.listCall);
        coldSettings.push(settings.ready);
      }
    }
    const switched: number[] = [];
    for (let i = 0; i < renders + 2; i++) {
      await page.locator('[data-view="settings"]').click();
      await page.getByTestId('settings-language').waitFor();
      const ms = await switchTime(page, total);
      if (i >= 2) switched.push(ms);
    }
    await page.locator('[data-view="service-users"]').click();
    await page.getByTestId('su-row').first().waitFor();

    // 2. Filter keystrokes (search by name over every user, no debounce).
    await keystrokeTimes(page, 20); // warm-up
    const keys = await keystrokeTimes(page, keystrokes);

    // 3. Baselines: JSON.parse of the same answer in the page; bare fetch + parse of every page from the sandbox.
    const parsed = await page.evaluate<{ times: number[]; bytes: number }>(PARSE_JS(50));
    const bare: number[] = [];
    for (let i = 0; i < fetches; i++) {
      const start = performance.now();
      for (let offset = 0; ; offset += PAGE) {
        const res = await fetch(
          `${sandbox.url}${SANDBOX_PREFIX}/user?user_type=service&limit=${PAGE}&offset=${offset}`,
          {
            headers: { 'x-api-key': sandbox.adminKey, accept: 'application/json' },
          },
        );
        const body = (await res.json()) as { items: unknown[]; total: number };
        if (body.items.length === 0 || offset + body.items.length >= body.total) break;
      }
      bare.push(performance.now() - start);
    }

    const refresh = await page.evaluate<number[]>(REFRESH_JS(fetches));

    const figures = {
      users: total,
      firstRender: figure(cold),
      startOnSettings: figure(coldSettings),
      listCall: figure(listCall),
      switchTo: figure(switched),
      keystroke: figure(keys),
      parseInPage: figure(parsed.times),
      bareFetchAll: figure(bare),
      refresh: figure(refresh),
    };
    log(
      `service users view, first render (app started on the view → ${total} users counted and the first rows on screen, ms since navigation start): ` +
        `median ${fmt(figures.firstRender.medianMs)} ms, p99 ${fmt(figures.firstRender.p99Ms)} ms (${figures.firstRender.runs} starts); ` +
        `baseline: the same start on Settings median ${fmt(figures.startOnSettings.medianMs)} ms (difference ${fmt(figures.firstRender.medianMs - figures.startOnSettings.medianMs)} ms)`,
    );
    log(
      `  of which the serviceUsers.list call (renderer → harness bridge → core's SQLite cache → back, ${(parsed.bytes / 1e6).toFixed(1)} MB JSON): ` +
        `median ${fmt(figures.listCall.medianMs)} ms; baseline: JSON.parse of that answer in the page alone median ${fmt(figures.parseInPage.medianMs)} ms`,
    );
    log(
      `switching to the view (Settings → Service users, list already in the renderer): median ${fmt(figures.switchTo.medianMs)} ms, ` +
        `p99 ${fmt(figures.switchTo.p99Ms)} ms (${figures.switchTo.runs})`,
    );
    log(
      `filter keystroke (search input → count and rows updated, ${total} users, no debounce): median ${fmt(figures.keystroke.medianMs)} ms, ` +
        `p99 ${fmt(figures.keystroke.p99Ms)} ms (${figures.keystroke.runs} keystrokes; baseline: one frame is 16.7 ms)`,
    );
    log(
      `baseline: bare fetch + JSON parse of every page of the list from the sandbox (${PAGE} per page, Node fetch): ` +
        `median ${fmt(figures.bareFetchAll.medianMs)} ms, p99 ${fmt(figures.bareFetchAll.p99Ms)} ms (${figures.bareFetchAll.runs} fetches)`,
    );
    log(
      `Refresh (serviceUsers.refresh from the page: core fetches every page, replaces its SQLite cache, answers the list): ` +
        `median ${fmt(figures.refresh.medianMs)} ms, p99 ${fmt(figures.refresh.p99Ms)} ms beside the bare fetch + parse above ` +
        `(ratio ${fmt(figures.refresh.medianMs / figures.bareFetchAll.medianMs)}; ${figures.refresh.runs} refreshes)`,
    );
    return figures;
  } finally {
    await browser.close();
    await harness.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--skip-build')) await buildRenderer();
  await benchServiceUsers();
}
