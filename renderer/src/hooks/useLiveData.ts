import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallNames, Contract, EngineEvent, InputOf, OutputOf } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { onEngineReconnect } from './useEngineStatus';

type EventType = NonNullable<InputOf<Contract['engine.events']>['types']>[number];

export interface LiveData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

const RELOAD_DEBOUNCE_MS = 150;

/**
 * Loads a call's result and keeps it current: reloaded (debounced) when the engine reports an event of the given
 * types, and when the engine comes back after an outage. The last good data stays on screen while it is down.
 */
export function useLiveData<K extends CallNames<Contract>>(
  method: K,
  input: InputOf<Contract[K]>,
  eventTypes: EventType[],
  filter?: (event: EngineEvent) => boolean,
): LiveData<OutputOf<Contract[K]>> {
  const [data, setData] = useState<OutputOf<Contract[K]>>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const inputKey = JSON.stringify(input);
  const typesKey = eventTypes.join(',');
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const generation = useRef(0);

  const load = useCallback(() => {
    const mine = ++generation.current;
    setLoading(true);
    api.call(method, JSON.parse(inputKey) as InputOf<Contract[K]>).then(
      (value) => {
        if (mine !== generation.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: ApiError) => {
        if (mine !== generation.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [method, inputKey]);

  useEffect(() => {
    load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleReload = () => {
      clearTimeout(timer);
      timer = setTimeout(load, RELOAD_DEBOUNCE_MS);
    };
    const types = typesKey ? (typesKey.split(',') as EventType[]) : [];
    const subscription = types.length
      ? api.subscribe('engine.events', { types }, {
          onEvent: (event) => {
            if (!filterRef.current || filterRef.current(event)) scheduleReload();
          },
        })
      : undefined;
    const offStatus = onEngineReconnect(() => load());
    return () => {
      clearTimeout(timer);
      subscription?.unsubscribe();
      offStatus();
    };
  }, [load, typesKey]);

  return { data, error, loading, reload: load };
}
