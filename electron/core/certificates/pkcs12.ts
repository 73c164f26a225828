import { X509Certificate, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateFacts } from '../../../shared/certificates';
import { AppError } from '../../../shared/errors';

/**
 * The app's one PKCS#12 module (issue 14). node-forge builds and opens the envelope (Node's crypto
 * cannot); Node's `X509Certificate` reads the facts, so the fingerprint is OpenSSL's own. Why forge:
 * docs/certificates.md.
 */

export interface OpenedPkcs12 {
  facts: CertificateFacts;
  /** The certificate that belongs to the private key (or the first end-entity certificate). */
  certificatePem: string;
  /** The other certificates in the file (issuer chain), in file order. */
  chainPems: string[];
}

export type Pkcs12Encryption = 'AES' | '3DES';

export interface BuildPkcs12Input {
  /** PKCS#8 or PKCS#1 PEM of an RSA private key (forge's PKCS#12 writer handles RSA only). */
  privateKeyPem: string;
  certificatePem: string;
  chainPems?: string[];
  password: string;
  /**
   * AES: the key under PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC) and a SHA-256 MAC, as OpenSSL 3
   * writes by default. 3DES: the legacy pbeWithSHAAnd3-KeyTripleDES-CBC with a SHA-1 MAC, for old
   * tools that ask for it.
   */
  encryption: Pkcs12Encryption;
  /** Shown by keystore tools as the entry's alias. */
  friendlyName?: string;
}

/** OpenSSL 3's default iteration count for the key encryption and the MAC. */
const ITERATIONS = 2048;

/** Node prints names one attribute a line; one line reads better and fits a table cell. */
function oneLine(name: string): string {
  return name
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(', ');
}

/** The facts the app shows of a certificate (PEM or DER). */
export function certificateFacts(certificate: string | Uint8Array): CertificateFacts {
  const x509 = new X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
  return {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    serial: x509.serialNumber.toUpperCase(),
    fingerprint: x509.fingerprint256.toUpperCase(),
    notAfter: new Date(x509.validTo).toISOString(),
  };
}

function derToPem(der: string): string {
  const body = forge.util.encode64(der).replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function notPkcs12(): AppError {
  return new AppError('certificate_file_invalid', 'This is not a PKCS#12 certificate file the app can read.');
}

function wrongPassword(): AppError {
  return new AppError('certificate_password_wrong', 'The certificate file does not open with this password.');
}

/** forge's messages for a password that does not fit (MAC check, key or safe decryption). */
const PASSWORD_FAILURE = /MAC could not be verified|wrong password|Failed to decrypt|Invalid password/i;

/**
 * Opens a PKCS#12 file with its password and reads the certificate's facts. Throws
 * `certificate_password_wrong` or `certificate_file_invalid`; neither message holds the password.
 */
export function openPkcs12(bytes: Uint8Array, password: string): OpenedPkcs12 {
  let pfxAsn1: forge.asn1.Asn1;
  try {
    pfxAsn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')), false);
  } catch {
    throw notPkcs12();
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(pfxAsn1, false, password);
  } catch (e) {
    throw e instanceof Error && PASSWORD_FAILURE.test(e.message) ? wrongPassword() : notPkcs12();
  }

  const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag ?? ''] ?? [];
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag ?? ''] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag ?? ''] ?? []),
  ];
  const certs = certBags.map((bag) => {
    // forge keeps the parsed TBSCertificate, so re-encoding gives back the file's exact DER.
    const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
    const der = forge.asn1.toDer(asn1).getBytes();
    return { der, localKeyId: localKeyIdOf(bag) };
  });
  if (certs.length === 0) throw notPkcs12();

  const keyIds = new Set(keyBags.map(localKeyIdOf).filter((id): id is string => id !== null));
  let leafIndex = certs.findIndex((cert) => cert.localKeyId !== null && keyIds.has(cert.localKeyId));
  if (leafIndex < 0) {
    leafIndex = certs.findIndex((cert) => !new X509Certificate(Buffer.from(cert.der, 'binary')).ca);
  }
  if (leafIndex < 0) leafIndex = 0;

  const pems = certs.map((cert) => derToPem(cert.der));
  const certificatePem = pems[leafIndex] as string;
  let facts: CertificateFacts;
  try {
    facts = certificateFacts(certificatePem);
  } catch {
    throw notPkcs12();
  }
  return { facts, certificatePem, chainPems: pems.filter((_, i) => i !== leafIndex) };
}

function localKeyIdOf(bag: forge.pkcs12.Bag): string | null {
  const ids = (bag.attributes as Record<string, string[] | undefined>).localKeyId;
  return ids?.[0] ?? null;
}

/**
 * Packs a private key, its certificate and the issuer chain into a PKCS#12 file under `password`.
 * The result opens with `openssl pkcs12` (OpenSSL 3, default provider) and Node's
 * `tls.createSecureContext({ pfx, passphrase })`.
 */
export function buildPkcs12(input: BuildPkcs12Input): Uint8Array {
  const key = forge.pki.privateKeyFromPem(input.privateKeyPem);
  const chain = [input.certificatePem, ...(input.chainPems ?? [])].map((pem) => forge.pki.certificateFromPem(pem));
  const aes = input.encryption === 'AES';
  // forge writes only a SHA-1 MAC; for AES the MAC is added below with SHA-256 (OpenSSL 3's default).
  const options = {
    algorithm: aes ? 'aes256' : '3des',
    prfAlgorithm: 'sha256',
    count: ITERATIONS,
    saltSize: 16,
    useMac: !aes,
    generateLocalKeyId: true,
    ...(input.friendlyName ? { friendlyName: input.friendlyName } : {}),
  } as Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3];
  const pfx = forge.pkcs12.toPkcs12Asn1(key, chain, input.password, options);
  if (aes) addSha256Mac(pfx, input.password);
  return new Uint8Array(Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary'));
}

/** Appends PFX.macData (RFC 7292 §4) with HMAC-SHA256 under the PKCS#12 key derivation. */
function addSha256Mac(pfx: forge.asn1.Asn1, password: string): void {
  const { asn1 } = forge;
  const parts = pfx.value as forge.asn1.Asn1[];
  // PFX ::= SEQUENCE { version, authSafe ContentInfo { contentType, [0] OCTET STRING } }
  const authSafe = parts[1]?.value as forge.asn1.Asn1[] | undefined;
  const content = (authSafe?.[1]?.value as forge.asn1.Asn1[] | undefined)?.[0];
  if (parts.length !== 2 || !content || typeof content.value !== 'string') {
    throw new Error('Unexpected PKCS#12 layout from forge.');
  }
  const salt = randomBytes(16).toString('binary');
  // id 3: MAC key material (RFC 7292 appendix B.3).
  const macKey = forge.pkcs12.generateKey(
    password,
    forge.util.createBuffer(salt),
    3,
    ITERATIONS,
    32,
    forge.md.sha256.create(),
  );
  const hmac = forge.hmac.create();
  hmac.start(forge.md.sha256.create(), macKey.getBytes());
  hmac.update(content.value);
  const iterations = asn1.integerToDer(ITERATIONS).getBytes();
  parts.push(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
          asn1.create(
            asn1.Class.UNIVERSAL,
            asn1.Type.OID,
            false,
            asn1.oidToDer(forge.pki.oids.sha256 ?? '').getBytes(),
          ),
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
        ]),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, hmac.digest().getBytes()),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, salt),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, iterations),
    ]),
  );
}
