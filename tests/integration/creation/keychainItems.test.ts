import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createKeyringStore } from '../../../electron/core/keychain/keyringStore';
import { probeKeychain } from '../../../electron/core/keychain/probe';
import { ADMIN_KEY_SERVICE, PROBE_SERVICE } from '../../../electron/core/keychain/reserved';
import type { SecretStore } from '../../../electron/core/keychain/secretStore';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { requireService } from '../../support/skip';
import { makeTempDir } from '../../support/tmp';

async function realKeychainMissing(): Promise<string | null> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS)
    return 'no D-Bus session (run under: dbus-run-session -- sh scripts/with-keyring.sh ...)';
  const status = await probeKeychain(createKeyringStore({ timeoutMs: 5000 }));
  return status.available ? null : `the Secret Service is unavailable: ${status.reason}`;
}

/** What an admin reads in a shell: the item as the Secret Service holds it. */
const secretTool = (service: string, account: string) => {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', account], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return null;
  }
};

describe.runIf(requireService('keychain', await realKeychainMissing()))(
  'keychain items the app can trust (real Secret Service)',
  () => {
    const ADMIN_KEY = `sud-admin-key-${Math.random().toString(36).slice(2)}-0123456789abcdef`;
    let tmp: ReturnType<typeof makeTempDir>;
    let t: TestCore;
    let keychain: SecretStore;
    let profileId: string;
    const written: Array<{ service: string; account: string }> = [];
    let n = 0;

    /** A new service user on the sandbox; its token is held by handle. */
    async function created() {
      const draft = await t.must('drafts.save', {
        profileId: 'sandbox',
        step: 2,
        fields: await validFields(t, `keychain-bot-${++n}`),
      });
      const outcome = await t.must('creation.create', { draftId: draft.id });
      if (outcome.state !== 'created') throw new Error(outcome.state);
      const { token } = await t.must('token.reveal', { handle: outcome.token.handle });
      return { handle: outcome.token.handle, token };
    }
    const actions = async () => (await t.must('audit.query', { limit: 200 })).entries;

    beforeAll(async () => {
      tmp = makeTempDir();
      keychain = createKeyringStore();
      t = await startTestCore(tmp.dir, { keychain });
      const added = await t.must('profiles.add', { name: 'Reserved names', region: 'us-demo', apiKey: ADMIN_KEY });
      profileId = added.id;
    });
    afterAll(async () => {
      for (const item of written) await keychain.delete(item.service, item.account).catch(() => false);
      if (profileId) await t.call('profiles.remove', { id: profileId });
      await t?.core.close();
      tmp?.cleanup();
    });

    it("refuses a token on a profile's admin API key item, however the name is spelled; the key stays", async () => {
      expect(secretTool(ADMIN_KEY_SERVICE, profileId)).toBe(ADMIN_KEY);
      const { handle } = await created();
      for (const service of [ADMIN_KEY_SERVICE, ` ${ADMIN_KEY_SERVICE.toUpperCase()} `]) {
        const result = await t.call('token.save', { handle, item: { service, account: profileId } });
        expect(result.ok ? 'saved' : result.error.code).toBe('keychain_item_reserved');
        const forced = await t.call('token.save', { handle, item: { service, account: profileId }, overwrite: true });
        expect(forced.ok ? 'saved' : forced.error.code).toBe('keychain_item_reserved');
      }
      expect(secretTool(ADMIN_KEY_SERVICE, profileId)).toBe(ADMIN_KEY);
      expect((await t.must('token.pending', {})).find((p) => p.handle === handle)?.savedTo).toBeNull();
    });

    it('refuses the keychain probe item too', async () => {
      const { handle } = await created();
      const result = await t.call('token.save', { handle, item: { service: PROBE_SERVICE, account: 'probe-x' } });
      expect(result.ok ? 'saved' : result.error.code).toBe('keychain_item_reserved');
      expect(secretTool(PROBE_SERVICE, 'probe-x')).toBeNull();
    });

    it('save-before-show to the admin key item writes nothing and says why; the token stays held', async () => {
      const draft = await t.must('drafts.save', {
        profileId: 'sandbox',
        step: 2,
        fields: await validFields(t, `keychain-bot-${++n}`),
      });
      const outcome = await t.must('creation.create', {
        draftId: draft.id,
        saveTo: { service: ADMIN_KEY_SERVICE, account: profileId },
      });
      if (outcome.state !== 'created') throw new Error(outcome.state);
      expect(outcome.token.savedTo).toBeNull();
      expect(outcome.saveFailed?.error.code).toBe('keychain_item_reserved');
      expect(secretTool(ADMIN_KEY_SERVICE, profileId)).toBe(ADMIN_KEY);
    });

    it('never replaces another value unasked: conflict, then the admin overwrites or picks another name', async () => {
      const item = { service: `Reserved test ${Math.random().toString(36).slice(2)}`, account: 'shared-bot' };
      written.push(item);
      const first = await created();
      const second = await created();
      expect((await t.must('token.save', { handle: first.handle, item })).savedTo).toEqual(item);

      const conflict = await t.call('token.save', { handle: second.handle, item });
      expect(conflict.ok ? 'saved' : conflict.error.code).toBe('keychain_item_exists');
      expect(secretTool(item.service, item.account)).toBe(first.token);

      // The same token again is no conflict.
      expect((await t.call('token.save', { handle: first.handle, item })).ok).toBe(true);

      const other = { ...item, account: 'shared-bot-2' };
      written.push(other);
      const third = await created();
      expect((await t.call('token.save', { handle: third.handle, item })).ok).toBe(false);
      expect((await t.must('token.save', { handle: third.handle, item: other })).savedTo).toEqual(other);
      expect(secretTool(other.service, other.account)).toBe(third.token);

      expect((await t.must('token.save', { handle: second.handle, item, overwrite: true })).savedTo).toEqual(item);
      expect(secretTool(item.service, item.account)).toBe(second.token);

      const entries = await actions();
      const conflicts = entries.filter((e) => e.action === 'token_save_conflict');
      expect(conflicts.map((e) => e.details)).toContainEqual(
        expect.objectContaining({ service: item.service, account: item.account }),
      );
      expect(entries.filter((e) => e.action === 'token_overwrote_keychain_item').map((e) => e.details)).toEqual([
        { serviceUserId: expect.any(String), service: item.service, account: item.account },
      ]);
      const text = JSON.stringify(entries);
      for (const token of [first.token, second.token, third.token]) expect(text).not.toContain(token);
    });
  },
);
