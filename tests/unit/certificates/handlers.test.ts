import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCertificateHandlers } from '../../../electron/core/certificates/certificateHandlers';
import { createMemoryClipboard } from '../../../electron/core/creation/clipboard';
import { createClipboardGuard } from '../../../electron/core/creation/clipboardGuard';
import { isAppError } from '../../../shared/errors';
import { ABOUT, generatedCertificate, setup } from './fixtures';

function handlersFor() {
  const t = setup();
  const board = createMemoryClipboard();
  const clipboard = createClipboardGuard({
    clipboard: board,
    clock: () => new Date('2026-03-01T00:00:00Z'),
    seconds: 30,
  });
  const handlers = createCertificateHandlers({
    keeper: t.keeper,
    clipboard,
    audit: { record: (e) => void t.entries.push(e) },
  });
  const generated = generatedCertificate();
  const held = t.keeper.hold(generated, ABOUT);
  return { ...t, board, handlers, generated, held };
}

const actions = (entries: { action: string }[]) => entries.map((e) => e.action);

async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

afterEach(() => vi.useRealTimers());

describe('certificate screen handlers', () => {
  it('pending lists held certificates without their password', async () => {
    const { handlers, held, generated } = handlersFor();
    const pending = await handlers['certificates.pending']({});
    expect(pending.map((c) => c.handle)).toEqual([held.handle]);
    expect(JSON.stringify(pending)).not.toContain(generated.password);
  });

  it('reveal answers the password and puts it on record without the value', async () => {
    const { handlers, held, generated, entries } = handlersFor();
    expect(await handlers['certificates.revealPassword']({ handle: held.handle })).toEqual({
      password: generated.password,
    });
    expect(entries.at(-1)).toMatchObject({
      action: 'certificate_password_revealed',
      profileId: 'p1',
      details: { serviceUserId: 'user-1', nickname: 'build-01', fingerprint: held.facts!.fingerprint },
    });
    expect(JSON.stringify(entries)).not.toContain(generated.password);
  });

  it('copy puts the password on the clipboard and clears it after the countdown', async () => {
    vi.useFakeTimers();
    const { handlers, held, generated, entries, board } = handlersFor();
    const answer = await handlers['certificates.copyPassword']({ handle: held.handle });
    expect(answer.seconds).toBe(30);
    expect(board.text).toBe(generated.password);
    expect(actions(entries)).toContain('certificate_password_copied');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(board.text).toBe('');
    expect(JSON.stringify(entries)).not.toContain(generated.password);
  });

  it('dismiss refuses an unsaved certificate without a disposition, and records one with it', async () => {
    const { handlers, held, entries, keeper } = handlersFor();
    expect(await codeOf(() => handlers['certificates.dismiss']({ handle: held.handle }))).toBe('conflict');
    expect(keeper.hasUnsaved()).toBe(true);

    expect(await handlers['certificates.dismiss']({ handle: held.handle, unsaved: 'stored_elsewhere' })).toEqual({
      dismissed: true,
    });
    expect(entries.at(-1)).toMatchObject({
      action: 'certificate_dismissed_unsaved',
      details: { disposition: 'stored_elsewhere', nickname: 'build-01' },
    });
    expect(keeper.hasAny()).toBe(false);
    expect(await codeOf(() => handlers['certificates.revealPassword']({ handle: held.handle }))).toBe(
      'certificate_gone',
    );
  });

  it('dismiss of a saved certificate needs no disposition and records no discard', async () => {
    const { handlers, held, entries, dir, keeper } = handlersFor();
    await handlers['certificates.save']({
      handle: held.handle,
      to: { item: { service: 'svc', account: 'acct' }, file: join(dir, 'c.p12') },
    });
    expect(await handlers['certificates.dismiss']({ handle: held.handle })).toEqual({ dismissed: true });
    expect(actions(entries)).not.toContain('certificate_dismissed_unsaved');
    expect(keeper.hasAny()).toBe(false);
  });
});
