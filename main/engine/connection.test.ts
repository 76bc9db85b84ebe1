import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineStatus } from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import { EngineConnection } from './connection';
import type { EngineTarget } from './endpoint';
import { startFakeEngine, type FakeEngineServer } from './fake-engine-server';

function nextStatus(engine: EngineConnection, state: EngineStatus['state']): Promise<EngineStatus> {
  return new Promise((resolve) => {
    const off = engine.onStatus((status) => {
      if (status.state !== state) return;
      off();
      resolve(status);
    });
  });
}

describe('switching the active engine', () => {
  const { dockerHost } = inject('testEngine');
  let dir: string;
  let fake: FakeEngineServer;
  let engine: EngineConnection;

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bc-');
    fake = await startFakeEngine(path.join(dir, 'fake.sock'), 'podman');
    engine = new EngineConnection({ url: dockerHost, name: 'Suite engine', source: 'docker-host' });
    engine.start();
    await engine.waitUntilConnected();
  });

  afterAll(async () => {
    engine.stop();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes every stream of the old engine, tells listeners, and re-emits the status for the new one', async () => {
    expect(engine.status).toMatchObject({ state: 'connected', endpoint: dockerHost, name: 'Suite engine', source: 'docker-host' });
    const oldStream = (await engine.docker.getEvents({})) as NodeJS.ReadableStream;
    const oldStreamClosed = new Promise<void>((resolve) => {
      oldStream.on('close', () => resolve());
      oldStream.on('error', () => resolve());
    });
    oldStream.resume();
    const switches: (EngineTarget | undefined)[] = [];
    const offSwitch = engine.onSwitch((target) => switches.push(target));
    const unreachable = nextStatus(engine, 'unreachable');

    const fakeTarget = { url: `unix://${fake.socketPath}`, name: 'Fake', source: 'configured' as const };
    engine.switchTo(fakeTarget);
    expect(engine.status).toMatchObject({ state: 'connecting', endpoint: fakeTarget.url, name: 'Fake', source: 'configured' });
    await oldStreamClosed;
    expect(switches).toEqual([fakeTarget]);
    // Services read `docker` per call, so they now reach the new engine.
    expect(String(await engine.docker.ping())).toBe('OK');
    // The fake answers /_ping but has no events endpoint: it is reported with the engine's reason.
    expect((await unreachable).error).toMatch(/not implemented by the fake engine/);

    const connected = nextStatus(engine, 'connected');
    engine.switchTo({ url: dockerHost, name: 'Suite engine again' });
    expect((await connected).name).toBe('Suite engine again');
    offSwitch();
  });

  it('has no engine at all when switched to none, and says why on every call', async () => {
    engine.switchTo(undefined, 'dockerd is not installed.');
    expect(engine.status).toMatchObject({ state: 'unreachable', endpoint: '', error: 'dockerd is not installed.' });
    expect(() => engine.docker).toThrow(ApiError);
    expect(() => engine.docker).toThrow('dockerd is not installed.');
    engine.switchTo({ url: dockerHost });
    await engine.waitUntilConnected();
  });

  it('turns an address it cannot use into "no engine" with the reason, instead of throwing', async () => {
    engine.switchTo({ url: 'tcp://127.0.0.1:2376', name: 'Old TLS box', tls: { caPath: path.join(dir, 'gone-ca.pem') } });
    expect(engine.status.state).toBe('unreachable');
    expect(engine.status.error).toMatch(/^Old TLS box: Cannot read the TLS CA certificate/);
    engine.switchTo({ url: dockerHost });
    await engine.waitUntilConnected();
  });
});
