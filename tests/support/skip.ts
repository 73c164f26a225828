/**
 * Suites that need a system service (a Secret Service, Chromium, the Electron binary) call
 * {@link requireService}. When the service is missing the suite is skipped with a printed reason,
 * unless SUD_REQUIRE_ALL=1 (set by .ci/run), which turns every skip into a failure. Names listed
 * in SUD_ALLOW_SKIP (comma-separated) may still skip under SUD_REQUIRE_ALL.
 */
export function requireService(name: string, missingReason: string | null): boolean {
  if (missingReason === null) return true;
  const allowed = (process.env.SUD_ALLOW_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (process.env.SUD_REQUIRE_ALL === '1' && !allowed.includes(name)) {
    throw new Error(`[${name}] required by SUD_REQUIRE_ALL=1 but unavailable: ${missingReason}`);
  }
  process.stderr.write(`\n[skipped: ${name}] ${missingReason}\n`);
  return false;
}
