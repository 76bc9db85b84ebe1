import { describe, expect, it, vi } from 'vitest';
import type { ApiActivityBatch, ApiCall } from '../../../common/contract/proxy';

// The store is plain TypeScript; the client module it sits next to opens a connection on import.
vi.mock('../api/client', () => ({ api: {} }));
const { ActivityStore, countNewer, keepHeld } = await import('./useActivity');

const call = (id: number, fields: Partial<ApiCall> = {}): ApiCall => ({
  id,
  connectionId: 1,
  origin: 'client',
  startedAt: 1000 + id,
  method: 'GET',
  path: '/_ping',
  bytesIn: 10,
  bytesOut: 0,
  state: 'open',
  requestHeaders: [],
  ...fields,
});

const batch = (calls: ApiCall[], reset = false, capacity = 10_000, dropped = 0): ApiActivityBatch => ({ calls, reset, capacity, dropped });
const ids = (calls: readonly ApiCall[]) => calls.map((c) => c.id);

describe('ActivityStore', () => {
  it('takes the first batch as the history, appends new calls and updates a held one in place by id', () => {
    const store = new ActivityStore();
    expect(store.loaded).toBe(false);
    store.apply(batch([call(1), call(2)], true));
    expect(store.loaded).toBe(true);
    const before = store.calls;
    expect(store.apply(batch([call(2, { state: 'done', status: 200, durationMs: 3 }), call(3)]))).toBe(true);
    expect(ids(store.calls)).toEqual([1, 2, 3]);
    expect(store.calls[1]).toMatchObject({ state: 'done', status: 200 });
    // A new array each change, and the old one untouched: a paused view holds it as its snapshot.
    expect(store.calls).not.toBe(before);
    expect(before[1]!.state).toBe('open');
    expect(ids(before)).toEqual([1, 2]);
  });

  it('replaces everything on a reset (a clear, or the history again after a reconnect)', () => {
    const store = new ActivityStore();
    store.apply(batch([call(1), call(2)], true));
    store.apply(batch([], true));
    expect(store.calls).toEqual([]);
    store.apply(batch([call(5), call(4)], true));
    expect(ids(store.calls)).toEqual([4, 5]);
  });

  it('keeps at most the capacity, dropping the oldest, and does not bring back an update of a dropped call', () => {
    const store = new ActivityStore();
    store.apply(batch([call(1), call(2), call(3)], true, 3));
    store.apply(batch([call(4), call(5)], false, 3, 2));
    expect(ids(store.calls)).toEqual([3, 4, 5]);
    expect(store.dropped).toBe(2);
    expect(store.capacity).toBe(3);
    store.apply(batch([call(1, { state: 'done' })], false, 3, 2));
    expect(ids(store.calls)).toEqual([3, 4, 5]);
    // A reset larger than the capacity keeps its newest.
    store.apply(batch([call(6), call(7), call(8), call(9)], true, 3));
    expect(ids(store.calls)).toEqual([7, 8, 9]);
  });

  it('places a late newcomer in id order and reports an empty batch as no change', () => {
    const store = new ActivityStore();
    store.apply(batch([call(1), call(3)], true));
    store.apply(batch([call(2)]));
    expect(ids(store.calls)).toEqual([1, 2, 3]);
    const held = store.calls;
    expect(store.apply(batch([]))).toBe(false);
    expect(store.calls).toBe(held);
  });
});

describe('pause helpers', () => {
  it('counts the calls newer than a paused view, and keeps a paused view across a reconnect but not a clear', () => {
    const frozen = [call(1), call(2)];
    const live = [call(1), call(2, { state: 'done' }), call(3), call(4)];
    expect(countNewer(live, frozen)).toBe(2);
    expect(countNewer(live, [])).toBe(4);
    expect(countNewer([call(5)], frozen)).toBe(1);
    expect(keepHeld(frozen, live)).toBe(frozen);
    expect(keepHeld(frozen, [])).toEqual([]);
    expect(ids(keepHeld(frozen, [call(2), call(3)]))).toEqual([2]);
  });
});
