/**
 * The numbers `docker stats` shows, computed from the Engine API's raw stats exactly as docker/cli's
 * `stats_helpers.go` does, so Berth and the CLI agree. Pure: no I/O, unit-tested on recorded samples.
 */
import { z } from 'zod';
import type { ContainerStatsSample } from '../../../common/contract/stats';

const counter = z.number().nonnegative().catch(0);

/** The parts of `GET /containers/{id}/stats` the formulas read; anything else the engine sends is ignored. */
export const rawStatsSchema = z.object({
  read: z.string(),
  cpu_stats: z
    .object({
      cpu_usage: z.object({ total_usage: counter, percpu_usage: z.array(z.number()).nullish() }).partial().default({}),
      system_cpu_usage: counter.optional(),
      online_cpus: counter.optional(),
    })
    .partial()
    .default({}),
  memory_stats: z
    .object({
      usage: counter.optional(),
      limit: counter.optional(),
      // Only the page-cache figures are read; the other few dozen counters are left unparsed.
      stats: z.object({ total_inactive_file: counter.optional(), inactive_file: counter.optional() }).optional(),
    })
    .partial()
    .default({}),
  networks: z.record(z.string(), z.object({ rx_bytes: counter, tx_bytes: counter }).partial()).nullish(),
  blkio_stats: z
    .object({ io_service_bytes_recursive: z.array(z.object({ op: z.string().catch(''), value: counter })).nullish() })
    .partial()
    .default({}),
  pids_stats: z.object({ current: counter.optional() }).partial().default({}),
});

export type RawStats = z.infer<typeof rawStatsSchema>;

/** The engine answers a stopped container with zero counters read at Go's zero time. */
export function isStoppedSample(raw: RawStats): boolean {
  return raw.read.startsWith('0001-01-01');
}

/** CPU % of one core from the deltas between two readings (docker/cli `calculateCPUPercentUnix`). */
export function cpuPercent(previous: RawStats, current: RawStats): number {
  const cpuDelta = (current.cpu_stats.cpu_usage?.total_usage ?? 0) - (previous.cpu_stats.cpu_usage?.total_usage ?? 0);
  const systemDelta = (current.cpu_stats.system_cpu_usage ?? 0) - (previous.cpu_stats.system_cpu_usage ?? 0);
  let onlineCpus = current.cpu_stats.online_cpus ?? 0;
  if (onlineCpus === 0) onlineCpus = current.cpu_stats.cpu_usage?.percpu_usage?.length ?? 0;
  if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * onlineCpus * 100;
  return 0;
}

/** Memory without the reclaimable page cache (docker/cli `calculateMemUsageUnixNoCache`). */
export function memoryUsage(memory: RawStats['memory_stats']): number {
  const usage = memory.usage ?? 0;
  const stats = memory.stats ?? {};
  const cgroupV1Inactive = stats.total_inactive_file;
  if (cgroupV1Inactive !== undefined && cgroupV1Inactive < usage) return usage - cgroupV1Inactive;
  const cgroupV2Inactive = stats.inactive_file ?? 0;
  if (cgroupV2Inactive < usage) return usage - cgroupV2Inactive;
  return usage;
}

export function memoryPercent(used: number, limit: number): number {
  return limit !== 0 ? (used / limit) * 100 : 0;
}

export function networkTotals(networks: RawStats['networks']): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const stats of Object.values(networks ?? {})) {
    rx += stats.rx_bytes ?? 0;
    tx += stats.tx_bytes ?? 0;
  }
  return { rx, tx };
}

/** Bytes read and written, summed over devices by the first letter of the op (docker/cli `calculateBlockIO`). */
export function blockTotals(blkio: RawStats['blkio_stats']): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const entry of blkio.io_service_bytes_recursive ?? []) {
    const op = entry.op.charAt(0);
    if (op === 'r' || op === 'R') read += entry.value;
    else if (op === 'w' || op === 'W') write += entry.value;
  }
  return { read, write };
}

/** Per-second rate of a counter; a counter that went backwards (the container restarted) counts as 0. */
function rate(previous: number, current: number, seconds: number): number {
  return seconds > 0 && current >= previous ? (current - previous) / seconds : 0;
}

/** One sample from two successive readings of the same container. */
export function toSample(previous: RawStats, current: RawStats): ContainerStatsSample {
  const t = Date.parse(current.read);
  const seconds = (t - Date.parse(previous.read)) / 1000;
  const memoryBytes = memoryUsage(current.memory_stats);
  const memoryLimitBytes = current.memory_stats.limit ?? 0;
  const net = networkTotals(current.networks);
  const previousNet = networkTotals(previous.networks);
  const block = blockTotals(current.blkio_stats);
  const previousBlock = blockTotals(previous.blkio_stats);
  return {
    t,
    cpuPercent: cpuPercent(previous, current),
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryPercent(memoryBytes, memoryLimitBytes),
    netRxBytes: net.rx,
    netTxBytes: net.tx,
    blockReadBytes: block.read,
    blockWriteBytes: block.write,
    netRxRate: rate(previousNet.rx, net.rx, seconds),
    netTxRate: rate(previousNet.tx, net.tx, seconds),
    blockReadRate: rate(previousBlock.read, block.read, seconds),
    blockWriteRate: rate(previousBlock.write, block.write, seconds),
    pids: current.pids_stats.current ?? 0,
  };
}
