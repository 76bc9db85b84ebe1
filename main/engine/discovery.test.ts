import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverEngines, discoveryCandidates, isOwnSocket, OWN_SOCKET_REASON, type DiscoveryContext } from './discovery';
import { startFakeEngine, type FakeEngineServer } from './fake-engine-server';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('engine discovery (temp HOME and XDG_RUNTIME_DIR with real sockets)', () => {
  const { dockerHost } = inject('testEngine');
  let root: string;
  let home: string;
  let runtimeDir: string;
  let deadPort: number;
  const servers: FakeEngineServer[] = [];
  let context: DiscoveryContext;

  beforeAll(async () => {
    root = await mkdtemp('/tmp/bd-');
    home = path.join(root, 'home');
    runtimeDir = path.join(root, 'run');
    await mkdir(path.join(runtimeDir, 'podman'), { recursive: true });
    await mkdir(path.join(home, '.docker', 'contexts', 'meta', 'abc123'), { recursive: true });
    await mkdir(path.join(home, '.docker', 'contexts', 'meta', 'def456'), { recursive: true });
    servers.push(await startFakeEngine(path.join(root, 'ctx.sock'), 'docker', '25.0.1'));
    servers.push(await startFakeEngine(path.join(runtimeDir, 'docker.sock'), 'docker', '24.0.7'));
    servers.push(await startFakeEngine(path.join(runtimeDir, 'podman', 'podman.sock'), 'podman', '4.3.1'));
    await writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'laptop' }));
    const meta = (name: string, host: string) => JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } });
    await writeFile(path.join(home, '.docker', 'contexts', 'meta', 'abc123', 'meta.json'), meta('other', 'unix:///nowhere.sock'));
    await writeFile(path.join(home, '.docker', 'contexts', 'meta', 'def456', 'meta.json'), meta('laptop', `unix://${path.join(root, 'ctx.sock')}`));
    deadPort = await closedPort();
    context = {
      env: { HOME: home, XDG_RUNTIME_DIR: runtimeDir, DOCKER_HOST: dockerHost },
      endpoints: [{ id: 'e1', name: 'Build box', url: `tcp://127.0.0.1:${deadPort}` }],
      managedEndpoint: `unix://${path.join(root, 'managed', 'docker.sock')}`,
      systemSockets: { docker: path.join(root, 'system-docker.sock'), podman: path.join(root, 'system-podman.sock') },
    };
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('lists every candidate in Berth\'s order, each with its origin', async () => {
    const candidates = await discoveryCandidates(context);
    expect(candidates.map((candidate) => [candidate.source, candidate.url])).toEqual([
      ['configured', `tcp://127.0.0.1:${deadPort}`],
      ['docker-host', dockerHost],
      ['docker-context', `unix://${path.join(root, 'ctx.sock')}`],
      ['system-socket', `unix://${path.join(root, 'system-docker.sock')}`],
      ['rootless-socket', `unix://${path.join(runtimeDir, 'docker.sock')}`],
      ['podman-socket', `unix://${path.join(root, 'system-podman.sock')}`],
      ['podman-socket', `unix://${path.join(runtimeDir, 'podman', 'podman.sock')}`],
      ['managed', context.managedEndpoint],
    ]);
    expect(candidates[2]!.origin).toBe('Docker context "laptop"');
    expect(candidates[0]!.origin).toBe('Berth endpoint "Build box"');
  });

  it('probes each one and tells Docker from Podman, with versions and reasons', async () => {
    const found = await discoverEngines(context);
    const bySource = (source: string, index = 0) => found.filter((engine) => engine.source === source)[index]!;
    expect(bySource('configured')).toMatchObject({ reachable: false, endpointId: 'e1' });
    expect(bySource('configured').error).toBe('Not running (connection refused).');
    expect(bySource('docker-host')).toMatchObject({ reachable: true, kind: 'docker', apiVersion: expect.stringMatching(/^1\.\d+$/) });
    expect(bySource('docker-context')).toMatchObject({ reachable: true, kind: 'docker', version: '25.0.1' });
    expect(bySource('system-socket')).toMatchObject({ reachable: false, error: 'Not running (no socket there).' });
    expect(bySource('rootless-socket')).toMatchObject({ reachable: true, kind: 'docker', version: '24.0.7' });
    expect(bySource('podman-socket', 0)).toMatchObject({ reachable: false });
    expect(bySource('podman-socket', 1)).toMatchObject({ reachable: true, kind: 'podman', version: '4.3.1' });
    expect(bySource('managed')).toMatchObject({ reachable: false });
  });

  it('honours DOCKER_CONTEXT over config.json, and skips the "default" context', async () => {
    const withOther = await discoveryCandidates({ ...context, env: { ...context.env, DOCKER_CONTEXT: 'other' } });
    expect(withOther.find((candidate) => candidate.source === 'docker-context')?.url).toBe('unix:///nowhere.sock');
    const withDefault = await discoveryCandidates({ ...context, env: { ...context.env, DOCKER_CONTEXT: 'default' } });
    expect(withDefault.some((candidate) => candidate.source === 'docker-context')).toBe(false);
  });

  it('looks for Docker Desktop\'s named pipe on Windows instead of unix sockets', async () => {
    const candidates = await discoveryCandidates({ ...context, env: {}, platform: 'win32' });
    expect(candidates.map((candidate) => candidate.url)).toEqual([`tcp://127.0.0.1:${deadPort}`, 'npipe:////./pipe/docker_engine', context.managedEndpoint]);
  });

  it('ignores a missing or broken docker config, and a missing XDG_RUNTIME_DIR', async () => {
    await writeFile(path.join(root, 'broken.json'), '{not json');
    const candidates = await discoveryCandidates({ ...context, env: { HOME: path.join(root, 'nowhere'), DOCKER_CONFIG: path.join(root, 'broken.json') } });
    expect(candidates.map((candidate) => candidate.source)).toEqual(['configured', 'system-socket', 'podman-socket', 'managed']);
  });
});

describe("Berth's own socket in discovery (no proxy loop)", () => {
  let root: string;
  let own: FakeEngineServer | undefined;
  let ownSocket: string;

  beforeAll(async () => {
    root = await mkdtemp('/tmp/bdo-');
    await mkdir(path.join(root, 'run'));
    // Something answers like an engine on Berth's socket, as Berth's proxy does: discovery must still not pick it.
    own = await startFakeEngine(path.join(root, 'run', 'docker.sock'), 'docker', '25.0.1');
    ownSocket = `unix://${path.join(root, 'run', 'docker.sock')}`;
    const home = path.join(root, 'home');
    const meta = path.join(home, '.docker', 'contexts', 'meta', 'x');
    await mkdir(meta, { recursive: true });
    await writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'berth' }));
    await writeFile(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'berth', Metadata: {}, Endpoints: { docker: { Host: ownSocket, SkipTLSVerify: false } } }));
  });

  afterAll(async () => {
    await own?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('marks it, whether named directly, through DOCKER_HOST (spelled differently) or the current "berth" context, and never probes it', async () => {
    const context: DiscoveryContext = {
      env: { HOME: path.join(root, 'home'), DOCKER_HOST: `unix://${root}/run/../run/docker.sock` },
      endpoints: [{ id: 'e1', name: 'Loop', url: `unix://${root}//run/docker.sock` }],
      systemSockets: { docker: path.join(root, 'none.sock'), podman: path.join(root, 'none2.sock') },
      ownSocket,
    };
    const found = await discoverEngines(context);
    const mine = found.filter((engine) => ['configured', 'docker-host', 'docker-context'].includes(engine.source));
    expect(mine.map((engine) => engine.source)).toEqual(['configured', 'docker-host', 'docker-context']);
    for (const engine of mine) expect(engine).toMatchObject({ reachable: false, error: OWN_SOCKET_REASON });
    expect(found.some((engine) => engine.reachable)).toBe(false);
    // Without knowing its own socket, the same candidate answers: the check above is what keeps it out.
    const unaware = await discoverEngines({ ...context, ownSocket: undefined });
    expect(unaware.find((engine) => engine.source === 'docker-context')).toMatchObject({ reachable: true });
  });

  it('compares socket paths, not spellings', () => {
    expect(isOwnSocket(`unix://${root}/run/./docker.sock`, ownSocket)).toBe(true);
    expect(isOwnSocket(`unix://${root}/other.sock`, ownSocket)).toBe(false);
    expect(isOwnSocket('tcp://127.0.0.1:2375', ownSocket)).toBe(false);
    expect(isOwnSocket(ownSocket, undefined)).toBe(false);
    expect(isOwnSocket('npipe:////./pipe/BERTH_engine', 'npipe:////./pipe/berth_engine')).toBe(true);
  });
});
