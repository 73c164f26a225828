import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readBackCommands } from '../../../electron/core/creation/readBack';
import { windowsTarget } from '../../../electron/core/keychain/windowsTarget';

const HOSTILE = [
  'acct.svc’; calc; ’',
  "'; touch /tmp/pwned; '",
  "it's",
  "‘‚‛’'",
  '’’',
  '$(id)',
  '`id`',
  '$env:USERPROFILE',
  'a"b\\"c',
  "\\'",
  '; & | < > * ? ~ # !',
  '%2E.%',
  'ü · 🔑',
];

/** PowerShell's rule for a single-quoted string: ' ‘ ’ ‚ ‛ all quote; two in a row are one literal. */
const PS_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
function parsePsSingleQuoted(text: string): { value: string; rest: string } {
  if (!PS_QUOTES.has(text[0]!)) throw new Error(`not a single-quoted string: ${text}`);
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (PS_QUOTES.has(c)) {
      if (!PS_QUOTES.has(text[i + 1] ?? '')) return { value, rest: text.slice(i + 1) };
      value += text[++i]!;
    } else {
      value += c;
    }
  }
  throw new Error('unterminated string');
}

const haveSh = existsSync('/bin/sh');

describe('read-back commands quote hostile names for every shell', () => {
  it.each(HOSTILE)('PowerShell gets the target intact: %s', (name) => {
    for (const item of [
      { service: name, account: 'bot' },
      { service: 'svc', account: name },
    ]) {
      const command = readBackCommands(item).windows;
      const prefix = '(Get-StoredCredential -Target ';
      expect(command.startsWith(prefix)).toBe(true);
      const { value, rest } = parsePsSingleQuoted(command.slice(prefix.length));
      expect(value).toBe(windowsTarget(item.service, item.account));
      expect(rest).toBe(').GetNetworkCredential().Password  # Install-Module CredentialManager');
    }
  });

  it.runIf(haveSh).each(HOSTILE)('sh passes the names as single arguments: %s', (name) => {
    const item = { service: `svc ${name}`, account: name };
    const commands = readBackCommands(item);
    const run = (command: string, tool: string) => {
      expect(command.startsWith(`${tool} `)).toBe(true);
      const echoed = `printf '%s\\n'${command.slice(tool.length)}`;
      return execFileSync('/bin/sh', ['-c', echoed], { encoding: 'utf8' }).split('\n').slice(0, -1);
    };
    expect(run(commands.linux, 'secret-tool')).toEqual(['lookup', 'service', item.service, 'username', item.account]);
    expect(run(commands.macos, 'security')).toEqual([
      'find-generic-password',
      '-s',
      item.service,
      '-a',
      item.account,
      '-w',
    ]);
  });

  it.each(['a\nb', 'a\rb', 'a\u0000b', 'a\tb', '\u001b[31mred', 'a\u2028b', 'a\u2029b', 'a\u0085b'])(
    'refuses control characters and line breaks: %j',
    (name) => {
      expect(() => readBackCommands({ service: name, account: 'bot' })).toThrow(/control characters/);
      expect(() => readBackCommands({ service: 'svc', account: name })).toThrow(/control characters/);
    },
  );
});
