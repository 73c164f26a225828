import { describe, expect, it } from 'vitest';
import { auditQuerySchema, auditExportRequestSchema } from '../../../shared/audit';
import { keychainItemSchema } from '../../../shared/creation';
import { draftListQuerySchema, draftSaveRequestSchema } from '../../../shared/drafts';
import { customBaseUrlSchema, profileNameSchema } from '../../../shared/profiles';
import { descriptionSchema, emailSchema } from '../../../shared/serviceUser';
import { CONTROL_CHARS_MESSAGE, hasControlChars, toLf } from '../../../shared/text';

const REFUSED: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['ESC', 'a\u001b[31mb'],
  ['tab', 'a\tb'],
  ['newline', 'a\nb'],
  ['carriage return', 'a\rb'],
  ['C1 control (NEL)', 'a\u0085b'],
  ['right-to-left override', 'a\u202Eexe.txt'],
  ['left-to-right isolate', 'a\u2066b'],
  ['zero-width space', 'a\u200Bb'],
  ['zero-width joiner', 'a\u200Db'],
  ['zero-width non-joiner', 'a\u200Cb'],
  ['byte order mark', 'a\uFEFFb'],
  ['tag character', 'a\u{E0041}b'],
  ['lone high surrogate', 'a\uD800b'],
  ['lone low surrogate', 'a\uDC00b'],
  ['line separator', 'a\u2028b'],
  ['paragraph separator', 'a\u2029b'],
];

const ALLOWED: Array<[string, string]> = [
  ['plain', 'Build server 3'],
  ['accents and CJK', 'Zürich 東京'],
  ['emoji (a valid surrogate pair)', 'deploy 🚀'],
  ['private use (Co)', 'a\uE000b'],
  ['unassigned (Cn)', 'a\u0378b'],
];

describe('noControlChars: the one rule for free text', () => {
  it.each(REFUSED)('refuses %s', (_label, value) => {
    expect(hasControlChars(value)).toBe(true);
  });

  it.each(ALLOWED)('allows %s', (_label, value) => {
    expect(hasControlChars(value)).toBe(false);
  });

  const firstMessage = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
    result.success ? null : result.error!.issues[0]!.message;

  it('every free-text field the app stores or shows uses it', () => {
    const bidi = 'ci\u202Egnp.exe';
    const fields = {
      profileName: profileNameSchema.safeParse(bidi),
      customBaseUrl: customBaseUrlSchema.safeParse('https://one.exa\tmple.com'),
      description: descriptionSchema.safeParse('line one\u202Eline two'),
      email: emailSchema.safeParse('owner\u200B@example.com'),
      keychainService: keychainItemSchema.safeParse({ service: bidi, account: 'a' }),
      keychainAccount: keychainItemSchema.safeParse({ service: 's', account: 'a\u0000' }),
      draftName: draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { friendlyName: bidi } }),
      draftDescription: draftSaveRequestSchema.safeParse({
        profileId: 'p',
        step: 0,
        fields: { description: 'a\u2028b' },
      }),
      draftEmail: draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { email: 'a\u0007@b.c' } }),
      draftKeychainItem: draftSaveRequestSchema.safeParse({
        profileId: 'p',
        step: 0,
        fields: { keychainItem: { service: 's\u202E', account: 'a' } },
      }),
      draftSearch: draftListQuerySchema.safeParse({ profileId: 'p', search: 'x\u001b' }),
      auditText: auditQuerySchema.safeParse({ text: 'x\uD800' }),
      auditDestination: auditExportRequestSchema.safeParse({ format: 'csv', destination: '/tmp/a\nb.csv' }),
    };
    for (const [field, result] of Object.entries(fields)) {
      expect([field, firstMessage(result)]).toEqual([field, CONTROL_CHARS_MESSAGE]);
    }
  });

  it('a trailing newline of a pasted value is trimmed where the field trims, not refused', () => {
    expect(profileNameSchema.parse('Production\n')).toBe('Production');
    expect(descriptionSchema.parse('CI pipeline\r\n')).toBe('CI pipeline');
  });
});

describe('the description is multi-line: LF allowed, every other control character still refused', () => {
  const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
    result.success ? null : result.error!.issues[0]!.message;
  const draftDescription = (description: string) =>
    draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { description } });

  it('the multiline option allows LF and nothing else', () => {
    expect(hasControlChars('a\nb', { multiline: true })).toBe(false);
    expect(hasControlChars('a\nb')).toBe(true);
    for (const [label, value] of REFUSED.filter(([label]) => label !== 'newline')) {
      expect([label, hasControlChars(value, { multiline: true })]).toEqual([label, true]);
    }
  });

  it('keeps line feeds in the description, in the service-user schema and in a draft', () => {
    expect(descriptionSchema.parse('CI pipeline\nrelease signing\n\nowner: team A')).toBe(
      'CI pipeline\nrelease signing\n\nowner: team A',
    );
    const draft = draftDescription('line one\nline two');
    expect(draft.success && draft.data.fields.description).toBe('line one\nline two');
  });

  it('reads CRLF as LF (a value pasted or sent from Windows); a lone CR stays refused', () => {
    expect(toLf('a\r\nb\r\n\r\nc')).toBe('a\nb\n\nc');
    expect(descriptionSchema.parse('line one\r\nline two\r\n')).toBe('line one\nline two');
    const draft = draftDescription('line one\r\nline two');
    expect(draft.success && draft.data.fields.description).toBe('line one\nline two');
    expect(message(descriptionSchema.safeParse('line one\rline two'))).toBe(CONTROL_CHARS_MESSAGE);
    expect(message(draftDescription('line one\rline two'))).toBe(CONTROL_CHARS_MESSAGE);
  });

  it.each(REFUSED.filter(([label]) => label !== 'newline' && label !== 'carriage return'))(
    'still refuses %s in a multi-line description',
    (_label, value) => {
      expect(message(descriptionSchema.safeParse(`line one\n${value}`))).toBe(CONTROL_CHARS_MESSAGE);
      expect(message(draftDescription(`line one\n${value}`))).toBe(CONTROL_CHARS_MESSAGE);
    },
  );

  it('only the description: a line feed in the name, email, keychain item or profile name is still refused', () => {
    expect(
      message(draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { email: 'owner\n@example.com' } })),
    ).toBe(CONTROL_CHARS_MESSAGE);
    expect(
      message(draftSaveRequestSchema.safeParse({ profileId: 'p', step: 0, fields: { friendlyName: 'a\nb' } })),
    ).toBe(CONTROL_CHARS_MESSAGE);
    expect(message(keychainItemSchema.safeParse({ service: 'a\nb', account: 'a' }))).toBe(CONTROL_CHARS_MESSAGE);
    expect(message(profileNameSchema.safeParse('a\nb'))).toBe(CONTROL_CHARS_MESSAGE);
  });

  it('the length limit counts the description after CRLF became LF', () => {
    expect(descriptionSchema.safeParse('x\r\n'.repeat(333) + 'x').success).toBe(true); // 1333 typed, 999 kept
    expect(message(descriptionSchema.safeParse('x\n'.repeat(500) + 'x'))).toBe('Use at most 1000 characters.');
  });
});
