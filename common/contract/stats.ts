import { z } from 'zod';
import { containerIdSchema } from './containers';
import { stream } from './define';

/** One point of a container's resource usage, computed the way `docker stats` computes it. */
export interface ContainerStatsSample {
  /** Epoch ms at which the engine read the counters. */
  t: number;
  /** Percent of one CPU (100 = one core busy; up to 100 × CPUs). */
  cpuPercent: number;
  /** Memory in use without the reclaimable page cache (`usage − inactive_file`). */
  memoryBytes: number;
  /** The container's memory limit (the host's memory when it has none). */
  memoryLimitBytes: number;
  /** `memoryBytes / memoryLimitBytes × 100`. */
  memoryPercent: number;
  /** Totals since the container started, summed over every interface / device. */
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  /** Bytes per second since the previous sample. */
  netRxRate: number;
  netTxRate: number;
  blockReadRate: number;
  blockWriteRate: number;
  pids: number;
}

export interface StatsEvent {
  /**
   * New samples per container, oldest first. The first event of a subscription carries the history the
   * engine-side buffer holds. Keys are the ids as requested (`ids`), or full container ids (`all`).
   */
  samples: Record<string, ContainerStatsSample[]>;
  /** Containers that stopped or were removed since the last event: their series end here. */
  stopped: string[];
  /**
   * First event of an `all` subscription only: from this time (epoch ms) on, every container that was running
   * when it opened has readings. Before it, some of them were not watched, so totals are incomplete there.
   */
  completeSince?: number;
}

/** Sampling periods a subscriber may ask for; a container shared by several subscribers is sampled at the fastest. */
export const STATS_INTERVALS_MS = [1000, 2000, 5000] as const;
/**
 * A subscriber that draws trends (`trend: true`: the dashboard, list sparklines) gets a container whose readings have
 * not moved for a while (no CPU, no I/O, memory flat) read every this many periods instead of every period, until it
 * moves again: each reading costs the engine a cgroup pass, and a flat line needs few points. A reading therefore
 * stands for up to this many periods in such a view.
 */
export const STATS_QUIET_FACTOR = 3;
/** How far back the engine-side history reaches. */
export const STATS_HISTORY_SECONDS = 600;

export const statsContract = {
  'stats.watch': stream(
    z
      .object({
        /** These containers (ids or names) ... */
        ids: z.array(containerIdSchema).max(500).optional(),
        /** ... or every running container, following starts and stops. */
        all: z.literal(true).optional(),
        intervalMs: z.literal(STATS_INTERVALS_MS).default(1000),
        /** How much of the kept history the first event should carry. */
        historySeconds: z.number().int().min(0).max(STATS_HISTORY_SECONDS).default(STATS_HISTORY_SECONDS),
        /** The subscriber draws trends: quiet containers may be read less often (see `STATS_QUIET_FACTOR`). */
        trend: z.literal(true).optional(),
      })
      .strict()
      .refine((input) => (input.ids !== undefined) !== (input.all !== undefined), 'give either ids or all, not both'),
  ).emits<StatsEvent>(),
};
