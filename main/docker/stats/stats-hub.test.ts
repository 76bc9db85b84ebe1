import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../common/contract/engine';
import { STATS_QUIET_FACTOR, type ContainerStatsSample } from '../../../common/contract/stats';
import { ApiError } from '../../../common/errors';
import { LINGER_MS, StatsHub, TICK_MS, type StatsWatcher } from './stats-hub';
import type { RawStats } from './stats-formulas';
import { RingBuffer } from './stats-ring';

/**
 * A fake engine: each container's CPU counter grows by half the system counter (50% of one of 1 CPU), and its
 * received bytes by 1000/s; a `quiet` container's counters stand still.
 */
function fakeEngine() {
  const fetches: string[] = [];
  const running = new Set<string>();
  const quiet = new Set<string>();
  const removed = new Set<string>();
  let listener: ((event: EngineEvent) => void) | undefined;
  const fetch = async (id: string): Promise<RawStats> => {
    fetches.push(id);
    if (removed.has(id)) throw new ApiError('not-found', `No such container: ${id}`);
    const now = Date.now();
    if (!running.has(id)) return { read: '0001-01-01T00:00:00Z', cpu_stats: {}, memory_stats: {}, blkio_stats: {}, pids_stats: {} };
    return {
      read: new Date(now).toISOString(),
      cpu_stats: { cpu_usage: { total_usage: quiet.has(id) ? 5e9 : now * 500_000 }, system_cpu_usage: now * 1_000_000, online_cpus: 1 },
      memory_stats: { usage: 1000, limit: 4000, stats: {} },
      blkio_stats: {},
      pids_stats: { current: 3 },
      // A quiet container still receives a trickle (70 bytes per 5 s, as an idle one on a bridge does).
      networks: { eth0: { rx_bytes: quiet.has(id) ? Math.floor(now / 5000) * 70 : now, tx_bytes: 0 } },
    };
  };
  const hub = new StatsHub({
    fetch,
    onEngineEvent: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  });
  const event = (id: string, action: string) => listener?.({ type: 'container', action, actor: { id, attributes: {} }, timeNano: 0 });
  return { hub, fetches, running, quiet, removed, event, listening: () => listener !== undefined };
}

function recorder(intervalMs = 1000, trend = false) {
  const samples: ContainerStatsSample[] = [];
  let stops = 0;
  const watcher: StatsWatcher = { intervalMs, trend, onSample: (s) => samples.push(s), onStopped: () => stops++ };
  return { watcher, samples, stops: () => stops };
}

describe('StatsHub', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('samples a watched container once per tick for all its subscribers, and stops when the last one leaves', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const first = recorder();
    const second = recorder();
    const one = engine.hub.watch('a', first.watcher);
    const two = engine.hub.watch('a', second.watcher);
    await vi.advanceTimersByTimeAsync(3 * TICK_MS);
    expect(engine.fetches).toEqual(['a', 'a', 'a', 'a']); // the baseline reading, then one per tick
    expect(first.samples).toHaveLength(3);
    expect(second.samples).toEqual(first.samples);
    expect(first.samples[0]).toMatchObject({ cpuPercent: 50, memoryPercent: 25, pids: 3, netRxRate: 1000 });

    one.release();
    one.release(); // twice is harmless
    await vi.advanceTimersByTimeAsync(TICK_MS);
    expect(engine.fetches).toHaveLength(5);
    expect(second.samples).toHaveLength(4);

    two.release();
    await vi.advanceTimersByTimeAsync(10 * TICK_MS);
    expect(engine.fetches).toHaveLength(5);
    expect(engine.hub.activeSources).toBe(0);
  });

  it('samples at the fastest period any subscriber asked for', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const slow = engine.hub.watch('a', recorder(5000).watcher);
    await vi.advanceTimersByTimeAsync(10 * TICK_MS);
    expect(engine.fetches).toHaveLength(3); // baseline, 5 s, 10 s
    const fast = engine.hub.watch('a', recorder(1000).watcher);
    await vi.advanceTimersByTimeAsync(4 * TICK_MS);
    expect(engine.fetches).toHaveLength(7);
    fast.release();
    await vi.advanceTimersByTimeAsync(5 * TICK_MS);
    expect(engine.fetches).toHaveLength(8);
    slow.release();
  });

  it('reads a quiet container every STATS_QUIET_FACTOR periods for trend watchers only, and every period again once it moves', async () => {
    const engine = fakeEngine();
    engine.running.add('q');
    engine.quiet.add('q');
    const trend = recorder(5000, true);
    const watch = engine.hub.watch('q', trend.watcher);
    // The baseline, then 5, 10, 15 and 20 s: the first sample has nothing to compare with, the next three are quiet.
    await vi.advanceTimersByTimeAsync(20 * TICK_MS);
    expect(engine.fetches).toHaveLength(5);
    expect(trend.samples.at(-1)).toMatchObject({ cpuPercent: 0, netRxRate: 14 });
    await vi.advanceTimersByTimeAsync(30 * TICK_MS);
    expect(engine.fetches).toHaveLength(5 + 30_000 / (5000 * STATS_QUIET_FACTOR));

    // A detail view of the same container (no trend) gets every one of its periods.
    const detail = recorder(5000);
    const detailWatch = engine.hub.watch('q', detail.watcher);
    const before = engine.fetches.length;
    await vi.advanceTimersByTimeAsync(30 * TICK_MS);
    expect(engine.fetches.length - before).toBeGreaterThanOrEqual(6);
    detailWatch.release();

    // It moves: the next reading sees it, and the trend watcher gets every period again.
    engine.quiet.delete('q');
    await vi.advanceTimersByTimeAsync(5000 * STATS_QUIET_FACTOR);
    const moving = engine.fetches.length;
    await vi.advanceTimersByTimeAsync(30 * TICK_MS);
    expect(engine.fetches.length - moving).toBe(6);
    expect(trend.samples.at(-1)!.cpuPercent).toBe(50);
    watch.release();
  });

  it('keeps the history after the last subscriber leaves, so the next one starts with it, then forgets it', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const first = engine.hub.watch('a', recorder().watcher);
    await vi.advanceTimersByTimeAsync(5 * TICK_MS);
    first.release();
    await vi.advanceTimersByTimeAsync(60_000);
    const again = engine.hub.watch('a', recorder().watcher);
    expect(again.history.size).toBe(5);
    again.release();
    await vi.advanceTimersByTimeAsync(LINGER_MS + TICK_MS);
    expect(engine.hub.keptSources).toBe(0);
    expect(engine.listening()).toBe(false);
  });

  it('the history holds the last 10 minutes at 1 s resolution', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const watch = engine.hub.watch('a', recorder().watcher);
    await vi.advanceTimersByTimeAsync(700 * TICK_MS);
    expect(watch.history.size).toBe(600);
    const samples = watch.history.toArray();
    expect(samples.at(-1)!.t - samples[0]!.t).toBe(599 * TICK_MS);
    watch.release();
  });

  it('stops sampling when the container stops and resumes when it starts again', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const watch = recorder();
    const { release } = engine.hub.watch('a', watch.watcher);
    await vi.advanceTimersByTimeAsync(2 * TICK_MS);
    engine.running.delete('a');
    engine.event('a', 'die');
    expect(watch.stops()).toBe(1);
    const fetchesWhenStopped = engine.fetches.length;
    await vi.advanceTimersByTimeAsync(5 * TICK_MS);
    expect(engine.fetches).toHaveLength(fetchesWhenStopped);

    engine.running.add('a');
    engine.event('a', 'start');
    await vi.advanceTimersByTimeAsync(2 * TICK_MS);
    expect(engine.fetches.length).toBe(fetchesWhenStopped + 3);
    expect(watch.samples).toHaveLength(4);
    release();
  });

  it('notices a stop it was not told about from the zero-time reading, and a removal from not-found', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    engine.running.add('b');
    const a = recorder();
    const b = recorder();
    engine.hub.watch('a', a.watcher);
    engine.hub.watch('b', b.watcher);
    await vi.advanceTimersByTimeAsync(TICK_MS);
    engine.running.delete('a');
    engine.removed.add('b');
    await vi.advanceTimersByTimeAsync(3 * TICK_MS);
    expect(a.stops()).toBe(1);
    expect(b.stops()).toBe(1);
    expect(engine.hub.activeSources).toBe(0);
  });

  it('keeps going through engine outages', async () => {
    const engine = fakeEngine();
    engine.running.add('a');
    const fetch = vi.fn(async () => Promise.reject(new ApiError('engine-unreachable', 'The container engine cannot be reached.')));
    const hub = new StatsHub({ fetch, onEngineEvent: () => () => undefined });
    const watch = recorder();
    const { release } = hub.watch('a', watch.watcher);
    await vi.advanceTimersByTimeAsync(3 * TICK_MS);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(watch.stops()).toBe(0);
    release();
  });
});

describe('RingBuffer', () => {
  it('overwrites the oldest items and reads oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.newestWhile((n) => n >= 4)).toEqual([4, 5]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
