import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiActivityBatch, ApiCall, ProxyStatus } from '../../../common/contract/proxy';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';

const DEFAULT_CAPACITY = 10_000;

function indexById(calls: readonly ApiCall[], id: number): number {
  let low = 0;
  let high = calls.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = calls[middle]!.id;
    if (found === id) return middle;
    if (found < id) low = middle + 1;
    else high = middle - 1;
  }
  return -(low + 1);
}

/**
 * The calls one `proxy.activity` subscription has sent, oldest first (ordered by id). A later batch that carries a
 * call already held replaces it (an open call that finished); a reset batch replaces everything; at most the batch's
 * `capacity` calls are kept. `calls` is a new array after every change that changed something, so it can be held as
 * a snapshot (pause) and compared by identity.
 */
export class ActivityStore {
  calls: readonly ApiCall[] = [];
  dropped = 0;
  capacity = DEFAULT_CAPACITY;
  /** Whether a first (reset) batch has arrived. */
  loaded = false;

  /** Merges a batch; returns whether anything changed. */
  apply(batch: ApiActivityBatch): boolean {
    this.capacity = Math.max(1, batch.capacity);
    this.dropped = batch.dropped;
    const wasLoaded = this.loaded;
    this.loaded = true;
    if (batch.reset) {
      const calls = [...batch.calls].sort((a, b) => a.id - b.id);
      this.calls = calls.length > this.capacity ? calls.slice(calls.length - this.capacity) : calls;
      return true;
    }
    if (!batch.calls.length) return !wasLoaded;
    let next: ApiCall[] | undefined;
    for (const call of batch.calls) {
      const current = next ?? this.calls;
      const last = current.at(-1);
      if (!last || call.id > last.id) {
        next ??= [...this.calls];
        next.push(call);
        continue;
      }
      const index = indexById(current, call.id);
      next ??= [...this.calls];
      if (index >= 0) next[index] = call;
      // An id older than the oldest held one was dropped here already (capacity): do not bring it back.
      else if (-index - 1 > 0) next.splice(-index - 1, 0, call);
    }
    if (!next) return false;
    this.calls = next.length > this.capacity ? next.slice(next.length - this.capacity) : next;
    return true;
  }

  clear(): void {
    this.calls = [];
  }
}

/** How many calls of `live` are newer than the newest one of `frozen` (what a paused view has not shown yet). */
export function countNewer(live: readonly ApiCall[], frozen: readonly ApiCall[]): number {
  const newest = frozen.at(-1)?.id ?? 0;
  const index = indexById(live, newest);
  const firstNewer = index >= 0 ? index + 1 : -index - 1;
  return live.length - firstNewer;
}

/** The calls of a paused view that `live` still holds (after a reset: none when it was a clear). */
export function keepHeld(frozen: readonly ApiCall[], live: readonly ApiCall[]): readonly ApiCall[] {
  const kept = frozen.filter((call) => indexById(live, call.id) >= 0);
  return kept.length === frozen.length ? frozen : kept;
}

export interface ActivityState {
  /** What the page shows: the live calls, or the snapshot taken when it was paused. */
  shown: readonly ApiCall[];
  /** Every call held now (keeps merging while paused). */
  live: readonly ApiCall[];
  paused: boolean;
  /** Calls that arrived since the view was paused. */
  newWhilePaused: number;
  dropped: number;
  capacity: number;
  /** The first batch has arrived. */
  loaded: boolean;
  /** Why the activity stream ended, when it did. */
  error: ApiError | undefined;
  setPaused(paused: boolean): void;
  clear(): Promise<void>;
  /** Re-opens the stream after it ended. */
  retry(): void;
}

/**
 * Subscribes `proxy.activity` while mounted (the main process captures calls only while someone watches). Paused,
 * it keeps merging what arrives but the view holds what it showed until resumed.
 */
export function useActivity(): ActivityState {
  const store = useRef(new ActivityStore()).current;
  const [live, setLive] = useState<readonly ApiCall[]>(store.calls);
  const [frozen, setFrozen] = useState<readonly ApiCall[]>();
  const [meta, setMeta] = useState({ dropped: 0, capacity: DEFAULT_CAPACITY, loaded: false });
  const [error, setError] = useState<ApiError>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setError(undefined);
    const subscription = api.subscribe('proxy.activity', {}, {
      onEvent: (batch) => {
        if (store.apply(batch)) setLive(store.calls);
        // A reset after a clear empties a paused view too; one after a reconnect re-sends the history it holds.
        if (batch.reset) setFrozen((current) => current && keepHeld(current, store.calls));
        setMeta((current) =>
          current.dropped === store.dropped && current.capacity === store.capacity && current.loaded === store.loaded
            ? current
            : { dropped: store.dropped, capacity: store.capacity, loaded: store.loaded },
        );
      },
      onEnd: (end) => setError(end ?? ({ code: 'internal', message: 'The activity stream ended.' } as ApiError)),
    });
    return () => subscription.unsubscribe();
  }, [attempt]);

  const setPaused = useCallback((paused: boolean) => setFrozen(paused ? store.calls : undefined), []);

  const clear = useCallback(async () => {
    await api.call('proxy.activity.clear', {});
    // The stream's reset batch empties the store too; this makes the page empty at once.
    store.clear();
    setLive(store.calls);
    setFrozen((current) => (current ? [] : current));
  }, []);

  const retry = useCallback(() => setAttempt((value) => value + 1), []);

  return {
    shown: frozen ?? live,
    live,
    paused: frozen !== undefined,
    newWhilePaused: frozen ? countNewer(live, frozen) : 0,
    ...meta,
    error,
    setPaused,
    clear,
    retry,
  };
}

/** Berth's socket as `proxy.status` reports it (address, on/off), for the activity page's empty and off states. */
export function useProxyStatus(): { status: ProxyStatus | undefined; error: ApiError | undefined } {
  const [status, setStatus] = useState<ProxyStatus>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    const subscription = api.subscribe('proxy.status', {}, {
      onEvent: (next) => {
        setStatus(next);
        setError(undefined);
      },
      onEnd: (end) => setError(end),
    });
    return () => subscription.unsubscribe();
  }, []);
  return { status, error };
}
