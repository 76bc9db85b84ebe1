import { useEffect, useState } from 'react';
import type { ContainerSummary, EngineEvent } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { onEngineStatus } from './useEngineStatus';

/** Container events that never change what the list shows. */
const IGNORED_ACTIONS = /^(exec_|attach|detach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;
const PATCH_BATCH_MS = 50;

export interface ContainersState {
  containers: ContainerSummary[];
  loaded: boolean;
  error: ApiError | undefined;
}

/**
 * All containers, kept current from engine events: each event re-reads only the containers it names
 * (batched, so a burst of events costs a handful of calls), and a full reload happens only on (re)connect.
 */
export function useContainers(): ContainersState {
  const [byId, setById] = useState<Map<string, ContainerSummary>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    let disposed = false;
    let pending = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const fullReload = () => {
      api.call('containers.list', {}).then(
        (list) => {
          if (disposed) return;
          setById(new Map(list.map((c) => [c.id, c])));
          setLoaded(true);
          setError(undefined);
        },
        (err: ApiError) => {
          if (!disposed) setError(err);
        },
      );
    };

    const flush = () => {
      timer = undefined;
      const ids = [...pending];
      pending = new Set();
      if (!ids.length) return;
      api.call('containers.list', { ids }).then(
        (found) => {
          if (disposed) return;
          setById((previous) => {
            const next = new Map(previous);
            for (const id of ids) next.delete(id);
            for (const container of found) next.set(container.id, container);
            return next;
          });
        },
        () => {
          // The engine went away mid-patch; the reload on reconnect catches up.
        },
      );
    };

    const onEvent = (event: EngineEvent) => {
      if (IGNORED_ACTIONS.test(event.action) || !event.actor.id) return;
      if (event.action === 'destroy') {
        pending.delete(event.actor.id);
        setById((previous) => {
          if (!previous.has(event.actor.id)) return previous;
          const next = new Map(previous);
          next.delete(event.actor.id);
          return next;
        });
        return;
      }
      pending.add(event.actor.id);
      timer ??= setTimeout(flush, PATCH_BATCH_MS);
    };

    const subscription = api.subscribe('engine.events', { types: ['container'] }, { onEvent });
    fullReload();
    let wasConnected = true;
    const offStatus = onEngineStatus((status) => {
      if (status.state === 'connected' && !wasConnected) fullReload();
      wasConnected = status.state === 'connected';
    });
    return () => {
      disposed = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      offStatus();
    };
  }, []);

  return { containers: [...byId.values()], loaded, error };
}
