import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import { runSpecSchema, type RunSpecInput } from '../../../common/contract/containers';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { freePort } from '../../../testing/test-engine';
import { EngineConnection } from '../../engine/connection';
import { checkPorts } from './container-ports';
import { ContainerService, updateBody } from './containers';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=containers-service';

let engine: EngineConnection;
let service: ContainerService;

const docker = (args: string[]) => dockerCli(dockerHost, args);
const stateOf = (name: string) => docker(['inspect', '-f', '{{.State.Status}}', name]);
/** A long-running container made with the CLI, labelled for cleanup. */
const runSleeper = async (extra: string[] = []) => {
  const name = uniqueName('svc');
  await docker(['run', '-d', '--label', LABEL, '--name', name, ...extra, image, 'sleep', '3600']);
  return name;
};
const spec = (input: Omit<RunSpecInput, 'labels'>) => runSpecSchema.parse({ ...input, labels: { 'berth.test': 'containers-service' } });

async function expectApiError(promise: Promise<unknown>, code: ApiError['code'], message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeDefined();
  // What the router sends the renderer.
  const apiError = toApiError(error);
  expect(apiError.code).toBe(code);
  expect(apiError.message).toMatch(message);
}

beforeAll(() => {
  engine = new EngineConnection(dockerHost);
  service = new ContainerService(engine);
});

afterAll(async () => {
  const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await docker(['rm', '-fv', ...ids.split('\n')]);
  engine.stop();
});

describe('ContainerService actions', () => {
  it('stops, starts, restarts, pauses, unpauses and kills a container', async () => {
    const name = await runSleeper();
    await service.stop(name, 1);
    expect(await stateOf(name)).toBe('exited');
    await service.start(name);
    expect(await stateOf(name)).toBe('running');
    const startedBefore = await docker(['inspect', '-f', '{{.State.StartedAt}}', name]);
    await service.restart(name, 1);
    expect(await docker(['inspect', '-f', '{{.State.StartedAt}}', name])).not.toBe(startedBefore);
    await service.pause(name);
    expect(await stateOf(name)).toBe('paused');
    await service.unpause(name);
    expect(await stateOf(name)).toBe('running');
    await service.kill(name, 'SIGKILL');
    expect(await stateOf(name)).toBe('exited');
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}}', name])).toBe('137');
  });

  it('refuses to remove a running container without force, and removes it with force and its anonymous volume', async () => {
    const name = await runSleeper(['-v', '/data']);
    const volume = await docker(['inspect', '-f', '{{range .Mounts}}{{.Name}}{{end}}', name]);
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    const id = await docker(['inspect', '-f', '{{.Id}}', name]);
    const [summary] = await service.list([id]);
    expect(summary?.mounts).toEqual([expect.objectContaining({ type: 'volume', name: volume, destination: '/data' })]);

    await expectApiError(service.remove(name, { force: false, removeVolumes: true }), 'conflict', /still running.*force/i);
    expect(await stateOf(name)).toBe('running');

    await service.remove(name, { force: true, removeVolumes: true });
    expect(await docker(['ps', '-aq', '--filter', `name=^${name}$`])).toBe('');
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${volume}`])).toBe('');
  });

  it('reports a container that is gone as not-found', async () => {
    await expectApiError(service.start('berth-no-such-container'), 'not-found', /No such container/i);
    await expectApiError(service.stop('berth-no-such-container'), 'not-found', /No such container/i);
  });

  it('lists a container that a legacy link points at under its own name, not the link\'s', async () => {
    // The engine lists a link target's names in name order: "/aa-…/alias" comes before "/zz-…".
    const target = uniqueName('zz-target');
    await docker(['run', '-d', '--label', LABEL, '--name', target, image, 'sleep', '3600']);
    const linker = uniqueName('aa-linker');
    await docker(['run', '-d', '--label', LABEL, '--name', linker, '--link', `${target}:alias`, image, 'sleep', '3600']);
    const id = await docker(['inspect', '-f', '{{.Id}}', target]);
    expect((await service.list([id])).map((c) => c.name)).toEqual([target]);
  });

  it('renames, and refuses a name another container has', async () => {
    const first = await runSleeper();
    const second = await runSleeper();
    const renamed = uniqueName('renamed');
    await service.rename(first, renamed);
    expect(await docker(['inspect', '-f', '{{.Name}}', renamed])).toBe(`/${renamed}`);
    const refusal = await service.rename(second, renamed).then(() => undefined, (err: unknown) => toApiError(err));
    // The holder is named by its name, not the engine's 64-character id.
    expect(refusal?.code).toBe('conflict');
    expect(refusal?.message).toBe(`The name "${renamed}" is already in use by another container. Pick another name, or rename or remove that container first.`);
    expect(refusal?.message).not.toMatch(/[0-9a-f]{64}/);
    expect(await docker(['inspect', '-f', '{{.Name}}', second])).toBe(`/${second}`);
  });

  it('updates CPU and memory limits of a running container', async () => {
    const name = await runSleeper(['--memory', '64m']);
    await service.update(name, { cpus: 0.5, memoryBytes: 128 * 1024 * 1024 });
    expect(await docker(['inspect', '-f', '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}', name])).toBe(`500000000 ${128 * 1024 * 1024}`);
    const details = await service.inspect(name);
    expect(details.cpus).toBe(0.5);
    expect(details.memoryBytes).toBe(128 * 1024 * 1024);
    await expectApiError(service.update(name, {}), 'invalid-input', /CPU or memory/);
  });

  it('sets a memory limit on a container that had none, with the CPU limit, as cgroup v1 allows only with a swap limit', async () => {
    const name = await runSleeper();
    await service.update(name, { cpus: 0.05, memoryBytes: 8 * 1024 * 1024 });
    expect(await docker(['inspect', '-f', '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}', name])).toBe(
      `50000000 ${8 * 1024 * 1024} ${16 * 1024 * 1024}`,
    );
  });
});

describe('configured ports', () => {
  it('reads what a stopped container publishes, which the list leaves out', async () => {
    const name = uniqueName('svc-ports');
    await docker(['create', '--label', LABEL, '--name', name, '-p', '127.0.0.1:18090:80', image, 'sleep', '1']);
    const id = await docker(['inspect', '-f', '{{.Id}}', name]);
    expect((await service.list([id]))[0]!.ports).toEqual([]);
    expect(await service.configuredPorts([id, 'f'.repeat(64)])).toEqual({ [id]: [{ privatePort: 80, protocol: 'tcp', publicPort: 18090, ip: '127.0.0.1' }] });
    expect((await service.inspect(id)).configuredPorts).toEqual([{ privatePort: 80, protocol: 'tcp', publicPort: 18090, ip: '127.0.0.1' }]);
  });
});

describe('updateBody', () => {
  const mib = 1024 * 1024;
  it('sends swap = 2 × memory, as docker run --memory does, unless the container has a swap limit of its own', () => {
    expect(updateBody({ cpus: 0.5, memoryBytes: 8 * mib }, { memory: 0, memorySwap: 0 })).toEqual({ NanoCpus: 5e8, Memory: 8 * mib, MemorySwap: 16 * mib });
    expect(updateBody({ memoryBytes: 64 * mib }, { memory: 32 * mib, memorySwap: 64 * mib })).toEqual({ Memory: 64 * mib, MemorySwap: 128 * mib });
    expect(updateBody({ memoryBytes: 64 * mib }, { memory: 32 * mib, memorySwap: -1 })).toEqual({ Memory: 64 * mib, MemorySwap: -1 });
    expect(updateBody({ memoryBytes: 64 * mib }, { memory: 32 * mib, memorySwap: 100 * mib })).toEqual({ Memory: 64 * mib, MemorySwap: 100 * mib });
    expect(updateBody({ memoryBytes: 64 * mib, memorySwapBytes: 70 * mib }, { memory: 0, memorySwap: 0 })).toEqual({ Memory: 64 * mib, MemorySwap: 70 * mib });
    expect(updateBody({ cpus: 0 }, { memory: 0, memorySwap: 0 })).toEqual({ NanoCpus: 0 });
  });
});

describe('ContainerService.run', () => {
  it('creates and starts a container with ports, env, mounts, limits and restart policy, as `docker run` would', async () => {
    const hostPort = await freePort();
    const name = uniqueName('run');
    const { id } = await service.run(
      spec({
        image,
        name,
        cmd: ['httpd', '-f', '-p', '80'],
        env: [{ key: 'GREETING', value: 'hello world' }],
        ports: [{ hostIp: '127.0.0.1', hostPort, containerPort: 80 }],
        mounts: [{ type: 'volume', source: '', target: '/cache' }],
        restartPolicy: 'on-failure',
        maximumRetryCount: 3,
        cpus: 1,
        memoryBytes: 64 * 1024 * 1024,
      }),
    );
    const details = await service.inspect(id);
    expect(details).toMatchObject({
      name,
      state: 'running',
      cmd: ['httpd', '-f', '-p', '80'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 3 },
      cpus: 1,
      memoryBytes: 64 * 1024 * 1024,
    });
    expect(details.env).toContainEqual({ key: 'GREETING', value: 'hello world' });
    expect(details.ports).toContainEqual({ privatePort: 80, protocol: 'tcp', publicPort: hostPort, ip: '127.0.0.1' });
    expect(details.mounts).toEqual([expect.objectContaining({ type: 'volume', destination: '/cache' })]);
    expect(details.networks[0]?.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('says which port is taken, and leaves no half-made container behind', async () => {
    const hostPort = await freePort();
    await docker(['run', '-d', '--label', LABEL, '--name', uniqueName('holder'), '-p', `127.0.0.1:${hostPort}:80`, image, 'httpd', '-f', '-p', '80']);
    const name = uniqueName('clash');
    await expectApiError(
      service.run(spec({ image, name, cmd: ['httpd', '-f', '-p', '80'], ports: [{ hostIp: '127.0.0.1', hostPort, containerPort: 80 }] })),
      'conflict',
      /port.*already (in use|allocated)/i,
    );
    expect(await docker(['ps', '-aq', '--filter', `name=^${name}$`])).toBe('');
  });

  it('explains a missing image and a taken name', async () => {
    await expectApiError(service.run(spec({ image: 'berth-test/not-here:latest' })), 'not-found', /not on this engine/);
    const taken = await runSleeper();
    await expectApiError(service.run(spec({ image, name: taken })), 'conflict', new RegExp(`"${taken}" is already in use by another container`));
  });
});

describe('checkPorts', () => {
  it('finds ports published by containers and ports held by other programs, and passes free ones', async () => {
    const published = await freePort();
    await docker(['run', '-d', '--label', LABEL, '--name', uniqueName('pub'), '-p', `127.0.0.1:${published}:80`, image, 'httpd', '-f', '-p', '80']);
    const held = net.createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const heldPort = (held.address() as net.AddressInfo).port;
    const free = await freePort();
    try {
      const results = await checkPorts(
        [
          { hostIp: '', hostPort: published, protocol: 'tcp' },
          { hostIp: '127.0.0.1', hostPort: heldPort, protocol: 'tcp' },
          { hostIp: '127.0.0.1', hostPort: free, protocol: 'tcp' },
        ],
        await service.list(),
        true,
      );
      expect(results[0]).toMatchObject({ free: false, reason: expect.stringMatching(/already publishes/) });
      expect(results[1]).toMatchObject({ free: false, reason: expect.stringMatching(/Another program/) });
      expect(results[2]).toMatchObject({ free: true });
    } finally {
      held.close();
    }
  });
});
