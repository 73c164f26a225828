/**
 * The creation wizard in Chromium (through the browser harness, the real core, a local sandbox
 * tenant): the account picker with 5,008 accounts, validation per keystroke, step transitions, and Create → token on screen beside the
 * bare API round-trip of the same create to the same sandbox, interleaved in the same run.
 * Prints figures; asserts nothing. `benchWizard()` is called by scripts/bench.ts;
 * `tsx scripts/bench-wizard.ts` runs it alone (it builds the renderer unless --skip-build).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { createCore } from '../electron/core/app';
import { createKeyringStore } from '../electron/core/keychain/keyringStore';
import { createUserBody } from '../electron/core/digicert/wire';
import { startHarness } from '../electron/harness/server';
import { startSandbox, SANDBOX_PREFIX } from '../electron/sandbox/index';
import { serviceUserSchema, utcToday } from '../shared/serviceUser';
import { fmt, median, percentile } from './bench-stats';
import { buildRenderer } from './web';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './lib/chromium';
import { createCoreHops, type CoreHopTimes } from './lib/coreHops';
import { record, type Figure } from './lib/record';

/*
 * The in-page timers are plain JavaScript strings: tsx (esbuild, keepNames) would wrap named inner
 * functions in a `__name` helper that does not exist in the page.
 */
const KEYSTROKES_JS = (count: number) => `(async () => {
  const input = document.querySelector('[data-testid="friendly-name"]');
  const times = [];
  // Resolves as soon as the DOM says so (a MutationObserver, not frame polling).
  const waitFor = (invalid) => new Promise((done) => {
    if (input.getAttribute('aria-invalid') === String(invalid)) return done();
    const observer = new MutationObserver(() => {
      if (input.getAttribute('aria-invalid') === String(invalid)) { observer.disconnect(); done(); }
    });
    observer.observe(input, { attributes: true, attributeFilter: ['aria-invalid'] });
  });
  let value = 'bench';
  for (let i = 0; i < ${count}; i++) {
    // Every keystroke flips validity, so each one has a visible result to wait for.
    const invalid = i % 2 === 0;
    value = invalid ? value + '!' : value.replace(/!$/, '') + String.fromCharCode(97 + (i % 26));
    if (value.length > 40) value = invalid ? 'bench!' : 'bench';
    const start = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(invalid);
    times.push(performance.now() - start);
  }
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return times;
})()`;

const TRANSITIONS_JS = (count: number) => `(async () => {
  const heading = () => document.querySelector('[data-testid="step-heading"]');
  const root = document.querySelector('[data-testid="wizard"]');
  const ok = (text) => heading() && heading().textContent.trim() === text && document.activeElement === heading();
  const until = (text) => new Promise((done) => {
    if (ok(text)) return done();
    const observer = new MutationObserver(() => { if (ok(text)) { observer.disconnect(); done(); } });
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    // Focus moves without a DOM mutation: also listen for it.
    root.addEventListener('focusin', function onFocus() { if (ok(text)) { root.removeEventListener('focusin', onFocus); observer.disconnect(); done(); } });
  });
  const next = [];
  const back = [];
  for (let i = 0; i < ${count}; i++) {
    let start = performance.now();
    document.querySelector('[data-testid="wizard-next"]').click();
    await until('Roles and permissions');
    next.push(performance.now() - start);
    start = performance.now();
    document.querySelector('[data-testid="wizard-back"]').click();
    await until('Service user details');
    back.push(performance.now() - start);
  }
  return { next, back };
})()`;

/**
 * Opens the New service user view from Drafts and times click → the account list's rows in the
 * DOM and laid out (reading offsetHeight forces style and layout), `count` times.
 */
const PICKER_OPEN_JS = (count: number) => `(async () => {
  const until = (ok) => new Promise((done) => {
    if (ok()) return done();
    const observer = new MutationObserver(() => { if (ok()) { observer.disconnect(); done(); } });
    observer.observe(document.body, { subtree: true, childList: true });
  });
  const rows = () => document.querySelector('[data-testid="account-list"] li');
  const times = [];
  for (let i = 0; i < ${count}; i++) {
    document.querySelector('[data-view="drafts"]').click();
    await until(() => !document.querySelector('[data-testid="wizard"]'));
    const start = performance.now();
    document.querySelector('[data-view="new"]').click();
    await until(rows);
    document.querySelector('[data-testid="account-list"]').offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
})()`;

/**
 * The picker alone, with the reference data already in the renderer: from Roles, Back to step 1
 * re-creates the details step and its picker; times click → the account rows in the DOM and laid out.
 */
const PICKER_REOPEN_JS = (count: number) => `(async () => {
  const until = (ok) => new Promise((done) => {
    if (ok()) return done();
    const observer = new MutationObserver(() => { if (ok()) { observer.disconnect(); done(); } });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const heading = () => document.querySelector('[data-testid="step-heading"]')?.textContent.trim();
  const times = [];
  for (let i = 0; i < ${count}; i++) {
    document.querySelector('[data-testid="wizard-next"]').click();
    await until(() => heading() === 'Roles and permissions' && !document.querySelector('[data-testid="account-list"]'));
    const start = performance.now();
    document.querySelector('[data-testid="wizard-back"]').click();
    await until(() => document.querySelector('[data-testid="account-list"] li'));
    document.querySelector('[data-testid="account-list"]').offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
})()`;

/** The bare work a non-virtual picker would do on open: every account as a checkbox row, laid out. */
const BARE_LIST_JS = (count: number) => `(async () => {
  const names = JSON.parse(document.body.dataset.benchNames);
  const times = [];
  for (let i = 0; i < ${count}; i++) {
    const start = performance.now();
    const ul = document.createElement('ul');
    ul.style.cssText = 'max-height:280px;overflow:auto';
    for (const name of names) {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      label.append(box, name);
      li.append(label);
      ul.append(li);
    }
    document.body.append(ul);
    ul.offsetHeight;
    times.push(performance.now() - start);
    ul.remove();
    await new Promise((r) => setTimeout(r, 0));
  }
  return times;
})()`;

/*
 * Times each keystroke in the account search: the input event, everything it runs synchronously
 * (Vue's render flush is a microtask), then a layout of the list; a MessageChannel message is the
 * first task after those microtasks. The bare baseline does the same keystrokes as a plain filter of
 * the lower-cased names and one text update.
 */
const FILTER_JS = (queries: string[], bare: boolean) => `(async () => {
  const queries = ${JSON.stringify(queries)};
  const input = document.querySelector('[data-testid="account-search"]');
  const list = document.querySelector('[data-testid="account-list"]');
  const names = ${bare} ? JSON.parse(document.body.dataset.benchNames).map((n) => n.toLowerCase()) : [];
  const out = document.createElement('p');
  document.body.append(out);
  const afterMicrotasks = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  const times = [];
  for (const q of queries) {
    const start = performance.now();
    if (${bare}) {
      const needle = q.trim().toLowerCase();
      let n = 0;
      for (const name of names) if (name.includes(needle)) n++;
      out.textContent = n + ' accounts';
      out.offsetHeight;
    } else {
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await afterMicrotasks();
      list.offsetHeight;
    }
    times.push(performance.now() - start);
    if (${bare}) await afterMicrotasks();
  }
  out.remove();
  return times;
})()`;

/** What an admin types into the account search, one keystroke at a time, and deletes again. */
function typedQueries(words: string[]): string[] {
  const queries: string[] = [];
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) queries.push(word.slice(0, i));
    for (let i = word.length - 1; i >= 0; i--) queries.push(word.slice(0, i));
  }
  return queries;
}

/**
 * Click → token on screen, cut at the renderer's hops: click → the creation.create request leaves
 * (validation, save check), request → its answer parsed (the bridge and core), answer → token on
 * screen (store, render). Also names every other bridge call made in between (none are needed).
 */
const CREATE_JS = `new Promise((done) => {
  const root = document.querySelector('[data-testid="wizard"]');
  const original = window.fetch;
  const originalSend = WebSocket.prototype.send;
  const others = [];
  let sent = 0;
  let answered = 0;
  // The harness bridge's socket: calls are { id, channel, payload } messages, answers { id, result }.
  let createId = null;
  const sockets = [];
  const onAnswer = (event) => {
    try {
      if (createId !== null && JSON.parse(event.data).id === createId) answered = performance.now();
    } catch {}
  };
  WebSocket.prototype.send = function (data) {
    let call = null;
    try { call = JSON.parse(data); } catch {}
    if (call && call.channel === 'creation.create') { sent = performance.now(); createId = call.id; }
    else if (call) others.push(call.channel);
    // Ahead of the transport's own onmessage (a listener added after it would run after the page reacted).
    if (!sockets.some((s) => s.socket === this)) {
      const inner = this.onmessage;
      sockets.push({ socket: this, inner });
      this.onmessage = (event) => { onAnswer(event); return inner && inner.call(this, event); };
    }
    return originalSend.call(this, data);
  };
  // The POST fallback (no socket): timed the same way.
  window.fetch = async (...args) => {
    const url = String(args[0]);
    const isCreate = url.includes('creation.create');
    if (isCreate) sent = performance.now();
    else others.push(url.replace(/^.*\\/(ipc|events)\\//, ''));
    const response = await original(...args);
    if (isCreate) {
      const json = response.json.bind(response);
      response.json = async () => { const body = await json(); answered = performance.now(); return body; };
    }
    return response;
  };
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (document.querySelector('[data-testid="token-value"]')) {
      const end = performance.now();
      observer.disconnect();
      window.fetch = original;
      WebSocket.prototype.send = originalSend;
      for (const { socket, inner } of sockets) socket.onmessage = inner;
      done({ total: end - start, toRequest: sent - start, ipc: answered - sent, toScreen: end - answered, busy: free - sent, others });
    }
  });
  observer.observe(root, { subtree: true, childList: true });
  document.querySelector('[data-testid="wizard-create"]').click();
  // The first task after the click's own work and Vue's render of the busy (inert) review.
  let free = 0;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { free = performance.now(); };
  channel.port2.postMessage(0);
})`;

/** The bridge's own cost: a round trip of the smallest channel (app.info) from the page, `count` times. */
const BRIDGE_PING_JS = (count: number) => `(async () => {
  const times = [];
  for (let i = 0; i < ${count}; i++) {
    const start = performance.now();
    await window.api.app.info({});
    times.push(performance.now() - start);
  }
  return times;
})()`;

/** Types into the friendly-name field (alternating valid/invalid) and times input → error state on screen. */
const keystrokeTimes = (page: Page, n: number) => page.evaluate<number[]>(KEYSTROKES_JS(n));
/** Times Next (validate + render + focus) and Back between step 1 and step 2. */
const transitionTimes = (page: Page, n: number) => page.evaluate<{ next: number[]; back: number[] }>(TRANSITIONS_JS(n));
/** Clicks Create and times until the token screen is on screen (measured in the page). */
const createToTokenMs = (page: Page) => page.evaluate<CreateHops>(CREATE_JS);

interface CreateHops {
  total: number;
  toRequest: number;
  ipc: number;
  toScreen: number;
  /** Request sent → the page's main thread free again (it rendered the busy review meanwhile). */
  busy: number;
  /** Other bridge calls between the click and the token on screen (channel names). */
  others: string[];
}

export interface WizardBenchOptions {
  keystrokes?: number;
  transitions?: number;
  creates?: number;
  /** Opens of the account picker / keystrokes typed into its search (with 5,008 accounts). */
  pickerOpens?: number;
  log?: (line: string) => void;
}

/** Where Create → token on screen spends its time, medians in ms (see CREATE_JS and lib/coreHops.ts). */
export interface CreateHopMedians {
  /** Click → the creation.create request leaves the renderer (validation, save check). */
  toRequest: number;
  /** Chromium ↔ the harness both ways: the page's WebSocket message, the loopback socket, the answer written. */
  bridge: number;
  /** Inside the harness before the handler: the body read, JSON, the request's schema. */
  harness: number;
  /** The creation.create handler in core. */
  handler: number;
  /** Inside the handler: the DigiCert create request (sandbox). */
  digicert: number;
  /** Inside the handler, the rest: draft state and audit in SQLite, the token vault, the cache. */
  core: number;
  /** Inside the handler: the keychain save and read-back (save-before-show only). */
  keychain: number;
  /** The answer parsed → the token on screen (store, render). */
  toScreen: number;
  /** Request sent → the page free again: rendering the busy (inert) review while the request is out. */
  busy: number;
  /** Other bridge calls made between the click and the token on screen. */
  others: string[];
}

export interface WizardBenchFigures {
  keystroke: { runs: number; medianMs: number; p99Ms: number };
  transitionNext: { runs: number; medianMs: number; p99Ms: number };
  transitionBack: { runs: number; medianMs: number; p99Ms: number };
  create: {
    runs: number;
    uiMedianMs: number;
    ipcMedianMs: number;
    bareMedianMs: number;
    ratio: number;
    overheadPercent: number;
    hops: CreateHopMedians;
    /** A bridge round trip of the smallest channel (app.info) from the page, median. */
    bridgePingMedianMs: number;
    /** With save-before-show (only where the OS keychain answers): the same, plus the keychain write. */
    saved: { uiMedianMs: number; bareMedianMs: number; hops: CreateHopMedians } | null;
  };
  pickerOpen: { runs: number; medianMs: number; p99Ms: number; bareListMedianMs: number };
  viewOpen: { runs: number; medianMs: number; p99Ms: number };
  pickerFilter: { runs: number; medianMs: number; p99Ms: number; bareMedianMs: number; bareP99Ms: number };
  /** Every figure in the shape of `npm run bench -- --json`; each is also handed to record(). */
  records: Figure[];
}

function logHops(log: (line: string) => void, h: CreateHopMedians): void {
  log(
    `  hops (medians): click → request sent ${fmt(h.toRequest)} ms (validation, save check); Chromium ↔ harness (WebSocket) ${fmt(h.bridge)} ms; ` +
      `harness before the handler (message, JSON, schema) ${fmt(h.harness)} ms; ` +
      `core handler ${fmt(h.handler)} ms = DigiCert create ${fmt(h.digicert)} ms + SQLite/vault/cache ${fmt(h.core)} ms` +
      (h.keychain > 0 ? ` + keychain ${fmt(h.keychain)} ms` : '') +
      `; answer → token on screen ${fmt(h.toScreen)} ms` +
      `; (the page rendered the busy review for ${fmt(h.busy)} ms after the request left)` +
      `; other bridge calls meanwhile: ${h.others.length ? h.others.join(', ') : 'none'}`,
  );
}

/** The account count of the picker figures: the tenant of issue 15 (8 named + 5,000 generated). */
const PICKER_ACCOUNTS = 5000;

async function fillToReview(page: Page, name: string, saveToKeychain = false): Promise<void> {
  await page.getByTestId('friendly-name').fill(name);
  await page.getByTestId('email').fill('bench@example.com');
  const account = page.locator('[data-account="Contoso Production"]');
  if (!(await account.isChecked())) await account.check();
  const manager = page.locator('[data-manager="Software Trust"]');
  if (!(await manager.isChecked())) await manager.check();
  await page.getByTestId('wizard-next').click();
  await page.locator('[data-role="Signer"]').check();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('step-review').waitFor();
  const save = page.getByTestId('save-to-keychain');
  if ((await save.isChecked()) !== saveToKeychain) await save.setChecked(saveToKeychain);
}

export async function benchWizard(options: WizardBenchOptions = {}): Promise<WizardBenchFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const keystrokes = options.keystrokes ?? 300;
  const transitions = options.transitions ?? 40;
  const creates = options.creates ?? 20;
  const pickerOpens = options.pickerOpens ?? 30;

  const dataDir = mkdtempSync(join(tmpdir(), 'sud-bench-wizard-'));
  const sandbox = await startSandbox({ extraAccounts: PICKER_ACCOUNTS });
  const hops = createCoreHops();
  const core = await createCore({
    dataDir,
    transport: 'harness',
    appVersion: 'bench',
    externalSandbox: { baseUrl: sandbox.url, apiKey: sandbox.adminKey },
    fetch: hops.fetch,
    keychain: hops.keychain(createKeyringStore()),
  });
  const harness = await startHarness({
    core: { ...core, handlers: hops.handlers(core.handlers) },
    dataDir,
    appVersion: 'bench',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
    await page.goto(harness.url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const switcher = page.getByTestId('profile-switcher');
    await switcher.selectOption(
      (await switcher.locator('option', { hasText: 'Sandbox (local)' }).getAttribute('value'))!,
    );
    await page.locator('[data-view="new"]').click();
    await page.getByTestId('friendly-name').waitFor();

    // 0. The account picker with 5,008 accounts: open, then keystrokes in its search.
    const names = JSON.stringify(sandbox.state.accounts.map((a) => a.name));
    await page.evaluate(`document.body.dataset.benchNames = ${JSON.stringify(names)}`);
    await page.evaluate<number[]>(PICKER_OPEN_JS(3)); // warm-up
    const opens = await page.evaluate<number[]>(PICKER_OPEN_JS(pickerOpens));
    await page.evaluate<number[]>(BARE_LIST_JS(2)); // warm-up
    const bareLists = await page.evaluate<number[]>(BARE_LIST_JS(Math.min(pickerOpens, 10)));
    const queries = typedQueries(['generated account 4', 'contoso', '5258', 'account 0042', 'globex legacy']);
    await page.evaluate<number[]>(FILTER_JS(queries.slice(0, 20), false)); // warm-up
    const filters = await page.evaluate<number[]>(FILTER_JS(queries, false));
    const bareFilters = await page.evaluate<number[]>(FILTER_JS(queries, true));
    await page.getByTestId('account-search').fill('');

    // 1. Validation per keystroke (once the field was left, its errors show live: leave it first).
    await page.getByTestId('friendly-name').fill('bench');
    await page.getByTestId('friendly-name').blur();
    await keystrokeTimes(page, 20); // warm-up
    const keys = await keystrokeTimes(page, keystrokes);

    // 2. Step transitions (a valid step 1, then Next/Back).
    await page.getByTestId('friendly-name').fill('bench-transition');
    await page.getByTestId('email').fill('bench@example.com');
    await page.locator('[data-account="Contoso Production"]').check();
    await page.locator('[data-manager="Software Trust"]').check();
    await transitionTimes(page, 5); // warm-up
    const steps = await transitionTimes(page, transitions);
    await page.evaluate<number[]>(PICKER_REOPEN_JS(3)); // warm-up
    const reopens = await page.evaluate<number[]>(PICKER_REOPEN_JS(pickerOpens));

    // 3. Create → token on screen, interleaved with the bare create round-trip to the same sandbox.
    const account = sandbox.state.accounts.find((a) => a.name === 'Contoso Production')!.id;
    const role = sandbox.state.roles.find((r) => r.code === 'SM_SIGNER')!.id;
    const today = utcToday();
    const bareCreate = async (name: string) => {
      const body = createUserBody(
        serviceUserSchema(today).parse({
          friendlyName: name,
          email: 'bench@example.com',
          accountIds: [account],
          managers: [{ managerId: 'software_trust', roleIds: [role] }],
        }),
      );
      const start = performance.now();
      const res = await fetch(`${sandbox.url}${SANDBOX_PREFIX}/user`, {
        method: 'POST',
        headers: { 'x-api-key': sandbox.adminKey, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.json();
      return performance.now() - start;
    };
    const series = async (label: string, saveToKeychain: boolean) => {
      const out = { ui: [] as number[], bare: [] as number[], hops: [] as (CreateHops & CoreHopTimes)[] };
      for (let i = 0; i < creates + 2; i++) {
        await fillToReview(page, `bench-${label}-${process.pid}-${i}`, saveToKeychain);
        // As an admin reading the review would: the autosave (≤ 300 ms debounce) has landed.
        await page.locator('[data-testid="autosave"][data-status="saved"]').waitFor();
        const uiMs = await createToTokenMs(page);
        const core = hops.last();
        const bareMs = await bareCreate(`bench-bare-${label}-${process.pid}-${i}`);
        if (i >= 2) {
          out.ui.push(uiMs.total);
          out.bare.push(bareMs);
          out.hops.push({ ...uiMs, ...core });
          if (process.env.BENCH_CREATE_RAW) log(JSON.stringify({ ...uiMs, ...core, bareMs }));
        }
        if (!saveToKeychain) await page.getByTestId('stored-elsewhere').check();
        await page.getByTestId('token-close').click();
        await page.getByTestId('friendly-name').waitFor();
      }
      return out;
    };
    await page.evaluate<number[]>(BRIDGE_PING_JS(10)); // warm-up
    const pings = await page.evaluate<number[]>(BRIDGE_PING_JS(100));
    const plain = await series('ui', false);
    const { ui, bare } = plain;
    const ipc = plain.hops.map((h) => h.ipc);
    const hopMedians = (list: (CreateHops & CoreHopTimes)[]) => {
      const m = (f: (h: CreateHops & CoreHopTimes) => number) => median(list.map(f));
      return {
        toRequest: m((h) => h.toRequest),
        bridge: m((h) => h.ipc - h.harnessMs - h.handlerMs),
        harness: m((h) => h.harnessMs),
        handler: m((h) => h.handlerMs),
        digicert: m((h) => h.digicertMs),
        core: m((h) => h.handlerMs - h.digicertMs - h.keychainMs),
        keychain: m((h) => h.keychainMs),
        toScreen: m((h) => h.toScreen),
        busy: m((h) => h.busy),
        others: [...new Set(list.flatMap((h) => h.others))],
      };
    };
    const createHops = hopMedians(plain.hops);
    // Save-before-show: only where the OS keychain answers (run under scripts/with-keyring.sh).
    const keychainStatus = await page.evaluate<{ ok: boolean; value?: { available?: boolean } }>(
      'window.api.keychain.status({})',
    );
    const saved = keychainStatus.ok && keychainStatus.value?.available ? await series('saved', true) : null;
    const savedHops = saved ? hopMedians(saved.hops) : null;

    const figures: WizardBenchFigures = {
      keystroke: { runs: keys.length, medianMs: median(keys), p99Ms: percentile(keys, 99) },
      transitionNext: { runs: steps.next.length, medianMs: median(steps.next), p99Ms: percentile(steps.next, 99) },
      transitionBack: { runs: steps.back.length, medianMs: median(steps.back), p99Ms: percentile(steps.back, 99) },
      create: {
        runs: ui.length,
        uiMedianMs: median(ui),
        ipcMedianMs: median(ipc),
        bareMedianMs: median(bare),
        ratio: median(ui) / median(bare),
        overheadPercent: (median(ui) / median(bare) - 1) * 100,
        hops: createHops,
        bridgePingMedianMs: median(pings),
        saved:
          saved && savedHops
            ? { uiMedianMs: median(saved.ui), bareMedianMs: median(saved.bare), hops: savedHops }
            : null,
      },
      pickerOpen: {
        runs: reopens.length,
        medianMs: median(reopens),
        p99Ms: percentile(reopens, 99),
        bareListMedianMs: median(bareLists),
      },
      viewOpen: { runs: opens.length, medianMs: median(opens), p99Ms: percentile(opens, 99) },
      pickerFilter: {
        runs: filters.length,
        medianMs: median(filters),
        p99Ms: percentile(filters, 99),
        bareMedianMs: median(bareFilters),
        bareP99Ms: percentile(bareFilters, 99),
      },
      records: [],
    };
    const { keystroke, pickerOpen, viewOpen, pickerFilter, create } = figures;
    figures.records.push(
      {
        name: 'keystroke → field error on screen (p99)',
        value: keystroke.p99Ms,
        unit: 'ms',
        p50: keystroke.medianMs,
        p99: keystroke.p99Ms,
        target: 'p99 ≤ 4 ms',
        met: keystroke.p99Ms <= 4,
      },
      {
        name: 'account picker open, 5,008 accounts',
        value: pickerOpen.medianMs,
        unit: 'ms',
        p50: pickerOpen.medianMs,
        p99: pickerOpen.p99Ms,
        baseline: pickerOpen.bareListMedianMs,
        baselineName: 'bare: every account as a plain DOM checkbox row, laid out',
        ratio: pickerOpen.medianMs / pickerOpen.bareListMedianMs,
        target: '< 50 ms',
        met: pickerOpen.medianMs < 50,
      },
      {
        name: 'New service user view open with 5,008 accounts (incl. reading the reference)',
        value: viewOpen.medianMs,
        unit: 'ms',
        p50: viewOpen.medianMs,
        p99: viewOpen.p99Ms,
        met: true,
      },
      {
        name: 'account picker filter keystroke, 5,008 accounts (p99)',
        value: pickerFilter.p99Ms,
        unit: 'ms',
        p50: pickerFilter.medianMs,
        p99: pickerFilter.p99Ms,
        baseline: pickerFilter.bareMedianMs,
        baselineName: 'bare: String.includes over the lower-cased names, one text update, laid out',
        ratio: pickerFilter.medianMs / pickerFilter.bareMedianMs,
        target: 'p99 < 16 ms',
        met: pickerFilter.p99Ms < 16,
      },
      {
        name: 'Create → token on screen',
        value: create.uiMedianMs,
        unit: 'ms',
        p50: create.uiMedianMs,
        baseline: create.bareMedianMs,
        baselineName: 'bare: the same create as one fetch to the same sandbox',
        ratio: create.ratio,
        target: '≤ 5 ms over the bare round trip',
        met: create.uiMedianMs - create.bareMedianMs <= 5,
      },
      ...(
        [
          ['click → request sent (renderer)', create.hops.toRequest],
          ['Chromium to the harness both ways', create.hops.bridge],
          ['harness before the handler', create.hops.harness],
          ['core handler without DigiCert', create.hops.core],
          ['DigiCert create request in core', create.hops.digicert],
          ['answer → token on screen (renderer)', create.hops.toScreen],
        ] as const
      ).map(([hop, ms]) => ({
        name: `Create → token on screen, hop: ${hop}`,
        value: ms,
        unit: 'ms',
        p50: ms,
        met: true,
      })),
      {
        name: 'harness bridge round trip, app.info from the page',
        value: create.bridgePingMedianMs,
        unit: 'ms',
        p50: create.bridgePingMedianMs,
        met: true,
      },
      ...(create.saved
        ? [
            {
              name: 'Create → token on screen with save-before-show',
              value: create.saved.uiMedianMs,
              unit: 'ms',
              p50: create.saved.uiMedianMs,
              baseline: create.saved.bareMedianMs,
              baselineName: 'bare: the same create as one fetch to the same sandbox',
              ratio: create.saved.uiMedianMs / create.saved.bareMedianMs,
              target: '≤ 5 ms over the bare round trip, plus the keychain write',
              met: create.saved.uiMedianMs - create.saved.hops.keychain - create.saved.bareMedianMs <= 5,
            },
            {
              name: 'Create → token on screen with save-before-show, hop: keychain write and read-back',
              value: create.saved.hops.keychain,
              unit: 'ms',
              p50: create.saved.hops.keychain,
              met: true,
            },
          ]
        : []),
    );
    for (const figure of figures.records) record(figure); // for `npm run bench -- --json FILE`
    log(
      `account picker open (${sandbox.state.accounts.length} accounts held by the renderer; Roles → Back re-creates step 1 and its picker; rows laid out): ` +
        `median ${fmt(pickerOpen.medianMs)} ms, p99 ${fmt(pickerOpen.p99Ms)} ms, target < 50 ms (${pickerOpen.runs} opens); ` +
        `bare: every account as a plain DOM checkbox row, laid out: median ${fmt(pickerOpen.bareListMedianMs)} ms`,
    );
    log(
      `  New service user view open from Drafts (the reference read again over the bridge, then the view and its picker): median ${fmt(viewOpen.medianMs)} ms, p99 ${fmt(viewOpen.p99Ms)} ms (${viewOpen.runs} opens)`,
    );
    log(
      `account picker filter keystroke (input → matches rendered and laid out): median ${fmt(pickerFilter.medianMs)} ms, p99 ${fmt(pickerFilter.p99Ms)} ms, target p99 < 16 ms (${pickerFilter.runs} keystrokes); ` +
        `bare: String.includes over the lower-cased names, one text update: median ${fmt(pickerFilter.bareMedianMs)} ms, p99 ${fmt(pickerFilter.bareP99Ms)} ms`,
    );
    log(
      `validation per keystroke (input → error state on screen; the synchronous rules run on the keystroke, target p99 ≤ 4 ms): median ${fmt(figures.keystroke.medianMs)} ms, p99 ${fmt(figures.keystroke.p99Ms)} ms (${figures.keystroke.runs} keystrokes)`,
    );
    log(
      `step transition Next (validate, render, focus heading): median ${fmt(figures.transitionNext.medianMs)} ms, p99 ${fmt(figures.transitionNext.p99Ms)} ms (${figures.transitionNext.runs})`,
    );
    log(
      `step transition Back: median ${fmt(figures.transitionBack.medianMs)} ms, p99 ${fmt(figures.transitionBack.p99Ms)} ms (${figures.transitionBack.runs})`,
    );
    log(
      `Create → token on screen: median ${fmt(create.uiMedianMs)} ms beside the bare create round-trip ${fmt(create.bareMedianMs)} ms ` +
        `(+${fmt(create.uiMedianMs - create.bareMedianMs)} ms, ratio ${fmt(create.ratio)}, target ≤ bare + 5 ms; ${create.runs} creates each)`,
    );
    logHops(log, create.hops);
    log(
      `  (a bridge round trip of the smallest channel, app.info, from the page: median ${fmt(create.bridgePingMedianMs)} ms)`,
    );
    if (create.saved) {
      const s = create.saved;
      log(
        `Create → token on screen with save-before-show: median ${fmt(s.uiMedianMs)} ms beside the bare create round-trip ${fmt(s.bareMedianMs)} ms; ` +
          `of which the keychain write and read-back ${fmt(s.hops.keychain)} ms (+${fmt(s.uiMedianMs - s.hops.keychain - s.bareMedianMs)} ms without it)`,
      );
      logHops(log, s.hops);
    } else
      log(
        'Create → token on screen with save-before-show: skipped, the OS keychain does not answer here (run under scripts/with-keyring.sh)',
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
  await benchWizard();
}
