import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLineTexts, type LogEvent, type LogSource } from '../../../common/contract/logs';
import { serviceInputSchema, swarmContract, type ServiceDetails, type ServiceInputDraft } from '../../../common/contract/swarm';
import { createNetworkSchema } from '../../../common/contract/networks';
import { ApiError } from '../../../common/errors';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { ensureTestImage, freePort, startDockerd, startRegistry, TEST_IMAGE, type Dockerd, type Registry } from '../../../testing/test-engine';
import { toApiError } from '../../api/errors';
import { EngineConnection } from '../../engine/connection';
import { LogService } from '../logs/logs';
import { NetworkService } from '../networks/networks';
import { SwarmService } from './swarm';
import { isLiveTask } from './task-view';

/*
 * A swarm changes its engine for every client (ingress network, gwbridge, swarm-only APIs), so these tests run a
 * dockerd of their own rather than the shared test engine. This kernel has no ip_vs, so the ingress routing mesh
 * does not route here; services that must be reached publish in host mode.
 */

const LABEL = { 'berth.test': 'swarm' };
const WAIT = { timeout: 90_000, interval: 250 };

let dockerd: Dockerd;
let registry: Registry;
let engine: EngineConnection;
let swarm: SwarmService;
let appV1: string;
let appV2: string;
const docker = (args: string[]) => dockerCli(dockerd.dockerHost, args);

function service(fields: Partial<ServiceInputDraft> & { name: string }) {
  return serviceInputSchema.parse({ image: appV1, command: ['sleep', '3600'], labels: LABEL, ...fields });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (err: unknown) => toApiError(err));
  expect(error).toBeInstanceOf(ApiError);
  return error!;
}

/** Re-reads the service until `check` holds (the engine converges asynchronously; there is no end event to wait on). */
async function waitForService(id: string, check: (details: ServiceDetails) => boolean, what: string): Promise<ServiceDetails> {
  let last: ServiceDetails | undefined;
  try {
    await expect
      .poll(async () => {
        last = await swarm.inspect(id);
        return check(last);
      }, WAIT)
      .toBe(true);
  } catch (err) {
    const tasks = last?.tasks.map((t) => [t.slot, t.state, t.desiredState, t.image, t.message, t.error]);
    throw new Error(`Waited for ${what}; last seen: ${JSON.stringify({ update: last?.update, tasks })}`, { cause: err });
  }
  return last!;
}

const liveRunning = (details: ServiceDetails) => details.tasks.filter((task) => task.state === 'running' && task.desiredState === 'running');

beforeAll(async () => {
  dockerd = await startDockerd();
  registry = await startRegistry();
  engine = new EngineConnection(dockerd.dockerHost);
  swarm = new SwarmService(engine);
  // Two tags with different image ids (each import is its own image) in the loopback registry, for the rolling update.
  appV1 = `${registry.address}/swarm-app:v1`;
  appV2 = `${registry.address}/swarm-app:v2`;
  await ensureTestImage(dockerd.dockerHost, TEST_IMAGE);
  await docker(['tag', TEST_IMAGE, appV1]);
  await ensureTestImage(dockerd.dockerHost, appV2);
  await docker(['push', appV1]);
  await docker(['push', appV2]);
}, 180_000);

afterAll(async () => {
  await swarm?.leave(true).catch(() => undefined);
  engine?.stop();
  await dockerd?.destroy();
  await registry?.stop();
}, 120_000);

describe('swarm mode against a real single-node swarm', { timeout: 240_000 }, () => {
  it('starts inactive, offers loopback to advertise, and initialises a single-node swarm', async () => {
    expect(await swarm.state()).toEqual({ state: 'inactive' });
    expect(await swarm.listServices()).toEqual([]);
    const addresses = swarm.addresses();
    expect(addresses.at(-1)).toEqual({ address: '127.0.0.1', interface: 'lo', loopback: true });
    // Ports of its own: other test engines on this host may run swarms too.
    const state = await swarm.init('127.0.0.1', { listenPort: await freePort(), dataPathPort: 10000 + (randomBytes(2).readUInt16BE() % 30000) });
    expect(state).toMatchObject({ state: 'active', role: 'manager', managers: 1, nodes: 1, nodeAddress: '127.0.0.1', services: 0 });
    expect((await rejection(swarm.init('127.0.0.1', { listenPort: await freePort() }))).message).toMatch(/already part of a swarm/);
    const nodes = await swarm.listNodes();
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ role: 'manager', availability: 'active', leader: true });
  });

  it('refuses bad replica counts before anything is sent', async () => {
    const negative = serviceInputSchema.safeParse({ image: appV1, name: 'bad', replicas: -1 });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues[0]?.message).toBe('Replicas cannot be negative.');
    const text = serviceInputSchema.safeParse({ image: appV1, name: 'bad', replicas: 'three' });
    expect(text.error?.issues[0]?.message).toBe('Replicas must be a whole number.');
    const scale = swarmContract['swarm.services.scale'].input.safeParse({ id: 'x', replicas: 2.5 });
    expect(scale.error?.issues[0]?.message).toBe('Replicas must be a whole number.');
    expect(await swarm.listServices()).toEqual([]);
  });

  it('creates 3 replicas, scales to 5 and back to 2, then rolls to the second tag one slot at a time', async () => {
    const name = uniqueName('web').replace(/[^a-z0-9-]/g, '');
    const { id } = await swarm.create(
      service({ name, replicas: 3, update: { parallelism: 1, delaySeconds: 2, monitorSeconds: 1, failureAction: 'pause', order: 'stop-first' } }),
    );
    await waitForService(id, (d) => liveRunning(d).length === 3, '3 running tasks');
    const listed = (await swarm.listServices()).find((s) => s.id === id);
    expect(listed).toMatchObject({ name, mode: 'replicated', running: 3, desired: 3, image: appV1 });

    await swarm.scale(id, 5);
    await waitForService(id, (d) => liveRunning(d).length === 5 && d.desired === 5, '5 running tasks');
    await swarm.scale(id, 2);
    const scaledDown = await waitForService(id, (d) => liveRunning(d).length === 2 && d.tasks.filter(isLiveTask).length === 2, '2 running tasks');
    expect(new Set(liveRunning(scaledDown).map((t) => t.slot)).size).toBe(2);

    const before = scaledDown.input;
    await swarm.update(id, { ...before, image: appV2 });
    // Watch the update: with parallelism 1 and stop-first, at most one slot is ever without a running task, and the
    // number of slots on the new image only grows.
    const seen: number[] = [];
    let mostSlotsDown = 0;
    const done = await waitForService(
      id,
      (d) => {
        const running = liveRunning(d);
        const slots = new Set(d.tasks.filter((t) => t.slot !== undefined && t.desiredState === 'running').map((t) => t.slot));
        const runningSlots = new Set(running.map((t) => t.slot));
        mostSlotsDown = Math.max(mostSlotsDown, [...slots].filter((slot) => !runningSlots.has(slot)).length);
        const onNew = running.filter((t) => t.image === appV2 && t.current).length;
        if (seen.at(-1) !== onNew) seen.push(onNew);
        return d.update?.state === 'completed' && onNew === 2;
      },
      'the update to v2 to complete',
    );
    expect(mostSlotsDown).toBeLessThanOrEqual(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toContain(1);
    expect(done.previousImage).toBe(appV1);
    expect(done.canRollback).toBe(true);
    // Replaced tasks stay in the history under their slot, not current.
    const replaced = done.tasks.filter((t) => !t.current);
    expect(replaced.length).toBeGreaterThanOrEqual(2);
    expect(replaced.every((t) => t.image === appV1 && t.desiredState === 'shutdown')).toBe(true);

    await swarm.rollback(id);
    await waitForService(id, (d) => d.update?.state === 'rollback_completed' && liveRunning(d).every((t) => t.image === appV1) && liveRunning(d).length === 2, 'the rollback to v1');

    const previous = (await swarm.inspect(id)).tasks.map((t) => t.id);
    await swarm.redeploy(id);
    await waitForService(id, (d) => liveRunning(d).length === 2 && liveRunning(d).every((t) => !previous.includes(t.id)), 'every task replaced by a forced redeploy');

    await swarm.remove(id);
    expect((await rejection(swarm.inspect(id))).code).toBe('not-found');
  });

  it('replaces tasks whose health check fails, and an update whose tasks turn unhealthy rolls itself back', async () => {
    const sick = await swarm.create(service({ name: uniqueName('sick').replace(/[^a-z0-9-]/g, ''), healthCheck: { command: 'exit 1', intervalSeconds: 1, timeoutSeconds: 1, retries: 1 } }));
    const replaced = await waitForService(
      sick.id,
      (d) => d.tasks.some((t) => t.state === 'failed' && /unhealthy/.test(t.error ?? '')) && d.tasks.length >= 2,
      'an unhealthy task failed and replaced',
    );
    expect(replaced.tasks.filter((t) => t.slot === 1).length).toBeGreaterThanOrEqual(2);
    await swarm.remove(sick.id);

    const name = uniqueName('rollback').replace(/[^a-z0-9-]/g, '');
    const healthy = await swarm.create(
      service({
        name,
        replicas: 1,
        healthCheck: { command: 'true', intervalSeconds: 1, timeoutSeconds: 1, retries: 1 },
        update: { parallelism: 1, monitorSeconds: 5, failureAction: 'rollback', order: 'stop-first' },
      }),
    );
    const up = await waitForService(healthy.id, (d) => liveRunning(d).some((t) => t.health === 'healthy'), 'a healthy task');
    await swarm.update(healthy.id, { ...up.input, image: appV2, healthCheck: { command: 'exit 1', intervalSeconds: 1, timeoutSeconds: 1, retries: 1, startPeriodSeconds: 0 } });
    const rolledBack = await waitForService(healthy.id, (d) => d.update?.state === 'rollback_completed', 'the automatic rollback');
    expect(rolledBack.update?.message).toMatch(/rollback/i);
    expect(rolledBack.input.image).toBe(appV1);
    expect(rolledBack.input.healthCheck?.command).toBe('true');
    await swarm.remove(healthy.id);
  });

  it('shows a failing task\'s error and exit code, and a constraint no node matches as pending with the reason', async () => {
    const failing = await swarm.create(service({ name: uniqueName('fail').replace(/[^a-z0-9-]/g, ''), command: ['sh', '-c', 'exit 3'], restartPolicy: { condition: 'none' } }));
    const failed = await waitForService(failing.id, (d) => d.tasks.some((t) => t.state === 'failed'), 'a failed task');
    const task = failed.tasks.find((t) => t.state === 'failed')!;
    expect(task.exitCode).toBe(3);
    expect(task.error).toMatch(/non-zero exit \(3\)/);
    await swarm.remove(failing.id);

    const stuck = await swarm.create(service({ name: uniqueName('stuck').replace(/[^a-z0-9-]/g, ''), constraints: ['node.labels.zone==nowhere'] }));
    const pending = await waitForService(stuck.id, (d) => d.tasks.some((t) => t.state === 'pending' && /no suitable node/.test(t.message + (t.error ?? ''))), 'a pending task');
    expect(pending.running).toBe(0);
    await swarm.remove(stuck.id);

    const missing = await swarm.create(service({ name: uniqueName('nopull').replace(/[^a-z0-9-]/g, ''), image: `${registry.address}/does-not-exist:v9` }));
    expect(missing.warnings.join(' ')).toMatch(/is not on this engine and its registry did not answer for it .*: nodes cannot pull it/);
    const rejected = await waitForService(missing.id, (d) => d.tasks.some((t) => (t.state === 'rejected' || t.state === 'failed') && Boolean(t.error)), 'a rejected task');
    expect(rejected.tasks.find((t) => t.error)!.error).toMatch(/No such image|not found|manifest unknown/i);
    await swarm.remove(missing.id);
  });

  it('refuses a port another service publishes, naming it, and changes nothing', async () => {
    const port = 20000 + (randomBytes(2).readUInt16BE() % 20000);
    const first = await swarm.create(service({ name: uniqueName('porta').replace(/[^a-z0-9-]/g, ''), ports: [{ target: 80, published: port }] }));
    const before = (await swarm.listServices()).length;
    const error = await rejection(swarm.create(service({ name: uniqueName('portb').replace(/[^a-z0-9-]/g, ''), ports: [{ target: 80, published: port }] })));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`Port ${port}/tcp is already published by the service porta`);
    expect((await swarm.listServices()).length).toBe(before);
    await swarm.remove(first.id);
  });

  it('keeps a secret readable inside its task and out of everything Berth returns', async () => {
    const value = `berth-secret-${randomBytes(8).toString('hex')}`;
    const encoded = Buffer.from(value).toString('base64');
    const secretName = uniqueName('token').replace(/[^a-z0-9-]/g, '');
    await swarm.createSecret(secretName, encoded, LABEL);
    const duplicate = await rejection(swarm.createSecret(secretName, encoded, LABEL));
    expect(duplicate.message).toContain(secretName);
    expect(duplicate.message).not.toContain(value);

    const networks = new NetworkService(engine);
    const networkName = uniqueName('ov').replace(/[^a-z0-9-]/g, '');
    await networks.create(createNetworkSchema.parse({ name: networkName, driver: 'overlay', attachable: true, labels: LABEL }));

    const name = uniqueName('secret').replace(/[^a-z0-9-]/g, '');
    const created = await swarm.create(service({ name, secrets: [secretName], networks: [networkName] }));
    const running = await waitForService(created.id, (d) => liveRunning(d).length === 1, 'the task with the secret');
    const containerId = liveRunning(running)[0]!.containerId!;
    expect(await docker(['exec', containerId, 'cat', `/run/secrets/${secretName}`])).toBe(value);

    // Attached to the overlay network: the service's input names it, and the task's container is on it.
    expect(running.input.networks).toEqual([networkName]);
    expect(running.networkNames).toContain(networkName);
    const attached = JSON.parse(await docker(['inspect', '--format', '{{json .NetworkSettings.Networks}}', containerId])) as Record<string, unknown>;
    expect(Object.keys(attached)).toContain(networkName);

    const everything = JSON.stringify([running, await swarm.listSecrets(), await swarm.listServices(), await swarm.state()]);
    expect(everything).toContain(secretName);
    expect(everything).not.toContain(value);
    expect(everything).not.toContain(encoded);
    expect((await swarm.listSecrets()).find((s) => s.name === secretName)?.usedBy).toEqual([name]);
    expect((await rejection(swarm.removeSecret(secretName))).message).toContain(`used by ${name}`);

    await swarm.remove(created.id);
    await expect.poll(async () => (await swarm.listSecrets()).find((s) => s.name === secretName)?.usedBy.length ?? 0, WAIT).toBe(0);
    await swarm.removeSecret(secretName);
    expect((await swarm.listSecrets()).some((s) => s.name === secretName)).toBe(false);
    await expect.poll(() => networks.remove(networkName).then(() => true, () => false), WAIT).toBe(true);
  });

  it('creates and removes a config whose data may be read back', async () => {
    const name = uniqueName('conf').replace(/[^a-z0-9-]/g, '');
    await swarm.createConfig(name, Buffer.from('listen 80;\n').toString('base64'), LABEL);
    expect((await swarm.listConfigs()).find((c) => c.name === name)?.data).toBe('listen 80;\n');
    await swarm.removeConfig(name);
    expect((await swarm.listConfigs()).some((c) => c.name === name)).toBe(false);
  });

  it('merges the logs of a service\'s tasks, each line under its task', async () => {
    const name = uniqueName('talk').replace(/[^a-z0-9-]/g, '');
    const created = await swarm.create(service({ name, replicas: 2, command: ['sh', '-c', 'echo hello from $(hostname); sleep 3600'] }));
    await waitForService(created.id, (d) => liveRunning(d).length === 2, '2 talking tasks');
    const logs = new LogService(engine);
    /** Reads the logs so far (not following) the way the router would, acknowledging each batch. */
    const readOnce = () =>
      new Promise<{ sources: LogSource[]; lines: { text: string; source: number | undefined }[] }>((resolve, reject) => {
        const lines: { text: string; source: number | undefined }[] = [];
        let sources: LogSource[] = [];
        let session = '';
        logs
          .openSwarmService(name, { tail: 'all', follow: false }, {
            emit(event: LogEvent) {
              if (event.type === 'start') {
                session = event.session;
                sources = event.sources;
              } else if (event.type === 'lines') {
                logLineTexts(event.lines).forEach((text, i) => lines.push({ text, source: event.lines.source?.[i] }));
                logs.ack(session, event.seq);
              }
            },
            end: (error) => (error ? reject(error) : resolve({ sources, lines })),
          })
          .catch(reject);
      });
    let read = await readOnce();
    await expect
      .poll(async () => {
        read = await readOnce();
        return read.lines.filter((line) => line.text.startsWith('hello from')).length;
      }, WAIT)
      .toBe(2);
    expect(read.sources.map((s) => s.name).sort()).toEqual([expect.stringMatching(new RegExp(`^${name}\\.1\\.[a-z0-9]{8}$`)), expect.stringMatching(new RegExp(`^${name}\\.2\\.[a-z0-9]{8}$`))]);
    expect(read.lines.filter((line) => line.text.startsWith('hello from')).map((line) => line.source).sort()).toEqual([0, 1]);

    // Following: a task started by scaling up joins the view (from the engine's container events).
    engine.start();
    await engine.waitUntilConnected();
    const followed: { sources: LogSource[]; texts: string[] } = { sources: [], texts: [] };
    let session = '';
    const close = await logs.openSwarmService(name, { tail: 'all', follow: true }, {
      emit(event: LogEvent) {
        if (event.type === 'start') session = event.session;
        if (event.type === 'start' || event.type === 'sources') followed.sources = event.sources;
        if (event.type === 'lines') {
          followed.texts.push(...logLineTexts(event.lines));
          logs.ack(session, event.seq);
        }
      },
      end: () => undefined,
    });
    try {
      await swarm.scale(created.id, 3);
      await expect.poll(() => followed.sources.map((s) => s.name).filter((n) => n.startsWith(`${name}.3.`)).length, WAIT).toBe(1);
      await expect.poll(() => followed.texts.filter((text) => text.startsWith('hello from')).length, WAIT).toBe(3);
    } finally {
      close();
    }
    await swarm.remove(created.id);
  });

  it('refuses to leave while services run, naming them, and leaves when told to', async () => {
    const name = uniqueName('stay').replace(/[^a-z0-9-]/g, '');
    await swarm.create(service({ name }));
    const refusal = await rejection(swarm.leave(false));
    expect(refusal.code).toBe('conflict');
    expect(refusal.message).toMatch(/last manager/);
    expect(refusal.message).toContain(name);
    expect(await swarm.state()).toMatchObject({ state: 'active', services: (await swarm.listServices()).length });
    expect(await swarm.leave(true)).toEqual({ state: 'inactive' });
    expect(await swarm.listServices()).toEqual([]);
  });
});

