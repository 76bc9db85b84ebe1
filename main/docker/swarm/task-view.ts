import type Docker from 'dockerode';
import type { ServiceSummary, TaskInfo, TaskState, UpdateState } from '../../../common/contract/swarm';
import { STACK_NAMESPACE_LABEL } from '../../../common/contract/swarm';
import { imageWithoutDigest, portsOf, type ServiceSpec } from './service-spec';

/** A task as the engine lists it (dockerode types tasks as `any`). */
export interface EngineTask {
  ID: string;
  Slot?: number;
  NodeID?: string;
  ServiceID: string;
  DesiredState: TaskState;
  CreatedAt: string;
  UpdatedAt: string;
  Spec?: Docker.ContainerTaskSpec;
  Status?: {
    State: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
}

const ACTIVE_STATES = new Set<TaskState>(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/** A task the engine still means to run (or is running): not yet finished, failed or shut down. */
export function isLiveTask(task: Pick<TaskInfo, 'state' | 'desiredState'>): boolean {
  return ACTIVE_STATES.has(task.state) && (task.desiredState === 'running' || task.desiredState === 'ready');
}

/** What makes two task specs run the same thing: the container spec, resources, placement and a forced redeploy. */
function specKey(spec: Docker.ContainerTaskSpec | undefined): string {
  return JSON.stringify([spec?.ContainerSpec ?? {}, spec?.Resources ?? {}, spec?.Placement?.Constraints ?? [], spec?.ForceUpdate ?? 0]);
}

export function toTaskInfo(task: EngineTask, serviceSpec: ServiceSpec | undefined, nodeNames: Map<string, string>, health?: TaskInfo['health']): TaskInfo {
  const image = task.Spec?.ContainerSpec?.Image ?? '';
  const containerId = task.Status?.ContainerStatus?.ContainerID;
  const exitCode = task.Status?.ContainerStatus?.ExitCode;
  const nodeName = task.NodeID ? nodeNames.get(task.NodeID) : undefined;
  return {
    id: task.ID,
    ...(task.Slot !== undefined ? { slot: task.Slot } : {}),
    ...(task.NodeID ? { nodeId: task.NodeID } : {}),
    ...(nodeName ? { nodeName } : {}),
    desiredState: task.DesiredState,
    state: task.Status?.State ?? 'new',
    message: task.Status?.Message ?? '',
    ...(task.Status?.Err ? { error: task.Status.Err } : {}),
    // Only a container that ended on its own has an exit code worth showing: the engine reports 0 for tasks that never
    // ran one, and 137 for every task it stopped on purpose (scaled down, replaced by an update).
    ...(containerId && exitCode !== undefined && (task.Status?.State === 'failed' || task.Status?.State === 'complete') ? { exitCode } : {}),
    ...(health ? { health } : {}),
    ...(containerId ? { containerId } : {}),
    image: imageWithoutDigest(image),
    current: specKey(task.Spec) === specKey(serviceSpec?.TaskTemplate as Docker.ContainerTaskSpec | undefined),
    createdAt: task.CreatedAt,
    updatedAt: task.UpdatedAt,
  };
}

/** Slot order (global services: node name), newest first within a slot, so replaced tasks sit under their successor. */
export function sortTasks(tasks: TaskInfo[]): TaskInfo[] {
  return [...tasks].sort(
    (a, b) =>
      (a.slot ?? 0) - (b.slot ?? 0) ||
      (a.nodeName ?? a.nodeId ?? '').localeCompare(b.nodeName ?? b.nodeId ?? '') ||
      b.createdAt.localeCompare(a.createdAt),
  );
}

export function toServiceSummary(service: Docker.Service, tasks: TaskInfo[], eligibleNodes: number): ServiceSummary {
  const spec = (service.Spec ?? {}) as ServiceSpec;
  const global = Boolean(spec.Mode?.Global);
  const running = tasks.filter((task) => task.state === 'running' && task.desiredState === 'running').length;
  const desired = global ? eligibleNodes : (spec.Mode?.Replicated?.Replicas ?? 0);
  const update = service.UpdateStatus;
  const stack = spec.Labels?.[STACK_NAMESPACE_LABEL];
  return {
    id: service.ID,
    name: spec.Name ?? service.ID,
    image: imageWithoutDigest((spec.TaskTemplate as Docker.ContainerTaskSpec | undefined)?.ContainerSpec?.Image ?? ''),
    mode: global ? 'global' : 'replicated',
    running,
    desired: service.ServiceStatus?.DesiredTasks ?? desired,
    ports: portsOf(service.Endpoint?.Ports ?? spec.EndpointSpec?.Ports),
    ...(update?.State
      ? {
          update: {
            state: update.State as UpdateState,
            ...(update.Message ? { message: update.Message } : {}),
            ...(update.StartedAt ? { startedAt: update.StartedAt } : {}),
            ...(update.CompletedAt ? { completedAt: update.CompletedAt } : {}),
          },
        }
      : {}),
    ...(stack ? { stack } : {}),
    createdAt: service.CreatedAt ?? '',
    updatedAt: service.UpdatedAt ?? '',
  };
}
