import type { TypedSchema } from 'vee-validate';
import { useI18n } from 'vue-i18n';
import {
  AFTER_USER_END_DATE,
  CERTIFICATE_FILE_EXTENSION,
  CERTIFICATE_NICKNAME_MAX,
  certificateRequestSchema,
  type CertificateEncryption,
  type CertificateSignatureHash,
} from '../../../../shared/certificates';
import { keychainItemErrors } from '../../../../shared/keychainItem';
import { isRealDate } from '../../../../shared/serviceUser';
import { useWizardValidationText } from '../../lib/wizardValidationText';

/**
 * The rules of the generate dialog and of the screen's Save form. The request's rules are the
 * shared `certificateRequestSchema` (one rule, also checked by core); this only says which of its
 * issues each field shows, as an i18n key (`certificates.generate.errors.*`), so the text follows the
 * app's language. Keychain item names keep their shared English messages (translated by `vt`).
 */

export interface DestinationValues {
  service: string;
  account: string;
  file: string;
}
export interface GenerateValues extends DestinationValues {
  nickname: string;
  endDate: string;
  encryption: CertificateEncryption;
  signatureHash: CertificateSignatureHash;
  saveFirst: boolean;
}

const KEY = 'certificates.generate.errors.';

/** 'YYYY-MM-DD' one year after `today` (UTC; 29 February rolls over to 1 March). */
export function oneYearAfter(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
}

/** The end date offered first: a year from today, or the user's own end date when that is earlier. */
export function defaultEndDate(today: string, userEndDate: string | null): string {
  const inAYear = oneYearAfter(today);
  return userEndDate && userEndDate < inAYear ? userEndDate : inAYear;
}

/** The shared schema's issues, one key per field (the first issue of each). */
export function requestErrors(
  values: Pick<GenerateValues, 'nickname' | 'endDate' | 'encryption' | 'signatureHash'>,
  today: string,
  userEndDate: string | null,
): { nickname?: string; endDate?: string; afterUser: boolean } {
  const parsed = certificateRequestSchema(today, userEndDate).safeParse(values);
  const errors: { nickname?: string; endDate?: string; afterUser: boolean } = { afterUser: false };
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'nickname' && !errors.nickname) {
      errors.nickname =
        issue.code === 'too_small' || issue.code === 'invalid_type'
          ? `${KEY}nicknameRequired`
          : issue.code === 'too_big'
            ? `${KEY}nicknameTooLong`
            : `${KEY}nicknameCharacters`;
    } else if (field === 'endDate' && !errors.endDate) {
      const afterUser = issue.code === 'custom' && issue.params?.code === AFTER_USER_END_DATE;
      errors.afterUser = afterUser;
      errors.endDate =
        issue.code === 'too_small' || issue.code === 'invalid_type'
          ? `${KEY}dateRequired`
          : issue.code === 'invalid_string'
            ? `${KEY}dateFormat`
            : afterUser
              ? `${KEY}dateAfterUser`
              : isRealDate(values.endDate.trim())
                ? `${KEY}datePast`
                : `${KEY}dateNotReal`;
    }
  }
  return errors;
}

/**
 * Where the .p12 goes. The desktop app asks for the folder in a native save dialog, so only a file
 * name is typed; the browser harness has none and takes an absolute path (core keeps it inside the
 * folder it allows).
 */
export function fileError(value: string, harness: boolean): string | undefined {
  const file = value.trim();
  if (!file) return `${KEY}fileRequired`;
  if (harness && !(file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file))) return `${KEY}fileNotAbsolute`;
  if (!harness && /[\\/]/.test(file)) return `${KEY}fileNameOnly`;
  if (!file.toLowerCase().endsWith(`.${CERTIFICATE_FILE_EXTENSION}`)) return `${KEY}fileExtension`;
  return undefined;
}

export function destinationErrors(values: Partial<DestinationValues>, harness: boolean): Partial<DestinationValues> {
  const item = keychainItemErrors({ service: values.service ?? '', account: values.account ?? '' });
  const file = fileError(values.file ?? '', harness);
  return {
    ...(item.service ? { service: item.service } : {}),
    ...(item.account ? { account: item.account } : {}),
    ...(file ? { file } : {}),
  };
}

/** The file field's first value: the suggested name, or in the harness that name in the home folder. */
export function suggestedFile(fileName: string, harness: boolean, homeDir?: string, platform?: string): string {
  if (!harness || !homeDir) return fileName;
  const sep = platform === 'win32' ? '\\' : '/';
  return `${homeDir.replace(/[\\/]+$/, '')}${sep}${fileName}`;
}

/** A vee-validate schema from a function answering each field's message (or nothing). */
export function typedSchema<V extends object>(
  errorsOf: (values: V) => Partial<Record<keyof V, string>>,
): TypedSchema<V> {
  return {
    __type: 'VVTypedSchema',
    parse(values: V) {
      const errors = Object.entries(errorsOf(values))
        .filter(([, message]) => typeof message === 'string')
        .map(([path, message]) => ({ path, errors: [message as string] }));
      return Promise.resolve(errors.length ? { errors } : { value: values, errors: [] });
    },
  };
}

/** `(message) => text`: a `certificates.*` key with the form's parameters, else a shared English message. */
export function useCertificateErrorText(params: () => Record<string, unknown>) {
  const { t } = useI18n({ useScope: 'global' });
  const vt = useWizardValidationText();
  return (message: string | null | undefined): string =>
    !message
      ? ''
      : message.startsWith('certificates.')
        ? t(message, { max: CERTIFICATE_NICKNAME_MAX, ...params() })
        : vt(message);
}
