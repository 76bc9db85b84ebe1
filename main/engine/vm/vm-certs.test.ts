import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureVmCertificates, generateVmCertificates, vmCertPaths } from './vm-certs';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

type Handshake = { ok: true; echoed: string } | { ok: false; error: string };

/** A real TLS handshake between a Node server and client using the given identities; the server requires a client cert. */
async function handshake(server: { ca: string; cert: string; key: string }, client: { ca: string; cert?: string; key?: string; servername?: string }): Promise<Handshake> {
  const listener = tls.createServer({ ...server, requestCert: true, rejectUnauthorized: true }, (socket) => socket.pipe(socket));
  listener.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  try {
    return await new Promise<Handshake>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ...client }, () => socket.write('ping'));
      socket.setEncoding('utf8');
      socket.once('data', (data: string) => {
        socket.destroy();
        resolve({ ok: true, echoed: data });
      });
      socket.once('error', (err) => resolve({ ok: false, error: err.message }));
      socket.once('close', () => resolve({ ok: false, error: 'closed' }));
    });
  } finally {
    listener.close();
  }
}

describe('VM TLS certificates', () => {
  it('chain to their CA, carry the right names and usages, and complete a mutual TLS handshake', async () => {
    const certs = await generateVmCertificates();
    const ca = new X509Certificate(certs.caPem);
    const server = new X509Certificate(certs.serverCertPem);
    const client = new X509Certificate(certs.clientCertPem);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(server.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(new Date(server.validTo).getFullYear()).toBeGreaterThan(new Date().getFullYear() + 5);

    const serverIdentity = { ca: certs.caPem, cert: certs.serverCertPem, key: certs.serverKeyPem };
    expect(await handshake(serverIdentity, { ca: certs.caPem, cert: certs.clientCertPem, key: certs.clientKeyPem })).toEqual({ ok: true, echoed: 'ping' });
    expect(await handshake(serverIdentity, { ca: certs.caPem, cert: certs.clientCertPem, key: certs.clientKeyPem, servername: 'localhost' })).toEqual({ ok: true, echoed: 'ping' });

    // Another machine's client certificate is refused; a client that does not trust this CA refuses the server.
    const other = await generateVmCertificates();
    expect((await handshake(serverIdentity, { ca: certs.caPem, cert: other.clientCertPem, key: other.clientKeyPem })).ok).toBe(false);
    const distrust = await handshake(serverIdentity, { ca: other.caPem, cert: certs.clientCertPem, key: certs.clientKeyPem });
    expect(distrust).toMatchObject({ ok: false });
    expect((distrust as { error: string }).error).toMatch(/certificate/i);
  });

  it('are written once, private (0600 in a 0700 folder), and read back on the next call', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bc-'));
    dirs.push(dir);
    const certDir = path.join(dir, 'certs');
    const first = await ensureVmCertificates(certDir);
    const paths = vmCertPaths(certDir);
    expect((await stat(certDir)).mode & 0o777).toBe(0o700);
    for (const file of [paths.ca, paths.caKey, paths.serverCert, paths.serverKey, paths.clientCert, paths.clientKey]) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(paths.clientKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const second = await ensureVmCertificates(certDir);
    expect(second.caPem.trim()).toBe(first.caPem.trim());
    expect(second.clientKeyPem.trim()).toBe(first.clientKeyPem.trim());
  });
});
