/**
 * Every secret value the process has seen (admin API keys, service-user tokens). The logger and
 * the error boundary scrub these out of anything they write, as a second line of defence behind
 * "never put a secret into a message in the first place".
 *
 * A secret can reach a log line in another spelling than its own: JSON-escaped (a key holding `"`
 * or `\` inside a JSON line), URL-encoded (a query string), base64 / base64url (a Basic header,
 * a dumped body) or hex. Each registered value is scrubbed in all of those forms.
 */
export class SecretRegistry {
  /** Every encoded form of every registered value, longest first so no form is cut by a shorter one. */
  private forms: string[] = [];
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    if (!value || value.length < 8 || this.values.has(value)) return;
    this.values.add(value);
    this.forms = [...new Set([...this.forms, ...encodedForms(value)])].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const form of this.forms) {
      if (out.includes(form)) out = out.split(form).join('[redacted]');
    }
    return out;
  }
}

/** Shorter fragments would redact ordinary text; a secret is at least 8 characters (see `add`). */
const MIN_FORM_LENGTH = 8;

/** The spellings a secret can take in a log line (see the class comment). */
function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const json = JSON.stringify(value).slice(1, -1);
  const forms = [
    value,
    json,
    // A JSON text logged as a string field is escaped twice.
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(value),
    encodeURIComponent(value).toLowerCase(),
    // application/x-www-form-urlencoded writes spaces as '+'.
    new URLSearchParams({ v: value }).toString().slice(2),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Cores(bytes, 'base64'),
    ...base64Cores(bytes, 'base64url'),
  ];
  return [...new Set(forms)].filter((form) => form.length >= MIN_FORM_LENGTH);
}

/**
 * Base64 of the secret inside a longer text (a header `user:key`, a body) depends on where the
 * secret starts modulo 3. For each of the three offsets, keep the characters that encode only
 * secret bytes; the characters shared with the bytes around it differ from text to text.
 */
function base64Cores(bytes: Buffer, encoding: 'base64' | 'base64url'): string[] {
  const cores: string[] = [bytes.toString(encoding)];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString(encoding).replace(/=+$/, '');
    // Leading characters mixing pad and secret bits; trailing ones mixing secret and what follows.
    const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const wholeGroups = Math.floor(padded.length / 3) * 4;
    cores.push(encoded.slice(start, wholeGroups));
  }
  return cores;
}
