import { useRef } from 'react';
import type { EngineEvent } from '../../../common/contract';
import { useLiveData, type LiveData } from './useLiveData';
import type { ContainerDetails } from '../../../common/contract';

/** Exec and archive traffic does not change what inspect reports. */
const NOISE = /^(exec_|archive-path|extract-to-dir|resize|attach|detach|top)/;

/** One container's inspect data, re-read when the engine reports an event for it. `id` may be a name or a short id. */
export function useContainerDetails(id: string): LiveData<ContainerDetails> {
  const fullId = useRef<string>(undefined);
  const live = useLiveData('containers.inspect', { id }, ['container'], (event: EngineEvent) => {
    if (NOISE.test(event.action)) return false;
    return event.actor.id === fullId.current || event.actor.id.startsWith(id) || event.actor.attributes.name === id;
  });
  fullId.current = live.data?.id;
  return live;
}
