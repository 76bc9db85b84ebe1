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

/** The list asked for at start (see prefetchContainerList), for the first useContainers to take. */
let prefetched: { list: Promise<ContainerSummary[]>; value?: ContainerSummary[]; at: number } | undefined;
/** A prefetched list older than this is not used: the hook reads its own. */
const PREFETCH_FRESH_MS = 5000;

/** Asks for the main process's cached list at once, so the Containers page can paint rows on its first render. */
export function prefetchContainerList(): void {
  const entry: NonNullable<typeof prefetched> = { list: api.call('containers.list', { cached: true }), at: Date.now() };
  entry.list.then((value) => (entry.value = value), () => undefined);
  prefetched = entry;
}

/** The prefetched list while fresh; `take` (on mount, once committed) also forgets it, so it is used once. */
function prefetchedList(take: boolean): NonNullable<typeof prefetched> | undefined {
  const entry = prefetched;
  if (take) prefetched = undefined;
  return entry && Date.now() - entry.at < PREFETCH_FRESH_MS ? entry : undefined;
}

/**
 * All containers, kept current from engine events (see ContainerListSync). On open, the main process's cached
 * list paints at once, then a fresh read replaces it (the engine's status texts, like "Up 3 minutes", age).
 */
export function useContainers(): ContainersState {
  // A prefetched list that already arrived paints with the page's first render (a render React throws away, as
  // when the page suspends, only peeks: the mount below takes it).
  const [containers, setContainers] = useState<ContainerSummary[]>(() => prefetchedList(false)?.value ?? []);
  const [loaded, setLoaded] = useState(() => Boolean(prefetchedList(false)?.value));
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    let disposed = false;
    const sync = new ContainerListSync({ list: (ids) => api.call('containers.list', ids ? { ids } : {}) }, () => {
      if (!disposed) setContainers(sync.snapshot());
    });
    let early = prefetchedList(true)?.list;
    const reload = (cached: boolean) =>
      sync.reload(() => {
        const list = cached && early ? early : api.call('containers.list', cached ? { cached: true } : {});
        early = undefined;
        return list;
      }).then(
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
