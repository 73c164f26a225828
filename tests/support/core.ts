import { createCore, type Core, type CoreOptions } from '../../electron/core/app';
import { dispatch } from '../../electron/core/ipc/dispatch';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';
import { createMemoryClipboard } from '../../electron/core/creation/clipboard';
import { startSandbox, type Sandbox } from '../../electron/sandbox';
import type { Result } from '../../shared/errors';
import type { ChannelName, RequestOf, ResponseOf } from '../../shared/ipc/contract';

export interface TestCore {
  core: Core;
  keychain: ReturnType<typeof createMemorySecretStore>;
  clipboard: ReturnType<typeof createMemoryClipboard>;
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Like call, but throws on an error value. */
  must<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  sandbox(): Promise<Sandbox>;
}

/** A real core on a real data folder, with a fake keychain and clipboard unless given. */
export async function startTestCore(dataDir: string, options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const keychain = createMemorySecretStore('fake keychain');
  const clipboard = createMemoryClipboard();
  // The tenant core starts, kept here whole: tests reach its fault switches and state.
  let tenant: Sandbox | undefined;
  const start: CoreOptions['startSandbox'] = async (o) => (tenant = await startSandbox(o));
  const core = await createCore({
    dataDir,
    transport: 'harness',
    appVersion: 'test',
    keychain,
    clipboard,
    startSandbox: start,
    ...options,
  });
  const call = async <C extends ChannelName>(channel: C, request: RequestOf<C>) =>
    (await dispatch(core.handlers, channel, request, core.log)) as Result<ResponseOf<C>>;
  return {
    core,
    keychain,
    clipboard,
    call,
    async must(channel, request) {
      const res = await call(channel, request);
      if (!res.ok)
        throw new Error(
          `${channel} failed: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.fieldErrors ?? [])}`,
        );
      return res.value;
    },
    async sandbox() {
      const running = await core.sandbox.instance();
      if (!running || !tenant) throw new Error('the sandbox is switched off');
      return tenant;
    },
  };
}

/** A complete, valid draft for the sandbox tenant: two managers with one role each. */
export async function validFields(t: TestCore, name: string) {
  const ref = await t.must('reference.get', { profileId: 'sandbox' });
  if (!ref.data) throw new Error('no reference data');
  const [m1, m2] = ref.data.managers;
  const roleOf = (managerId: string) => ref.data!.roles.find((r) => r.managerId === managerId)!.id;
  return {
    friendlyName: name,
    description: 'made by a test',
    endDate: '',
    email: 'owner@example.com',
    accountIds: [ref.data.accounts[0]!.id],
    managers: [
      { managerId: m1!.id, roleIds: [roleOf(m1!.id)] },
      { managerId: m2!.id, roleIds: [roleOf(m2!.id)] },
    ],
  };
}
