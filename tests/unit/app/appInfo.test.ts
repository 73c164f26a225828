import { homedir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { createMemorySecretStore } from '../../../electron/core/keychain/secretStore';
import { makeTempDir } from '../../support/tmp';

describe('app.info', () => {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('names the user’s home folder, where the harness suggests saving an audit export', async () => {
    tmp = makeTempDir();
    core = await createCore({
      dataDir: tmp.dir,
      transport: 'harness',
      appVersion: 'test',
      keychain: createMemorySecretStore('fake keychain'),
    });
    const info = await dispatch(core.handlers, 'app.info', {}, core.log);
    expect(info).toMatchObject({ ok: true, value: { homeDir: homedir(), dataDir: tmp.dir, transport: 'harness' } });
  });
});
