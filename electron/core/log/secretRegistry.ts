/**
 * Every secret value the process has seen (admin API keys, service-user tokens). The logger and
 * the error boundary scrub these out of anything they write, as a second line of defence behind
 * "never put a secret into a message in the first place".
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    if (value && value.length >= 8) this.values.add(value);
  }

  scrub(text: string): string {
    let out = text;
    for (const value of this.values) {
      if (out.includes(value)) out = out.split(value).join('[redacted]');
    }
    return out;
  }
}
