/**
 * The client's certificate calls (wire.ts A24–A27) against the sandbox tenant over real HTTP: what
 * the client sends is what the sandbox takes, the file opens with the password and is the listed
 * certificate, mutual TLS with it answers its owner until it is revoked, the sandbox's refusals read
 * as the right errors, and nothing logged or raised holds the password or the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPkcs12 } from '../../../electron/core/certificates/pkcs12';
import type { GeneratedCertificate } from '../../../electron/core/digicert/client';
import { whoAmIWithCertificate } from '../../../electron/core/digicert/mutualTls';
import { startSandbox, type Sandbox } from '../../../electron/sandbox/index';
import { utcToday } from '../../../shared/serviceUser';
import { clientFor, createRecorder } from './support';

let sandbox: Sandbox;
const recorder = createRecorder();
const generated: GeneratedCertificate[] = [];
let userId: string;
let userEndDate: string;

const admin = () => clientFor(sandbox.url, sandbox.adminKey, recorder).client;
const daysFromNow = (days: number) => utcToday(new Date(Date.now() + days * 86_400_000));

beforeAll(async () => {
  sandbox = await startSandbox({ maxPageSize: 5 });
  const client = admin();
  const accounts = await client.listAccounts();
  const roles = await client.listRoles('software_trust');
  userEndDate = daysFromNow(200);
  const created = await client.createServiceUser({
    friendlyName: `cert-user-${Date.now()}`,
    email: 'owner@example.com',
    endDate: userEndDate,
    accountIds: [accounts[0]!.id],
    managers: [{ managerId: 'software_trust', roleIds: [roles[0]!.id] }],
  });
  userId = created.user.id;
});

afterAll(async () => {
  await sandbox.close();
  // The scan: no password and no file (in any base64 spelling) in anything logged or raised.
  expect(generated.length).toBeGreaterThanOrEqual(2);
  const secrets = generated.flatMap((g) => {
    const base64 = Buffer.from(g.pkcs12).toString('base64');
    return [g.password, base64, base64.slice(200, 280), Buffer.from(g.pkcs12).toString('base64url')];
  });
  expect(recorder.lines.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
});

describe('certificates against the sandbox', () => {
  it('generate: the file opens with the password and is the certificate the list shows', async () => {
    const client = admin();
    const endDate = daysFromNow(90);
    const certificate = await client.createCertificate(userId, {
      nickname: 'build server 1',
      endDate,
      encryption: 'AES',
      signatureHash: 'SHA-384',
    });
    generated.push(certificate);
    expect(certificate.certificate).toMatchObject({ nickname: 'build server 1', status: 'ACTIVE' });
    expect(certificate.certificate.id).not.toBe('');

    const facts = openPkcs12(certificate.pkcs12, certificate.password).facts;
    expect(facts.fingerprint).toBe(certificate.certificate.fingerprint);
    expect(facts.serial).toBe(certificate.certificate.serial);
    expect(facts.notAfter).toBe(`${endDate}T23:59:59.000Z`);
    expect(certificate.certificate.notAfter).toBe(facts.notAfter);

    const listed = await client.listCertificates(userId);
    expect(listed).toEqual({ certificates: [certificate.certificate], skipped: 0 });
  });

  it('every page of a long list (the sandbox pages by 5)', async () => {
    const client = admin();
    for (let i = 0; i < 5; i++)
      generated.push(await client.createCertificate(userId, { nickname: `runner ${i}`, endDate: daysFromNow(30) }));
    const { certificates: listed } = await client.listCertificates(userId);
    expect(listed.map((c) => c.nickname).sort()).toEqual(
      ['build server 1', ...Array.from({ length: 5 }, (_, i) => `runner ${i}`)].sort(),
    );
  });

  it('a nickname the user already has (any case) → duplicate_name on the nickname field', async () => {
    const error = await recorder.failure(
      admin().createCertificate(userId, { nickname: 'BUILD SERVER 1', endDate: daysFromNow(30) }),
    );
    expect(error.code).toBe('duplicate_name');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ field: 'nickname' })]);
  });

  it("an end date after the user's → validation_failed on endDate (the client cannot know it)", async () => {
    const error = await recorder.failure(
      admin().createCertificate(userId, { nickname: 'too long', endDate: daysFromNow(400) }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(['endDate']);
  });

  it('a key without "Manage users" → access_denied; an unknown user → not_found', async () => {
    const limited = clientFor(sandbox.url, sandbox.limitedKey, recorder).client;
    expect(
      (await recorder.failure(limited.createCertificate(userId, { nickname: 'nope', endDate: daysFromNow(30) }))).code,
    ).toBe('access_denied');
    expect((await recorder.failure(admin().listCertificates('no-such-user'))).code).toBe('not_found');
  });

  it('mutual TLS with the generated certificate answers its service user', async () => {
    const { pkcs12, password } = generated[0]!;
    const me = await whoAmIWithCertificate({ origin: sandbox.clientAuthUrl, pkcs12, password, ca: sandbox.caPem });
    expect(me.id).toBe(userId);
    expect(me.userType).toBe('service');
  });

  it('revoke: listed as REVOKED, refused over mutual TLS; an unknown certificate → not_found', async () => {
    const client = admin();
    const target = generated[0]!.certificate;
    await client.revokeCertificate(userId, target.id);
    const after = (await client.listCertificates(userId)).certificates.find((c) => c.id === target.id);
    expect(after?.status).toBe('REVOKED');
    const { pkcs12, password } = generated[0]!;
    const refused = await recorder.failure(
      whoAmIWithCertificate({ origin: sandbox.clientAuthUrl, pkcs12, password, ca: sandbox.caPem }),
    );
    expect([refused.code, refused.params?.status]).toEqual(['certificate_refused', 401]);
    expect((await recorder.failure(client.revokeCertificate(userId, 'no-such-certificate'))).code).toBe('not_found');
  });
});
