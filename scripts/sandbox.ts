/**
 * `npm run sandbox [-- --port N] [--state FILE] [--extra-accounts N] [--service-users N] [--ca FILE]`:
 * the sandbox tenant alone (`--service-users`: N generated service users besides the seeded dozen).
 * Prints its URL, its mutual-TLS (client certificate) URL and the two API keys (they are throwaway
 * keys of a local fake tenant); `--ca FILE` writes the tenant's play CA (PEM) there, e.g. for curl.
 */
import { writeFileSync } from 'node:fs';
import { startSandbox, type SandboxOptions } from '../electron/sandbox/index';

function parseArgs(argv: string[]): SandboxOptions & { caFile?: string } {
  const options: SandboxOptions & { caFile?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      return value;
    };
    if (arg === '--port') {
      const port = Number(next());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
      options.port = port;
    } else if (arg === '--state') options.stateFile = next();
    else if (arg === '--extra-accounts') options.extraAccounts = Number(next());
    else if (arg === '--service-users') options.extraServiceUsers = Number(next());
    else if (arg === '--ca') options.caFile = next();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'usage: npm run sandbox -- [--port N] [--state FILE] [--extra-accounts N] [--service-users N] [--ca FILE]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

async function main() {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sandbox: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const sandbox = await startSandbox(options);
  if (options.caFile) writeFileSync(options.caFile, sandbox.caPem);
  process.stdout.write(
    [
      `DigiCert ONE sandbox tenant listening on ${sandbox.url}`,
      `  client-auth URL: ${sandbox.clientAuthUrl}  (mutual TLS: GET /account/api/v1/user/me with a client certificate)`,
      options.caFile ? `  play CA (PEM):   ${options.caFile}` : '  play CA:         use --ca FILE to write it',
      `  admin API key:   ${sandbox.adminKey}`,
      `  limited API key: ${sandbox.limitedKey}  (no "Manage users")`,
      options.stateFile
        ? `  state file:      ${options.stateFile}`
        : '  state:           in memory (use --state FILE to keep it)',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
