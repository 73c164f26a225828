/** DigiCert ONE hosts (docs/digicert-account-api.md §1, confirmed). */
export const REGIONS = [
  { id: 'us', label: 'United States', host: 'one.digicert.com', demo: false },
  { id: 'us-demo', label: 'United States (demo)', host: 'demo.one.digicert.com', demo: true },
  { id: 'jp', label: 'Japan', host: 'one.digicert.co.jp', demo: false },
  { id: 'jp-demo', label: 'Japan (demo)', host: 'demo.one.digicert.co.jp', demo: true },
  { id: 'ch', label: 'Switzerland', host: 'one.ch.digicert.com', demo: false },
  { id: 'ch-demo', label: 'Switzerland (demo)', host: 'demo.one.ch.digicert.com', demo: true },
  { id: 'nl', label: 'Netherlands (EU)', host: 'one.nl.digicert.com', demo: false },
  { id: 'nl-demo', label: 'Netherlands (EU, demo)', host: 'demo.one.nl.digicert.com', demo: true },
] as const;

export type RegionId = (typeof REGIONS)[number]['id'];
export const REGION_IDS = REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]];

export function regionBaseUrl(id: RegionId): string {
  const region = REGIONS.find((r) => r.id === id);
  if (!region) throw new Error(`Unknown region ${id}`);
  return `https://${region.host}`;
}

/** Hosts whose documentation the app may open in the system browser. */
export const DOCUMENTATION_HOSTS = ['docs.digicert.com', 'dev.digicert.com'] as const;
