import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EngineStatus } from '../../common/contract/engine';
import { ApiError } from '../../common/errors';
import { EngineConnection } from './connection';
import { ENGINE_LISTENER_LIMIT } from './listener-limit';
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

describe('listener leaks', () => {
  it('are reported by Node once more listeners than any set of windows holds pile up', async () => {
    const engine = new EngineConnection();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const offs = Array.from({ length: ENGINE_LISTENER_LIMIT + 1 }, () => engine.onEvent(() => undefined));
    // process.emitWarning delivers on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    for (const off of offs) off();
    expect(warnings.map((warning) => warning.name)).toContain('MaxListenersExceededWarning');
  });
});

describe('health follows calls, not only the events stream', () => {
  let dir: string;
  let server: http.Server;
  let pingAnswers = true;
  const openStreams = new Set<http.ServerResponse>();

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bh-');
    // An engine whose events stream stays open while it stops answering anything else (a hung daemon).
    server = http.createServer((request, response) => {
      if (request.url?.includes('/_ping')) {
        if (pingAnswers) response.end('OK');
        else request.socket.destroy();
        return;
      }
      if (request.url?.includes('/events')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.flushHeaders();
        openStreams.add(response);
        return;
      }
      request.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'hung.sock'), resolve));
  });

  afterAll(async () => {
    for (const response of openStreams) response.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the engine unreachable when a call fails and a ping fails too, though the old events stream is still open', async () => {
    const engine = new EngineConnection({ url: `unix://${path.join(dir, 'hung.sock')}` });
    engine.start();
    await engine.waitUntilConnected();
    try {
      // A failure that was not the engine's: the ping answers, nothing changes.
      await engine.verifyAfterFailedCall();
      expect(engine.status.state).toBe('connected');
      pingAnswers = false;
      const unreachable = nextStatus(engine, 'unreachable');
      await engine.verifyAfterFailedCall();
      expect((await unreachable).state).toBe('unreachable');
      expect(openStreams.size).toBe(1);
      pingAnswers = true;
      await nextStatus(engine, 'connected');
    } finally {
      engine.stop();
    }
  });
});
