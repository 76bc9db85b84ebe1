import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { EngineStatus } from '../../common/contract/engine';
import { EngineConnection } from './connection';
import { EngineControl } from './engine-control';
import { ManagedEngine, type ManagedEngineOptions } from './managed-engine';
import { startFakeEngine } from './fake-engine-server';
import { SettingsStore } from '../settings/settings-store';

describe('choosing and switching the active engine', () => {
  const { dockerHost } = inject('testEngine');
  let dir: string;
  let control: EngineControl;

  function setUp(env: NodeJS.ProcessEnv, managed: Partial<ManagedEngineOptions> = {}, commandLineEndpoint?: string, ownSocket?: string): EngineControl {
    const engine = new EngineConnection();
    const settings = new SettingsStore(dir);
    const managedEngine = new ManagedEngine({ dataDir: dir, isolateNetwork: () => true, ...managed });
    const nowhere = path.join(dir, 'none');
    control = new EngineControl({
      engine,
      settings,
      managed: managedEngine,
      env: { HOME: nowhere, ...env },
      commandLineEndpoint,
      ownSocket,
      systemSockets: { docker: path.join(nowhere, 'docker.sock'), podman: path.join(nowhere, 'podman.sock') },
    });
    return control;
  }

  async function connected(): Promise<EngineStatus> {
    await control.engine.waitUntilConnected();
    return control.engine.status;
  }

  beforeEach(async () => {
    dir = await mkdtemp('/tmp/be-');
  });

  afterEach(async () => {
    await control.shutdown();
    await control.managed.removeBridge();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects automatically to the first engine that answers, naming where it came from', async () => {
    await setUp({ DOCKER_HOST: dockerHost }).start();
    expect(await connected()).toMatchObject({ endpoint: dockerHost, source: 'docker-host' });
  });

  it('switches to a configured endpoint, saves the choice, and falls back to discovery when it is removed', async () => {
    await setUp({ DOCKER_HOST: dockerHost }).start();
    const endpoint = control.addEndpoint({ name: 'Suite engine', url: dockerHost });
    await control.activate({ mode: 'endpoint', id: endpoint.id });
    expect(await connected()).toMatchObject({ endpoint: dockerHost, name: 'Suite engine', source: 'configured' });
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).active).toEqual({ mode: 'endpoint', id: endpoint.id });

    await control.removeEndpoint(endpoint.id);
    expect(control.view().active).toEqual({ mode: 'auto' });
    expect(await connected()).toMatchObject({ source: 'docker-host' });
  });

  it('rejects an endpoint whose TLS files cannot be read, saying which', () => {
    setUp({});
    expect(() => control.addEndpoint({ name: 'TLS', url: 'tcp://127.0.0.1:2376', tls: { caPath: path.join(dir, 'missing-ca.pem') } })).toThrow(
      /Cannot read the TLS CA certificate at .*missing-ca\.pem: ENOENT/,
    );
    expect(control.view().endpoints).toEqual([]);
  });

  it('says exactly what to install when nothing answers and dockerd is missing', async () => {
    await setUp({}, { dockerdPath: null, platform: 'linux' }).start();
    const status = control.engine.status;
    expect(status.state).toBe('unreachable');
    expect(status.error).toMatch(/^No container engine answered, and dockerd is not installed/);
  });

  it('starts its own managed engine when nothing answers', async () => {
    await setUp({}).start();
    expect(await connected()).toMatchObject({ endpoint: control.managed.endpoint, source: 'managed', name: "Berth's managed engine" });
    expect(control.managed.status.state).toBe('running');

    // While it is down the banner gives the managed engine's own reason, not a socket error.
    const unreachable = new Promise<EngineStatus>((resolve) => {
      const off = control.engine.onStatus((status) => {
        if (status.state !== 'unreachable' || !status.error?.includes('stopped')) return;
        off();
        resolve(status);
      });
    });
    await control.managed.stop();
    expect((await unreachable).error).toBe("Berth's managed engine is stopped; start it on the Engine page.");
    await control.managed.start();
    await connected();
    await control.shutdown();
    expect(control.managed.status.state).toBe('stopped');
  });

  it('switches to a discovered address and keeps saying where it came from', async () => {
    await setUp({ DOCKER_HOST: dockerHost }, { dockerdPath: null }).start();
    await control.activate({ mode: 'address', url: dockerHost });
    expect(control.engine.status).toMatchObject({ endpoint: dockerHost, source: 'docker-host' });
    expect(control.view().active).toEqual({ mode: 'address', url: dockerHost });
  });

  it('uses --engine for this run without changing the saved choice', async () => {
    await setUp({}, { dockerdPath: null }, dockerHost).start();
    expect(await connected()).toMatchObject({ endpoint: dockerHost, source: 'command-line' });
    expect(control.view().active).toEqual({ mode: 'auto' });
  });

  it("never uses Berth's own socket: not found by discovery, refused as a choice or endpoint, explained for --engine", async () => {
    // Something answers on it, as Berth's proxy would.
    await mkdir(path.join(dir, 'run'));
    const own = await startFakeEngine(path.join(dir, 'run', 'docker.sock'), 'docker', '25.0.1');
    const ownSocket = `unix://${path.join(dir, 'run', 'docker.sock')}`;
    try {
      await setUp({ DOCKER_HOST: ownSocket }, { dockerdPath: null, platform: 'linux' }, undefined, ownSocket).start();
      expect(control.engine.status).toMatchObject({ state: 'unreachable', endpoint: '' });
      expect(control.engine.status.error).toMatch(/^No container engine answered/);
      expect(() => control.activate({ mode: 'address', url: ownSocket })).toThrow(/is Berth's own socket/);
      expect(() => control.addEndpoint({ name: 'Loop', url: ownSocket })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
      expect(control.view()).toMatchObject({ active: { mode: 'auto' }, endpoints: [] });
      await control.shutdown();

      await setUp({}, { dockerdPath: null }, ownSocket, ownSocket).start();
      expect(control.engine.status).toMatchObject({ state: 'unreachable', endpoint: '' });
      expect(control.engine.status.error).toContain("is Berth's own socket");
    } finally {
      await own.close();
    }
  });
});
