import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ProxyStatus } from '../../common/contract/proxy';
import { EngineConnection } from '../engine/connection';
import { SettingsStore } from '../settings/settings-store';
import { ActivityLog } from './activity-log';
import { contextMetaFile } from './docker-context';
import { UNIX_SOCKET_PATH_MAX } from './proxy-server';
import { dockerHostLine, ProxyService, proxyAddress } from './proxy-service';

const run = promisify(execFile);
const CLIS = ['/usr/bin/docker', '/usr/local/bin/docker'].filter((cli) => existsSync(cli));

describe('the engine socket in the backend (real engine, real docker CLI through the berth context)', () => {
  const { dockerHost } = inject('testEngine');
  let root: string;
  let configDir: string;
  let engine: EngineConnection;
  const services: ProxyService[] = [];

  function service(dataDir = path.join(root, 'data'), socket = path.join(root, 's', 'docker.sock')): ProxyService {
    const created = new ProxyService({
      dataDir,
      settings: new SettingsStore(dataDir),
      engine,
      activity: new ActivityLog(),
      env: { DOCKER_CONFIG: configDir, HOME: path.join(root, 'home'), ...(socket ? { BERTH_PROXY_SOCKET: socket } : {}) },
    });
    services.push(created);
    return created;
  }

  const docker = async (cli: string, args: string[]) => (await run(cli, args, { env: { PATH: process.env.PATH, DOCKER_CONFIG: configDir } })).stdout.trim();

  beforeEach(async () => {
    root = await mkdtemp('/tmp/bps-');
    configDir = path.join(root, 'docker-config');
    engine = new EngineConnection({ url: dockerHost, name: 'Suite engine' });
    engine.start();
    await engine.waitUntilConnected();
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((created) => created.stop()));
    engine.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('listens when enabled, writes the berth context, and the docker CLI reaches the engine through it', async () => {
    const proxy = service();
    const status = await proxy.start();
    const socket = path.join(root, 's', 'docker.sock');
    expect(status).toMatchObject({
      enabled: true,
      state: 'listening',
      address: `unix://${socket}`,
      dockerHostLine: `export DOCKER_HOST=unix://${socket}`,
      engine: dockerHost,
      openConnections: 0,
      context: { configDir, exists: true, current: 'default' },
    });
    expect(JSON.parse(await readFile(contextMetaFile(configDir, 'berth'), 'utf8'))).toMatchObject({ Endpoints: { docker: { Host: `unix://${socket}` } } });
    const direct = (await run('docker', ['-H', dockerHost, 'version', '--format', '{{.Server.Version}}'])).stdout.trim();
    for (const cli of CLIS) {
      expect(await docker(cli, ['--context', 'berth', 'version', '--format', '{{.Server.Version}}'])).toBe(direct);
    }
    expect(proxy.status.requests).toBeGreaterThanOrEqual(CLIS.length * 2);
  });

  it('streams its status on changes, the request counter at most twice a second', async () => {
    const proxy = service();
    await proxy.start();
    const seen: { at: number; status: ProxyStatus }[] = [];
    const off = proxy.onStatus((status) => seen.push({ at: Date.now(), status }));
    const started = Date.now();
    // A burst of calls over two seconds.
    while (Date.now() - started < 2000) await docker('docker', ['--context', 'berth', 'version', '--format', '{{.Server.Version}}']);
    await expect.poll(() => seen.at(-1)?.status.requests).toBe(proxy.status.requests);
    off();
    const updates = seen.slice(1);
    expect(updates.length).toBeGreaterThan(1);
    for (let index = 1; index < updates.length; index++) expect(updates[index]!.at - updates[index - 1]!.at).toBeGreaterThanOrEqual(490);
    expect(new Set(updates.map((update) => update.status.requests)).size).toBe(updates.length);
  });

  it('turns off and on with the setting, which it saves; off removes the socket', async () => {
    const dataDir = path.join(root, 'data');
    const proxy = service(dataDir);
    await proxy.start();
    const socket = path.join(root, 's', 'docker.sock');
    expect(await proxy.setEnabled(false)).toMatchObject({ enabled: false, state: 'stopped', openConnections: 0 });
    expect(existsSync(socket)).toBe(false);
    expect(new SettingsStore(dataDir).current.proxyEnabled).toBe(false);
    await expect(docker('docker', ['--context', 'berth', 'version'])).rejects.toThrow(/Cannot connect|no such file/i);

    // A Berth started with the setting off stays off.
    const second = service(dataDir, socket);
    expect(await second.start()).toMatchObject({ enabled: false, state: 'stopped' });
    expect(existsSync(socket)).toBe(false);

    expect(await proxy.setEnabled(true)).toMatchObject({ enabled: true, state: 'listening' });
    expect(await docker('docker', ['--context', 'berth', 'ps', '-q', '--filter', 'label=berth.test=nothing-has-this'])).toBe('');
  });

  it('reports a socket another Berth owns as failed, and both keep running', async () => {
    const first = service(path.join(root, 'one'));
    await first.start();
    const second = service(path.join(root, 'two'));
    const status = await second.start();
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('already answers') });
    expect((await first.start()).state).toBe('listening');
    expect(await docker('docker', ['--context', 'berth', 'version', '--format', '{{.Server.APIVersion}}'])).toMatch(/^1\.\d+$/);
  });

  it('says how to fix a unix socket path that is too long, instead of failing obscurely', async () => {
    const deep = path.join(root, 'd'.repeat(60), 'e'.repeat(40));
    const proxy = service(deep, '');
    expect(proxy.address).toBe(path.join(deep, 'run', 'docker.sock'));
    const status = await proxy.start();
    expect(status.state).toBe('failed');
    expect(status.error).toContain(`unix sockets allow ${UNIX_SOCKET_PATH_MAX}`);
    expect(status.error).toContain('BERTH_PROXY_SOCKET');
  });

  it('refuses a BERTH_PROXY_SOCKET in a shared folder, which the proxy would make private', async () => {
    const shared = path.join(root, 'shared');
    await mkdir(shared, { mode: 0o1777 });
    await chmod(shared, 0o1777);
    const status = await service(path.join(root, 'data'), path.join(shared, 'docker.sock')).start();
    expect(status).toMatchObject({ state: 'failed', error: expect.stringContaining('must be in a folder of its own') });
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
    // A folder that is private already is fine.
    await mkdir(path.join(shared, 'mine'), { mode: 0o700 });
    expect((await service(path.join(root, 'data'), path.join(shared, 'mine', 'docker.sock')).start()).state).toBe('listening');
  });

  it('switches the CLI to the berth context and back through the service', async () => {
    const proxy = service();
    await proxy.start();
    expect(await proxy.useContext()).toMatchObject({ current: 'berth', previous: 'default', exists: true });
    // The current context is now Berth's: plain `docker ps` goes through the socket.
    const before = proxy.status.requests;
    await docker('docker', ['ps', '-q']);
    expect(proxy.status.requests).toBeGreaterThan(before);
    expect(await proxy.restoreContext()).toMatchObject({ current: 'default', exists: true });
    expect(JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8'))).toEqual({});
  });

  it('names its address from BERTH_PROXY_SOCKET or the data dir, and the DOCKER_HOST line for each shell', () => {
    expect(proxyAddress('/data', {}, 'linux')).toBe('/data/run/docker.sock');
    expect(proxyAddress('/data', { BERTH_PROXY_SOCKET: '/tmp/b/x.sock' }, 'linux')).toBe('/tmp/b/x.sock');
    expect(proxyAddress('C:\\Users\\me\\berth', {}, 'win32')).toBe('\\\\.\\pipe\\berth_engine');
    expect(dockerHostLine('unix:///Users/me/Library/Application Support/Berth/run/docker.sock', 'darwin')).toBe(
      "export DOCKER_HOST='unix:///Users/me/Library/Application Support/Berth/run/docker.sock'",
    );
    expect(dockerHostLine('npipe:////./pipe/berth_engine', 'win32')).toBe('$env:DOCKER_HOST = "npipe:////./pipe/berth_engine"');
  });
});
