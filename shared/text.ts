import { z } from 'zod';

/**
 * The one rule for free text the app stores or shows (names, descriptions, emails, search texts):
 * no control or format characters. They hide or reorder what an admin reads (U+202E turns
 * "gpj.exe" around, zero-width characters make two names look alike), break lines in logs and
 * exports, or are not text at all (NUL, lone surrogates).
 *
 * Refused: Cc (C0/C1 controls: NUL, ESC, tab, CR, LF...), Cf (format: bidi overrides and isolates,
 * zero-width space/joiners, BOM, tags), Cs (lone surrogates), and the Unicode line and paragraph
 * separators U+2028/U+2029 (Zl/Zp, newlines in all but name).
 *
 * Allowed on purpose: Co (private use) shows as a visible glyph or a box, never hides or moves
 * other text, and has real uses (vendor symbols, CJK extension fonts); Cn (unassigned) depends on
 * the Unicode version of the JS engine, so refusing it would make the renderer and core (or an
 * older and a newer app) disagree about the same name, and refuse emoji added after the engine.
 *
 * One exception, by option: a multi-line field (the service user's description, a `<textarea>`)
 * takes line feeds. LF only: the field reads CRLF as LF first ({@link toLf}); a lone CR, U+2028/
 * U+2029, NEL and everything else above stay refused there too.
 */
const CONTROL_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
/** The same set less LF (built from it, so the two cannot drift apart). */
const CONTROL_CHARS_BUT_LF = new RegExp(`(?!\\n)${CONTROL_CHARS.source}`, 'u');

export interface TextRules {
  /** A multi-line field: LF is allowed (normalise CRLF with {@link toLf} before checking). */
  multiline?: boolean;
}

/** The wording the keychain item check has always used (translated in the wizard as such). */
export const CONTROL_CHARS_MESSAGE = 'Use printable characters only.';
/** `params.reason` of the zod issue, for callers that map issues to codes. */
const CONTROL_CHARS_REASON = 'control_chars';

export function hasControlChars(value: string, rules: TextRules = {}): boolean {
  return (rules.multiline ? CONTROL_CHARS_BUT_LF : CONTROL_CHARS).test(value);
}

/**
 * Refinement for a string schema: `.superRefine(noControlChars)`, or for a multi-line field
 * `.superRefine((value, ctx) => noControlChars(value, ctx, { multiline: true }))`.
 */
export function noControlChars(value: string, ctx: z.RefinementCtx, rules: TextRules = {}): void {
  if (hasControlChars(value, rules)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: CONTROL_CHARS_MESSAGE,
      params: { reason: CONTROL_CHARS_REASON },
    });
  }
}

/** Windows line ends (CRLF) as LF, for multi-line fields: `z.string().transform(toLf).pipe(...)`. */
export function toLf(value: string): string {
  return value.replace(/\r\n/g, '\n');
}
