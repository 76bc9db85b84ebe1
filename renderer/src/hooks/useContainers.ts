import { useEffect, useState } from 'react';
import type { ContainerSummary } from '../../../common/contract';
import { ContainerListSync } from '../../../common/container-list-sync';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { onEngineReconnect } from './useEngineStatus';

export interface ContainersState {
  containers: ContainerSummary[];
  loaded: boolean;
  error: ApiError | undefined;
}

/**
 * All containers, kept current from engine events (see ContainerListSync). On open, the main process's cached
 * list paints at once, then a fresh read replaces it (the engine's status texts, like "Up 3 minutes", age).
 */
export function useContainers(): ContainersState {
  const [containers, setContainers] = useState<ContainerSummary[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    let disposed = false;
    const sync = new ContainerListSync({ list: (ids) => api.call('containers.list', ids ? { ids } : {}) }, () => {
      if (!disposed) setContainers(sync.snapshot());
    });
    const reload = (cached: boolean) =>
      sync.reload(() => api.call('containers.list', cached ? { cached: true } : {})).then(
        () => {
          if (disposed) return;
          setLoaded(true);
          setError(undefined);
        },
        (err: ApiError) => {
          if (!disposed) setError(err);
        },
      );

    const subscription = api.subscribe('engine.events', { types: ['container'] }, { onEvent: (event) => sync.handleEvent(event) });
    void reload(true).then(() => reload(false));
    const offStatus = onEngineReconnect(() => void reload(false));
    return () => {
      disposed = true;
      sync.dispose();
      subscription.unsubscribe();
      offStatus();
    };
  }, []);

  return { containers, loaded, error };
}
