import { describe, expect, it } from 'vitest';
import { findByNickname, validateCertificateRequest } from '../../../electron/core/certificates/certificateOperations';
import { AFTER_USER_END_DATE } from '../../../shared/certificates';
import { AppError } from '../../../shared/errors';

const TODAY = '2026-06-01';
const refusal = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('validateCertificateRequest (core side of the one schema)', () => {
  it('fills in the defaults and trims the nickname', () => {
    expect(
      validateCertificateRequest(
        { kind: 'createCertificate', nickname: '  ci-01 ', endDate: '2026-07-01' },
        TODAY,
        null,
      ),
    ).toEqual({
      kind: 'createCertificate',
      nickname: 'ci-01',
      endDate: '2026-07-01',
      encryption: 'AES',
      signatureHash: 'SHA-256',
    });
  });

  it("an end date after the user's: a field error with AFTER_USER_END_DATE (the form offers to extend)", () => {
    const error = refusal(() =>
      validateCertificateRequest(
        { kind: 'createCertificate', nickname: 'ci', endDate: '2026-09-02' },
        TODAY,
        '2026-09-01',
      ),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.params).toEqual({ code: AFTER_USER_END_DATE });
    expect(error.fieldErrors).toEqual([
      { field: 'endDate', code: AFTER_USER_END_DATE, message: expect.stringMatching(/Extend the service user first/) },
    ]);
    // On the user's own end date: fine.
    expect(() =>
      validateCertificateRequest(
        { kind: 'createCertificate', nickname: 'ci', endDate: '2026-09-01' },
        TODAY,
        '2026-09-01',
      ),
    ).not.toThrow();
  });

  it.each(['ci/prod', 'ci.prod', 'prod:1', 'ü-bot', ''])('refuses the nickname %j on its field', (nickname) => {
    const error = refusal(() =>
      validateCertificateRequest({ kind: 'createCertificate', nickname, endDate: '2026-07-01' }, TODAY, null),
    );
    expect(new Set(error.fieldErrors?.map((fe) => fe.field))).toEqual(new Set(['nickname']));
  });

  it('refuses an end date in the past, today, or that does not exist', () => {
    for (const endDate of ['2026-05-31', TODAY, '2026-02-30']) {
      const error = refusal(() =>
        validateCertificateRequest({ kind: 'createCertificate', nickname: 'ci', endDate }, TODAY, null),
      );
      expect(error.fieldErrors?.map((fe) => fe.field)).toEqual(['endDate']);
    }
  });
});

describe('findByNickname', () => {
  it('matches the nickname, whatever its case (unique per user)', () => {
    const list = [
      { id: '1', nickname: 'ci' },
      { id: '2', nickname: 'ci 2' },
    ];
    expect(findByNickname(list, 'ci')?.id).toBe('1');
    expect(findByNickname(list, 'CI')?.id).toBe('1');
    expect(findByNickname(list, 'ci 3')).toBeUndefined();
  });
});

describe('revokeCertificate request (written into the audit log)', () => {
  it('refuses a nickname with control characters; accepts any other spelling DigiCert listed', async () => {
    const { operationRequestSchema } = await import('../../../shared/manage');
    const revoke = (nickname: string) =>
      operationRequestSchema.safeParse({ kind: 'revokeCertificate', certificateId: 'c1', nickname }).success;
    expect(revoke('ci\nforged audit line')).toBe(false);
    expect(revoke('ci\u0007')).toBe(false);
    expect(revoke('CI Runner (old) — ü')).toBe(true);
    expect(
      operationRequestSchema.safeParse({ kind: 'revokeToken', tokenId: 't1', tokenName: 'x\r\ny', mode: 'delete' })
        .success,
    ).toBe(false);
  });
});
