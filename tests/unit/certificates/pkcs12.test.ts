import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPkcs12, certificateFacts, openPkcs12 } from '../../../electron/core/certificates/pkcs12';
import { isAppError } from '../../../shared/errors';
import { requireService } from '../../support/skip';

function rsaKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}

function certificate(opts: { subjectKeyPem: string; signerKeyPem: string; cn: string; issuerCn: string; ca: boolean }) {
  const subjectKey = forge.pki.privateKeyFromPem(opts.subjectKeyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(subjectKey.n, subjectKey.e);
  cert.serialNumber = opts.ca ? '0a1b2c' : '7f00ee01';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-06-30T23:59:59Z');
  cert.setSubject([
    { name: 'commonName', value: opts.cn },
    { name: 'organizationName', value: 'Example' },
  ]);
  cert.setIssuer([
    { name: 'commonName', value: opts.issuerCn },
    { name: 'organizationName', value: 'Example' },
  ]);
  cert.setExtensions([{ name: 'basicConstraints', cA: opts.ca }]);
  cert.sign(forge.pki.privateKeyFromPem(opts.signerKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const caKey = rsaKey();
const caPem = certificate({ subjectKeyPem: caKey, signerKeyPem: caKey, cn: 'Test CA', issuerCn: 'Test CA', ca: true });
const leafKey = rsaKey();
const leafPem = certificate({
  subjectKeyPem: leafKey,
  signerKeyPem: caKey,
  cn: 'build-01',
  issuerCn: 'Test CA',
  ca: false,
});
const password = 'Correct-Horse-7';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  throw new Error('did not throw');
}

const opensslMissing = spawnSync('openssl', ['version']).error ? 'openssl is not installed' : null;
const dir = mkdtempSync(join(tmpdir(), 'sud-p12-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[], input?: string): string {
  const run = spawnSync('openssl', args, { encoding: 'utf8', input });
  if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
  return run.stdout;
}

describe('PKCS#12', () => {
  it.each(['AES', '3DES'] as const)(
    'round trip with %s: opens with the password, key and chain intact',
    (encryption) => {
      const bytes = buildPkcs12({
        privateKeyPem: leafKey,
        certificatePem: leafPem,
        chainPems: [caPem],
        password,
        encryption,
      });
      const opened = openPkcs12(bytes, password);

      expect(opened.certificatePem).toBe(leafPem.replace(/\r\n/g, '\n'));
      expect(opened.chainPems).toEqual([caPem.replace(/\r\n/g, '\n')]);
      expect(opened.facts).toEqual({
        subject: 'CN=build-01, O=Example',
        issuer: 'CN=Test CA, O=Example',
        serial: '7F00EE01',
        fingerprint: new X509Certificate(leafPem).fingerprint256,
        notAfter: '2030-06-30T23:59:59.000Z',
      });
      expect(opened.facts.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      // Node (as a build server would) accepts the file and pairs the key with the certificate.
      expect(() => tls.createSecureContext({ pfx: Buffer.from(bytes), passphrase: password })).not.toThrow();
      expect(() => tls.createSecureContext({ pfx: Buffer.from(bytes), passphrase: 'wrong' })).toThrow();
    },
  );

  it('wrong password: certificate_password_wrong, and the message holds no password', () => {
    const bytes = buildPkcs12({ privateKeyPem: leafKey, certificatePem: leafPem, password, encryption: 'AES' });
    let message = '';
    try {
      openPkcs12(bytes, 'Wrong-Horse-8');
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('certificate_password_wrong');
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('Wrong-Horse-8');
    expect(message).not.toContain(password);
    expect(
      codeOf(() =>
        openPkcs12(buildPkcs12({ privateKeyPem: leafKey, certificatePem: leafPem, password, encryption: '3DES' }), ''),
      ),
    ).toBe('certificate_password_wrong');
  });

  it('garbage, a PEM certificate or an empty file: certificate_file_invalid', () => {
    expect(codeOf(() => openPkcs12(new Uint8Array([0x30, 0x82, 0xff, 0x01, 2, 3]), password))).toBe(
      'certificate_file_invalid',
    );
    expect(codeOf(() => openPkcs12(new TextEncoder().encode(leafPem), password))).toBe('certificate_file_invalid');
    expect(codeOf(() => openPkcs12(new Uint8Array(), password))).toBe('certificate_file_invalid');
    const der = new X509Certificate(leafPem).raw;
    expect(codeOf(() => openPkcs12(new Uint8Array(der), password))).toBe('certificate_file_invalid');
  });

  describe.runIf(requireService('openssl', opensslMissing))('with the openssl command', () => {
    it('the fingerprint equals `openssl x509 -fingerprint -sha256`', () => {
      const out = openssl(['x509', '-noout', '-fingerprint', '-sha256'], leafPem);
      const expected = /=([0-9A-F:]+)/.exec(out)?.[1];
      const bytes = buildPkcs12({ privateKeyPem: leafKey, certificatePem: leafPem, password, encryption: 'AES' });
      expect(openPkcs12(bytes, password).facts.fingerprint).toBe(expected);
      expect(certificateFacts(leafPem).fingerprint).toBe(expected);
    });

    it.each(['AES', '3DES'] as const)(
      '`openssl pkcs12` opens a %s file with the password (and not without)',
      (encryption) => {
        const file = join(dir, `built-${encryption}.p12`);
        writeFileSync(
          file,
          buildPkcs12({ privateKeyPem: leafKey, certificatePem: leafPem, chainPems: [caPem], password, encryption }),
        );
        const certs = openssl(['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nokeys']);
        expect(certs).toContain('subject=CN = build-01, O = Example');
        const info = spawnSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${password}`, '-info', '-noout'], {
          encoding: 'utf8',
        });
        expect(info.status).toBe(0);
        if (encryption === 'AES') {
          expect(info.stderr).toContain('MAC: sha256');
          expect(info.stderr).toContain('AES-256-CBC');
        } else {
          expect(info.stderr).toContain('pbeWithSHA1And3-KeyTripleDES-CBC');
        }
        const key = openssl(['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nocerts', '-nodes']);
        expect(key).toContain('BEGIN PRIVATE KEY');
        expect(spawnSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:nope', '-nokeys']).status).not.toBe(0);
      },
    );

    it('opens an EC (P-256) file made by openssl: forge keeps what it cannot parse, Node reads the facts', () => {
      const key = join(dir, 'ec.key');
      const cert = join(dir, 'ec.pem');
      const file = join(dir, 'ec.p12');
      openssl(
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key].concat([
          '-out',
          cert,
          '-subj',
          '/CN=ec-agent/O=Example',
          '-days',
          '5',
        ]),
      );
      openssl(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', `pass:${password}`, '-out', file]);
      const opened = openPkcs12(new Uint8Array(readFileSync(file)), password);
      expect(opened.facts.subject).toBe('CN=ec-agent, O=Example');
      expect(opened.facts.fingerprint).toBe(new X509Certificate(readFileSync(cert)).fingerprint256);
    });

    it('opens a file made by `openssl pkcs12 -export` with OpenSSL 3 defaults', () => {
      writeFileSync(join(dir, 'leaf.key'), leafKey);
      writeFileSync(join(dir, 'leaf.pem'), leafPem);
      writeFileSync(join(dir, 'ca.pem'), caPem);
      const file = join(dir, 'openssl.p12');
      openssl([
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, 'leaf.key'),
        '-in',
        join(dir, 'leaf.pem'),
        '-certfile',
        join(dir, 'ca.pem'),
        '-passout',
        `pass:${password}`,
        '-out',
        file,
      ]);
      const opened = openPkcs12(new Uint8Array(readFileSync(file)), password);
      expect(opened.facts.subject).toBe('CN=build-01, O=Example');
      expect(opened.facts.fingerprint).toBe(new X509Certificate(leafPem).fingerprint256);
      expect(opened.chainPems).toHaveLength(1);
      expect(codeOf(() => openPkcs12(new Uint8Array(readFileSync(file)), 'nope'))).toBe('certificate_password_wrong');
    });
  });
});
