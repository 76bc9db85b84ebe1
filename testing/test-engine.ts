/**
 * The private engine every test run uses: its own dockerd (own data root, exec root, socket, pidfile, bridge),
 * a docker-registry on a free loopback port, and a busybox image made with `docker import`.
 * Nothing here touches the machine's own engine, /var/lib/docker or docker0.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { privateDockerdArguments } from '../main/engine/managed-engine';
import { ensureBridge, freeLoopbackPort, pingSocket, readPidFile, terminatePid, which } from '../main/engine/process-tools';

const run = promisify(execFile);

export const TEST_IMAGE = 'berth-test/busybox:latest';
export const TEST_LABEL = 'berth.test';
export const DEBIAN_PACKAGES = 'docker.io docker-registry busybox-static iproute2';

const BUSYBOX = '/bin/busybox';

export interface Dockerd {
  socketPath: string;
  dockerHost: string;
  dir: string;
  process: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL), keeping the data root for a restart. */
  stop(): Promise<void>;
  /** Starts it again on the same data root and socket. */
  restart(): Promise<void>;
  /** Stops it and removes its bridge and every file. */
  destroy(): Promise<void>;
}

export interface TestEngine {
  dockerHost: string;
  /** `127.0.0.1:<port>` of the private registry. */
  registry: string;
  image: string;
  stop(): Promise<void>;
}

export function requireTools(): { dockerd: string; registry: string; ip: string; docker: string } {
  const tools = { dockerd: which('dockerd'), registry: which('docker-registry'), ip: which('ip'), docker: which('docker') };
  const missing = Object.entries(tools).filter(([, found]) => !found).map(([name]) => name);
  if (!existsSync(BUSYBOX)) missing.push('busybox (static)');
  if (missing.length) {
    throw new Error(
      `The test engine needs ${missing.join(', ')}, which are not installed. On Debian/Ubuntu run:\n` +
        `  sudo apt-get install -y ${DEBIAN_PACKAGES}\n(and run the tests as root: they start a private dockerd).`,
    );
  }
  return tools as { dockerd: string; registry: string; ip: string; docker: string };
}

/** A free loopback port, for test servers (the same helper Berth's VM uses for its engine's forward). */
export const freePort = freeLoopbackPort;

function httpStatus(options: http.RequestOptions, timeoutMs = 1000): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ ...options, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(0));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logFile?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const tail = logFile ? (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n') : '';
  throw new Error(`${what} did not come up within ${timeoutMs} ms.${tail ? `\nLast log lines:\n${tail}` : ''}`);
}

async function processGone(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (!(await processGone(child, graceMs))) {
    child.kill('SIGKILL');
    await processGone(child, 5000);
  }
}

/** Starts a private dockerd under a fresh temp dir (kept short: unix socket paths are limited to ~107 bytes). */
export async function startDockerd(): Promise<Dockerd> {
  const tools = requireTools();
  const dir = await mkdtemp('/tmp/bt-');
  const socketPath = path.join(dir, 'docker.sock');
  const bridge = `bt${randomBytes(3).toString('hex')}`;
  const subnet = `10.${200 + (randomBytes(1)[0]! % 50)}.${randomBytes(1)[0]}`;
  await ensureBridge(tools.ip, bridge, `${subnet}.1/24`);
  const configFile = path.join(dir, 'daemon.json');
  await writeFile(configFile, '{}\n');

  let child: ChildProcess;
  const launch = async () => {
    const log = await open(path.join(dir, 'dockerd.log'), 'a');
    child = spawn(
      tools.dockerd,
      [
        ...privateDockerdArguments({
          configFile,
          dataRoot: path.join(dir, 'data'),
          execRoot: path.join(dir, 'exec'),
          pidFile: path.join(dir, 'docker.pid'),
          socketPath,
          bridge,
          isolateNetwork: true,
        }),
        '--log-level', 'warn',
      ],
      { stdio: ['ignore', log.fd, log.fd] },
    );
    child.once('exit', () => void log.close());
    await waitFor('The test dockerd', () => pingSocket(socketPath), 60_000, path.join(dir, 'dockerd.log'));
  };
  await launch();

  /** Containers, then user networks: a network's bridge device outlives the engine that made it. */
  const removeContainersAndNetworks = async () => {
    const { stdout } = await run(tools.docker, ['-H', `unix://${socketPath}`, 'ps', '-aq']).catch(() => ({ stdout: '' }));
    const ids = stdout.split('\n').filter(Boolean);
    if (ids.length) await run(tools.docker, ['-H', `unix://${socketPath}`, 'rm', '-f', ...ids]).catch(() => undefined);
    await run(tools.docker, ['-H', `unix://${socketPath}`, 'network', 'prune', '-f']).catch(() => undefined);
  };

  const engine: Dockerd = {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    dir,
    get process() {
      return child;
    },
    stop: async () => terminate(child, 20_000),
    restart: async () => {
      await terminate(child, 20_000);
      // After a kill -9 its containerd lives on holding the exec root, and a new dockerd retries its socket for half a minute.
      const containerdPidFile = path.join(dir, 'exec', 'containerd', 'containerd.pid');
      const containerd = await readPidFile(containerdPidFile);
      if (containerd) await terminatePid(containerd, 5000);
      await rm(containerdPidFile, { force: true });
      await rm(path.join(dir, 'docker.pid'), { force: true });
      await launch();
    },
    destroy: async () => {
      if (child.exitCode === null && child.signalCode === null) await removeContainersAndNetworks();
      await terminate(child, 20_000);
      await run(tools.ip, ['link', 'del', bridge]).catch(() => undefined);
      const { stdout } = await run('sh', ['-c', `grep -o ' ${dir}[^ ]*' /proc/mounts || true`]);
      for (const mount of stdout.split('\n').map((line) => line.trim()).filter(Boolean).reverse()) {
        await run('umount', ['-l', mount]).catch(() => undefined);
      }
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
  return engine;
}

/** Builds the busybox test image with `docker import` unless the engine has it already. */
export async function ensureTestImage(dockerHost: string, image = TEST_IMAGE): Promise<void> {
  const { docker } = requireTools();
  const present = await run(docker, ['-H', dockerHost, 'image', 'inspect', image]).then(() => true, () => false);
  if (present) return;
  const rootfs = await mkdtemp('/tmp/bt-rootfs-');
  try {
    for (const dir of ['bin', 'etc', 'tmp', 'root', 'proc', 'sys', 'dev', 'var/www']) await mkdir(path.join(rootfs, dir), { recursive: true });
    await copyFile(BUSYBOX, path.join(rootfs, 'bin/busybox'));
    const { stdout } = await run(BUSYBOX, ['--list']);
    for (const applet of stdout.split('\n').map((name) => name.trim())) {
      // `busybox --list` names busybox itself: linking it would replace the binary with a self-link.
      if (!applet || applet === 'busybox' || applet.includes('/')) continue;
      await symlink('busybox', path.join(rootfs, 'bin', applet)).catch(() => undefined);
    }
    await writeFile(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
    await writeFile(path.join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    await run('sh', [
      '-c',
      `tar -C '${rootfs}' -c . | '${docker}' -H '${dockerHost}' import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - '${image}'`,
    ]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

export interface Registry {
  address: string;
  dir: string;
  stop(): Promise<void>;
}

/** A docker-registry on 127.0.0.1 with deletes enabled; `htpasswdFile` turns on basic auth. */
export async function startRegistry(options: { htpasswdFile?: string } = {}): Promise<Registry> {
  const tools = requireTools();
  const dir = await mkdtemp('/tmp/bt-reg-');
  const port = await freePort();
  const auth = options.htpasswdFile ? `auth:\n  htpasswd:\n    realm: berth-test\n    path: ${options.htpasswdFile}\n` : '';
  const config = `version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${path.join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${auth}`;
  await writeFile(path.join(dir, 'config.yml'), config);
  const log = await open(path.join(dir, 'registry.log'), 'a');
  const child = spawn(tools.registry, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', log.fd, log.fd] });
  child.once('exit', () => void log.close());
  await waitFor(
    'The test registry',
    async () => [200, 401].includes(await httpStatus({ host: '127.0.0.1', port, path: '/v2/' })),
    20_000,
    path.join(dir, 'registry.log'),
  );
  return {
    address: `127.0.0.1:${port}`,
    dir,
    stop: async () => {
      await terminate(child, 5000);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** The whole test environment, or the one named by BERTH_TEST_DOCKER_HOST (and BERTH_TEST_REGISTRY). */
export async function startTestEngine(): Promise<TestEngine> {
  const external = process.env.BERTH_TEST_DOCKER_HOST;
  if (external) {
    await ensureTestImage(external);
    const registry = process.env.BERTH_TEST_REGISTRY ? undefined : await startRegistry();
    return {
      dockerHost: external,
      registry: process.env.BERTH_TEST_REGISTRY ?? registry!.address,
      image: TEST_IMAGE,
      stop: async () => registry?.stop(),
    };
  }
  const dockerd = await startDockerd();
  try {
    const [registry] = await Promise.all([startRegistry(), ensureTestImage(dockerd.dockerHost)]);
    return {
      dockerHost: dockerd.dockerHost,
      registry: registry.address,
      image: TEST_IMAGE,
      stop: async () => {
        await Promise.all([registry.stop(), dockerd.destroy()]);
      },
    };
  } catch (err) {
    await dockerd.destroy();
    throw err;
  }
}
