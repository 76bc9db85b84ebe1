import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ContainerStatsSample, StatsEvent } from '../../../common/contract';
import { STATS_HISTORY_SECONDS } from '../../../common/contract/stats';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { onEngineStatus } from './useEngineStatus';

const EMPTY: readonly ContainerStatsSample[] = Object.freeze([]);

/**
 * The samples of one `stats.watch` subscription, outside React state: each chart or cell subscribes to the
 * container it draws, so a sample re-renders those components and never the page around them.
 */
export class StatsStore {
  private readonly series = new Map<string, readonly ContainerStatsSample[]>();
  private readonly stopped = new Set<string>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change, for views over all containers (the dashboard totals). */
  private version = 0;

  constructor(private readonly keepMs: number) {}

  /** From an `all` subscription: when the totals became complete (see `StatsEvent.completeSince`). */
  completeSince: number | undefined;

  apply(event: StatsEvent): void {
    if (event.completeSince !== undefined) this.completeSince = event.completeSince;
    for (const [key, incoming] of Object.entries(event.samples)) {
      const current = this.series.get(key) ?? EMPTY;
      const lastT = current.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
      // A re-subscription sends the history again: keep only what is newer than what is shown.
      const fresh = incoming.filter((sample) => sample.t > lastT);
      this.stopped.delete(key);
      if (!fresh.length) continue;
      const cutoff = fresh.at(-1)!.t - this.keepMs;
      const merged = current.concat(fresh);
      const firstKept = merged.findIndex((sample) => sample.t >= cutoff);
      this.series.set(key, firstKept > 0 ? merged.slice(firstKept) : merged);
    }
    for (const key of event.stopped) {
      this.stopped.add(key);
      if (!this.series.has(key)) this.series.set(key, EMPTY);
    }
    this.forgetOutdated();
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Forgets containers that are no longer covered (e.g. rows scrolled away). */
  retain(keys: ReadonlySet<string>): void {
    let changed = false;
    for (const key of [...this.series.keys()]) {
      if (keys.has(key)) continue;
      this.series.delete(key);
      this.stopped.delete(key);
      changed = true;
    }
    if (!changed) return;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  /** Containers whose last sample left the kept window (they stopped long ago) cost memory and show nothing. */
  private forgetOutdated(): void {
    let newest = Number.NEGATIVE_INFINITY;
    for (const samples of this.series.values()) newest = Math.max(newest, samples.at(-1)?.t ?? newest);
    for (const [key, samples] of this.series) {
      const last = samples.at(-1);
      if (last && last.t < newest - this.keepMs) {
        this.series.delete(key);
        this.stopped.delete(key);
      }
    }
  }

  /** Every container's samples, for views over all of them. */
  entries(): [string, readonly ContainerStatsSample[]][] {
    return [...this.series.entries()];
  }

  samples(key: string): readonly ContainerStatsSample[] {
    return this.series.get(key) ?? EMPTY;
  }

  isStopped(key: string): boolean {
    return this.stopped.has(key);
  }

  /** Containers that have samples and are running, for totals. */
  runningKeys(): string[] {
    return [...this.series.keys()].filter((key) => !this.stopped.has(key) && this.samples(key).length > 0);
  }

  getVersion = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export type StatsTarget = { ids: string[] } | { all: true };

export interface StatsStreamOptions {
  intervalMs: 1000 | 2000 | 5000;
  /** How much history to ask for and keep on screen. */
  historySeconds?: number;
  /** The view draws trends: quiet containers may be read less often (see `STATS_QUIET_FACTOR`). */
  trend?: true;
}

/** True while the page is visible; sampling stops entirely when the window is hidden or minimized. */
function usePageVisible(): boolean {
  return useSyncExternalStore(
    (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
    () => document.visibilityState !== 'hidden',
  );
}

/**
 * Subscribes to live stats for some containers (or all running ones) while the page is visible. Returns a
 * store that lives as long as the component, so a hidden-then-shown window keeps its charts and fills in.
 */
export function useStatsStream(target: StatsTarget, options: StatsStreamOptions): { store: StatsStore; error: ApiError | undefined } {
  const historySeconds = options.historySeconds ?? STATS_HISTORY_SECONDS;
  const [store] = useState(() => new StatsStore(historySeconds * 1000));
  const [error, setError] = useState<ApiError>();
  /** Bumped to subscribe again after the stream failed (e.g. the engine was away when it opened). */
  const [attempt, setAttempt] = useState(0);
  const visible = usePageVisible();
  const targetKey = 'all' in target ? '*' : [...target.ids].sort().join(',');

  useEffect(() => {
    if (!error || error.code === 'not-found' || error.code === 'invalid-input') return;
    return onEngineStatus((status) => {
      if (status.state === 'connected') setAttempt((n) => n + 1);
    });
  }, [error]);

  useEffect(() => {
    if (targetKey !== '*') store.retain(new Set(targetKey ? targetKey.split(',') : []));
    if (!visible || targetKey === '') return;
    const input = targetKey === '*' ? { all: true as const } : { ids: targetKey.split(',') };
    setError(undefined);
    const subscription = api.subscribe(
      'stats.watch',
      { ...input, intervalMs: options.intervalMs, historySeconds, ...(options.trend ? { trend: true as const } : {}) },
      {
        onEvent: (event) => store.apply(event),
        onEnd: (err) => {
          if (err) setError(err);
        },
      },
    );
    return () => subscription.unsubscribe();
    // `target` is read through `targetKey`, so a new array with the same ids does not re-subscribe.
  }, [store, targetKey, visible, options.intervalMs, options.trend, historySeconds, attempt]);

  // An unreachable (or switched) engine is shown by the engine banner; the stream re-opens when it is back.
  return { store, error: error?.code === 'engine-unreachable' ? undefined : error };
}

/** One container's samples; re-renders only the calling component when they change. */
export function useStatsSeries(store: StatsStore, key: string): readonly ContainerStatsSample[] {
  return useSyncExternalStore(store.subscribe, () => store.samples(key));
}

export function useStatsStopped(store: StatsStore, key: string): boolean {
  return useSyncExternalStore(store.subscribe, () => store.isStopped(key));
}

const NO_SUBSCRIPTION = () => () => undefined;

/** Like useStatsVersion, but only while `enabled`: otherwise the caller is not re-rendered by samples at all. */
export function useStatsVersionWhile(store: StatsStore, enabled: boolean): number {
  return useSyncExternalStore(enabled ? store.subscribe : NO_SUBSCRIPTION, enabled ? store.getVersion : () => 0);
}

/** Re-renders the caller on every change of any container in the store. */
export function useStatsVersion(store: StatsStore): number {
  return useSyncExternalStore(store.subscribe, store.getVersion);
}
