import { useMemo } from 'react';
import { useStatsSeries, useStatsStream, type StatsStore } from '../../hooks/useStats';
import { formatBytes } from '../../lib/format';
import { formatPercent } from './format';
import { seriesColor } from './palette';
import { OVERVIEW_INTERVAL_MS } from './intervals';
import { Sparkline } from './Sparkline';

/** The last minute is what a list sparkline shows. */
const SPARKLINE_SECONDS = 60;

/**
 * Live usage for the rows a list shows: pass the ids of the visible, running rows (it re-subscribes when they
 * change, and samples nothing when the list is empty or the window hidden).
 */
export function useVisibleContainersUsage(ids: string[]): StatsStore {
  return useStatsStream({ ids }, { intervalMs: OVERVIEW_INTERVAL_MS, historySeconds: SPARKLINE_SECONDS, trend: true }).store;
}

function Dash() {
  return <span className="text-slate-400">—</span>;
}

/** CPU % of one core now, with the last minute's trend. */
export function CpuUsageCell({ usage, id }: { usage: StatsStore; id: string }) {
  const samples = useStatsSeries(usage, id);
  const values = useMemo(() => samples.map((s) => s.cpuPercent), [samples]);
  const last = samples.at(-1);
  if (!last) return <Dash />;
  return (
    <span className="flex items-center gap-1.5" title={`CPU ${formatPercent(last.cpuPercent)} of one core`}>
      <Sparkline values={values} ceiling={10} color={seriesColor(0)} label="CPU over the last minute" />
      <span className="w-13 text-right font-mono text-xs tabular-nums">{formatPercent(last.cpuPercent)}</span>
    </span>
  );
}

/** Memory in use now (without page cache), with the last minute's trend. */
export function MemoryUsageCell({ usage, id }: { usage: StatsStore; id: string }) {
  const samples = useStatsSeries(usage, id);
  const values = useMemo(() => samples.map((s) => s.memoryBytes), [samples]);
  const last = samples.at(-1);
  if (!last) return <Dash />;
  return (
    <span className="flex items-center gap-1.5" title={`${formatBytes(last.memoryBytes)} of ${formatBytes(last.memoryLimitBytes)} (${formatPercent(last.memoryPercent)})`}>
      <Sparkline values={values} color={seriesColor(1)} label="Memory over the last minute" />
      <span className="w-13 text-right font-mono text-xs tabular-nums">{formatBytes(last.memoryBytes)}</span>
    </span>
  );
}
