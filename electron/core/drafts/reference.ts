/**
 * The reference check is pure and lives in shared/ so the renderer's Drafts list uses the same
 * rule; re-exported here for core.
 */
export { draftReferenceFrom, validateAgainstReference, type DraftReference } from '../../../shared/draftReference';
