import { webcrypto } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
// @peculiar/x509's dependency injection needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The cluster's certificate authority and the API server's serving certificate, as PEM. */
export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function keyToPem(pkcs8: ArrayBuffer): string {
  const b64 = Buffer.from(pkcs8).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function pemToDer(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

async function newCa(): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=ibnet-sim-ca',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 10 * YEAR_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

function randomSerial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');
}

/**
 * Loads the CA from `dir` (or makes one and saves it there), then issues a fresh serving
 * certificate for 127.0.0.1 and localhost (plus `host` when it is another address).
 */
export async function servingCerts(dir: string, host: string): Promise<ServingCerts> {
  const caCertFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  let caCert: x509.X509Certificate;
  let caKey: CryptoKey;
  try {
    caCert = new x509.X509Certificate(await readFile(caCertFile, 'utf8'));
    caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      pemToDer(await readFile(caKeyFile, 'utf8')),
      ALG,
      true,
      ['sign'],
    );
  } catch {
    const ca = await newCa();
    caCert = ca.cert;
    caKey = ca.keys.privateKey;
    await writeFile(caCertFile, caCert.toString('pem') + '\n');
    await writeFile(caKeyFile, keyToPem(await webcrypto.subtle.exportKey('pkcs8', caKey)), {
      mode: 0o600,
    });
  }

  const names: x509.JsonGeneralName[] = [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'dns', value: 'localhost' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost')
    names.push({ type: isIP(host) ? 'ip' : 'dns', value: host });

  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=kube-apiserver',
    issuer: caCert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + YEAR_MS),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return {
    caPem: caCert.toString('pem') + '\n',
    certPem: cert.toString('pem') + '\n',
    keyPem: keyToPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
  };
}
