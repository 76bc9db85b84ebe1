import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EngineConnection } from './connection';
import { probeEngine } from './discovery';

const run = promisify(execFile);

/** A throwaway CA and a certificate signed by it, for 127.0.0.1 (server) or a client. */
async function makeCertificates(dir: string): Promise<void> {
  const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=berth-test-ca']);
  for (const [name, extension] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    await writeFile(path.join(dir, `${name}.ext`), `${extension}\n`);
    await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '1', '-extfile', `${name}.ext`]);
  }
}

/**
 * tcp:// with TLS certificates, the way `dockerd --tlsverify` is reached: a TLS listener on 127.0.0.1 that demands a
 * client certificate from the same CA and hands the connection to the suite's real engine.
 */
describe('tcp:// endpoint with TLS client certificates', () => {
  const { dockerHost } = inject('testEngine');
  let dir: string;
  let server: tls.Server;
  let url: string;
  const files = () => ({ caPath: path.join(dir, 'ca.pem'), certPath: path.join(dir, 'client-cert.pem'), keyPath: path.join(dir, 'client-key.pem') });

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bt-tls-');
    await makeCertificates(dir);
    const socketPath = dockerHost.replace(/^unix:\/\//, '');
    server = tls.createServer(
      {
        ca: await readFile(path.join(dir, 'ca.pem')),
        cert: await readFile(path.join(dir, 'server-cert.pem')),
        key: await readFile(path.join(dir, 'server-key.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (client) => {
        const engine = net.connect(socketPath);
        client.pipe(engine).pipe(client);
        const close = () => {
          client.destroy();
          engine.destroy();
        };
        client.on('error', close);
        engine.on('error', close);
        client.on('close', close);
        engine.on('close', close);
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('is probed and used with the CA and client certificate', async () => {
    expect(await probeEngine({ url, tls: files() })).toMatchObject({ reachable: true, kind: 'docker' });
    const engine = new EngineConnection({ url, tls: files(), name: 'TLS' });
    try {
      engine.start();
      await engine.waitUntilConnected();
      const local = JSON.parse((await run('docker', ['-H', dockerHost, 'info', '--format', '{{json .ID}}'])).stdout) as string;
      expect((await engine.docker.info()).ID).toBe(local);
    } finally {
      engine.stop();
    }
  });

  it('is not reachable without the client certificate, or without trusting the CA', async () => {
    const { caPath } = files();
    expect((await probeEngine({ url, tls: { caPath } })).reachable).toBe(false);
    const untrusted = await probeEngine({ url, tls: { certPath: files().certPath, keyPath: files().keyPath } });
    expect(untrusted.reachable).toBe(false);
    expect(untrusted.error).toMatch(/certificate/i);
  });
});
