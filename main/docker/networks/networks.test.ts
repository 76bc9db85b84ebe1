import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNetworkSchema } from '../../../common/contract/networks';
import { ApiError } from '../../../common/errors';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { toApiError } from '../../api/errors';
import { EngineConnection } from '../../engine/connection';
import { cidrsOverlap, NetworkService } from './networks';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=networks';
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;
let networks: NetworkService;
const created = { networks: new Set<string>(), containers: new Set<string>() };

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (err: unknown) => toApiError(err));
  expect(error).toBeInstanceOf(ApiError);
  return error!;
}

async function createNetwork(prefix: string, fields: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const name = uniqueName(prefix);
  created.networks.add(name);
  const input = createNetworkSchema.parse({ name, labels: { 'berth.test': 'networks' }, ...fields });
  return { ...(await networks.create(input)), name };
}

async function startContainer(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  created.containers.add(name);
  await docker(['run', '-d', '--name', name, '--label', LABEL, image, 'sleep', '300']);
  return name;
}

beforeAll(() => {
  engine = new EngineConnection(dockerHost);
  networks = new NetworkService(engine);
});

afterAll(async () => {
  if (created.containers.size) await docker(['rm', '-f', ...created.containers]).catch(() => undefined);
  for (const network of created.networks) await docker(['network', 'rm', network]).catch(() => undefined);
  engine.stop();
});

describe('NetworkService', () => {
  it('creates a bridge network with subnet, gateway, range, flags and labels', async () => {
    const { id, name } = await createNetwork('net-create', { subnet: '10.231.0.0/16', gateway: '10.231.0.254', ipRange: '10.231.7.0/24', internal: true, attachable: true });
    const listed = (await networks.list()).find((network) => network.id === id);
    expect(listed).toMatchObject({
      name,
      driver: 'bridge',
      internal: true,
      attachable: true,
      system: false,
      subnets: [{ subnet: '10.231.0.0/16', gateway: '10.231.0.254', ipRange: '10.231.7.0/24' }],
      labels: { 'berth.test': 'networks' },
      containers: [],
    });
    expect((await rejection(createNetwork('x', { name }))).code).toBe('conflict');
  });

  it('names the network that holds an overlapping subnet', async () => {
    const { name } = await createNetwork('net-holder', { subnet: '10.234.0.0/16' });
    const error = await rejection(createNetwork('net-overlap', { subnet: '10.234.5.0/24' }));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(`The subnet 10.234.5.0/24 overlaps 10.234.0.0/16, which network "${name}" uses. Pick a range outside it.`);
  });

  it('tells whether two ranges overlap', () => {
    expect(cidrsOverlap('10.0.0.0/8', '10.1.2.0/24')).toBe(true);
    expect(cidrsOverlap('10.1.2.0/24', '10.0.0.0/8')).toBe(true);
    expect(cidrsOverlap('10.1.2.0/24', '10.1.3.0/24')).toBe(false);
    expect(cidrsOverlap('fd00::/64', '10.0.0.0/8')).toBe(false);
  });

  it('marks system networks and refuses to remove them', async () => {
    const system = (await networks.list()).filter((network) => network.system).map((network) => network.name).sort();
    expect(system).toEqual(['bridge', 'host', 'none']);
    const error = await rejection(networks.remove('bridge'));
    expect(error.code).toBe('forbidden');
  });

  it('offers only drivers the engine supports, and refuses overlay outside a swarm', async () => {
    const drivers = await networks.drivers();
    expect(drivers).toContain('bridge');
    expect(drivers).not.toContain('overlay');
    const error = await rejection(createNetwork('net-overlay', { driver: 'overlay' }));
    expect(error.message).toMatch(/swarm/);
    expect((await rejection(createNetwork('net-macvlan', { driver: 'macvlan' }))).message).toMatch(/parent/);
  });

  it('connects two containers with alias and static IP, shows their addresses, and disconnects', async () => {
    const { id } = await createNetwork('net-connect', { subnet: '10.232.0.0/24' });
    const first = await startContainer('net-a');
    const second = await startContainer('net-b');
    await networks.connect(id, first, ['web'], '10.232.0.50');
    await networks.connect(id, second, [], undefined);

    const details = await networks.inspect(id);
    expect(details.endpoints.map((endpoint) => endpoint.containerName)).toEqual([first, second].sort());
    const a = details.endpoints.find((endpoint) => endpoint.containerName === first)!;
    const b = details.endpoints.find((endpoint) => endpoint.containerName === second)!;
    expect(a).toMatchObject({ ipv4: '10.232.0.50', aliases: ['web'], running: true });
    expect(a.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(b.ipv4).toMatch(/^10\.232\.0\.\d+$/);

    const refused = await rejection(networks.remove(id));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain(first);
    expect(refused.message).toContain(second);

    await networks.disconnect(id, first, false);
    await networks.disconnect(id, second, false);
    expect((await networks.inspect(id)).endpoints).toEqual([]);
    await networks.remove(id);
    expect((await networks.list()).some((network) => network.id === id)).toBe(false);
  });

  it('refuses a static IP outside the subnet, or on a network without one', async () => {
    const { id } = await createNetwork('net-static', { subnet: '10.233.0.0/24' });
    const container = await startContainer('net-c');
    expect((await rejection(networks.connect(id, container, [], '10.9.9.9'))).message).toMatch(/not inside/);
    const plain = await createNetwork('net-plain');
    expect((await rejection(networks.connect(plain.id, container, [], '10.233.0.9'))).code).toBe('invalid-input');
  });

  it('counts stopped containers as connected, so removal cannot strand them', async () => {
    const { id, name } = await createNetwork('net-stopped');
    const container = uniqueName('net-stopped-c');
    created.containers.add(container);
    await docker(['create', '--name', container, '--label', LABEL, '--network', name, image, 'true']);
    expect((await networks.list()).find((network) => network.id === id)?.containers).toEqual([container]);
    expect((await rejection(networks.remove(id))).message).toContain(container);
  });

  it('reports a missing network as not found', async () => {
    expect((await rejection(networks.inspect('berth-no-such-network'))).code).toBe('not-found');
  });
});
