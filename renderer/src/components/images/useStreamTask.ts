import { useCallback, useEffect, useRef, useState } from 'react';
import type { Subscription } from '../../../../common/client';
import type { Contract, EventOf, InputOf, StreamNames } from '../../../../common/contract';
import { api } from '../../api/client';

export type TaskState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface StreamTask<K extends StreamNames<Contract>> {
  state: TaskState;
  /** The latest event, for streams whose events are snapshots (pull, push). */
  last: EventOf<Contract[K]> | undefined;
  error: string | undefined;
  start(input: InputOf<Contract[K]>): void;
  /** Leaves the stream, which cancels the operation in the engine. */
  cancel(): void;
}

/**
 * Runs one long operation (pull, push, build, save, load) as a stream and tracks how it ends.
 * `onEvent` sees every event (for logs); leaving the page or dialog cancels the operation.
 */
export function useStreamTask<K extends StreamNames<Contract>>(name: K, onEvent?: (event: EventOf<Contract[K]>) => void): StreamTask<K> {
  const [state, setState] = useState<TaskState>('idle');
  const [last, setLast] = useState<EventOf<Contract[K]>>();
  const [error, setError] = useState<string>();
  const subscription = useRef<Subscription | undefined>(undefined);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => () => subscription.current?.unsubscribe(), []);

  const start = useCallback(
    (input: InputOf<Contract[K]>) => {
      subscription.current?.unsubscribe();
      setState('running');
      setLast(undefined);
      setError(undefined);
      const mine = api.subscribe(name, input, {
        onEvent: (event) => {
          setLast(event);
          onEventRef.current?.(event);
        },
        onEnd: (err) => {
          if (subscription.current !== mine) return;
          subscription.current = undefined;
          setState(err ? 'failed' : 'done');
          setError(err?.message);
        },
      });
      subscription.current = mine;
    },
    [name],
  );

  const cancel = useCallback(() => {
    subscription.current?.unsubscribe();
    subscription.current = undefined;
    setState((current) => (current === 'running' ? 'cancelled' : current));
  }, []);

  return { state, last, error, start, cancel };
}
