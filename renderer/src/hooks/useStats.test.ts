import { describe, expect, it, vi } from 'vitest';
import type { ContainerStatsSample } from '../../../common/contract';

// The store is plain TypeScript; the client module it sits next to opens a connection on import.
vi.mock('../api/client', () => ({ api: {} }));
vi.mock('./useEngineStatus', () => ({ onEngineStatus: () => () => undefined }));
const { StatsStore } = await import('./useStats');

const sample = (t: number, cpuPercent = 1): ContainerStatsSample => ({
  t, cpuPercent, memoryBytes: 100, memoryLimitBytes: 1000, memoryPercent: 10, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0,
  blockWriteBytes: 0, netRxRate: 0, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0, pids: 1,
});

describe('StatsStore', () => {
  it('appends new samples, skips the history a re-subscription sends again, and keeps only the window', () => {
    const store = new StatsStore(10_000);
    const changes = vi.fn();
    store.subscribe(changes);
    store.apply({ samples: { a: [sample(1000), sample(2000)] }, stopped: [] });
    const before = store.samples('a');
    store.apply({ samples: { a: [sample(1000), sample(2000), sample(3000)] }, stopped: [] });
    expect(store.samples('a').map((s) => s.t)).toEqual([1000, 2000, 3000]);
    expect(store.samples('a')).not.toBe(before); // a new array, so subscribed components re-render
    store.apply({ samples: { a: [sample(12_500)] }, stopped: [] });
    expect(store.samples('a').map((s) => s.t)).toEqual([3000, 12_500]);
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('tracks stopped containers, forgets ones long gone and ones no longer asked for', () => {
    const store = new StatsStore(10_000);
    store.apply({ samples: { a: [sample(1000)], b: [sample(1000)] }, stopped: [] });
    store.apply({ samples: {}, stopped: ['b', 'c'] });
    expect(store.isStopped('b')).toBe(true);
    expect(store.runningKeys()).toEqual(['a']);
    store.apply({ samples: { a: [sample(20_000)] }, stopped: [] });
    expect(store.samples('b')).toEqual([]); // its last sample left the window
    store.retain(new Set(['c']));
    expect(store.samples('a')).toEqual([]);
    expect(store.isStopped('c')).toBe(true);
  });
});
