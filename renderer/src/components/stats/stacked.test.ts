import { describe, expect, it } from 'vitest';
import type { ContainerStatsSample } from '../../../../common/contract';
import { OTHERS_KEY, stackByContainer } from './stacked';

const sample = (t: number, cpuPercent: number): ContainerStatsSample => ({
  t, cpuPercent, memoryBytes: 0, memoryLimitBytes: 0, memoryPercent: 0, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0,
  blockWriteBytes: 0, netRxRate: 0, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0, pids: 1,
});
const cpu = (s: ContainerStatsSample) => s.cpuPercent;

describe('stackByContainer', () => {
  it('puts readings taken at slightly different moments on one grid and sums all but the biggest', () => {
    const series: [string, ContainerStatsSample[]][] = [
      ['small', [sample(1_000, 1), sample(3_001, 1)]],
      ['big', [sample(999, 50), sample(2_000, 60), sample(3_000, 70)]],
      ['medium', [sample(1_002, 10), sample(2_998, 20)]],
      ['tiny', [sample(1_001, 0.5), sample(3_002, 0.5)]],
    ];
    const stacked = stackByContainer(series, cpu, { stepMs: 1000, windowMs: 60_000, topCount: 2 });
    expect(stacked.top).toEqual(['big', 'medium']);
    expect(stacked.hasOthers).toBe(true);
    expect(stacked.rows).toEqual([
      { t: 1002, big: 50, medium: 10, [OTHERS_KEY]: 1.5 },
      { t: 2002, big: 60, medium: 10, [OTHERS_KEY]: 1.5 },
      { t: 3002, big: 70, medium: 20, [OTHERS_KEY]: 1.5 },
    ]);
  });

  it('counts a container as 0 before its first reading and once its last one is stale, and keeps to the window', () => {
    const series: [string, ContainerStatsSample[]][] = [
      ['steady', [0, 2000, 4000, 6000, 8000, 10_000].map((t) => sample(t, 5))],
      ['stopped', [sample(0, 10), sample(2000, 30)]],
      ['late', [sample(8000, 7), sample(10_000, 7)]],
    ];
    const stacked = stackByContainer(series, cpu, { stepMs: 2000, windowMs: 8000, topCount: 8 });
    expect(stacked.hasOthers).toBe(false);
    expect(stacked.rows.map((row) => row.t)).toEqual([2000, 4000, 6000, 8000, 10_000]);
    // A reading stands for 3.5 steps (7 s: a quiet container is read every 3 steps): 30 until 8 s, 0 at 10 s.
    expect(stacked.rows.map((row) => row.stopped)).toEqual([30, 30, 30, 30, 0]);
    expect(stacked.rows.map((row) => row.late)).toEqual([0, 0, 0, 7, 7]);
    expect(stackByContainer([], cpu, { stepMs: 2000, windowMs: 8000, topCount: 8 }).rows).toEqual([]);
  });

  it('starts where every container running when the dashboard opened had been read', () => {
    const longer = [0, 2000, 4000, 6000, 8000].map((t) => sample(t, 5));
    const series: [string, ContainerStatsSample[]][] = [
      ['watched', [...longer, sample(10_000, 5), sample(12_000, 5), sample(14_000, 5)]],
      // Opened at 4500 without history: its first reading comes one period later.
      ['fresh', [sample(6000, 1), sample(8000, 1), sample(10_000, 1), sample(12_000, 1), sample(14_000, 1)]],
      // Started well after the dashboard opened: 0 before is right.
      ['started-later', [sample(12_000, 2), sample(14_000, 2)]],
    ];
    const stacked = stackByContainer(series, cpu, { stepMs: 2000, windowMs: 60_000, topCount: 8, notBefore: 4500 });
    expect(stacked.rows.map((row) => row.t)).toEqual([6000, 8000, 10_000, 12_000, 14_000]);
    expect(stacked.rows.map((row) => row['started-later'])).toEqual([0, 0, 0, 2, 2]);
  });

  it('draws minutes nobody watched as a gap (null), not as a drop to zero', () => {
    // Watched 0–4 s, window hidden until 16 s, watched again: the engine-side history has nothing in between.
    const watched = [0, 2000, 4000, 16_000, 18_000];
    const series: [string, ContainerStatsSample[]][] = [
      ['a', watched.map((t) => sample(t, 10))],
      ['b', watched.map((t) => sample(t, 5))],
    ];
    const stacked = stackByContainer(series, cpu, { stepMs: 2000, windowMs: 60_000, topCount: 8 });
    expect(stacked.rows.map((row) => row.t)).toEqual([0, 2000, 4000, 6000, 8000, 10_000, 12_000, 14_000, 16_000, 18_000]);
    // 6 to 10 s still hold the 4 s reading (within the staleness span of 3.5 steps); 12 and 14 s were not watched.
    expect(stacked.rows.map((row) => row.a)).toEqual([10, 10, 10, 10, 10, 10, null, null, 10, 10]);
    expect(stacked.rows.map((row) => row.b)).toEqual([5, 5, 5, 5, 5, 5, null, null, 5, 5]);
  });

  it('keeps zero for a container that stopped while others were still read', () => {
    const series: [string, ContainerStatsSample[]][] = [
      ['steady', [0, 2000, 4000, 6000, 8000, 10_000, 12_000].map((t) => sample(t, 5))],
      ['restarted', [sample(0, 3), sample(2000, 3), sample(12_000, 3)]],
    ];
    const stacked = stackByContainer(series, cpu, { stepMs: 2000, windowMs: 60_000, topCount: 8 });
    // Stale after 3.5 steps (7 s after 2 s): 0 at 10 s, while `steady` was read, so the time was watched.
    expect(stacked.rows.map((row) => row.restarted)).toEqual([3, 3, 3, 3, 3, 0, 3]);
  });
});
