/**
 * The sandbox tenant's certificate authority (issue 14). A PLAY CA: its private key sits in the
 * tenant's state file next to everything else, it has no revocation lists, and nothing outside the
 * sandbox should ever trust it. It signs the service users' client-authentication certificates and
 * the server certificate of the mutual-TLS listener.
 *
 * Keys are RSA 2048, made by Node's `generateKeyPair` (off the event loop: it can take a second on a
 * busy machine): RSA is what every signing client and Java keystore accepts, and node-forge packs
 * only RSA keys into PKCS#12. forge builds the X.509 structure (Node cannot), Node signs it (forge's
 * JavaScript RSA is a hundred times slower) and reads it back.
 */
import { generateKeyPair, sign, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { certificateFacts } from '../core/certificates/pkcs12';

/** The CA as kept in the tenant state (PEM). */
export interface CaMaterial {
  keyPem: string;
  certificatePem: string;
}

export type SignatureHash = 'SHA256' | 'SHA384' | 'SHA512';
export const SIGNATURE_HASHES: readonly SignatureHash[] = ['SHA256', 'SHA384', 'SHA512'];

export interface IssuedCertificate {
  /** The client's private key (PKCS#8 PEM): handed out once inside the PKCS#12, never kept. */
  privateKeyPem: string;
  certificatePem: string;
  /** Upper-case hex. */
  serial: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by ':'. */
  fingerprint: string;
  /** UTC ISO instant. */
  notAfter: string;
}

const ORGANIZATION = 'Service User Desk Sandbox';
/** OID 0.9.2342.19200300.100.1.1 (`UID` in OpenSSL's names): the service user's id. */
const UID_OID = '0.9.2342.19200300.100.1.1';
/**
 * Certificates are checked by TLS against the real time, whatever the sandbox clock says: they
 * start an hour before the earlier of the two so a handshake never meets a not-yet-valid one.
 */
const BACKDATE_MS = 60 * 60 * 1000;

const generate = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A positive random 128-bit serial, as hex for forge (leading byte below 0x80, never zero). */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

const SIGNATURE_OIDS: Record<SignatureHash, string> = {
  SHA256: '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  SHA384: '1.2.840.113549.1.1.12',
  SHA512: '1.2.840.113549.1.1.13',
};

/** What forge's `cert.sign` does, with Node's RSA (PKCS#1 v1.5) instead of forge's. */
function signCertificate(cert: forge.pki.Certificate, signerKeyPem: string, hash: SignatureHash): string {
  const oid = SIGNATURE_OIDS[hash];
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  // getTBSCertificate is public in forge, missing from its types.
  const tbsCertificate = (
    forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }
  ).getTBSCertificate(cert);
  cert.tbsCertificate = tbsCertificate;
  const tbs = Buffer.from(forge.asn1.toDer(tbsCertificate).getBytes(), 'binary');
  cert.signature = sign(hash.replace('SHA', 'sha'), tbs, signerKeyPem).toString('binary');
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

function notBefore(now: Date): Date {
  return new Date(Math.min(now.getTime(), Date.now()) - BACKDATE_MS);
}

/** A name attribute as UTF8String (forge's default, PrintableString, has no '_'); forge's types call the tag a class. */
const utf8 = (shortName: string, value: string, type?: string): forge.pki.CertificateField => ({
  shortName,
  value,
  valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  ...(type ? { type } : {}),
});

/** Makes a fresh CA (key and self-signed certificate, valid for 100 years). */
export async function createCertificateAuthority(now: Date): Promise<CaMaterial> {
  const { publicKey, privateKey } = await rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = newSerial();
  cert.validity.notBefore = notBefore(now);
  cert.validity.notAfter = new Date(Date.UTC(now.getUTCFullYear() + 100, 0, 1));
  const name = [utf8('CN', 'Sandbox Play CA (not for production)'), utf8('O', ORGANIZATION)];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { keyPem: privateKey, certificatePem: signCertificate(cert, privateKey, 'SHA256') };
}

/** Issuing with a CA kept in the state. */
export function certificateAuthority(ca: CaMaterial) {
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);

  async function issue(input: {
    subject: forge.pki.CertificateField[];
    notAfter: Date;
    now: Date;
    hash: SignatureHash;
    extensions: object[];
  }): Promise<IssuedCertificate> {
    const { publicKey, privateKey } = await rsaKeyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
    cert.serialNumber = newSerial();
    cert.validity.notBefore = notBefore(input.now);
    cert.validity.notAfter = input.notAfter;
    cert.setSubject(input.subject);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
      ...input.extensions,
    ]);
    const certificatePem = signCertificate(cert, ca.keyPem, input.hash);
    const facts = certificateFacts(certificatePem);
    return {
      privateKeyPem: privateKey,
      certificatePem,
      serial: facts.serial,
      fingerprint: facts.fingerprint,
      notAfter: facts.notAfter,
    };
  }

  return {
    caPem: ca.certificatePem,

    /**
     * A client-authentication certificate for a service user: CN = nickname, UID = the user's id,
     * valid until 23:59:59Z of `endDate`, signed with the hash asked for.
     */
    issueClientCertificate(input: {
      userId: string;
      nickname: string;
      endDate: string;
      signatureHash: SignatureHash;
      now: Date;
    }): Promise<IssuedCertificate> {
      return issue({
        subject: [utf8('CN', input.nickname), utf8('UID', input.userId, UID_OID), utf8('O', ORGANIZATION)],
        notAfter: new Date(`${input.endDate}T23:59:59Z`),
        now: input.now,
        hash: input.signatureHash,
        extensions: [
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
      });
    },

    /** The mutual-TLS listener's certificate, for 127.0.0.1 and localhost (a new one at each start). */
    async serverCertificate(now: Date): Promise<{ keyPem: string; certificatePem: string }> {
      const issued = await issue({
        subject: [utf8('CN', 'localhost'), utf8('O', ORGANIZATION)],
        notAfter: new Date(Math.max(now.getTime(), Date.now()) + 365 * 24 * 60 * 60 * 1000),
        now,
        hash: 'SHA256',
        extensions: [
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      return { keyPem: issued.privateKeyPem, certificatePem: issued.certificatePem };
    },
  };
}

export type CertificateAuthority = ReturnType<typeof certificateAuthority>;
