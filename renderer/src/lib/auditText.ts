import type { AuditAction, AuditDetailValue, AuditDetails, AuditEntry } from '../../../shared/audit';
import { ALL_STEPS } from './wizard';

/**
 * The audit log's details and targets as an admin reads them: translated labels and values
 * instead of raw keys and codes, wizard steps counted from 1, names instead of bare ids.
 */

/** Drafts record the wizard's `step` 0-based; the wizard shows "Step 3 of 5" for 2. */
const WIZARD_STEP_COUNT = ALL_STEPS.length;

const OPERATION = ['operationId', 'kind', 'name'] as const;
const UPDATE = ['changed', 'endDate', 'accountIds', 'managerIds', 'roleIds', 'answered'] as const;
const TOKEN_REQUEST = ['tokenName', 'tokenEndDate'] as const;
const REVOKE = ['tokenId', 'tokenName', 'mode', 'answered'] as const;
const KEYCHAIN_ITEM = ['serviceUserId', 'service', 'account'] as const;
const CERTIFICATE = ['serviceUserId', 'nickname', 'certificateId', 'fingerprint'] as const;
const CERTIFICATE_REQUEST = ['certificateEndDate', 'encryption', 'signatureHash'] as const;

/** Every detail key the app records, per action (electron/core: drafts, creation, audit, serviceUsers, reminders). */
export const AUDIT_DETAIL_KEYS: Record<AuditAction, readonly string[]> = {
  draft_created: ['step', 'name', 'from'],
  draft_changed: ['step', 'revision', 'name'],
  draft_deleted: ['name', 'reason'],
  draft_restored: ['name'],
  connection_tested: ['canManageUsers', 'accounts', 'code'],
  create_requested: ['name'],
  service_user_created: ['draftId', 'name'],
  create_token_lost: ['draftId', 'name'],
  create_failed: ['code', 'name'],
  token_revealed: ['serviceUserId', 'candidatePath'],
  token_path_picked: ['serviceUserId', 'path'],
  token_copied: ['serviceUserId'],
  token_saved_to_keychain: KEYCHAIN_ITEM,
  token_save_conflict: KEYCHAIN_ITEM,
  token_overwrote_keychain_item: KEYCHAIN_ITEM,
  token_dismissed_unsaved: ['serviceUserId', 'disposition', 'answer'],
  profile_added: [],
  profile_changed: ['changed'],
  profile_removed: [],
  settings_changed: ['language', 'theme', 'reminderLeadDays'],
  audit_exported: ['format', 'entries', 'filtered', 'signed', 'code'],
  audit_verified: ['verdict', 'entries', 'firstBadSeq', 'lastBadSeq', 'problem', 'reason'],
  audit_signing_unavailable: [],
  service_users_refreshed: ['count'],
  operation_prepared: [...OPERATION, ...UPDATE, ...TOKEN_REQUEST, ...REVOKE, ...CERTIFICATE, ...CERTIFICATE_REQUEST],
  operation_discarded: [...OPERATION, 'state'],
  service_user_changed: [...OPERATION, ...UPDATE],
  service_user_deleted: [...OPERATION, 'answered'],
  token_issue_requested: [...OPERATION, ...TOKEN_REQUEST],
  token_issued: [...OPERATION, ...TOKEN_REQUEST, 'tokenId'],
  token_issue_lost: [...OPERATION, ...TOKEN_REQUEST, 'tokenId', 'code'],
  token_revoked: [...OPERATION, ...REVOKE],
  keychain_item_deleted: [...KEYCHAIN_ITEM, 'existed'],
  reminder_muted: ['userId', 'friendlyName', 'muted'],
  certificate_requested: [...OPERATION, ...CERTIFICATE, ...CERTIFICATE_REQUEST],
  certificate_generated: [...OPERATION, ...CERTIFICATE, ...CERTIFICATE_REQUEST],
  certificate_lost: [...OPERATION, ...CERTIFICATE, ...CERTIFICATE_REQUEST, 'code'],
  certificate_saved: ['operationId', ...CERTIFICATE, 'file', 'service', 'account'],
  certificate_password_revealed: ['operationId', ...CERTIFICATE],
  certificate_password_copied: ['operationId', ...CERTIFICATE],
  certificate_dismissed_unsaved: ['operationId', ...CERTIFICATE, 'disposition'],
  certificate_revoked: [...OPERATION, ...CERTIFICATE, 'answered'],
  certificate_tested: [...CERTIFICATE, 'identity', 'matchesUser', 'code'],
};

/** Keys whose (string) values are codes with a translation under `audit.detailValues.<key>.<value>`. */
export const CODED_DETAIL_KEYS = [
  'disposition',
  'answer',
  'reason',
  'verdict',
  'problem',
  'kind',
  'state',
  'mode',
  'format',
  'answered',
  'changed',
  'language',
  'theme',
] as const;

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

export interface DetailLine {
  key: string;
  label: string;
  value: string;
}

/** What the table needs of vue-i18n: `t`, `te` (key exists) and the number/list locale. */
export interface AuditTextI18n {
  t: Translate;
  te: Has;
  locale: string;
}

export function detailLabel(key: string, i18n: AuditTextI18n): string {
  const k = `audit.detailKeys.${key}`;
  return i18n.te(k) ? i18n.t(k) : key;
}

function scalarText(key: string, value: AuditDetailValue, i18n: AuditTextI18n): string {
  if (value === null) return i18n.t('audit.none');
  if (typeof value === 'boolean') return i18n.t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number') {
    if (key === 'step') return i18n.t('audit.detailValues.step', { n: value + 1, total: WIZARD_STEP_COUNT });
    return new Intl.NumberFormat(i18n.locale).format(value);
  }
  if (typeof value === 'string') {
    const k = `audit.detailValues.${key}.${value}`;
    return (CODED_DETAIL_KEYS as readonly string[]).includes(key) && i18n.te(k) ? i18n.t(k) : value;
  }
  return JSON.stringify(value);
}

export function detailValue(key: string, value: AuditDetailValue, i18n: AuditTextI18n): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return i18n.t('audit.none');
    const parts = value.map((v) => scalarText(key, v, i18n));
    if (key === 'reminderLeadDays') return i18n.t('audit.detailValues.days', { list: parts.join(', ') });
    return parts.join(', ');
  }
  return scalarText(key, value, i18n);
}

/** The details as translated label/value pairs, in the order the app wrote them. */
export function detailLines(details: AuditDetails | null, i18n: AuditTextI18n): DetailLine[] {
  if (!details) return [];
  return Object.entries(details).map(([key, value]) => ({
    key,
    label: detailLabel(key, i18n),
    value: detailValue(key, value, i18n),
  }));
}

const PROFILE_TARGET = new Set<AuditAction>([
  'profile_added',
  'profile_changed',
  'profile_removed',
  'connection_tested',
]);

/** Entries about a profile: their target is its address, their name the profile's. */
export function isProfileTarget(action: AuditAction): boolean {
  return PROFILE_TARGET.has(action);
}

/**
 * The target as a name where the entry knows one (the draft's, service user's or profile's name,
 * the operation's user), with the id it stands for; profile and token entries already name it.
 */
export function targetText(entry: Pick<AuditEntry, 'action' | 'target' | 'details' | 'profileName'>): {
  name: string | null;
  id: string | null;
} {
  const d = entry.details ?? {};
  // Profile entries name the profile's address as their target.
  const profileName = PROFILE_TARGET.has(entry.action) ? entry.profileName : null;
  const named = [profileName, d.friendlyName, d.name].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  if (!entry.target) return { name: named ?? null, id: null };
  if (named && named !== entry.target) return { name: named, id: entry.target };
  const userId = typeof d.serviceUserId === 'string' && d.serviceUserId !== entry.target ? d.serviceUserId : null;
  return { name: entry.target, id: userId };
}

export type AuditSortKey = 'seq' | 'time' | 'osUser' | 'profile' | 'action' | 'target' | 'outcome';
