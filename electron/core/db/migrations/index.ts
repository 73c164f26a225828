import { m001Profiles } from './001-profiles';
import { m002DraftsAudit } from './002-drafts-audit';
import { m003ReferenceCache } from './003-reference-cache';
import { m004ServiceUsers } from './004-service-users';
import { m005AuditIntegrity } from './005-audit-integrity';
import { m006Certificates } from './006-certificates';
import type { Migration } from './types';

/** Forward-only, numbered 1..n. Never edit a shipped migration: add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  m001Profiles,
  m002DraftsAudit,
  m003ReferenceCache,
  m004ServiceUsers,
  m005AuditIntegrity,
  m006Certificates,
];
