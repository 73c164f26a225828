import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { buildPkcs12 } from '../../../electron/core/certificates/pkcs12';
import type { GeneratedCertificate } from '../../../electron/core/digicert/client';

/** A self-signed client certificate packed as PKCS#12 under a random password, as DigiCert hands it over. */
export function generatedCertificate(
  nickname = 'build-01',
  password = `pw-${randomBytes(12).toString('base64url')}`,
): GeneratedCertificate {
  const keyPem = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `7f${randomBytes(7).toString('hex')}`;
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-06-30T23:59:59Z');
  cert.setSubject([{ name: 'commonName', value: nickname }]);
  cert.setIssuer([{ name: 'commonName', value: nickname }]);
  cert.sign(key, forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(cert);
  return {
    certificate: { id: `cert-${randomBytes(4).toString('hex')}`, nickname },
    password,
    pkcs12: buildPkcs12({ privateKeyPem: keyPem, certificatePem, password, encryption: 'AES' }),
  };
}
