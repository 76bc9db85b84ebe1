import type { ContainerSummary } from '../../common/contract/containers';
import type { EngineStatus, ManagedEngineStatus } from '../../common/contract/engine';
import type { VmStatus } from '../../common/contract/vm';

/** The four faces of the tray icon. */
export type TrayIconState = 'running' | 'starting' | 'stopped' | 'failed';

/** What the tray shows about the engine. */
export interface TrayEngine {
  icon: TrayIconState;
  /** The state in words: Running, Starting, Stopping, Stopped, Failed, Not reachable. */
  label: string;
  /** The engine's name, e.g. "Berth's VM" or the socket it talks to. */
  name: string;
  /** Why it is not running, when Berth knows. */
  reason?: string;
  /** Which of Berth's own engines the Start/Stop/Restart items drive; absent for an engine Berth does not run. */
  controls?: 'managed' | 'vm';
}

export interface TrayContainer {
  id: string;
  name: string;
}

export interface TrayState {
  engine: TrayEngine;
  /** Running containers, in the order to show them. */
  containers: TrayContainer[];
}

export type TrayAction =
  | { kind: 'open' }
  | { kind: 'engine'; op: 'start' | 'stop' | 'restart' }
  | { kind: 'container'; op: 'open' | 'stop' | 'restart'; id: string }
  | { kind: 'quit' };

/** A menu item as data; the Electron side turns it into a Menu (an `action` becomes its click). */
export interface TrayItem {
  type?: 'normal' | 'separator' | 'submenu';
  label?: string;
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

/** Containers listed in the menu itself; the rest go under "More…". */
export const TRAY_CONTAINER_LIMIT = 10;

const STATE_WORDS: Record<ManagedEngineStatus['state'], { icon: TrayIconState; label: string }> = {
  running: { icon: 'running', label: 'Running' },
  starting: { icon: 'starting', label: 'Starting' },
  stopping: { icon: 'starting', label: 'Stopping' },
  stopped: { icon: 'stopped', label: 'Stopped' },
  failed: { icon: 'failed', label: 'Failed' },
};

/**
 * The engine as the tray shows it: Berth's managed engine and VM by their own lifecycle (so "starting" and
 * "failed" are exact and Start/Stop apply), any other engine by whether Berth can reach it.
 */
export function trayEngine(connection: EngineStatus, managed?: ManagedEngineStatus, vm?: VmStatus): TrayEngine {
  const name = connection.name ?? (connection.endpoint || 'No engine');
  if (connection.source === 'managed' && managed) {
    return { ...STATE_WORDS[managed.state], name, controls: 'managed', ...(managed.reason && managed.state !== 'running' ? { reason: managed.reason } : {}) };
  }
  if (connection.source === 'vm' && vm) {
    const reason = vm.failure ? vm.failure.message : vm.reason;
    return { ...STATE_WORDS[vm.state], name, controls: 'vm', ...(reason && vm.state !== 'running' ? { reason } : {}) };
  }
  switch (connection.state) {
    case 'connected':
      return { icon: 'running', label: 'Running', name };
    case 'connecting':
      return { icon: 'starting', label: connection.endpoint ? 'Connecting' : 'Looking for an engine', name };
    case 'unreachable':
      return connection.endpoint
        ? { icon: 'failed', label: 'Not reachable', name, ...(connection.error ? { reason: connection.error } : {}) }
        : { icon: 'stopped', label: 'No engine found', name, ...(connection.error ? { reason: connection.error } : {}) };
  }
}

/** Running containers by name, for the menu. */
export function trayContainers(list: readonly ContainerSummary[]): TrayContainer[] {
  return list
    .filter((container) => container.state === 'running')
    .map((container) => ({ id: container.id, name: container.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Menu labels treat "&" as a mnemonic marker on Windows and Linux; a name must show as typed. */
function literal(text: string): string {
  return text.replaceAll('&', '&&');
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function containerItem(container: TrayContainer): TrayItem {
  return {
    type: 'submenu',
    label: literal(shorten(container.name, 40)),
    submenu: [
      { label: 'Open', action: { kind: 'container', op: 'open', id: container.id } },
      { label: 'Restart', action: { kind: 'container', op: 'restart', id: container.id } },
      { label: 'Stop', action: { kind: 'container', op: 'stop', id: container.id } },
    ],
  };
}

const separator: TrayItem = { type: 'separator' };

/** The tray menu for a state: open, the engine and its controls, up to ten running containers (the rest under More…), quit. */
export function trayTemplate(state: TrayState): TrayItem[] {
  const { engine, containers } = state;
  const items: TrayItem[] = [{ label: 'Open Berth', action: { kind: 'open' } }, separator];
  items.push({ label: literal(shorten(`Engine: ${engine.label} (${engine.name})`)), enabled: false });
  if (engine.reason && engine.icon !== 'running') items.push({ label: literal(shorten(engine.reason)), enabled: false });
  if (engine.controls) {
    const busy = engine.icon === 'starting';
    items.push(
      { label: 'Start engine', enabled: engine.icon === 'stopped' || engine.icon === 'failed', action: { kind: 'engine', op: 'start' } },
      { label: 'Stop engine', enabled: engine.icon === 'running' || (busy && engine.label === 'Starting'), action: { kind: 'engine', op: 'stop' } },
      { label: 'Restart engine', enabled: engine.icon === 'running' || engine.icon === 'failed', action: { kind: 'engine', op: 'restart' } },
    );
  }
  if (engine.icon === 'running') {
    items.push(separator);
    if (containers.length === 0) items.push({ label: 'No running containers', enabled: false });
    else {
      items.push({ label: `Running containers (${containers.length})`, enabled: false });
      items.push(...containers.slice(0, TRAY_CONTAINER_LIMIT).map(containerItem));
      const rest = containers.slice(TRAY_CONTAINER_LIMIT);
      if (rest.length > 0) items.push({ type: 'submenu', label: `More… (${rest.length})`, submenu: rest.map(containerItem) });
    }
  }
  items.push(separator, { label: 'Quit Berth', action: { kind: 'quit' } });
  return items;
}

/** The tray icon's tooltip. */
export function trayTooltip(state: TrayState): string {
  const running = state.engine.icon === 'running' ? `, ${state.containers.length} running container${state.containers.length === 1 ? '' : 's'}` : '';
  return `Berth: engine ${state.engine.label.toLowerCase()}${running}`;
}

/**
 * The icon file for a state: macOS takes template images (the menu bar tints them for light and dark bars); other
 * platforms take a coloured icon drawn for the bar's brightness.
 */
export function trayIconFile(icon: TrayIconState, platform: NodeJS.Platform, darkBar: boolean): string {
  if (platform === 'darwin') return `tray-${icon}Template.png`;
  return `tray-${icon}-${darkBar ? 'dark' : 'light'}.png`;
}
