import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../../testing/docker-cli';
import { EngineConnection } from '../engine/connection';
import { findComposeCli } from './compose-cli';
import { ComposeService } from './compose-service';

const run = promisify(execFile);
const { dockerHost, image } = inject('testEngine');
const PROJECT = `berthcomposetls${process.pid}`;

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, under names the docker CLI does not read. */
async function makeCertificates(dir: string): Promise<void> {
  const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca-key.pem', '-out', 'root-ca.crt', '-days', '1', '-subj', '/CN=berth-test-ca']);
  for (const [name, extension] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    await writeFile(path.join(dir, `${name}.ext`), `${extension}\n`);
    await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'root-ca.crt', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', '1', '-extfile', `${name}.ext`]);
  }
}

/**
 * Compose against a tcp:// engine that demands TLS client certificates (a TLS listener in front of the suite's
 * engine): Berth links the engine's files into a folder under the names Compose reads and sets the TLS variables.
 */
describe('Compose against a TLS engine', () => {
  let dir: string;
  let dataDir: string;
  let server: tls.Server;
  let engine: EngineConnection;
  let connections = 0;

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bt-ctls-');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'berth-compose-tls-'));
    await makeCertificates(dir);
    const socketPath = dockerHost.replace(/^unix:\/\//, '');
    server = tls.createServer(
      {
        ca: await readFile(path.join(dir, 'root-ca.crt')),
        cert: await readFile(path.join(dir, 'server-cert.pem')),
        key: await readFile(path.join(dir, 'server-key.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (client) => {
        connections++;
        const upstream = net.connect(socketPath);
        client.pipe(upstream).pipe(client);
        const close = () => {
          client.destroy();
          upstream.destroy();
        };
        for (const end of [client, upstream]) {
          end.on('error', close);
          end.on('close', close);
        }
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    engine = new EngineConnection({ url, tls: { caPath: path.join(dir, 'root-ca.crt'), certPath: path.join(dir, 'client-cert.pem'), keyPath: path.join(dir, 'client-key.pem') } });
    await mkdir(path.join(dir, PROJECT));
    await writeFile(
      path.join(dir, PROJECT, 'compose.yaml'),
      `services:\n  job:\n    image: ${image}\n    labels: [berth.test=compose-tls]\n    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]\n`,
    );
  });

  afterAll(async () => {
    const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`]).catch(() => '');
    if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
    const networks = await dockerCli(dockerHost, ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`]).catch(() => '');
    if (networks) await dockerCli(dockerHost, ['network', 'rm', ...networks.split('\n')]).catch(() => undefined);
    engine?.stop();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives Compose an environment the docker CLI reaches the TLS engine with, its files linked under the names it reads", async () => {
    const service = new ComposeService({ engine, dataDir, proxyUrl: () => undefined });
    expect((await service.status()).dockerHost).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    const env = await service.composeEnvironment();
    expect(env).toMatchObject({ DOCKER_TLS_VERIFY: '1' });
    const certs = env.DOCKER_CERT_PATH!;
    expect(await readlink(path.join(certs, 'ca.pem'))).toBe(path.join(dir, 'root-ca.crt'));
    expect(await readlink(path.join(certs, 'cert.pem'))).toBe(path.join(dir, 'client-cert.pem'));
    expect(await readlink(path.join(certs, 'key.pem'))).toBe(path.join(dir, 'client-key.pem'));
    // What the docker compose plugin uses: the docker CLI's own reading of this environment.
    const before = connections;
    const local = (await run('docker', ['-H', dockerHost, 'info', '--format', '{{.ID}}'])).stdout.trim();
    expect((await run('docker', ['info', '--format', '{{.ID}}'], { env })).stdout.trim()).toBe(local);
    expect(connections).toBeGreaterThan(before);
  });

  it('runs Compose through the TLS endpoint, or says why Compose v1 cannot and what to do', async () => {
    const service = new ComposeService({ engine, dataDir, proxyUrl: () => undefined });
    await service.open({ path: path.join(dir, PROJECT), extraFiles: [], profiles: [] });
    const cli = (await findComposeCli())!;
    const up = service.run(PROJECT, { kind: 'up', build: false, removeOrphans: false }, () => undefined, new AbortController().signal);
    if (cli.major >= 2) {
      await up;
      expect(await dockerCli(dockerHost, ['ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.State}}'])).toBe('running');
      await service.run(PROJECT, { kind: 'down', removeVolumes: false, removeImages: 'none' }, () => undefined, new AbortController().signal);
    } else {
      // Debian's docker-compose 1.29 (docker-py 5) rejects a private CA the docker CLI and Python's ssl accept.
      const error = await up.then(() => undefined, (err: unknown) => err as Error);
      expect(error?.message).toMatch(/^Compose v1 \(docker-compose, Python\) could not verify this engine's TLS certificate/);
      expect(error?.message).toMatch(/Turn on Berth's engine socket/);
    }
    expect(await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`])).toBe('');
  }, 120_000);
});
