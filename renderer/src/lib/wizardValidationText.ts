import { useI18n } from 'vue-i18n';
import type { ZodTypeAny } from 'zod';
import { KEYCHAIN_NAME_MAX, keychainItemSchema } from '../../../shared/creation';
import { KEYCHAIN_ACCOUNT_REQUIRED, KEYCHAIN_SERVICE_REQUIRED } from '../../../shared/keychainItem';
import {
  ACCOUNTS_MAX,
  DESCRIPTION_MAX,
  EMAIL_MAX,
  FRIENDLY_NAME_MAX,
  accountIdsSchema,
  descriptionSchema,
  emailSchema,
  endDateSchema,
  friendlyNameSchema,
  managerAccessSchema,
  managersSchema,
} from '../../../shared/serviceUser';
import { NAME_TAKEN_MESSAGE, NAME_TAKEN_SERVER_MESSAGE } from './wizard';
import { translateValidation } from './validation';

/**
 * The wizard's field rules come from shared/serviceUser.ts with English messages. As in
 * lib/validation.ts, each rule's message is learnt from the schema itself (by feeding it a value that
 * breaks exactly that rule) and mapped to a `wizard.errors.*` key; an unknown message is shown as is.
 */
interface Translation {
  key: string;
  params?: Record<string, unknown>;
}

function firstMessage(schema: ZodTypeAny, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

let table: Map<string, Translation> | null = null;

function messageTable(): Map<string, Translation> {
  if (table) return table;
  const far = '2999-01-01';
  const entries: Array<[string | undefined, Translation]> = [
    [firstMessage(friendlyNameSchema, ''), { key: 'wizard.errors.friendlyNameRequired' }],
    [
      firstMessage(friendlyNameSchema, 'x'.repeat(FRIENDLY_NAME_MAX + 1)),
      { key: 'wizard.errors.friendlyNameTooLong', params: { max: FRIENDLY_NAME_MAX } },
    ],
    [firstMessage(friendlyNameSchema, 'a!'), { key: 'wizard.errors.friendlyNameCharacters' }],
    [
      firstMessage(descriptionSchema, 'x'.repeat(DESCRIPTION_MAX + 1)),
      { key: 'wizard.errors.descriptionTooLong', params: { max: DESCRIPTION_MAX } },
    ],
    [firstMessage(emailSchema, ''), { key: 'wizard.errors.emailRequired' }],
    [firstMessage(emailSchema, `${'a'.repeat(EMAIL_MAX)}@example.com`), { key: 'wizard.errors.emailTooLong' }],
    [firstMessage(emailSchema, 'not-an-email'), { key: 'wizard.errors.emailInvalid' }],
    [firstMessage(endDateSchema(far), '01.01.2030'), { key: 'wizard.errors.endDateFormat' }],
    [firstMessage(endDateSchema('2000-01-01'), '2030-02-30'), { key: 'wizard.errors.endDateMissing' }],
    [firstMessage(endDateSchema(far), '2030-01-01'), { key: 'wizard.errors.endDatePast' }],
    [firstMessage(accountIdsSchema, []), { key: 'wizard.errors.accountsRequired' }],
    [
      firstMessage(
        accountIdsSchema,
        Array.from({ length: ACCOUNTS_MAX + 1 }, (_, i) => `a${i}`),
      ),
      { key: 'wizard.errors.accountsTooMany', params: { max: ACCOUNTS_MAX } },
    ],
    [firstMessage(managersSchema, []), { key: 'wizard.errors.managersRequired' }],
    [firstMessage(managerAccessSchema, { managerId: 'm', roleIds: [] }), { key: 'wizard.errors.rolesRequired' }],
    [KEYCHAIN_SERVICE_REQUIRED, { key: 'wizard.errors.keychainServiceRequired' }],
    [KEYCHAIN_ACCOUNT_REQUIRED, { key: 'wizard.errors.keychainAccountRequired' }],
    [
      firstMessage(keychainItemSchema.shape.service, 'x'.repeat(KEYCHAIN_NAME_MAX + 1)),
      { key: 'wizard.errors.keychainNameTooLong', params: { max: KEYCHAIN_NAME_MAX } },
    ],
    [firstMessage(keychainItemSchema.shape.service, 'a\nb'), { key: 'wizard.errors.keychainNamePrintable' }],
    [NAME_TAKEN_MESSAGE, { key: 'wizard.errors.nameTaken' }],
    [NAME_TAKEN_SERVER_MESSAGE, { key: 'errors.duplicate_name' }],
  ];
  table = new Map(entries.filter((e): e is [string, Translation] => typeof e[0] === 'string'));
  return table;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translateWizardValidation(message: string, t: Translate): string {
  const hit = messageTable().get(message);
  return hit ? t(hit.key, hit.params ?? {}) : translateValidation(message, t);
}

/** `(message) => text in the UI language` for the wizard's validation messages. */
export function useWizardValidationText() {
  const { t } = useI18n({ useScope: 'global' });
  return (message: string | undefined | null): string =>
    message ? translateWizardValidation(message, t as Translate) : '';
}
