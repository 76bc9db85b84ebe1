import { describe, expect, it } from 'vitest';
import v1 from './stats.samples-cgroup-v1.json';
import v2 from './stats.samples-cgroup-v2.json';
import { blockTotals, cpuPercent, isStoppedSample, memoryUsage, rawStatsSchema, toSample, type RawStats } from './stats-formulas';

const parse = (raw: unknown): RawStats => rawStatsSchema.parse(raw);
const pair = (samples: unknown[]): [RawStats, RawStats] => [parse(samples[0]), parse(samples[1])];

describe('stats formulas on cgroup v1 samples recorded from Docker 20.10', () => {
  it('a busy loop: CPU from the deltas of total_usage and system_cpu_usage times online_cpus', () => {
    const [previous, current] = pair(v1.busy);
    // (32569496297 − 28983461845) / (1499560000000 − 1491600000000) × 2 × 100
    expect(cpuPercent(previous, current)).toBeCloseTo(90.10136814, 6);
    const sample = toSample(previous, current);
    expect(sample.t).toBe(Date.parse('2026-11-22T14:42:03.996Z'));
    expect(sample.pids).toBe(1);
    expect(sample.memoryBytes).toBe(331776);
  });

  it('the pair inside one streamed sample (cpu_stats against precpu_stats) gives what docker stats shows', () => {
    const raw = v1.busyStreamed;
    const previous = parse({ ...raw, read: raw.preread, cpu_stats: raw.precpu_stats });
    expect(cpuPercent(previous, parse(raw))).toBeCloseTo(85.8519799, 6);
  });

  it('falls back to the per-CPU count when online_cpus is 0', () => {
    const [previous, current] = pair(v1.busy);
    const withoutOnline = { ...current, cpu_stats: { ...current.cpu_stats, online_cpus: 0 } };
    expect(current.cpu_stats.cpu_usage?.percpu_usage).toHaveLength(2);
    expect(cpuPercent(previous, withoutOnline)).toBeCloseTo(90.10136814, 6);
  });

  it('is 0 unless both deltas are positive (the first sample, an idle container)', () => {
    const [previous, current] = pair(v1.memory);
    expect(cpuPercent(previous, current)).toBe(0);
    expect(cpuPercent(current, current)).toBe(0);
  });

  it('memory leaves out total_inactive_file, and the percentage is of the limit', () => {
    const [previous, current] = pair(v1.memory);
    // usage 18653184 − total_inactive_file 17825792: the 20 MB file the container wrote is page cache.
    expect(memoryUsage(current.memory_stats)).toBe(827392);
    const sample = toSample(previous, current);
    expect(sample.memoryLimitBytes).toBe(64 * 1024 * 1024);
    expect(sample.memoryPercent).toBeCloseTo(1.23291015625, 9);
  });

  it('network totals are summed over interfaces and rates come from the readings’ own timestamps', () => {
    const [previous, current] = pair(v1.network);
    const sample = toSample(previous, current);
    expect(sample.netRxBytes).toBe(27793208);
    expect(sample.netTxBytes).toBe(157146);
    // 4.048 s between the two `read` times.
    expect(sample.netRxRate).toBeCloseTo((27793208 - networkRx(previous)) / 4.048, 6);
    expect(sample.netRxRate).toBeGreaterThan(900_000);
    expect(sample.cpuPercent).toBeCloseTo(1.2759452949, 6);
  });

  it('an exited container answers with a zero-time reading', () => {
    expect(isStoppedSample(parse(v1.stopped))).toBe(true);
    expect(isStoppedSample(parse(v1.busy[0]))).toBe(false);
  });

  it('block I/O sums io_service_bytes_recursive by the op’s first letter (v1 ops are capitalised)', () => {
    // This VM's kernel accounts no block I/O (the recorded lists are empty), so these entries follow the documented v1 form.
    const blkio = {
      io_service_bytes_recursive: [
        { major: 8, minor: 0, op: 'Read', value: 4096 },
        { major: 8, minor: 0, op: 'Write', value: 8192 },
        { major: 8, minor: 0, op: 'Sync', value: 12288 },
        { major: 8, minor: 0, op: 'Async', value: 0 },
        { major: 8, minor: 0, op: 'Discard', value: 0 },
        { major: 8, minor: 0, op: 'Total', value: 12288 },
        { major: 8, minor: 16, op: 'Read', value: 1000 },
        { major: 8, minor: 16, op: 'Write', value: 0 },
      ],
    };
    expect(blockTotals(parse({ read: v1.io[0]!.read, blkio_stats: blkio }).blkio_stats)).toEqual({ read: 5096, write: 8192 });
    expect(blockTotals(parse(v1.io[1]).blkio_stats)).toEqual({ read: 0, write: 0 });
  });
});

describe('stats formulas on cgroup v2 samples (documented format)', () => {
  const [previous, current] = pair(v2.samples);
  const sample = toSample(previous, current);

  it('CPU uses online_cpus (v2 has no per-CPU list)', () => {
    // (53e9 − 50e9) / (8008e9 − 8000e9) × 4 × 100
    expect(sample.cpuPercent).toBeCloseTo(150, 9);
  });

  it('memory leaves out inactive_file', () => {
    expect(sample.memoryBytes).toBe(262144000 - 73400320);
    expect(sample.memoryPercent).toBeCloseTo(35.15625, 9);
  });

  it('network and block totals and their per-second rates', () => {
    expect(sample).toMatchObject({
      netRxBytes: 12_700_000,
      netTxBytes: 2_700_000,
      netRxRate: 1_100_000,
      netTxRate: 300_000,
      blockReadBytes: 3_700_000,
      blockWriteBytes: 10_000_000,
      blockReadRate: 1_100_000,
      blockWriteRate: 3_000_000,
      pids: 9,
    });
  });

  it('a counter that went backwards (the container restarted) gives a rate of 0, not a negative one', () => {
    expect(toSample(current, { ...previous, read: '2026-11-22T10:00:04Z' })).toMatchObject({ netRxRate: 0, blockWriteRate: 0, cpuPercent: 0 });
  });
});

function networkRx(raw: RawStats): number {
  return Object.values(raw.networks ?? {}).reduce((sum, net) => sum + (net.rx_bytes ?? 0), 0);
}
