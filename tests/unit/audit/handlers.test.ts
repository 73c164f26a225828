import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditLog } from '../../../electron/core/audit/auditLog';
import { createAuditHandlers } from '../../../electron/core/audit/handlers';
import { parseRequest } from '../../../electron/core/ipc/dispatch';
import { AppError } from '../../../shared/errors';
import { openTempDb } from '../../support/db';

let ctx: ReturnType<typeof openTempDb>;
beforeEach(() => {
  ctx = openTempDb();
});
afterEach(() => ctx.cleanup());

describe('audit handlers', () => {
  it('serve query and verify through the contract schemas', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice' });
    const h = createAuditHandlers(audit);
    audit.append({ action: 'profile_added', target: 'p1' });
    const page = await h['audit.query'](parseRequest('audit.query', {}));
    expect(page.entries).toHaveLength(1);
    expect(await h['audit.verify'](parseRequest('audit.verify', {}))).toMatchObject({
      verdict: 'unprovable',
      entries: 1,
    });
    expect(await h['audit.signingKey'](parseRequest('audit.signingKey', {}))).toEqual({
      state: 'unavailable',
      fingerprint: null,
      publicKeyPem: null,
    });
  });

  it('the contract refuses a limit above 500 and unknown actions', () => {
    expect(() => parseRequest('audit.query', { limit: 501 })).toThrow(AppError);
    expect(() => parseRequest('audit.query', { actions: ['drop_table'] })).toThrow(AppError);
  });

  it('export refuses a destination whose extension does not match the format, or that main vetoes', async () => {
    const audit = createAuditLog(ctx.db, { osUser: 'alice' });
    const h = createAuditHandlers(audit, { allowDestination: (p) => p.endsWith('allowed.csv') });
    const bad = join(ctx.dir, 'x.sh');
    await expect(async () =>
      h['audit.export'](parseRequest('audit.export', { format: 'csv', destination: bad })),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const vetoed = join(ctx.dir, 'other.csv');
    await expect(async () =>
      h['audit.export'](parseRequest('audit.export', { format: 'csv', destination: vetoed })),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(existsSync(bad) || existsSync(vetoed)).toBe(false);
    const ok = join(ctx.dir, 'allowed.csv');
    expect(await h['audit.export'](parseRequest('audit.export', { format: 'csv', destination: ok }))).toMatchObject({
      entries: 0,
    });
    expect(existsSync(ok)).toBe(true);
  });
});
