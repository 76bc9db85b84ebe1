import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResponseMessage } from '../common/protocol';
import { dockerCli, uniqueName } from '../testing/docker-cli';
import { TEST_LABEL } from '../testing/test-engine';
import { createBackend } from './backend';

/** Live resources of this process by kind (Timeout, PipeWrap, TCPSocketWrap, FSReqCallback…). */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds that have more live resources now than in `before`, with the surplus. */
function surplus(before: Map<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [kind, count] of resources()) if (count > (before.get(kind) ?? 0)) extra[kind] = count - (before.get(kind) ?? 0);
  return extra;
}

describe('a backend releases everything it started when it stops', () => {
  const { dockerHost, image } = inject('testEngine');
  const name = uniqueName('berth-lifecycle');
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp('/tmp/blc-');
    await dockerCli(dockerHost, ['run', '-d', '--name', name, '--label', TEST_LABEL, image, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done']);
  });

  afterAll(async () => {
    await dockerCli(dockerHost, ['rm', '-f', name]).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves no socket, timer or engine listener after using containers, stats, logs, events, activity, the socket proxy, the VM, updates and compose', async () => {
    // Settle whatever earlier work left (the docker CLI's child process, its pipes) before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = resources();

    const backend = createBackend({ endpoint: dockerHost, dataDir });
    await backend.ready;
    await backend.engine.waitUntilConnected();
    const replies: ResponseMessage[] = [];
    const connection = backend.router.connect((message) => replies.push(message));
    let id = 1;
    const call = async (method: string, input: unknown) => {
      const callId = id++;
      connection.receive({ t: 'call', id: callId, method, input });
      await expect.poll(() => replies.find((reply) => reply.t === 'result' && reply.id === callId)).toMatchObject({ ok: true });
    };
    const subscribe = (stream: string, input: unknown) => {
      const subId = id++;
      connection.receive({ t: 'sub', id: subId, stream, input });
      return subId;
    };
    await call('containers.list', {});
    await call('containers.list', { cached: true });
    const streams = [
      subscribe('engine.events', {}),
      subscribe('engine.status', {}),
      subscribe('stats.watch', { ids: [name] }),
      subscribe('logs.container', { containerId: name, follow: true, tail: 10 }),
      subscribe('proxy.activity', {}),
      subscribe('proxy.status', {}),
      subscribe('vm.status', {}),
      subscribe('engine.managed.status', {}),
    ];
    await call('containers.inspect', { id: name });
    await call('images.list', {});
    await call('volumes.list', {});
    await call('networks.list', {});
    await call('compose.status', {});
    await call('compose.list', {});
    await call('updates.status', {});
    await call('vm.settings.get', {});
    // Every stream delivers before anything is stopped.
    for (const streamId of [streams[2], streams[3]]) {
      await expect.poll(() => replies.some((reply) => reply.t === 'event' && reply.id === streamId), { timeout: 15_000 }).toBe(true);
    }
    expect(replies.filter((reply) => reply.t === 'end' && reply.error)).toEqual([]);
    const engineListeners = (backend.engine as unknown as { emitter: NodeJS.EventEmitter }).emitter;

    connection.close();
    await backend.stop();

    // Engine listeners: every subscriber and every service let go of the connection.
    const listeners = Object.fromEntries(engineListeners.eventNames().map((event) => [String(event), engineListeners.listenerCount(event)]));
    expect(Object.values(listeners).reduce((sum, count) => sum + count, 0), JSON.stringify(listeners)).toBe(0);
    // Sockets, pipes and timers: back to what there was before the backend (the stats hub lingers a source 10 s
    // by design, but stop() must end it at once).
    await expect.poll(() => surplus(before), { timeout: 5000 }).toEqual({});
  }, 60_000);

  it('lets go of every engine listener when 100 subscribers come and go, so Node\'s leak warning stays meaningful', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const backend = createBackend({ endpoint: dockerHost, dataDir });
    try {
      await backend.ready;
      await backend.engine.waitUntilConnected();
      const emitters = {
        engine: (backend.engine as unknown as { emitter: NodeJS.EventEmitter }).emitter,
        managed: (backend.control.managed as unknown as { emitter: NodeJS.EventEmitter }).emitter,
      };
      const counts = () =>
        Object.fromEntries(
          Object.entries(emitters).flatMap(([owner, emitter]) => emitter.eventNames().map((event) => [`${owner}.${String(event)}`, emitter.listenerCount(event)])),
        );
      const replies: ResponseMessage[] = [];
      const connection = backend.router.connect((message) => replies.push(message));
      let id = 1;
      const initial = counts();
      let baseline: Record<string, number> = {};
      // Round 0 warms up what is shared by design and bounded (the stats hub's one event listener, kept while it
      // holds a container's history); rounds 1-100 must add nothing to it.
      for (let round = 0; round <= 100; round++) {
        const opened = [
          ['engine.events', {}],
          ['engine.status', {}],
          ['engine.managed.status', {}],
          ['stats.watch', { ids: [name] }],
          ['logs.container', { containerId: name, follow: true, tail: 1 }],
        ].map(([stream, input]) => {
          const subId = id++;
          connection.receive({ t: 'sub', id: subId, stream, input });
          return subId;
        });
        // The log follow takes its engine listeners once it has caught up with history and follows.
        const logs = opened[4]!;
        await expect.poll(() => replies.some((reply) => reply.t === 'event' && reply.id === logs && (reply.data as { type?: string }).type === 'caught-up'), { timeout: 15_000 }).toBe(true);
        for (const subId of opened) connection.receive({ t: 'unsub', id: subId });
        if (round === 0) await expect.poll(() => (baseline = counts())['engine.event']).toBe((initial['engine.event'] ?? 0) + 1);
      }
      await expect.poll(counts, { timeout: 5000 }).toEqual(baseline);
      connection.close();
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await backend.stop();
    }
  }, 120_000);
});
