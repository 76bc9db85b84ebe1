import { webcrypto } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
// tsyringe, which @peculiar/x509 uses to register its algorithms, needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import type * as X509 from '@peculiar/x509';
import { writeFileAtomically } from '../../files/atomic-file';

const crypto = webcrypto as unknown as Crypto;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_YEARS = 10;

/** The files of one machine's TLS identity; the client's three use the names `DOCKER_CERT_PATH` expects. */
export function vmCertPaths(certDir: string) {
  return {
    dir: certDir,
    ca: path.join(certDir, 'ca.pem'),
    caKey: path.join(certDir, 'ca-key.pem'),
    serverCert: path.join(certDir, 'server-cert.pem'),
    serverKey: path.join(certDir, 'server-key.pem'),
    clientCert: path.join(certDir, 'cert.pem'),
    clientKey: path.join(certDir, 'key.pem'),
  };
}

export interface VmCertificates {
  caPem: string;
  caKeyPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0]! &= 0x7f; // positive
  return Buffer.from(bytes).toString('hex');
}

/**
 * @peculiar/x509 loaded on first use: its tsyringe dependency checks for Reflect metadata as it loads, and in the
 * bundled main process a static import of an external package is evaluated before any bundled code (the shim).
 */
let loaded: Promise<typeof X509> | undefined;
function loadX509(): Promise<typeof X509> {
  return (loaded ??= import('@peculiar/x509'));
}

async function keyPem(x509: typeof X509, key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/**
 * A private CA per machine, a server certificate for the guest's dockerd (valid for 127.0.0.1 and localhost, where
 * the host reaches it through QEMU's forward) and a client certificate for Berth and the docker CLI. ECDSA P-256,
 * generated with Node's webcrypto through @peculiar/x509.
 */
export async function generateVmCertificates(now = new Date()): Promise<VmCertificates> {
  const x509 = await loadX509();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // tolerate a guest clock slightly behind
  const notAfter = new Date(now);
  notAfter.setFullYear(notAfter.getFullYear() + VALID_YEARS);
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=Berth VM CA',
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const leaf = async (name: string, usage: X509.ExtendedKeyUsage, altNames: X509.JsonGeneralName[]) => {
    const keys = await newKeys();
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: randomSerial(),
        subject: name,
        issuer: ca.subject,
        notBefore,
        notAfter,
        signingAlgorithm: ALGORITHM,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
          new x509.ExtendedKeyUsageExtension([usage], false),
          ...(altNames.length ? [new x509.SubjectAlternativeNameExtension(altNames, false)] : []),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return { certPem: cert.toString('pem'), keyPem: await keyPem(x509, keys.privateKey) };
  };
  const server = await leaf('CN=berth-vm', x509.ExtendedKeyUsage.serverAuth, [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'dns', value: 'localhost' },
  ]);
  const client = await leaf('CN=berth', x509.ExtendedKeyUsage.clientAuth, []);
  return {
    caPem: ca.toString('pem'),
    caKeyPem: await keyPem(x509, caKeys.privateKey),
    serverCertPem: server.certPem,
    serverKeyPem: server.keyPem,
    clientCertPem: client.certPem,
    clientKeyPem: client.keyPem,
  };
}

async function writePrivate(file: string, content: string): Promise<void> {
  await writeFileAtomically(file, content.endsWith('\n') ? content : `${content}\n`, { mode: 0o600 });
}

/** The machine's certificates: read from `certDir`, or generated and written there (0600, folder 0700) the first time. */
export async function ensureVmCertificates(certDir: string): Promise<VmCertificates> {
  const paths = vmCertPaths(certDir);
  const read = (file: string) => readFile(file, 'utf8');
  try {
    const [caPem, caKeyPem, serverCertPem, serverKeyPem, clientCertPem, clientKeyPem] = await Promise.all(
      [paths.ca, paths.caKey, paths.serverCert, paths.serverKey, paths.clientCert, paths.clientKey].map(read),
    );
    return { caPem: caPem!, caKeyPem: caKeyPem!, serverCertPem: serverCertPem!, serverKeyPem: serverKeyPem!, clientCertPem: clientCertPem!, clientKeyPem: clientKeyPem! };
  } catch {
    // Missing or partial: a new identity for the whole set (the guest receives the new server half at each boot).
  }
  await mkdir(certDir, { recursive: true, mode: 0o700 });
  const certs = await generateVmCertificates();
  await writePrivate(paths.caKey, certs.caKeyPem);
  await writePrivate(paths.serverKey, certs.serverKeyPem);
  await writePrivate(paths.clientKey, certs.clientKeyPem);
  await writePrivate(paths.serverCert, certs.serverCertPem);
  await writePrivate(paths.clientCert, certs.clientCertPem);
  await writePrivate(paths.ca, certs.caPem);
  return certs;
}
