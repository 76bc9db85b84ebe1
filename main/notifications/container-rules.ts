import type { EngineEvent } from '../../common/contract/engine';
import type { NotificationCandidate } from '../../common/notifications/notification';

interface ContainerMemory {
  /** A `kill` or `stop` came from a client (the user, Compose, Berth): the `die` after it is expected. */
  stopRequested: boolean;
  /** The kernel killed a process for lack of memory; the `die` after it is told as that, not as a crash. */
  oomKilled: boolean;
}

function containerName(event: EngineEvent): string {
  return event.actor.attributes.name || event.actor.id.slice(0, 12);
}

function containerRoute(event: EngineEvent): string {
  return `containers/${encodeURIComponent(event.actor.id)}`;
}

/**
 * Turns the engine's container events into what is worth telling the user, as recorded from dockerd
 * (fixtures beside the tests): `docker stop` gives kill(15) [kill(9)] die stop, `docker kill` gives kill die,
 * a crash gives a bare die with a non-zero exitCode, an OOM kill gives oom then die(137), and a failing health
 * check gives `health_status: unhealthy`. So a die is a crash only when no kill or stop came before it since the
 * container last started. Keeps one small record per container, dropped when the container is destroyed.
 */
export class ContainerEventRules {
  private readonly containers = new Map<string, ContainerMemory>();

  onEvent(event: EngineEvent): NotificationCandidate | undefined {
    if (event.type !== 'container' || !event.actor.id) return undefined;
    const id = event.actor.id;
    const action = event.action;
    if (action === 'destroy') {
      this.containers.delete(id);
      return undefined;
    }
    const memory = this.containers.get(id) ?? { stopRequested: false, oomKilled: false };
    this.containers.set(id, memory);
    if (action === 'start') {
      memory.stopRequested = false;
      memory.oomKilled = false;
      return undefined;
    }
    if (action === 'kill' || action === 'stop' || action === 'pause') {
      if (action !== 'pause') memory.stopRequested = true;
      return undefined;
    }
    if (action === 'oom') {
      memory.oomKilled = true;
      return {
        kind: 'containerOom',
        key: `containerOom:${id}`,
        level: 'error',
        title: `${containerName(event)} ran out of memory`,
        body: 'The kernel killed a process in it for exceeding its memory limit.',
        route: containerRoute(event),
      };
    }
    if (action === 'die') {
      const expected = memory.stopRequested || memory.oomKilled;
      memory.stopRequested = false;
      memory.oomKilled = false;
      const exitCode = Number(event.actor.attributes.exitCode ?? '0');
      if (expected || exitCode === 0) return undefined;
      return {
        kind: 'containerCrashed',
        key: `containerCrashed:${id}`,
        level: 'error',
        title: `${containerName(event)} exited with code ${exitCode}`,
        body: `It stopped on its own (image ${event.actor.attributes.image ?? 'unknown'}).`,
        route: containerRoute(event),
      };
    }
    if (action.startsWith('health_status') && action.includes('unhealthy')) {
      return {
        kind: 'containerUnhealthy',
        key: `containerUnhealthy:${id}`,
        level: 'warning',
        title: `${containerName(event)} is unhealthy`,
        body: 'Its health check is failing.',
        route: containerRoute(event),
      };
    }
    return undefined;
  }
}
