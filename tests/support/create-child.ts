// A core in its own process that saves a draft and sends its create; the parent kills it
// mid-request. Env: DATA_DIR, SANDBOX_URL, SANDBOX_KEY; FIELDS (JSON of the draft fields).
import { createCore } from '../../electron/core/app';
import { dispatch } from '../../electron/core/ipc/dispatch';
import { createMemorySecretStore } from '../../electron/core/keychain/secretStore';

const core = await createCore({
  dataDir: process.env.DATA_DIR!,
  transport: 'harness',
  appVersion: 'test',
  keychain: createMemorySecretStore(),
  externalSandbox: { baseUrl: process.env.SANDBOX_URL!, apiKey: process.env.SANDBOX_KEY! },
  requestTimeoutMs: 20_000,
});
const saved = await dispatch(
  core.handlers,
  'drafts.save',
  { profileId: 'sandbox', step: 2, fields: JSON.parse(process.env.FIELDS!) },
  core.log,
);
if (!saved.ok) throw new Error(saved.error.message);
const draftId = (saved.value as { id: string }).id;
process.stdout.write(`DRAFT ${draftId}\n`);
const outcome = await dispatch(core.handlers, 'creation.create', { draftId }, core.log);
process.stdout.write(
  `OUTCOME ${JSON.stringify(outcome.ok ? (outcome.value as { state: string }).state : outcome.error.code)}\n`,
);
await core.close();
