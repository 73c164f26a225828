import type { HandOver, PasswordReadBack } from '../../../shared/certificates';
import type { KeychainItem } from '../../../shared/creation';
import { readBackCommands, readBackExpressions, WINDOWS_READ_BACK_MODULE } from '../creation/readBack';
import { assertQuotable, psQuote, shQuote } from '../shellQuote';

/** How to read a certificate's password back in a script, per OS (the token's read-back rules). */
export const passwordReadBack = (item: KeychainItem): PasswordReadBack => readBackCommands(item);

export interface HandOverInput {
  /** The client-authentication origin (SM_HOST); null: not known (the line says where to find it). */
  origin: string | null;
  /** Absolute path of the saved PKCS#12 file. */
  file: string;
  /** The keychain item holding the certificate's password. */
  passwordItem: KeychainItem;
  /** The newest keychain item this app saved a token of the user into; null: none. */
  apiKeyItem: KeychainItem | null;
}

const NO_HOST = 'SM_HOST: set it to the client-authentication address of this DigiCert ONE deployment.';
const NO_API_KEY =
  "SM_API_KEY: set it from where this service user's API key is kept (this app saved none of its tokens).";

/**
 * The environment a signing client expects (SM_HOST, SM_API_KEY, SM_CLIENT_CERT_FILE,
 * SM_CLIENT_CERT_PASSWORD), per OS, with every secret replaced by the command that reads it from
 * the keychain: never a value. Every name and path is quoted by the read-back rules.
 */
export function certificateHandOver(input: HandOverInput): HandOver {
  assertQuotable('The file path and the address', input.file, input.origin ?? '');
  const password = readBackExpressions(input.passwordItem);
  const apiKey = input.apiKeyItem ? readBackExpressions(input.apiKeyItem) : null;

  const sh = (os: 'linux' | 'macos') =>
    [
      input.origin ? `export SM_HOST=${shQuote(input.origin)}` : `# ${NO_HOST}`,
      apiKey ? `export SM_API_KEY="$(${apiKey[os]})"` : `# ${NO_API_KEY}`,
      `export SM_CLIENT_CERT_FILE=${shQuote(input.file)}`,
      `export SM_CLIENT_CERT_PASSWORD="$(${password[os]})"`,
    ].join('\n');

  const windows = [
    `# ${WINDOWS_READ_BACK_MODULE}  (for Get-StoredCredential)`,
    input.origin ? `$env:SM_HOST = ${psQuote(input.origin)}` : `# ${NO_HOST}`,
    apiKey ? `$env:SM_API_KEY = ${apiKey.windows}` : `# ${NO_API_KEY}`,
    `$env:SM_CLIENT_CERT_FILE = ${psQuote(input.file)}`,
    `$env:SM_CLIENT_CERT_PASSWORD = ${password.windows}`,
  ].join('\n');

  return { linux: sh('linux'), macos: sh('macos'), windows };
}
