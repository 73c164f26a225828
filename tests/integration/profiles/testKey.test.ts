import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regionBaseUrl } from '../../../shared/regions';
import { startTestCore, type TestCore } from '../../support/core';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

/**
 * "Test key" before a profile is saved (issue 15 item 11): the core asks DigiCert ONE with a key
 * that is stored nowhere — not in SQLite, the log or the keychain — and answers whose key it is.
 * DigiCert's US address is routed to the local sandbox tenant, whose key is the one tried.
 */
let dir: ReturnType<typeof makeTempDir>;
let t: TestCore | null = null;
let sandboxBase = '';
beforeEach(() => {
  dir = makeTempDir('sud-testkey-');
});
afterEach(async () => {
  await t?.core.close();
  t = null;
  dir.cleanup();
});

describe('profiles.testKey', () => {
  it('answers whose key it is; the key is kept nowhere and scrubbed from the log', async () => {
    const us = regionBaseUrl('us');
    t = await startTestCore(dir.dir, {
      fetch: (input, init) => globalThis.fetch(String(input).replace(us, sandboxBase), init),
    });
    const connection = (await t.core.sandbox.connection())!;
    sandboxBase = connection.baseUrl;
    const key = connection.apiKey;

    const answer = await t.must('profiles.testKey', { region: 'us', apiKey: key });
    expect(answer.canManageUsers).toBe(true);
    expect(answer.accounts.length).toBeGreaterThan(0);
    expect(answer).not.toHaveProperty('profileId');

    const refused = await t.call('profiles.testKey', { region: 'us', apiKey: `${key}-wrong` });
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).not.toContain(key);
    // A custom address is required with "custom", as for Add profile.
    const noUrl = await t.call('profiles.testKey', { region: 'custom', apiKey: key });
    expect(noUrl.ok ? 'ok' : noUrl.error.code).not.toBe('ok');

    expect((await t.must('profiles.list', {})).map((p) => p.kind)).toEqual(['sandbox']);
    t.core.log.error(`the key ${key}-wrong was refused`); // a careless log line is scrubbed
    await t.core.close();
    t = null;
    expect(findSecretsOnDisk(dir.dir, [`${key}-wrong`])).toEqual([]);
  });
});
