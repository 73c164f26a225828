import { useI18n } from 'vue-i18n';
import type { ZodTypeAny } from 'zod';
import {
  API_KEY_MAX,
  PROFILE_NAME_MAX,
  apiKeySchema,
  customBaseUrlSchema,
  profileInputSchema,
  profileNameSchema,
} from '../../../shared/profiles';

/**
 * The field rules live in shared/ (zod), with English messages. To show them in the UI language we
 * learn each rule's message from the schema itself (by feeding it a value that breaks exactly that
 * rule) and map it to an i18n key. A message we do not know is shown as is (English), never lost.
 */
interface Translation {
  key: string;
  params?: Record<string, unknown>;
}

function firstMessage(schema: ZodTypeAny, value: unknown, path?: string): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = path ? parsed.error.issues.find((i) => i.path.join('.') === path) : parsed.error.issues[0];
  return issue?.message;
}

let table: Map<string, Translation> | null = null;

function messageTable(): Map<string, Translation> {
  if (table) return table;
  const entries: Array<[string | undefined, Translation]> = [
    [firstMessage(profileNameSchema, ''), { key: 'validation.nameRequired' }],
    [
      firstMessage(profileNameSchema, 'x'.repeat(PROFILE_NAME_MAX + 1)),
      { key: 'validation.nameTooLong', params: { max: PROFILE_NAME_MAX } },
    ],
    [firstMessage(apiKeySchema, ''), { key: 'validation.apiKeyRequired' }],
    [
      firstMessage(apiKeySchema, 'x'.repeat(API_KEY_MAX + 1)),
      { key: 'validation.apiKeyTooLong', params: { max: API_KEY_MAX } },
    ],
    [firstMessage(apiKeySchema, 'a b'), { key: 'validation.apiKeyCharacters' }],
    [firstMessage(customBaseUrlSchema, 'http://example.com/path'), { key: 'validation.baseUrlInvalid' }],
    [
      firstMessage(profileInputSchema, { name: 'n', region: 'custom', apiKey: 'k' }, 'customBaseUrl'),
      { key: 'validation.baseUrlRequired' },
    ],
    // The one free-text rule (shared/text.ts); the custom address uses it too.
    [firstMessage(profileNameSchema, 'a\u202Eb'), { key: 'validation.printable' }],
  ];
  table = new Map(entries.filter((e): e is [string, Translation] => typeof e[0] === 'string'));
  return table;
}

export function translateValidation(
  message: string,
  t: (key: string, params?: Record<string, unknown>) => string,
): string {
  const hit = messageTable().get(message);
  return hit ? t(hit.key, hit.params ?? {}) : message;
}

/** `(message) => text in the UI language` for messages coming from the shared zod schemas. */
export function useValidationText() {
  const { t } = useI18n({ useScope: 'global' });
  return (message: string | undefined): string => (message ? translateValidation(message, t) : '');
}
