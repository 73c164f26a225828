import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log/logger';
import { SecretRegistry } from '../../../electron/core/log/secretRegistry';
import { findSecretsOnDisk, makeTempDir } from '../../support/tmp';

// The API key format allows `"` and `\`; tokens may hold base64's `/` and `+`; and anything unicode.
const KEYS = [
  'ab"cd\\ef/gh+ij=kl',
  'key\\with\\backslashes\\only',
  'quote"quote"quote',
  'slash/plus+equals=amp&pct%sp ace',
  'ünïcødé-schlüssel-€-🔑-key',
  'plainAlnumKey0123456789',
];

/** Each way a caller might (wrongly) put a secret into a log line. */
function leaks(key: string): Record<string, unknown> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const b64url = (s: string) => Buffer.from(s).toString('base64url');
  return {
    raw: key,
    sentence: `header x-api-key: ${key} was refused`,
    body: JSON.stringify({ apiKey: key }),
    url: `https://one.example/api?key=${encodeURIComponent(key)}&x=1`,
    form: new URLSearchParams({ key }).toString(),
    basic: `Basic ${b64(`admin:${key}`)}`,
    basic1: b64(`a:${key}`),
    basic2: b64(`ab:${key}`),
    b64: b64(key),
    b64url: `token=${b64url(`xy${key}`)}`,
    hex: Buffer.from(key).toString('hex'),
    HEX: `0x${Buffer.from(key).toString('hex').toUpperCase()}`,
  };
}

describe('SecretRegistry', () => {
  const tmp = makeTempDir('sud-scrub-');
  afterAll(() => tmp.cleanup());

  it.each(KEYS)('scrubs every encoded form of %j from the log file on disk', (key) => {
    const secrets = new SecretRegistry();
    secrets.add(key);
    const file = join(tmp.dir, `${Buffer.from(key).toString('hex').slice(0, 16)}.log`);
    const log = createLogger({ file, secrets });
    log.error('failed', leaks(key));
    log.info(`message text ${key} and ${encodeURIComponent(key)}`);

    expect(findSecretsOnDisk(tmp.dir, [key])).toEqual([]);
    const text = readFileSync(file, 'utf8');
    // Every field was reached: each one holds a redaction, the surrounding text is kept.
    const line = JSON.parse(text.split('\n')[0]!) as Record<string, string>;
    for (const field of Object.keys(leaks(key))) expect(line[field], field).toContain('[redacted]');
    expect(line.sentence).toMatch(/^header x-api-key: \[redacted\] was refused$/);
  });

  it('leaves text alone that holds no secret, and ignores values too short to be one', () => {
    const secrets = new SecretRegistry();
    secrets.add('short');
    secrets.add('a-real-secret-value');
    expect(secrets.scrub('short text, plain words')).toBe('short text, plain words');
  });

  it('with 1,000 secrets registered (tokens of one format sharing a prefix), scrubs every form of each', () => {
    const secrets = new SecretRegistry();
    // Real tokens of one format share their first characters, and so do their hex and base64 forms.
    const tokens = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0 ? `sud_tok_${randomBytes(24).toString('base64url')}` : randomBytes(30).toString('base64url'),
    );
    const all = [...tokens, ...KEYS];
    for (const key of all) secrets.add(key);
    const dir = join(tmp.dir, 'many');
    mkdirSync(dir);
    const file = join(dir, 'x.log');
    const log = createLogger({ file, secrets });
    for (const key of all) {
      writeFileSync(file, '');
      log.error('failed', leaks(key));
      expect(findSecretsOnDisk(dir, [key]), key).toEqual([]);
      const line = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      for (const field of Object.keys(leaks(key))) expect(line[field], `${field} of ${key}`).toContain('[redacted]');
      expect(line.sentence).toBe('header x-api-key: [redacted] was refused');
    }
  });

  it('redacts a secret at either end of the text, and one as short as allowed', () => {
    const secrets = new SecretRegistry();
    secrets.add('8charsOK');
    expect(secrets.scrub('8charsOK')).toBe('[redacted]');
    expect(secrets.scrub('a 8charsOK')).toBe('a [redacted]');
    expect(secrets.scrub('8charsOK b')).toBe('[redacted] b');
    expect(secrets.scrub('8charsOK8charsOK')).toBe('[redacted][redacted]');
    expect(secrets.scrub('8charsO')).toBe('8charsO');
  });

  it('leaves no part of secrets that overlap or hold one another', () => {
    const secrets = new SecretRegistry();
    secrets.add('first-secret-ABCDEFGH');
    secrets.add('ABCDEFGH-second-secret');
    secrets.add('inner-secret-value');
    secrets.add('outer-inner-secret-value-outer');
    expect(secrets.scrub('x first-secret-ABCDEFGH-second-secret y')).toBe('x [redacted] y');
    expect(secrets.scrub('x outer-inner-secret-value-outer y')).toBe('x [redacted] y');
    expect(secrets.scrub('x inner-secret-value y')).toBe('x [redacted] y');
    expect(secrets.scrub('x outer-inner-secret-value y')).toBe('x outer-[redacted] y');
  });

  it('the scanner used by the tests finds each form (it can fail)', () => {
    const key = KEYS[0]!;
    for (const [name, value] of Object.entries(leaks(key))) {
      const plain = makeTempDir('sud-scan-');
      createLogger({ file: join(plain.dir, 'x.log'), secrets: new SecretRegistry() }).error(name, { value });
      expect(findSecretsOnDisk(plain.dir, [key]), name).not.toEqual([]);
      plain.cleanup();
    }
  });
});

describe('SecretRegistry against a plain search (random secrets over a tiny alphabet)', () => {
  /** A small seeded generator, so a failure can be replayed. */
  function random(seed: number) {
    let state = seed >>> 0;
    return (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state >>> 16) % n;
    };
  }

  it('no secret is left in any text, whatever prefixes, overlaps and nestings the secrets share', () => {
    const pick = random(20261202);
    const alphabet = 'abAB';
    const word = (length: number) => Array.from({ length }, () => alphabet[pick(alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const secrets = new SecretRegistry();
      // Half share one 16-character prefix (tokens of one format), so the forms need telling apart.
      const values = Array.from(
        { length: 1 + pick(40) },
        () => (pick(2) ? 'aAbBaAbBaAbBaAbB' : '') + word(8 + pick(12)),
      );
      for (const value of values) secrets.add(value);
      // Texts made of secrets and their pieces glued together, with a little noise between them.
      const pieces = [...values, ...values.map((v) => v.slice(pick(v.length))), 'x', ' ', ''];
      const text = Array.from({ length: 1 + pick(12) }, () => pieces[pick(pieces.length)]).join('');
      const scrubbed = secrets.scrub(text);
      for (const value of values) expect(scrubbed.includes(value), `${JSON.stringify(text)} → ${scrubbed}`).toBe(false);
      // Nothing is redacted where no secret was.
      if (!values.some((v) => text.includes(v))) expect(scrubbed).toBe(text);
    }
  });
});
