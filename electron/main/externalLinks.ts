import { DOCUMENTATION_HOSTS } from '../../shared/regions';

/**
 * The only URLs the app hands to the system browser: https pages on the documentation hosts, on
 * the default port, without credentials. Everything else is silently dropped.
 */
export function isAllowedExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    (DOCUMENTATION_HOSTS as readonly string[]).includes(parsed.hostname)
  );
}

/** Opens `url` in the system browser if it is on the allow-list; returns whether it did. */
export function openExternalIfAllowed(
  url: unknown,
  openExternal: (url: string) => Promise<void>,
  log?: { warn(m: string, f?: Record<string, unknown>): void },
): boolean {
  if (!isAllowedExternalUrl(url)) {
    log?.warn('blocked external link', { target: describeUrl(url) });
    return false;
  }
  openExternal(url).catch(() => log?.warn('could not open external link', { target: describeUrl(url) }));
  return true;
}

/** Scheme and host only: a query string could carry something that does not belong in a log. */
export function describeUrl(url: unknown): string {
  if (typeof url !== 'string') return typeof url;
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return '(invalid url)';
  }
}
