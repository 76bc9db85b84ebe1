import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runSpecSchema } from '../../../common/contract/containers';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { freePort } from '../../../testing/test-engine';
import { EngineConnection } from '../../engine/connection';
import { ContainerRecreator } from './container-recreate';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=container-recreate';
const docker = (args: string[]) => dockerCli(dockerHost, args);
const inspect = async (name: string) => JSON.parse(await docker(['inspect', name]))[0] as Record<string, any>;

let engine: EngineConnection;
let recreator: ContainerRecreator;
let network: string;
let volume: string;

beforeAll(async () => {
  engine = new EngineConnection(dockerHost);
  recreator = new ContainerRecreator(engine);
  network = uniqueName('rnet');
  volume = uniqueName('rvol');
  await docker(['network', 'create', '--label', LABEL, network]);
  await docker(['volume', 'create', '--label', LABEL, volume]);
});

afterAll(async () => {
  const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await docker(['rm', '-fv', ...ids.split('\n')]);
  await docker(['network', 'rm', network]).catch(() => undefined);
  await docker(['volume', 'rm', volume]).catch(() => undefined);
  const anonymous = await docker(['volume', 'ls', '-q', '--filter', 'dangling=true']);
  if (anonymous) await docker(['volume', 'rm', ...anonymous.split('\n').filter((v) => /^[0-9a-f]{64}$/.test(v))]).catch(() => undefined);
  engine.stop();
});

/** A web server with a port, env, a named and an anonymous volume, a custom network with an alias and a restart policy. */
async function runWebServer(port: number): Promise<string> {
  const name = uniqueName('edit');
  await docker([
    'run', '-d', '--label', LABEL, '--name', name,
    '-p', `127.0.0.1:${port}:80`, '-e', 'GREETING=hello', '-e', 'KEEP=same',
    '-v', `${volume}:/data`, '-v', '/scratch',
    '--network', network, '--network-alias', 'web',
    '--restart', 'unless-stopped', '--memory', '64m', '--cap-drop', 'NET_RAW', '-w', '/data', '--hostname', 'webhost',
    image, 'httpd', '-f', '-p', '80',
  ]);
  await docker(['exec', name, 'sh', '-c', 'echo named > /data/file && echo anon > /scratch/file']);
  return name;
}

function without<T extends Record<string, unknown>>(value: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

describe('ContainerRecreator', () => {
  it('edits env and port: the new container has the old settings plus exactly the changes, and the data', async () => {
    const [oldPort, newPort] = [await freePort(), await freePort()];
    const name = await runWebServer(oldPort);
    const before = await inspect(name);
    const { spec, refusal } = await recreator.editSpec(name, 'edit');
    expect(refusal).toBeUndefined();
    // The form shows what the user set, not the image's PATH.
    expect([...(spec.env ?? [])].sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'GREETING', value: 'hello' },
      { key: 'KEEP', value: 'same' },
    ]);
    expect(spec).toMatchObject({ network, networkAliases: ['web'], restartPolicy: 'unless-stopped', hostname: 'webhost', workingDir: '/data', capDrop: ['CAP_NET_RAW'], memoryBytes: 64 * 1024 * 1024 });
    expect(spec.mounts).toEqual(expect.arrayContaining([{ type: 'volume', source: volume, target: '/data', readOnly: false }, { type: 'volume', source: '', target: '/scratch', readOnly: false }]));

    const edited = runSpecSchema.parse({
      ...spec,
      env: [{ key: 'GREETING', value: 'changed' }, { key: 'KEEP', value: 'same' }],
      ports: [{ hostIp: '127.0.0.1', hostPort: newPort, containerPort: 80, protocol: 'tcp' }],
    });
    const result = await recreator.recreate(name, edited);
    expect(result).toMatchObject({ name, started: true });
    const after = await inspect(name);
    expect(after.Id).toBe(result.id);
    expect(after.Id).not.toBe(before.Id);
    expect(await docker(['ps', '-aq', '--filter', `id=${before.Id}`])).toBe('');
    expect(after.State.Running).toBe(true);

    // Config: the same except the env change and the engine's per-container host name default.
    const envOf = (doc: Record<string, any>) => (doc.Config.Env as string[]).filter((e) => !e.startsWith('PATH=')).sort();
    expect(envOf(after)).toEqual(['GREETING=changed', 'KEEP=same']);
    expect(without(after.Config, ['Env'])).toEqual(without(before.Config, ['Env']));
    expect(after.Config.Env.find((e: string) => e.startsWith('PATH='))).toBe(before.Config.Env.find((e: string) => e.startsWith('PATH=')));
    // HostConfig: the same except the port and where the anonymous volume is named (now reused by its name).
    expect(after.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(newPort) }] });
    expect(without(after.HostConfig, ['PortBindings', 'Mounts'])).toEqual(without(before.HostConfig, ['PortBindings', 'Mounts']));
    expect(after.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 });
    // Mounts: the same volumes, the anonymous one included, and their data.
    const mountsOf = (doc: Record<string, any>) => (doc.Mounts as any[]).map((m) => `${m.Type}:${m.Name}:${m.Destination}:${m.RW}`).sort();
    expect(mountsOf(after)).toEqual(mountsOf(before));
    expect(await docker(['exec', name, 'cat', '/data/file', '/scratch/file'])).toBe('named\nanon');
    // Network and alias kept.
    expect(Object.keys(after.NetworkSettings.Networks)).toEqual([network]);
    expect(after.NetworkSettings.Networks[network].Aliases).toContain('web');
    // The new port answers.
    const response = await fetch(`http://127.0.0.1:${newPort}/`);
    expect(response.status).toBeGreaterThan(0);
  });

  it('an edit whose new port is taken leaves the old container running, says why, and leaves no volume behind', async () => {
    const name = await runWebServer(await freePort());
    let volumesBefore = '';
    const before = await inspect(name);
    const blocker = net.createServer();
    const taken = await new Promise<number>((resolve) => blocker.listen(0, '0.0.0.0', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const { spec } = await recreator.editSpec(name, 'edit');
      // The edit also adds an anonymous volume: the failed replacement's own volume must not be left behind.
      const edited = runSpecSchema.parse({
        ...spec,
        ports: [{ hostIp: '', hostPort: taken, containerPort: 80, protocol: 'tcp' }],
        mounts: [...(spec.mounts ?? []), { type: 'volume', source: '', target: '/extra', readOnly: false }],
      });
      volumesBefore = await docker(['volume', 'ls', '-q']);
      await expect(recreator.recreate(name, edited)).rejects.toThrow(/start the new container: a host port it publishes is already in use\. ".*" is running again, unchanged\./);
    } finally {
      blocker.close();
    }
    const after = await inspect(name);
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(after.Name).toBe(`/${name}`);
    expect(await docker(['ps', '-a', '--format', '{{.Names}}', '--filter', `name=${name}-berth-new`])).toBe('');
    expect(await docker(['exec', name, 'cat', '/data/file', '/scratch/file'])).toBe('named\nanon');
    expect(await docker(['volume', 'ls', '-q'])).toBe(volumesBefore);
  });

  it('keeps a static address and a second network with its alias, and moves the address when asked', async () => {
    const subnetNet = uniqueName('rstatic');
    const second = uniqueName('rsecond');
    const third = 10 + Math.floor(Math.random() * 200);
    await docker(['network', 'create', '--label', LABEL, '--subnet', `10.213.${third}.0/24`, subnetNet]);
    await docker(['network', 'create', '--label', LABEL, second]);
    try {
      const name = uniqueName('static');
      await docker(['run', '-d', '--label', LABEL, '--name', name, '--network', subnetNet, '--ip', `10.213.${third}.10`, '--network-alias', 'db', image, 'sleep', '3600']);
      await docker(['network', 'connect', '--alias', 'cache', second, name]);
      const { spec } = await recreator.editSpec(name, 'edit');
      expect(spec).toMatchObject({ network: subnetNet, ipv4Address: `10.213.${third}.10`, networkAliases: ['db'] });

      await recreator.recreate(name, runSpecSchema.parse({ ...spec, env: [{ key: 'EDITED', value: '1' }] }));
      let after = await inspect(name);
      expect(Object.keys(after.NetworkSettings.Networks).sort()).toEqual([subnetNet, second].sort());
      expect(after.NetworkSettings.Networks[subnetNet].IPAddress).toBe(`10.213.${third}.10`);
      expect(after.NetworkSettings.Networks[subnetNet].Aliases).toContain('db');
      expect(after.NetworkSettings.Networks[second].Aliases).toContain('cache');
      expect(after.Config.Env).toContain('EDITED=1');

      const moved = (await recreator.editSpec(name, 'edit')).spec;
      await recreator.recreate(name, runSpecSchema.parse({ ...moved, ipv4Address: `10.213.${third}.20` }));
      after = await inspect(name);
      expect(after.NetworkSettings.Networks[subnetNet].IPAddress).toBe(`10.213.${third}.20`);
      expect(Object.keys(after.NetworkSettings.Networks).sort()).toEqual([subnetNet, second].sort());
      await docker(['rm', '-f', name]);
    } finally {
      await docker(['network', 'rm', subnetNet, second]).catch(() => undefined);
    }
  });

  it('refuses a container that Compose manages, pointing at the Compose page', async () => {
    const name = uniqueName('compose');
    await docker(['run', '-d', '--label', LABEL, '--label', 'com.docker.compose.project=shop', '--name', name, image, 'sleep', '3600']);
    const { refusal, spec, managedBy } = await recreator.editSpec(name, 'edit');
    expect(refusal).toMatch(/Compose project "shop".*Compose page/);
    expect(managedBy).toEqual({ kind: 'compose', project: 'shop' });
    await expect(recreator.recreate(name, runSpecSchema.parse(spec))).rejects.toThrow(/Compose project "shop"/);
    expect(await docker(['inspect', '-f', '{{.State.Running}}', name])).toBe('true');
  });

  it('duplicates under a new name with its used host port moved to a free one', async () => {
    const port = await freePort();
    const name = await runWebServer(port);
    const { spec, notes } = await recreator.editSpec(name, 'duplicate');
    expect(spec.name).toBe(`${name}-copy`);
    const moved = spec.ports![0]!.hostPort!;
    expect(moved).not.toBe(port);
    expect(notes.join(' ')).toContain(`Host port ${port}/tcp is in use: moved to ${moved}.`);
    const copy = await recreator.duplicate(name, runSpecSchema.parse(spec));
    const original = await inspect(name);
    const duplicate = await inspect(copy.id);
    expect(duplicate.State.Running).toBe(true);
    expect(original.State.Running).toBe(true);
    expect(duplicate.HostConfig.PortBindings['80/tcp'][0].HostPort).toBe(String(moved));
    const named = (doc: Record<string, any>) => (doc.Mounts as any[]).find((m) => m.Destination === '/data').Name;
    const anon = (doc: Record<string, any>) => (doc.Mounts as any[]).find((m) => m.Destination === '/scratch').Name;
    expect(named(duplicate)).toBe(volume);
    expect(anon(duplicate)).not.toBe(anon(original));
    expect(duplicate.Config.Env).toEqual(original.Config.Env);
  });
});
