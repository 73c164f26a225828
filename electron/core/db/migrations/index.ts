import type Database from 'better-sqlite3';
import { m001Profiles } from './001-profiles';
import { m002DraftsAudit } from './002-drafts-audit';
import { m003ReferenceCache } from './003-reference-cache';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Forward-only, numbered 1..n. Never edit a shipped migration: add the next one. */
export const MIGRATIONS: readonly Migration[] = [m001Profiles, m002DraftsAudit, m003ReferenceCache];
