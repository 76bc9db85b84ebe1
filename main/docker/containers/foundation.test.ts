import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { TEST_LABEL } from '../../../testing/test-engine';
import type { EngineEvent } from '../../../common/contract/engine';
import { EngineConnection } from '../../engine/connection';
import { ContainerService } from './containers';
import { SystemService } from '../system/system';

describe('engine connection and first services (real engine)', () => {
  const { dockerHost, image } = inject('testEngine');
  const label = `${TEST_LABEL}=foundation`;
  let engine: EngineConnection;

  beforeAll(async () => {
    engine = new EngineConnection(dockerHost);
    engine.start();
    await engine.waitUntilConnected();
  });

  afterAll(async () => {
    engine.stop();
    const ids = await dockerCli(dockerHost, ['ps', '-aq', '--filter', `label=${label}`]);
    if (ids) await dockerCli(dockerHost, ['rm', '-f', ...ids.split('\n')]);
  });

  it('reports the engine as connected with its facts', async () => {
    expect(engine.status).toMatchObject({ state: 'connected', endpoint: dockerHost });
    const info = await new SystemService(engine).info();
    expect(info.kind).toBe('docker');
    expect(info.apiVersion).toMatch(/^1\.\d+$/);
    expect(info.cpus).toBeGreaterThan(0);
    expect(info.dataRoot).toContain('/tmp/');
  });

  it('lists containers as the CLI sees them, and one by id', async () => {
    const name = uniqueName('berth-foundation');
    const id = await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', label, '-p', '127.0.0.1::80', image, 'httpd', '-f', '-p', '80']);
    const service = new ContainerService(engine);
    const all = await service.list();
    const mine = all.find((c) => c.id === id);
    expect(mine).toMatchObject({ name, image, state: 'running', labels: { [TEST_LABEL]: 'foundation' } });
    expect(mine?.ports).toContainEqual(expect.objectContaining({ privatePort: 80, protocol: 'tcp', ip: '127.0.0.1', publicPort: expect.any(Number) }));
    const cliIds = (await dockerCli(dockerHost, ['ps', '-aq', '--no-trunc'])).split('\n').filter(Boolean).sort();
    expect(all.map((c) => c.id).sort()).toEqual(cliIds);
    expect(await service.list([id])).toEqual([mine]);
    expect(await service.list([])).toEqual([]);
  });

  it('fans out engine events as they happen', async () => {
    const events: EngineEvent[] = [];
    const off = engine.onEvent((event) => events.push(event));
    const name = uniqueName('berth-events');
    const id = await dockerCli(dockerHost, ['create', '--name', name, '--label', label, image, 'true']);
    await expect.poll(() => events.some((e) => e.type === 'container' && e.action === 'create' && e.actor.id === id)).toBe(true);
    off();
    expect(events.find((e) => e.actor.id === id)?.actor.attributes.name).toBe(name);
  });

  it('reports an engine that is not there as unreachable, with a reason', async () => {
    const missing = new EngineConnection('unix:///tmp/berth-no-such-engine.sock');
    missing.start();
    await expect.poll(() => missing.status.state).toBe('unreachable');
    expect(missing.status.error).toMatch(/cannot be reached/);
    missing.stop();
  });
});
