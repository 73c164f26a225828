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
 * Descriptions follow the same rule, newlines included: DigiCert ONE's console edits the
 * description as a single line and the API documents no line breaks in it.
 */
const CONTROL_CHARS = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** The wording the keychain item check has always used (translated in the wizard as such). */
export const CONTROL_CHARS_MESSAGE = 'Use printable characters only.';
/** `params.reason` of the zod issue, for callers that map issues to codes. */
export const CONTROL_CHARS_REASON = 'control_chars';

export function hasControlChars(value: string): boolean {
  return CONTROL_CHARS.test(value);
}

/** Refinement for a string schema: `.superRefine(noControlChars)`. */
export function noControlChars(value: string, ctx: z.RefinementCtx): void {
  if (hasControlChars(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: CONTROL_CHARS_MESSAGE, params: { reason: CONTROL_CHARS_REASON } });
  }
}
