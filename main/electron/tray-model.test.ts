import { describe, expect, it } from 'vitest';
import { contract } from '../../common/contract';
import type { ContainerSummary } from '../../common/contract/containers';
import type { EngineEvent, EngineStatus, ManagedEngineStatus } from '../../common/contract/engine';
import { createRouter, type Handlers } from '../api/router';
import { inProcessClient } from './in-process-client';
import { TrayModel } from './tray-model';
import type { TrayState } from './tray-template';

const NAMES = [
  'engine.status',
  'engine.managed.status',
  'vm.status',
  'engine.events',
  'containers.list',
  'containers.stop',
  'containers.restart',
  'engine.managed.start',
  'engine.managed.stop',
  'engine.managed.restart',
  'vm.start',
  'vm.stop',
  'vm.restart',
] as const;
type Name = (typeof NAMES)[number];
const subset = Object.fromEntries(NAMES.map((name) => [name, contract[name]])) as Pick<typeof contract, Name>;

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const container = (id: string, name: string, state = 'running') => ({ id, name, state }) as ContainerSummary;

function setup() {
  const emitters: { status?: (s: EngineStatus) => void; managed?: (s: ManagedEngineStatus) => void; events?: (e: EngineEvent) => void } = {};
  const engine = new Map<string, ContainerSummary>();
  const calls: string[] = [];
  const handlers: Handlers<typeof subset> = {
    'engine.status': (_input, emit) => void (emitters.status = emit),
    'engine.managed.status': (_input, emit) => void (emitters.managed = emit),
    'vm.status': () => undefined,
    'engine.events': (_input, emit) => void (emitters.events = emit),
    'containers.list': ({ ids }) => [...engine.values()].filter((c) => !ids || ids.includes(c.id)),
    'containers.stop': ({ id }) => void calls.push(`stop ${id}`),
    'containers.restart': ({ id }) => void calls.push(`restart ${id}`),
    'engine.managed.start': () => (calls.push('managed.start'), {}) as never,
    'engine.managed.stop': () => (calls.push('managed.stop'), {}) as never,
    'engine.managed.restart': () => (calls.push('managed.restart'), {}) as never,
    'vm.start': () => (calls.push('vm.start'), {}) as never,
    'vm.stop': () => (calls.push('vm.stop'), {}) as never,
    'vm.restart': () => (calls.push('vm.restart'), {}) as never,
  };
  const { client, close } = inProcessClient(createRouter(subset, handlers));
  const states: TrayState[] = [];
  const model = new TrayModel(client, (state) => states.push(state));
  return { emitters, engine, calls, model, states, close };
}

describe('tray model', () => {
  it('follows the engine and its running containers through the contract', async () => {
    const { emitters, engine, model, close } = setup();
    await tick();
    engine.set('a', container('a', 'web'));
    engine.set('b', container('b', 'db', 'exited'));
    emitters.status!({ state: 'connected', endpoint: 'unix:///var/run/docker.sock', since: 1 });
    await tick();
    await tick();
    expect(model.state).toEqual({ engine: { icon: 'running', label: 'Running', name: 'unix:///var/run/docker.sock' }, containers: [{ id: 'a', name: 'web' }] });

    engine.set('b', container('b', 'db'));
    emitters.events!({ type: 'container', action: 'start', actor: { id: 'b', attributes: { name: 'db' } }, timeNano: 2 });
    await expect.poll(() => model.state.containers.map((c) => c.name)).toEqual(['db', 'web']);

    emitters.status!({ state: 'unreachable', endpoint: 'unix:///var/run/docker.sock', error: 'connect ENOENT', since: 3 });
    await tick();
    expect(model.state).toEqual({
      engine: { icon: 'failed', label: 'Not reachable', name: 'unix:///var/run/docker.sock', reason: 'connect ENOENT' },
      containers: [],
    });
    model.dispose();
    close();
  });

  it("drives Berth's managed engine and containers with the pages' own calls", async () => {
    const { emitters, model, calls, close } = setup();
    await tick();
    emitters.status!({ state: 'connecting', endpoint: 'unix:///data/docker.sock', name: "Berth's managed engine", source: 'managed', since: 1 });
    emitters.managed!({ state: 'stopped', installed: true, endpoint: 'unix:///data/docker.sock', dataDir: '/data', restarts: 0, since: 1 });
    await tick();
    expect(model.state.engine).toMatchObject({ icon: 'stopped', controls: 'managed' });
    await model.perform({ kind: 'engine', op: 'start' });
    await model.perform({ kind: 'container', op: 'stop', id: 'a' });
    await model.perform({ kind: 'container', op: 'restart', id: 'a' });
    await model.perform({ kind: 'container', op: 'open', id: 'a' });
    expect(calls).toEqual(['managed.start', 'stop a', 'restart a']);
    model.dispose();
    close();
  });

  it('refuses engine actions for an engine Berth does not run', async () => {
    const { emitters, model, close } = setup();
    await tick();
    emitters.status!({ state: 'connected', endpoint: 'tcp://nas:2376', since: 1 });
    await tick();
    await expect(model.perform({ kind: 'engine', op: 'stop' })).rejects.toThrow(/does not run this engine/);
    model.dispose();
    close();
  });
});
