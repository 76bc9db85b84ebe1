import { describe, expect, it } from 'vitest';
import type { ContainerSummary } from '../../common/contract/containers';
import type { EngineStatus, ManagedEngineStatus } from '../../common/contract/engine';
import type { VmStatus } from '../../common/contract/vm';
import { trayContainers, trayEngine, trayIconFile, trayTemplate, trayTooltip, type TrayItem, type TrayState } from './tray-template';

const connected: EngineStatus = { state: 'connected', endpoint: 'unix:///var/run/docker.sock', since: 0 };
const managedConnection: EngineStatus = { state: 'connecting', endpoint: 'unix:///data/managed/docker.sock', name: "Berth's managed engine", source: 'managed', since: 0 };
const vmConnection: EngineStatus = { state: 'unreachable', endpoint: 'tcp://127.0.0.1:40000', name: "Berth's VM", source: 'vm', since: 0 };
const managed = (state: ManagedEngineStatus['state'], reason?: string): ManagedEngineStatus => ({
  state,
  installed: true,
  endpoint: managedConnection.endpoint,
  dataDir: '/data',
  restarts: 0,
  since: 0,
  ...(reason ? { reason } : {}),
});

/** The menu as lines, so a test reads like the menu: "-" separators, "(x)" disabled, "> " submenus. */
function outline(items: TrayItem[], depth = 0): string[] {
  return items.flatMap((item) => {
    const pad = '  '.repeat(depth);
    if (item.type === 'separator') return [`${pad}-`];
    const line = `${pad}${item.submenu ? '> ' : ''}${item.label}${item.enabled === false ? ' (x)' : ''}`;
    return [line, ...(item.submenu ? outline(item.submenu, depth + 1) : [])];
  });
}

function actionOf(items: TrayItem[], label: string) {
  return items.find((item) => item.label === label)?.action;
}

const containers = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `id${String(i).padStart(2, '0')}`, name: `web-${String(i).padStart(2, '0')}` }));

describe('tray menu', () => {
  it('running, engine Berth does not run: no engine controls, the running containers with their actions', () => {
    const state: TrayState = { engine: trayEngine(connected), containers: containers(2) };
    expect(outline(trayTemplate(state))).toEqual([
      'Open Berth',
      '-',
      'Engine: Running (unix:///var/run/docker.sock) (x)',
      '-',
      'Running containers (2) (x)',
      '> web-00',
      '  Open',
      '  Restart',
      '  Stop',
      '> web-01',
      '  Open',
      '  Restart',
      '  Stop',
      '-',
      'Quit Berth',
    ]);
    const items = trayTemplate(state);
    expect(items[6]!.submenu!.map((item) => item.action)).toEqual([
      { kind: 'container', op: 'open', id: 'id01' },
      { kind: 'container', op: 'restart', id: 'id01' },
      { kind: 'container', op: 'stop', id: 'id01' },
    ]);
    expect(actionOf(items, 'Quit Berth')).toEqual({ kind: 'quit' });
    expect(actionOf(items, 'Open Berth')).toEqual({ kind: 'open' });
  });

  it('shows ten containers and puts the rest under More…', () => {
    const items = trayTemplate({ engine: trayEngine(connected), containers: containers(13) });
    const lines = outline(items).filter((line) => !line.startsWith(' '));
    expect(lines.filter((line) => line.startsWith('> web-'))).toHaveLength(10);
    const more = items.find((item) => item.label?.startsWith('More…'));
    expect(more?.label).toBe('More… (3)');
    expect(more?.submenu?.map((item) => item.label)).toEqual(['web-10', 'web-11', 'web-12']);
    expect(more?.submenu?.[2]?.submenu?.[2]?.action).toEqual({ kind: 'container', op: 'stop', id: 'id12' });
  });

  it('running with no containers says so', () => {
    expect(outline(trayTemplate({ engine: trayEngine(connected), containers: [] }))).toContain('No running containers (x)');
  });

  it("starting (Berth's managed engine): Stop only, no container list", () => {
    const lines = outline(trayTemplate({ engine: trayEngine(managedConnection, managed('starting')), containers: [] }));
    expect(lines).toEqual([
      'Open Berth',
      '-',
      "Engine: Starting (Berth's managed engine) (x)",
      'Start engine (x)',
      'Stop engine',
      'Restart engine (x)',
      '-',
      'Quit Berth',
    ]);
  });

  it('stopped (managed): Start only; the engine actions name what they do', () => {
    const items = trayTemplate({ engine: trayEngine(managedConnection, managed('stopped')), containers: [] });
    expect(outline(items).slice(2, 6)).toEqual(["Engine: Stopped (Berth's managed engine) (x)", 'Start engine', 'Stop engine (x)', 'Restart engine (x)']);
    expect(actionOf(items, 'Start engine')).toEqual({ kind: 'engine', op: 'start' });
    expect(actionOf(items, 'Restart engine')).toEqual({ kind: 'engine', op: 'restart' });
  });

  it("failed (Berth's VM): the reason, Start and Restart", () => {
    const vm: VmStatus = {
      state: 'failed',
      available: true,
      failure: { step: 'boot', message: 'QEMU exited with code 1', logTail: [] },
      dataDir: '/data/vm/default',
      certDir: '/data/vm/default/certs',
      restarts: 0,
      since: 0,
    };
    const engine = trayEngine(vmConnection, undefined, vm);
    expect(engine).toMatchObject({ icon: 'failed', controls: 'vm', reason: 'QEMU exited with code 1' });
    expect(outline(trayTemplate({ engine, containers: [] })).slice(2, 7)).toEqual([
      "Engine: Failed (Berth's VM) (x)",
      'QEMU exited with code 1 (x)',
      'Start engine',
      'Stop engine (x)',
      'Restart engine',
    ]);
  });

  it('an engine Berth cannot reach is failed, none found is stopped; neither offers engine controls', () => {
    const unreachable = trayEngine({ state: 'unreachable', endpoint: 'tcp://nas:2376', name: 'NAS', error: 'connect ECONNREFUSED', since: 0 });
    expect(unreachable).toEqual({ icon: 'failed', label: 'Not reachable', name: 'NAS', reason: 'connect ECONNREFUSED' });
    expect(trayEngine({ state: 'unreachable', endpoint: '', since: 0 })).toMatchObject({ icon: 'stopped', label: 'No engine found', name: 'No engine' });
    expect(trayEngine({ state: 'connecting', endpoint: '', since: 0 })).toMatchObject({ icon: 'starting', label: 'Looking for an engine' });
    expect(outline(trayTemplate({ engine: unreachable, containers: [] })).some((line) => line.includes('engine') && !line.startsWith('Engine:'))).toBe(false);
  });

  it('shows names with "&" as typed, and cuts very long ones', () => {
    const items = trayTemplate({ engine: trayEngine(connected), containers: [{ id: 'a', name: `tom&jerry-${'x'.repeat(60)}` }] });
    const label = items.find((item) => item.submenu)!.label!;
    expect(label.startsWith('tom&&jerry-')).toBe(true);
    expect(label.endsWith('…')).toBe(true);
  });

  it('lists only running containers, by name', () => {
    const summary = (name: string, state: string) => ({ id: name, name, state }) as ContainerSummary;
    expect(trayContainers([summary('b', 'running'), summary('c', 'exited'), summary('a', 'running'), summary('d', 'paused')])).toEqual([
      { id: 'a', name: 'a' },
      { id: 'b', name: 'b' },
    ]);
  });

  it('tooltip and icon file per state and platform', () => {
    expect(trayTooltip({ engine: trayEngine(connected), containers: containers(1) })).toBe('Berth: engine running, 1 running container');
    expect(trayTooltip({ engine: trayEngine(managedConnection, managed('stopped')), containers: [] })).toBe('Berth: engine stopped');
    expect(trayIconFile('running', 'darwin', true)).toBe('tray-runningTemplate.png');
    expect(trayIconFile('failed', 'linux', true)).toBe('tray-failed-dark.png');
    expect(trayIconFile('starting', 'win32', false)).toBe('tray-starting-light.png');
  });
});
