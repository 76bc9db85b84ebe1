import { useRef } from 'react';
import type { ContainerDetails, EngineEvent } from '../../../common/contract';
import { useLiveData, type LiveData } from './useLiveData';

const INSPECT_NOISE = /^(exec_|archive-path|extract-to-dir|resize|attach|detach|top)/;

/** Whether a container event can change what inspect reports: exec, archive, attach and top traffic cannot. */
export function changesInspect(event: EngineEvent): boolean {
  return !INSPECT_NOISE.test(event.action);
}

/** One container's inspect data, re-read when the engine reports an event for it. `id` may be a name or a short id. */
export function useContainerDetails(id: string): LiveData<ContainerDetails> {
  const fullId = useRef<string>(undefined);
  const live = useLiveData('containers.inspect', { id }, ['container'], (event: EngineEvent) => {
    if (!changesInspect(event)) return false;
    return event.actor.id === fullId.current || event.actor.id.startsWith(id) || event.actor.attributes.name === id;
  });
  fullId.current = live.data?.id;
  return live;
}
