// Prints the keychain status as JSON, as the app would see it in this environment.
import { createKeyringStore } from '../../electron/core/keychain/keyringStore';
import { probeKeychain } from '../../electron/core/keychain/probe';

const timeoutMs = Number(process.env.PROBE_TIMEOUT_MS ?? 5000);
const status = await probeKeychain(createKeyringStore({ timeoutMs }));
process.stdout.write(JSON.stringify(status) + '\n');
