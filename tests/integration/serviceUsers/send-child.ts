// A core in its own process that sends one prepared service-user operation; the parent kills it
// mid-request (exactly-once.test.ts). Env: DATA_DIR, SANDBOX_URL, SANDBOX_KEY, OPERATION_ID.
import { createCore } from '../../../electron/core/app';
import { dispatch } from '../../../electron/core/ipc/dispatch';
import { createMemorySecretStore } from '../../../electron/core/keychain/secretStore';

const core = await createCore({
  dataDir: process.env.DATA_DIR!,
  transport: 'harness',
  appVersion: 'test',
  keychain: createMemorySecretStore(),
  externalSandbox: { baseUrl: process.env.SANDBOX_URL!, apiKey: process.env.SANDBOX_KEY! },
  requestTimeoutMs: 20_000,
});
process.stdout.write('SENDING\n');
const outcome = await dispatch(
  core.handlers,
  'serviceUsers.sendOperation',
  { operationId: process.env.OPERATION_ID! },
  core.log,
);
process.stdout.write(
  `OUTCOME ${JSON.stringify(outcome.ok ? (outcome.value as { state: string }).state : outcome.error.code)}\n`,
);
await core.close();
