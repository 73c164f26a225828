import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const SCHEMES = ['light', 'dark'] as const;

type WithMatchMedia = { matchMedia(query: string): { matches: boolean } };

/**
 * No serious or critical axe violations in `include` (the whole page when omitted), checked in the
 * light and in the dark theme. The page is left in the colour scheme it had.
 */
export async function expectAccessible(page: Page, label: string, include?: string): Promise<void> {
  const wasDark = await page.evaluate(
    () => (globalThis as unknown as WithMatchMedia).matchMedia('(prefers-color-scheme: dark)').matches,
  );
  const found: string[] = [];
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    const axe = new AxeBuilder({ page });
    if (include) axe.include(include);
    const results = await axe.analyze();
    for (const v of results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      found.push(`${label} (${scheme}): ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  await page.emulateMedia({ colorScheme: wasDark ? 'dark' : 'light' });
  expect(found).toEqual([]);
}
