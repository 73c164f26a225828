#!/usr/bin/env node
// Runs the Playwright E2E suite in Debian's Chromium. Without /usr/bin/chromium the suite is
// skipped with a reason (exit 0), or fails when SUD_REQUIRE_ALL=1 (CI) and chromium is not in
// SUD_ALLOW_SKIP.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const allowed = (process.env.SUD_ALLOW_SKIP ?? '').split(',').map((s) => s.trim());
  const required = process.env.SUD_REQUIRE_ALL === '1' && !allowed.includes('chromium');
  process.stderr.write(`[skipped: chromium] ${CHROMIUM} not found; install it with: apt-get install -y chromium\n`);
  process.exit(required ? 1 : 0);
}

const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
});
process.exit(result.status ?? 1);
