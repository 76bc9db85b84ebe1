import { useMemo, useState } from 'react';
import type { ContainerStatsSample } from '../../../../common/contract';
import { ErrorNotice } from '../ErrorNotice';
import { useStatsStream, useStatsVersion, type StatsStore } from '../../hooks/useStats';
import { formatBytes } from '../../lib/format';
import { plural } from '../../lib/plural';
import { formatCount, formatPercent, formatRate } from './format';
import { OTHERS_COLOR } from './palette';
import { SeriesColors } from './series-colors';
import { OTHERS_KEY, stackByContainer } from './stacked';
import { TimeSeriesChart, type ChartSeries } from './TimeSeriesChart';
import { OVERVIEW_INTERVAL_MS } from './intervals';
import { WindowPicker } from './WindowPicker';

const TOP_BANDS = 8;
const TOP_CONSUMERS = 10;

export interface HostCapacity {
  cpus: number;
  memoryBytes: number;
}

type Names = ReadonlyMap<string, string>;

function nameOf(names: Names, id: string): string {
  return names.get(id) ?? id.slice(0, 12);
}

function StackedUsage({
  store,
  names,
  windowMs,
  title,
  value,
  format,
  summary,
  running,
  allowDecimals,
  minYMax,
  colors,
}: {
  store: StatsStore;
  names: Names;
  windowMs: number;
  title: string;
  value(sample: ContainerStatsSample): number;
  format(value: number): string;
  summary(total: number): string;
  /** Running containers as the list knows them (undefined until it loads), for what to say before samples arrive. */
  running: number | undefined;
  allowDecimals?: boolean;
  minYMax?: number;
  /** The page's shared colours, so a container has the same colour in every chart. */
  colors: SeriesColors;
}) {
  const version = useStatsVersion(store);
  const stacked = useMemo(() => {
    return stackByContainer(store.entries(), value, { stepMs: OVERVIEW_INTERVAL_MS, windowMs, topCount: TOP_BANDS, notBefore: store.completeSince });
    // `version` changes whenever the store does, which is what makes this recompute.
  }, [store, version, windowMs, value]);
  // Every container either chart may show: the running ones in the store.
  const colorOf = colors.colorsFor(store.entries().map(([id]) => id));
  const series: ChartSeries[] = stacked.top.map((id) => ({ key: id, label: nameOf(names, id), color: colorOf(id) }));
  if (stacked.hasOthers) series.push({ key: OTHERS_KEY, label: 'Others', color: OTHERS_COLOR });
  const last = stacked.rows.at(-1);
  const total = last ? series.reduce((sum, line) => sum + (last[line.key] ?? 0), 0) : undefined;
  return (
    <TimeSeriesChart
      title={title}
      summary={total !== undefined ? summary(total) : undefined}
      rows={stacked.rows}
      series={series}
      windowMs={windowMs}
      format={format}
      stacked
      allowDecimals={allowDecimals}
      minYMax={minYMax}
      height={220}
      emptyText={emptyText(Math.max(running ?? 0, store.runningKeys().length), running === undefined)}
    />
  );
}

function TopConsumers({ store, names, host }: { store: StatsStore; names: Names; host: HostCapacity | undefined }) {
  useStatsVersion(store);
  const rows = store
    .runningKeys()
    .map((id) => ({ id, last: store.samples(id).at(-1)! }))
    .sort((a, b) => b.last.cpuPercent - a.last.cpuPercent || b.last.memoryBytes - a.last.memoryBytes)
    .slice(0, TOP_CONSUMERS);
  const headers = ['Container', 'CPU', 'Memory', 'Network ↓ / ↑', 'Block read / write', 'PIDs'];
  return (
    <section aria-label="Top consumers" className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="px-4 pt-4 text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Top consumers</h2>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500 dark:text-slate-400">No running containers are using resources right now.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-left text-sm" aria-label="Top consumers">
            <thead className="text-xs text-slate-500 dark:text-slate-400">
              <tr>
                {headers.map((header, index) => (
                  <th key={header} scope="col" className={`px-4 py-1.5 font-medium ${index > 0 ? 'text-right' : ''}`}>
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="font-mono text-xs tabular-nums">
              {rows.map(({ id, last }) => (
                <tr key={id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="max-w-64 truncate px-4 py-1.5 font-sans text-sm">
                    <a href={`#/containers/${encodeURIComponent(id)}/stats`} className="text-cyan-700 hover:underline dark:text-cyan-400" title={nameOf(names, id)}>
                      {nameOf(names, id)}
                    </a>
                  </td>
                  <td className="px-4 py-1.5 text-right">{formatPercent(last.cpuPercent)}</td>
                  <td className="px-4 py-1.5 text-right">
                    {formatBytes(last.memoryBytes)}
                    {host && last.memoryLimitBytes < host.memoryBytes ? (
                      <span className="text-slate-500 dark:text-slate-400"> ({formatPercent(last.memoryPercent)} of limit)</span>
                    ) : null}
                  </td>
                  <td className="px-4 py-1.5 text-right whitespace-nowrap">
                    {formatRate(last.netRxRate)} / {formatRate(last.netTxRate)}
                  </td>
                  <td className="px-4 py-1.5 text-right whitespace-nowrap">
                    {formatRate(last.blockReadRate)} / {formatRate(last.blockWriteRate)}
                  </td>
                  <td className="px-4 py-1.5 text-right">{formatCount(last.pids)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Before two samples exist: containers are running and being read, or there are none (or the list is still loading). */
function emptyText(running: number, unknown: boolean): string {
  if (running > 0) return `Samples are coming: ${plural(running, 'running container')}, read every ${OVERVIEW_INTERVAL_MS / 1000} s.`;
  return unknown ? 'Collecting samples…' : 'No running containers.';
}

const cpuOf = (sample: ContainerStatsSample) => sample.cpuPercent;
const memoryOf = (sample: ContainerStatsSample) => sample.memoryBytes;

/**
 * The dashboard's live part: every running container sampled every 5 s, as stacked totals by container and a
 * top-consumers table. Charts subscribe to the samples themselves, so the page around them never re-renders.
 */
export function DashboardUsage({ names, host, running }: { names: Names; host: HostCapacity | undefined; running: number | undefined }) {
  const [windowMs, setWindowMs] = useState(300_000);
  const { store, error } = useStatsStream({ all: true }, { intervalMs: OVERVIEW_INTERVAL_MS, trend: true });
  const [colors] = useState(() => new SeriesColors());
  return (
    <section aria-label="Usage" className="flex flex-col gap-4 px-6 pb-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold">Usage by container</h2>
        <WindowPicker value={windowMs} onChange={setWindowMs} />
      </div>
      {error ? <ErrorNotice error={error} what="live usage" /> : null}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <StackedUsage
          store={store}
          names={names}
          windowMs={windowMs}
          title="Total CPU"
          value={cpuOf}
          format={formatPercent}
          allowDecimals
          minYMax={5}
          running={running}
          colors={colors}
          summary={(total) => `${formatPercent(total)}${host ? ` of ${host.cpus * 100}% (${host.cpus} CPUs)` : ''}`}
        />
        <StackedUsage
          store={store}
          names={names}
          windowMs={windowMs}
          title="Total memory"
          value={memoryOf}
          format={formatBytes}
          running={running}
          colors={colors}
          summary={(total) => `${formatBytes(total)}${host ? ` of ${formatBytes(host.memoryBytes)} host memory` : ''}`}
        />
      </div>
      <TopConsumers store={store} names={names} host={host} />
    </section>
  );
}
