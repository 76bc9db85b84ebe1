import type { ContainerStatsSample } from '../../../../common/contract';
import { STATS_QUIET_FACTOR } from '../../../../common/contract/stats';
import type { ChartRow } from './TimeSeriesChart';

export const OTHERS_KEY = 'others';
/**
 * A container's last reading stands for it this many steps (a quiet one is read every `STATS_QUIET_FACTOR` steps,
 * plus half a step for the engine's timing); older than that it counts as stopped (0).
 */
const STALE_STEPS = STATS_QUIET_FACTOR + 0.5;

export interface StackedSeries {
  rows: ChartRow[];
  /** The containers drawn on their own band, biggest first; everything else is summed under `OTHERS_KEY`. */
  top: string[];
  hasOthers: boolean;
}

/**
 * Rows for a stacked-area chart of one metric by container. The engine reads containers at slightly different
 * moments (not all in one collection pass), so every container is resampled onto one time grid, `stepMs`
 * apart and ending at the newest reading, holding its latest value. The `topCount` biggest containers (by
 * their mean over the window) get a band each; the rest are summed into one.
 */
export function stackByContainer(
  series: Iterable<[string, readonly ContainerStatsSample[]]>,
  value: (sample: ContainerStatsSample) => number,
  options: {
    stepMs: number;
    windowMs: number;
    topCount: number;
    /** Before this time some container already running was not yet watched: its share is unknown, not 0. */
    notBefore?: number;
  },
): StackedSeries {
  const entries = [...series].filter(([, samples]) => samples.length > 0);
  const newest = Math.max(...entries.map(([, samples]) => samples.at(-1)!.t));
  if (!Number.isFinite(newest)) return { rows: [], top: [], hasOthers: false };
  const earliest = Math.min(...entries.map(([, samples]) => samples[0]!.t));
  // The grid starts at the window's start, or at the first reading when history is shorter than the window.
  const steps = Math.floor(Math.min(options.windowMs, newest - earliest) / options.stepMs);
  const grid = Array.from({ length: steps + 1 }, (_, index) => newest - (steps - index) * options.stepMs);
  const staleMs = STALE_STEPS * options.stepMs;

  const resampled = entries.map(([key, samples]) => {
    const values = new Array<number>(grid.length).fill(0);
    const fresh = new Array<boolean>(grid.length).fill(false);
    let next = 0;
    let sum = 0;
    let counted = 0;
    grid.forEach((t, index) => {
      while (next < samples.length && samples[next]!.t <= t) next++;
      const latest = samples[next - 1];
      if (!latest || t - latest.t > staleMs) return;
      fresh[index] = true;
      values[index] = value(latest);
      sum += values[index];
      counted++;
    });
    return { key, values, fresh, mean: counted ? sum / counted : 0, counted, first: samples[0]!.t, last: samples.at(-1)!.t };
  });
  // Sampling stops while nobody watches (a hidden window, another page). A time with no fresh reading at all, inside
  // the span some container was read across, was not watched: it is unknown, drawn as a gap, not as zero. (With
  // nothing running, no series spans that time, so it stays zero.)
  const unwatched = grid.map(
    (t, index) => !resampled.some((container) => container.fresh[index]) && resampled.some((container) => container.first < t && container.last > t),
  );
  const present = resampled.filter((container) => container.counted > 0);
  present.sort((a, b) => b.mean - a.mean || a.key.localeCompare(b.key));
  const top = present.slice(0, options.topCount);
  const rest = present.slice(options.topCount);

  // Totals are drawn only where every container they cover had been read (see `notBefore`): the containers
  // first read just after it (within the staleness span) are the ones it waited for.
  const notBefore = options.notBefore ?? Number.NEGATIVE_INFINITY;
  const firstReadings = entries.map(([, samples]) => samples[0]!.t);
  const complete = Math.max(notBefore, ...firstReadings.filter((t) => t >= notBefore && t <= notBefore + staleMs));
  const start = Math.max(0, grid.findIndex((t) => t >= complete));
  const rows = grid.slice(start).map((t, offset) => {
    const index = start + offset;
    const row: ChartRow = { t };
    const gap = unwatched[index]!;
    for (const container of top) row[container.key] = gap ? null : container.values[index]!;
    if (rest.length) row[OTHERS_KEY] = gap ? null : rest.reduce((sum, container) => sum + container.values[index]!, 0);
    return row;
  });
  return { rows, top: top.map((container) => container.key), hasOthers: rest.length > 0 };
}

