import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiActivityBatch } from '../../common/contract/proxy';
import { ActivityLog, type NewApiCall } from './activity-log';

const call = (path: string): NewApiCall => ({ connectionId: 1, origin: 'client', startedAt: 0, method: 'GET', path, requestHeaders: [] });

describe('ActivityLog', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps the last `capacity` calls, counts what it dropped, and sends history first, then batches of changes', () => {
    vi.useFakeTimers();
    const log = new ActivityLog(3, 100);
    const batches: ApiActivityBatch[] = [];
    const stop = log.subscribe((batch) => batches.push(batch));
    expect(batches[0]).toEqual({ calls: [], reset: true, dropped: 0, capacity: 3 });
    const records = ['/a', '/b', '/c', '/d'].map((path) => log.begin(call(path)));
    expect(log.history().map((record) => record.path)).toEqual(['/b', '/c', '/d']);
    vi.advanceTimersByTime(100);
    expect(batches[1]).toMatchObject({ reset: false, dropped: 1 });
    expect(batches[1]!.calls.map((record) => record.id)).toEqual(records.map((record) => record.id));

    records[3]!.status = 200;
    log.changed(records[3]!);
    log.changed(records[3]!);
    vi.advanceTimersByTime(100);
    expect(batches[2]!.calls).toEqual([expect.objectContaining({ path: '/d', status: 200 })]);

    const late: ApiActivityBatch[] = [];
    const stopLate = log.subscribe((batch) => late.push(batch));
    expect(late[0]!.calls.map((record) => record.path)).toEqual(['/b', '/c', '/d']);

    log.clear();
    expect(late[1]).toMatchObject({ calls: [], reset: true });
    expect(log.history()).toEqual([]);
    stop();
    stopLate();
    expect(log.watching).toBe(false);
  });

  it('does no batching work while nobody watches', () => {
    vi.useFakeTimers();
    const log = new ActivityLog(10, 100);
    const record = log.begin(call('/a'));
    log.changed(record);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stays bounded through a burst of 100,000 calls', () => {
    const log = new ActivityLog();
    const stop = log.subscribe(() => undefined);
    for (let index = 0; index < 100_000; index++) log.begin(call(`/c/${index}`));
    expect(log.history()).toHaveLength(10_000);
    expect(log.history()[0]!.path).toBe('/c/90000');
    stop();
    log.dispose();
  });
});
