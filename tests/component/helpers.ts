import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import type { Result } from '../../shared/errors';
import { buildApi, type ChannelName } from '../../shared/ipc/contract';
import { createAppI18n, type Locale } from '../../renderer/src/i18n';

export type FakeHandlers = Partial<Record<ChannelName, (request: any) => Result<unknown> | Promise<Result<unknown>>>>;

/** Installs a fake `window.api` (the renderer's only door) answering from `handlers`. */
export function installFakeApi(handlers: FakeHandlers) {
  const calls: Array<{ channel: ChannelName; request: unknown }> = [];
  const invoke = vi.fn(async (channel: ChannelName, request: unknown): Promise<Result<unknown>> => {
    calls.push({ channel, request });
    const handler = handlers[channel];
    if (!handler) return { ok: false, error: { code: 'unknown_channel', message: `no fake for ${channel}` } };
    return handler(request);
  });
  (window as unknown as { api: unknown }).api = buildApi(invoke);
  return { calls, invoke, callsTo: (channel: ChannelName) => calls.filter((c) => c.channel === channel).map((c) => c.request) };
}

export function mountWith(component: Component, options: { props?: Record<string, unknown>; locale?: Locale } = {}) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const i18n = createAppI18n(options.locale ?? 'en');
  return mount(component, { props: options.props ?? {}, global: { plugins: [pinia, i18n] }, attachTo: document.body });
}

/** vee-validate validates asynchronously: flush promises, then one timer tick (TOOLCHAIN.md). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}
