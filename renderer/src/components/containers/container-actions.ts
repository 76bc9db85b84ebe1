import type { ContainerSummary } from '../../../../common/contract';
import { api } from '../../api/client';

export type SimpleActionId = 'start' | 'stop' | 'restart' | 'pause' | 'unpause' | 'kill';

export interface SimpleAction {
  id: SimpleActionId;
  label: string;
  /** Shown while it runs, e.g. "Stopping". */
  progress: string;
  /** Whether the action makes sense for a container in this state. */
  appliesTo(state: string): boolean;
  run(id: string): Promise<void>;
}

const isUp = (state: string) => state === 'running' || state === 'restarting';

export const SIMPLE_ACTIONS: SimpleAction[] = [
  { id: 'start', label: 'Start', progress: 'Starting', appliesTo: (s) => !isUp(s) && s !== 'paused' && s !== 'removing', run: (id) => api.call('containers.start', { id }) },
  { id: 'stop', label: 'Stop', progress: 'Stopping', appliesTo: (s) => isUp(s) || s === 'paused', run: (id) => api.call('containers.stop', { id }) },
  { id: 'restart', label: 'Restart', progress: 'Restarting', appliesTo: (s) => s !== 'removing' && s !== 'dead', run: (id) => api.call('containers.restart', { id }) },
  { id: 'pause', label: 'Pause', progress: 'Pausing', appliesTo: (s) => s === 'running', run: (id) => api.call('containers.pause', { id }) },
  { id: 'unpause', label: 'Unpause', progress: 'Unpausing', appliesTo: (s) => s === 'paused', run: (id) => api.call('containers.unpause', { id }) },
  { id: 'kill', label: 'Kill', progress: 'Killing', appliesTo: (s) => isUp(s) || s === 'paused', run: (id) => api.call('containers.kill', { id }) },
];

export function simpleAction(id: SimpleActionId): SimpleAction {
  return SIMPLE_ACTIONS.find((action) => action.id === id)!;
}

/** Anonymous volumes are named by the engine with 64 hex digits; `remove -v` deletes them with the container. */
export function anonymousVolumes(container: Pick<ContainerSummary, 'mounts'>): string[] {
  return container.mounts.filter((m) => m.type === 'volume' && m.name && /^[0-9a-f]{64}$/.test(m.name)).map((m) => m.name!);
}

export interface ActionFailure {
  name: string;
  message: string;
}

const BULK_CONCURRENCY = 8;

/** Runs one action over many containers, a few at a time, and collects every failure instead of stopping at the first. */
export async function runForEach<T>(items: T[], run: (item: T) => Promise<unknown>, nameOf: (item: T) => string): Promise<ActionFailure[]> {
  const failures: ActionFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await run(item);
      } catch (err) {
        failures.push({ name: nameOf(item), message: err instanceof Error ? err.message : String(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, items.length) }, worker));
  return failures;
}
