import { useEffect } from 'react';
import type { EngineEvent, ServiceDetails, ServiceSummary } from '../../../common/contract';
import { SWARM_SERVICE_ID_LABEL } from '../../../common/contract/swarm';
import { useLiveData, type LiveData } from './useLiveData';

/**
 * While a service converges (tasks pending, starting, being replaced, an update running), re-read it this often.
 * The engine reports service, node and container events, but none for a task's own states: a task waiting for a node
 * ("no suitable node"), being allocated or rejected before it has a container changes nothing that emits an event.
 * Once everything has settled, only events cause reloads.
 */
const CONVERGING_RELOAD_MS = 1500;

/** Service events, node events and the container events of swarm tasks. */
function swarmEvent(event: EngineEvent): boolean {
  return event.type !== 'container' || SWARM_SERVICE_ID_LABEL in event.actor.attributes;
}

function useReloadWhile(converging: boolean, reload: () => void): void {
  useEffect(() => {
    if (!converging) return;
    const timer = setInterval(reload, CONVERGING_RELOAD_MS);
    return () => clearInterval(timer);
  }, [converging, reload]);
}

const updating = (summary: ServiceSummary) => summary.update?.state === 'updating' || summary.update?.state === 'rollback_started';

export function useSwarmState() {
  return useLiveData('swarm.state', {}, ['daemon', 'node', 'service']);
}

export function useServices(): LiveData<ServiceSummary[]> {
  const live = useLiveData('swarm.services.list', {}, ['service', 'node', 'container'], swarmEvent);
  const converging = (live.data ?? []).some((service) => service.running !== service.desired || updating(service));
  useReloadWhile(converging, live.reload);
  return live;
}

export function useServiceDetails(id: string): LiveData<ServiceDetails> {
  const live = useLiveData('swarm.services.inspect', { id }, ['service', 'node', 'container'], swarmEvent);
  const details = live.data;
  const converging = Boolean(details && (details.running !== details.desired || updating(details) || details.tasks.some((task) => task.desiredState === 'running' && task.state !== 'running')));
  useReloadWhile(converging, live.reload);
  return live;
}
