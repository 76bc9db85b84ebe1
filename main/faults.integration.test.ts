/**
 * The engine dies (SIGKILL of its dockerd) in the middle of a pull, a build, a log follow, an exec session, a volume
 * export, a container file download, an image export and a Compose up. Each operation must end, with a typed error
 * whose message is a sentence, leave no partial file under the name the user chose, and the same backend must work
 * again once the engine is back.
 *
 * The dockerd here is this file's own (not the suite's shared engine), so killing it disturbs no other test.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_ERROR_CODES } from '../common/errors';
import { dockerCli, uniqueName } from '../testing/docker-cli';
import { startPrivateBackend, type PrivateBackend } from '../testing/private-backend';
import type { RouterClient, StreamEnd } from '../testing/router-client';
import { TEST_IMAGE, TEST_LABEL, type Dockerd } from '../testing/test-engine';
import type { Backend } from './backend';

const { registry } = inject('testEngine');
const LABEL = `${TEST_LABEL}=faults`;
const RUN = `${process.pid}`;

let engine: PrivateBackend;
let dockerd: Dockerd;
let backend: Backend;
let client: RouterClient;
let dataDir: string;
let work: string;
let slowRegistry: { address: string; close(): void };
const docker = (args: string[]) => dockerCli(dockerd.dockerHost, args);
const run = promisify(execFile);

/**
 * A TCP relay to the test registry that sends its answers at about 256 KB/s, so a pull of a few MB is still
 * downloading when the engine is killed.
 */
async function throttledRelay(target: string): Promise<{ address: string; close(): void }> {
  const [host, port] = target.split(':') as [string, string];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      let offset = 0;
      const sendSlice = () => {
        if (client.destroyed) return upstream.destroy();
        client.write(chunk.subarray(offset, offset + 16 * 1024));
        offset += 16 * 1024;
        if (offset < chunk.length) setTimeout(sendSlice, 60);
        else setTimeout(() => upstream.resume(), 60);
      };
      sendSlice();
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** An image with one layer of `megabytes` of random bytes (incompressible, so it stays that big on the wire). */
async function randomImage(reference: string, megabytes: number): Promise<void> {
  const rootfs = await mkdtemp(path.join(work, 'rootfs-'));
  await writeFile(path.join(rootfs, 'payload.bin'), randomBytes(megabytes * 1024 * 1024));
  await run('sh', ['-c', `tar -C '${rootfs}' -c . | docker -H '${dockerd.dockerHost}' import --change 'LABEL ${LABEL}' - '${reference}'`]);
  await rm(rootfs, { recursive: true, force: true });
}

async function killEngine(): Promise<void> {
  const child = dockerd.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** Restarts the dockerd and waits until the same backend (its connection retries on its own) lists containers. */
async function engineReturns(): Promise<void> {
  await dockerd.restart();
  // The connection notices on its own (its retry pings the engine); nothing here tells it.
  await expect.poll(() => backend.engine.status.state, { timeout: 60_000, interval: 250 }).toBe('connected');
  const marker = uniqueName('faults-back');
  await docker(['create', '--label', LABEL, '--name', marker, TEST_IMAGE]);
  const listed = await client.call<{ name: string }[]>('containers.list', {});
  expect(listed.map((container) => container.name)).toContain(marker);
  await docker(['rm', marker]);
}

/** What the renderer shows when a stream ends: a known error code and a message that is a sentence, not a stack. */
function expectClearError(end: StreamEnd, what: string): { code: string; message: string } {
  expect(end.error, `${what} ended without an error`).toBeDefined();
  const error = end.error!;
  expect(API_ERROR_CODES).toContain(error.code);
  expect(error.message, `${what}: ${error.message}`).toMatch(/^[A-Z"].{15,}[.)]$/s);
  expect(error.message).not.toMatch(/\n\s+at |ECONNRESET$|^socket hang up$/);
  return error;
}

beforeAll(async () => {
  work = await mkdtemp('/tmp/bft-');
  dataDir = path.join(work, 'data');
  slowRegistry = await throttledRelay(registry);
  engine = await startPrivateBackend({ dataDir });
  ({ dockerd, backend, client } = engine);
}, 180_000);

afterAll(async () => {
  await engine?.stop();
  slowRegistry?.close();
  await rm(work, { recursive: true, force: true });
}, 120_000);

describe('the engine killed mid-operation', () => {
  it('during a pull: the pull ends with a clear error, and pulls work once the engine returns', async () => {
    const repository = `berth-faults/pull-${RUN}`;
    await randomImage(`${registry}/${repository}:1`, 6);
    await docker(['push', `${registry}/${repository}:1`]);
    await docker(['rmi', `${registry}/${repository}:1`]);

    const pull = client.subscribe('images.pull', { reference: `${slowRegistry.address}/${repository}:1` });
    await pull.next((event) => (event as { layers?: { status?: string; current?: number }[] }).layers?.some((layer) => (layer.current ?? 0) > 0) ?? false);
    await killEngine();
    const end = await pull.ended;
    expectClearError(end, 'the pull');
    expect(end.events.some((event) => (event as { kind?: string }).kind === 'done')).toBe(false);

    await engineReturns();
    const again = await client.subscribe('images.pull', { reference: `${registry}/${repository}:1` }).ended;
    expect(again.error).toBeUndefined();
    expect(again.events.at(-1)).toMatchObject({ kind: 'done' });
    await docker(['rmi', `${registry}/${repository}:1`]);
  }, 180_000);

  it('during a build: the build ends with a clear error and leaves no image; builds work again', async () => {
    const tag = `berth-faults/build-${RUN}:1`;
    const build = client.subscribe('images.build', {
      dockerfileContent: `FROM ${TEST_IMAGE}\nLABEL ${LABEL}\nRUN echo building-now && sleep 120\n`,
      tag,
    });
    await build.next((event) => ((event as { text?: string }).text ?? '').includes('building-now'));
    await killEngine();
    expectClearError(await build.ended, 'the build');

    await engineReturns();
    expect((await client.settle('images.inspect', { id: tag })).ok).toBe(false);
    const again = await client.subscribe('images.build', { dockerfileContent: `FROM ${TEST_IMAGE}\nLABEL ${LABEL}\nRUN echo ok\n`, tag }).ended;
    expect(again.error).toBeUndefined();
    expect(again.events.at(-1)).toMatchObject({ kind: 'done' });
    await docker(['rmi', tag]);
  }, 180_000);

  it('during a log follow: the follow ends with a clear error, and following works once the engine returns', async () => {
    const name = uniqueName('faults-logs');
    await docker(['run', '-d', '--label', LABEL, '--name', name, TEST_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done']);
    const follow = client.subscribe('logs.container', { containerId: name, follow: true, tail: 5 });
    await follow.next((event) => (event as { type?: string }).type === 'caught-up');
    await killEngine();
    const end = await follow.ended;
    expect(expectClearError(end, 'the log follow').code).toBe('engine-unreachable');

    await engineReturns();
    // The container stopped with its containerd; started again, its new lines arrive through the same backend.
    await docker(['start', name]);
    const again = client.subscribe('logs.container', { containerId: name, follow: true, tail: 1 });
    await again.next((event) => (event as { type?: string; lines?: unknown[] }).type === 'lines');
    again.close();
    await docker(['rm', '-f', name]);
  }, 180_000);

  it('during an exec session: the terminal ends with a clear error instead of a plain exit, and exec works again', async () => {
    const name = uniqueName('faults-exec');
    await docker(['run', '-d', '--label', LABEL, '--name', name, TEST_IMAGE, 'sleep', '3600']);
    const session = client.subscribe('containers.exec', { id: name, cmd: ['/bin/sh'], cols: 80, rows: 24 });
    await session.next((event) => (event as { type?: string }).type === 'session');
    await killEngine();
    const end = await session.ended;
    expect(expectClearError(end, 'the exec session').message).toMatch(/engine/);

    await engineReturns();
    await docker(['start', name]);
    const again = client.subscribe('containers.exec', { id: name, cmd: ['sh', '-c', 'echo alive; exit 4'], cols: 80, rows: 24 });
    const ended = await again.ended;
    expect(ended.error).toBeUndefined();
    expect(ended.events.at(-1)).toEqual({ type: 'exit', exitCode: 4 });
    await docker(['rm', '-f', name]);
  }, 180_000);

  it('during a volume export: the download ends with a clear error and never says done; exports work again', async () => {
    const volume = uniqueName('faults-vol');
    await docker(['volume', 'create', '--label', LABEL, volume]);
    await docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, TEST_IMAGE, 'sh', '-c', 'head -c 60000000 /dev/urandom > /data/big.bin']);
    const download = client.subscribe('volumes.download', { name: volume, path: '/', format: 'tar.gz' });
    await download.next((event) => (event as { type?: string }).type === 'chunk');
    await killEngine();
    const end = await download.ended;
    expectClearError(end, 'the volume export');
    // The renderer assembles the file only on `done` (volume-download.ts), so no partial file reaches the disk.
    expect(end.events.some((event) => (event as { type?: string }).type === 'done')).toBe(false);

    await engineReturns();
    await docker(['run', '--rm', '--label', LABEL, '-v', `${volume}:/data`, TEST_IMAGE, 'rm', '/data/big.bin']);
    const again = await client.subscribe('volumes.download', { name: volume, path: '/', format: 'tar.gz' }).ended;
    expect(again.error).toBeUndefined();
    expect(again.events.at(-1)).toMatchObject({ type: 'done' });
    // The helper the killed export left is gone too (removed before the next transfer), so the volume is free.
    await expect.poll(() => docker(['volume', 'rm', volume]).then(() => true, () => false), { timeout: 15_000 }).toBe(true);
  }, 180_000);

  it('during a container file download: the download ends with a clear error and never says done; downloads work again', async () => {
    const name = uniqueName('faults-files');
    await docker(['run', '-d', '--label', LABEL, '--name', name, TEST_IMAGE, 'sh', '-c', 'mkdir /big && head -c 60000000 /dev/urandom > /big/data.bin && sleep 3600']);
    await expect.poll(() => docker(['exec', name, 'sh', '-c', 'test -s /big/data.bin && echo ready']).catch(() => ''), { timeout: 30_000 }).toBe('ready');
    const download = client.subscribe('containers.download', { id: name, path: '/big' });
    await download.next((event) => (event as { type?: string }).type === 'chunk');
    await killEngine();
    const end = await download.ended;
    expectClearError(end, 'the file download');
    // The renderer saves the file only when the stream ends without an error (FilesTab.tsx).
    expect(end.events.some((event) => (event as { type?: string }).type === 'done')).toBe(false);

    await engineReturns();
    await docker(['start', name]);
    const again = await client.subscribe('containers.download', { id: name, path: '/etc/passwd' }).ended;
    expect(again.error).toBeUndefined();
    expect(again.events.at(-1)).toMatchObject({ type: 'done' });
    await docker(['rm', '-f', name]);
  }, 180_000);

  it('during an image export to a file: a clear error and no file, partial or hidden, in the folder; exports work again', async () => {
    const reference = `berth-faults/save-${RUN}:1`;
    await randomImage(reference, 256);
    const folder = await mkdtemp(path.join(work, 'export-'));
    const target = path.join(folder, 'image.tar');
    const save = client.subscribe('images.save', { references: [reference], path: target });
    await save.next((event) => (event as { kind?: string }).kind === 'progress');
    await killEngine();
    const end = await save.ended;
    expectClearError(end, 'the image export');
    expect(await readdir(folder)).toEqual([]);

    await engineReturns();
    const again = await client.subscribe('images.save', { references: [reference], path: target }).ended;
    expect(again.error).toBeUndefined();
    expect(await readdir(folder)).toEqual(['image.tar']);
    await docker(['rmi', reference]);
  }, 240_000);

  it('during a Compose up: the run ends with an error naming the step and the last lines, and up works again', async () => {
    const repository = `berth-faults/compose-${RUN}`;
    await randomImage(`${registry}/${repository}:1`, 6);
    await docker(['push', `${registry}/${repository}:1`]);
    await docker(['rmi', `${registry}/${repository}:1`]);
    const folder = await mkdtemp(path.join(work, 'compose-'));
    const project = `berthfaults${RUN}`;
    const file = (image: string) =>
      `services:\n  app:\n    image: ${image}\n    command: ["never-started"]\n    labels: [${LABEL}]\n`;
    await writeFile(path.join(folder, 'compose.yaml'), file(`${slowRegistry.address}/${repository}:1`));
    await client.call('compose.open', { path: folder, name: project });

    const up = client.subscribe('compose.run', { project, action: { kind: 'up' } });
    await up.next((event) => /pull/i.test(JSON.stringify(event)));
    await killEngine();
    const end = await up.ended;
    // The message says the engine went away and carries the command that failed (and Compose's last lines).
    const error = expectClearError(end, 'compose up');
    expect(error.code).toBe('engine-unreachable');
    expect(error.message).toContain(' up -d');

    await engineReturns();
    // A service that exits at once is enough: `up` has to reach the engine, pull, create and start.
    await writeFile(path.join(folder, 'compose.yaml'), `services:\n  app:\n    image: ${TEST_IMAGE}\n    command: ["true"]\n    labels: [${LABEL}]\n`);
    const again = await client.subscribe('compose.run', { project, action: { kind: 'up' } }).ended;
    expect(again.error, JSON.stringify(again.events).slice(-2000)).toBeUndefined();
    const down = await client.subscribe('compose.run', { project, action: { kind: 'down', removeImages: 'none' } }).ended;
    expect(down.error).toBeUndefined();
    await client.call('compose.forget', { project });
  }, 240_000);
});
