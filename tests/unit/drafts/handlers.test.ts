import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../electron/core/audit/auditLog';
import { createDraftStore } from '../../../electron/core/drafts/draftStore';
import { createDraftHandlers } from '../../../electron/core/drafts/handlers';
import { parseRequest } from '../../../electron/core/ipc/dispatch';
import { AppError } from '../../../shared/errors';
import { openTempDb } from '../../support/db';

let ctx: ReturnType<typeof openTempDb>;
beforeEach(() => {
  ctx = openTempDb();
});
afterEach(() => ctx.cleanup());

describe('draft handlers', () => {
  it('run every draft channel end to end through the contract schemas', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice' });
    const h = createDraftHandlers(createDraftStore(ctx.db, { audit }));
    const saved = await h['drafts.save'](
      parseRequest('drafts.save', { profileId: 'p1', step: 0, fields: { friendlyName: 'Bot' } }),
    );
    expect((await h['drafts.get'](parseRequest('drafts.get', { id: saved.id }))).fields).toEqual({
      friendlyName: 'Bot',
    });
    expect(await h['drafts.list'](parseRequest('drafts.list', { profileId: 'p1' }))).toHaveLength(1);
    expect((await h['drafts.latestUnfinished'](parseRequest('drafts.latestUnfinished', {}))).draft?.id).toBe(saved.id);
    const copy = await h['drafts.duplicate'](parseRequest('drafts.duplicate', { id: saved.id }));
    expect(copy.friendlyName).toBe('Bot copy');
    expect(await h['drafts.delete'](parseRequest('drafts.delete', { id: copy.id }))).toEqual({ id: copy.id });
    expect((await h['drafts.undoDelete'](parseRequest('drafts.undoDelete', { id: copy.id }))).deletedAt).toBeNull();
  });

  it('the contract refuses oversized or unknown draft fields before the store sees them', () => {
    expect(() => parseRequest('drafts.save', { profileId: 'p1', step: 0, fields: { apiKey: 'x' } })).toThrow(AppError);
    expect(() =>
      parseRequest('drafts.save', { profileId: 'p1', step: 0, fields: { accountIds: Array(1001).fill('a') } }),
    ).toThrow(AppError);
    expect(() => parseRequest('drafts.save', { profileId: 'p1', step: 0, fields: { endDate: '31.12.2026' } })).toThrow(
      AppError,
    );
    expect(() => parseRequest('drafts.list', { profileId: 'p1', sort: 'random' })).toThrow(AppError);
  });
});
