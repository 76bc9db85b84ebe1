import { useMemo, useState } from 'react';
import type { ContainerStatsSample } from '../../../../common/contract';
import { ErrorNotice } from '../ErrorNotice';
import { useLiveData } from '../../hooks/useLiveData';
import { useSettings } from '../../hooks/useSettings';
import { useStatsSeries, useStatsStopped, useStatsStream, type StatsStore } from '../../hooks/useStats';
import { formatBytes } from '../../lib/format';
import { formatCount, formatPercent, formatRate } from './format';
import { seriesColor } from './palette';
import { TimeSeriesChart, type ChartRow } from './TimeSeriesChart';
import { DETAIL_INTERVAL_MS } from './intervals';
import { WindowPicker } from './WindowPicker';

type Metric = keyof Omit<ContainerStatsSample, 't'>;

function toRows(samples: readonly ContainerStatsSample[], metrics: Metric[]): ChartRow[] {
  return samples.map((sample) => {
    const row: ChartRow = { t: sample.t };
    for (const metric of metrics) row[metric] = sample[metric];
    return row;
  });
}

function StatsCharts({ store, containerId, windowMs }: { store: StatsStore; containerId: string; windowMs: number }) {
  const samples = useStatsSeries(store, containerId);
  const stopped = useStatsStopped(store, containerId);
  const info = useLiveData('engine.info', {}, []);
  const rows = useMemo(
    () => toRows(samples, ['cpuPercent', 'memoryBytes', 'netRxRate', 'netTxRate', 'blockReadRate', 'blockWriteRate', 'pids']),
    [samples],
  );
  const last = samples.at(-1);
  const cpus = info.data?.cpus;
  const hostMemory = info.data?.memoryBytes;
  // Without a limit the engine reports the host's memory: a line up there would flatten the chart.
  const limited = last !== undefined && hostMemory !== undefined && last.memoryLimitBytes > 0 && last.memoryLimitBytes < hostMemory;
  const emptyText = stopped ? 'The container is not running: start it to see live numbers.' : undefined;

  return (
    <>
      {stopped ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          This container is not running, so nothing is being sampled. The charts continue when it starts.
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <TimeSeriesChart
          title="CPU"
          summary={last ? <>{formatPercent(last.cpuPercent)}{cpus ? <span className="text-slate-500 dark:text-slate-400"> of {cpus * 100}%</span> : null}</> : undefined}
          rows={rows}
          series={[{ key: 'cpuPercent', label: 'CPU', color: seriesColor(0) }]}
          windowMs={windowMs}
          format={formatPercent}
          minYMax={5}
          allowDecimals
          emptyText={emptyText}
        />
        <TimeSeriesChart
          title="Memory"
          summary={
            last ? (
              <>
                {formatBytes(last.memoryBytes)}
                <span className="text-slate-500 dark:text-slate-400">
                  {limited ? ` of ${formatBytes(last.memoryLimitBytes)} limit (${formatPercent(last.memoryPercent)})` : ' · no limit'}
                </span>
              </>
            ) : undefined
          }
          rows={rows}
          series={[{ key: 'memoryBytes', label: 'Memory', color: seriesColor(1) }]}
          windowMs={windowMs}
          format={formatBytes}
          reference={limited ? { value: last.memoryLimitBytes, label: `limit ${formatBytes(last.memoryLimitBytes)}` } : undefined}
          emptyText={emptyText}
        />
        <TimeSeriesChart
          title="Network"
          summary={last ? `↓ ${formatRate(last.netRxRate)} · ↑ ${formatRate(last.netTxRate)}` : undefined}
          rows={rows}
          series={[
            { key: 'netRxRate', label: 'Received', color: seriesColor(3) },
            { key: 'netTxRate', label: 'Sent', color: seriesColor(2) },
          ]}
          windowMs={windowMs}
          format={formatRate}
          emptyText={emptyText}
        />
        <TimeSeriesChart
          title="Block I/O"
          summary={last ? `read ${formatRate(last.blockReadRate)} · write ${formatRate(last.blockWriteRate)}` : undefined}
          rows={rows}
          series={[
            { key: 'blockReadRate', label: 'Read', color: seriesColor(5) },
            { key: 'blockWriteRate', label: 'Written', color: seriesColor(4) },
          ]}
          windowMs={windowMs}
          format={formatRate}
          emptyText={emptyText}
        />
        <TimeSeriesChart
          title="Processes"
          summary={last ? `${formatCount(last.pids)} ${last.pids === 1 ? 'process' : 'processes'}` : undefined}
          rows={rows}
          series={[{ key: 'pids', label: 'PIDs', color: seriesColor(6) }]}
          windowMs={windowMs}
          format={formatCount}
          emptyText={emptyText}
        />
      </div>
      {last ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Totals since start: received {formatBytes(last.netRxBytes)}, sent {formatBytes(last.netTxBytes)}, read {formatBytes(last.blockReadBytes)}, written{' '}
          {formatBytes(last.blockWriteBytes)}.
        </p>
      ) : null}
    </>
  );
}

/**
 * Container details → Stats: live CPU, memory, network, block I/O and PIDs, sampled while shown at the settings'
 * stats interval (every second unless changed).
 */
export function ContainerStatsTab({ containerId }: { containerId: string }) {
  const [windowMs, setWindowMs] = useState(300_000);
  const intervalMs = useSettings().settings?.preferences.statsIntervalMs ?? DETAIL_INTERVAL_MS;
  const { store, error } = useStatsStream({ ids: [containerId] }, { intervalMs });
  return (
    <section aria-label="Stats" className="flex flex-col gap-4 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-500 dark:text-slate-400">Sampled {intervalMs === 1000 ? 'every second' : `every ${intervalMs / 1000} s`} while this tab is open, computed as <code className="font-mono">docker stats</code> does.</p>
        <WindowPicker value={windowMs} onChange={setWindowMs} />
      </div>
      {error ? <ErrorNotice error={error} what="live stats" /> : null}
      <StatsCharts store={store} containerId={containerId} windowMs={windowMs} />
    </section>
  );
}
