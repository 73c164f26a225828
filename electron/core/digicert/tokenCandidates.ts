/**
 * A2 is an assumption: when a 2xx create answer has no token where wire.ts looks, every string in
 * the answer that could be the token is offered to the admin instead of the token being lost.
 * Paths are dotted JSON paths (`credentials.secret`, `keys.0.value`); values stay in main.
 */
export interface TokenCandidate {
  path: string;
  value: string;
}

/** Shortest plausible token; ids, names and dates that get past the key filter are shorter or shaped. */
const MIN_LENGTH = 16;
const MAX_LENGTH = 4096;
const MAX_CANDIDATES = 20;
const MAX_DEPTH = 6;

/** Fields that describe the user, never its secret. */
const NOT_A_TOKEN_KEY =
  /^(id|.*_id|.*Id|uuid|.*name|.*Name|email|.*_email|description|status|type|user_type|.*_at|.*At|.*_by|.*By|.*date.*|.*Date.*|created|updated|locale|href|url|link|code|.*_code|permissions)$/;
const NOT_A_TOKEN_VALUE = [
  /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, // a date or time
  /^[^@\s]+@[^@\s]+\.[^@\s]+$/, // an e-mail address
  /^https?:\/\//, // a link
  /\s/, // prose
  /^[A-Z]+(_[A-Z0-9]+)+$/, // an enum constant (VIEW_SERVICE_USER)
];
/** Fields named like a secret are offered first. */
const LIKELY = /token|secret|key|credential|password/i;

export function tokenCandidates(answer: unknown, exclude: readonly string[] = []): TokenCandidate[] {
  const found: TokenCandidate[] = [];
  const visit = (value: unknown, path: string[], depth: number) => {
    if (found.length >= MAX_CANDIDATES || depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      // An array item is judged by the field holding the array (permissions.2 → permissions).
      const key = [...path].reverse().find((segment) => !/^\d+$/.test(segment)) ?? '';
      if (
        value.length >= MIN_LENGTH &&
        value.length <= MAX_LENGTH &&
        !NOT_A_TOKEN_KEY.test(key) &&
        !NOT_A_TOKEN_VALUE.some((re) => re.test(value)) &&
        !exclude.includes(value)
      ) {
        found.push({ path: path.join('.'), value });
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, String(i)], depth + 1));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k], depth + 1);
  };
  visit(answer, [], 0);
  return [...found.filter((c) => LIKELY.test(c.path)), ...found.filter((c) => !LIKELY.test(c.path))];
}

/** What the renderer may see of a candidate before Reveal: its first and last 2 characters. */
export function maskedPreview(value: string): string {
  return value.length >= MIN_LENGTH ? `${value.slice(0, 2)}…${value.slice(-2)}` : '…';
}
