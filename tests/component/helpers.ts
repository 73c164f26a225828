import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { Result } from '../../shared/errors';
import { buildApi, type ChannelName } from '../../shared/ipc/contract';
import { createEventRouter, type AppEvent } from '../../shared/ipc/events';
import { createAppI18n, type Locale } from '../../renderer/src/i18n';

export type FakeHandlers = Partial<Record<ChannelName, (request: any) => Result<unknown> | Promise<Result<unknown>>>>;

/**
 * Installs a fake `window.api` (the renderer's only door) answering from `handlers`.
 * `answeredAll()` is true when every call made so far has its answer (a test waits on it with `until`
 * when the end state it checks is that something did NOT happen or show). `emit(event)` pushes one
 * of core's events to `window.api.events` subscribers (parsed as the real transports do).
 */
export function installFakeApi(handlers: FakeHandlers) {
  const calls: Array<{ channel: ChannelName; request: unknown }> = [];
  let unanswered = 0;
  const invoke = vi.fn(async (channel: ChannelName, request: unknown): Promise<Result<unknown>> => {
    calls.push({ channel, request });
    const handler = handlers[channel];
    if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `no fake for ${channel}` } };
    unanswered++;
    try {
      return await handler(request);
    } finally {
      unanswered--;
    }
  });
  const events = createEventRouter();
  (window as unknown as { api: unknown }).api = buildApi(invoke, events);
  return {
    calls,
    emit: (event: AppEvent) => events.deliver(event.name, event.payload),
    invoke,
    callsTo: (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    answeredAll: () => unanswered === 0,
  };
}

export function mountWith(component: Component, options: { props?: Record<string, unknown>; locale?: Locale } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(options.locale ?? 'en');
  return mount(component, { props: options.props ?? {}, global: { plugins: [pinia, i18n] }, attachTo: document.body });
}

/**
 * Lets work that is already queued run (promise callbacks, Vue's render) once. It waits for nothing
 * that takes time: after an action, wait for its visible end state with `until`.
 */
export async function settle(): Promise<void> {
  await flushPromises();
}

/** Long enough for a loaded machine; a condition that is not met by then is a failure, not a delay. */
const UNTIL_TIMEOUT_MS = 5_000;

/**
 * Waits until `check` holds: it returns anything but `false` and does not throw (so an `expect(...)`
 * inside works, and its message is the one reported). Between tries pending promises and renders run.
 * Throws on timeout, so a feature that never reaches the state fails the test where it waits.
 * Under `vi.useFakeTimers()` each try also advances the fake clock a little (vi.waitFor does that).
 */
export async function until<T>(
  check: () => T | Promise<T>,
  options: { timeout?: number } | number = {},
): Promise<Exclude<T, false>> {
  const timeout = typeof options === 'number' ? options : (options.timeout ?? UNTIL_TIMEOUT_MS);
  return vi.waitFor(
    async () => {
      await flushPromises();
      const result = await check();
      if (result === false) throw new Error(`until: not true within ${timeout} ms: ${check.toString()}`);
      return result as Exclude<T, false>;
    },
    { timeout, interval: 10 },
  );
}
