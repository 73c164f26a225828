/**
 * `npm run wire-check -- --profile NAME [--data-dir DIR]`: checks the DigiCert ONE wire-format
 * assumptions (docs/digicert-wire-assumptions.md) against the tenant of one of the app's
 * connections, with read requests only (electron/core/digicert/wireCheck.ts). The certificate
 * endpoints (A24–A27) are reported too: the list read, generate and revoke not exercised (they
 * write), and the mutual-TLS origin derived from the connection printed, not called.
 *
 * The connection is read from the app's database, opened read-only, in the app's data folder
 * (`--data-dir`, else SUD_DATA_DIR, else Electron's user-data folder, as electron/main does); its
 * API key from the OS keychain (read only). It writes nothing and never prints the key or any value
 * from an answer. Exit code: 0 no assumption failed, 1 an assumption did not hold, 2 could not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME } from '../electron/core/db/database';
import { checkWire, formatReport } from '../electron/core/digicert/wireCheck';
import { createKeyringStore } from '../electron/core/keychain/keyringStore';
import { ADMIN_KEY_SERVICE } from '../electron/core/keychain/reserved';
import type { SecretStore } from '../electron/core/keychain/secretStore';
import { SecretRegistry } from '../electron/core/log/secretRegistry';

const PRODUCT_NAME = 'Service User Desk';

export interface WireCheckDeps {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  /** The OS keychain unless given (tests pass a memory store). */
  keychain?: SecretStore;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** One line of output (stdout). */
  write?: (line: string) => void;
}

/** Electron's user-data folder for this app (app.getPath('userData')), by platform. */
export function electronUserData(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}

interface ProfileRow {
  id: string;
  name: string;
  kind: string;
  base_url: string;
  key_storage: string;
}

class Stop extends Error {}

/**
 * The database without writing a byte. With the app running (a -wal file exists) SQLite's ordinary
 * read-only mode reads it along with its -wal. Otherwise every commit is in the main file, but a
 * read-only open of a WAL database would still leave new -wal/-shm files behind: so it is read
 * from an in-memory copy whose header says "rollback journal" (bytes 18-19: 2 → 1).
 */
function openReadOnly(file: string): Database.Database {
  if (existsSync(`${file}-wal`)) return new Database(file, { readonly: true, fileMustExist: true });
  const bytes = readFileSync(file);
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

function readProfile(dataDir: string, name: string): ProfileRow {
  const file = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(file)) throw new Stop(`No app database in ${dataDir} (use --data-dir to point at the data folder).`);
  const db = openReadOnly(file);
  try {
    const row = db
      .prepare<[string], ProfileRow>(
        'SELECT id, name, kind, base_url, key_storage FROM profiles WHERE name = ? COLLATE NOCASE',
      )
      .get(name);
    if (row) return row;
    const names = db
      .prepare<[], { name: string }>("SELECT name FROM profiles WHERE kind = 'digicert' ORDER BY name")
      .all()
      .map((r) => `"${r.name}"`);
    throw new Stop(
      `No connection named "${name}". ${names.length ? `Connections: ${names.join(', ')}.` : 'There are no DigiCert ONE connections yet.'}`,
    );
  } finally {
    db.close();
  }
}

export async function runWireCheck(args: string[], deps: WireCheckDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const secrets = new SecretRegistry();
  const write = (line: string) => (deps.write ?? ((l) => process.stdout.write(`${l}\n`)))(secrets.scrub(line));
  try {
    const { values } = parseArgs({
      args,
      options: { profile: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    });
    if (values.help || !values.profile) {
      write('usage: npm run wire-check -- --profile NAME [--data-dir DIR]');
      return values.help ? 0 : 2;
    }
    const dataDir = resolve(
      values['data-dir'] ??
        (env.SUD_DATA_DIR?.trim() || electronUserData(env, deps.platform ?? process.platform, deps.home ?? homedir())),
    );
    const profile = readProfile(dataDir, values.profile);
    if (profile.kind !== 'digicert')
      throw new Stop(`"${profile.name}" is the built-in sandbox, not a DigiCert ONE tenant: nothing to check.`);
    if (profile.key_storage !== 'keychain')
      throw new Stop(
        `The API key of "${profile.name}" is not in the keychain (${profile.key_storage === 'session' ? 'kept for one app session only' : 'none saved'}). Save it to the keychain in the app first.`,
      );
    const apiKey = await (deps.keychain ?? createKeyringStore()).get(ADMIN_KEY_SERVICE, profile.id);
    if (!apiKey) throw new Stop(`The keychain has no API key for "${profile.name}". Enter it again in the app.`);
    secrets.add(apiKey);

    write(`wire-check: connection "${profile.name}" (${new URL(profile.base_url).host}), read requests only.`);
    write('');
    const report = await checkWire({ baseUrl: profile.base_url, apiKey, fetch: deps.fetch ?? fetch });
    for (const line of formatReport(report)) write(line);
    const me = report.calls[0];
    if (!me || !/^2\d\d$/.test(me.outcome)) {
      write('');
      write(
        me?.outcome === '401'
          ? 'DigiCert ONE refused the API key (401): nothing could be checked.'
          : `GET /user/me did not answer (${me?.outcome ?? 'not sent'}): nothing could be checked.`,
      );
      return 2;
    }
    return report.failed ? 1 : 0;
  } catch (error) {
    if (error instanceof Stop || (error as { code?: unknown }).code === 'keychain_unavailable') {
      write(`wire-check: ${(error as Error).message}`);
      return 2;
    }
    // Anything else (an unreadable database, a bug): its message, scrubbed, and "could not run".
    write(`wire-check: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runWireCheck(process.argv.slice(2)).then((code) => process.exit(code));
}
