import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../electron/core/keychain/secretStore';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { createProfileStore } from '../../../electron/core/profiles/profileStore';
import { openTempDb } from '../../support/db';

const KEY = 'adminkey_0123456789abcdef0123456789abcdef';

describe('profile store: profiles are remembered between reads', () => {
  let ctx: ReturnType<typeof openTempDb>;
  let store: ReturnType<typeof createProfileStore>;

  beforeEach(() => {
    ctx = openTempDb();
    store = createProfileStore({
      db: ctx.db,
      keychain: createMemorySecretStore('fake keychain'),
      sessionKeys: createMemorySecretStore('session'),
      secrets: new SecretRegistry(),
      audit: { record: () => undefined },
    });
  });
  afterEach(() => ctx.cleanup());

  it('an edit, a new sandbox address and a removal show in the next read', async () => {
    const added = await store.add({ name: 'Prod', region: 'us', apiKey: KEY, sessionOnly: false });
    expect(store.get(added.id)).toMatchObject({ name: 'Prod', baseUrl: 'https://one.digicert.com' });

    await store.update({ id: added.id, name: 'Production EU', region: 'nl', apiKey: KEY, sessionOnly: true });
    expect(store.get(added.id)).toMatchObject({ name: 'Production EU', region: 'nl', keyStorage: 'session' });
    expect(store.get(added.id).baseUrl).toBe('https://one.nl.digicert.com');

    store.ensureSandbox('http://127.0.0.1:1111');
    expect(store.get('sandbox').baseUrl).toBe('http://127.0.0.1:1111');
    store.ensureSandbox('http://127.0.0.1:2222');
    expect(store.get('sandbox').baseUrl).toBe('http://127.0.0.1:2222');

    await store.remove(added.id);
    expect(() => store.get(added.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('what a read returns cannot be changed by the caller', async () => {
    const added = await store.add({ name: 'Prod', region: 'us', apiKey: KEY, sessionOnly: false });
    const profile = store.get(added.id);
    expect(() => Object.assign(profile, { name: 'changed' })).toThrow(TypeError);
    expect(store.get(added.id).name).toBe('Prod');
  });
});
