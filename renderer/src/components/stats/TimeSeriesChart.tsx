import type { ReactNode } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { niceCeiling, timeTicks, valueTicks } from './chart-scale';
import { formatClock, formatClockMinutes } from './format';

/**
 * One row per point in time: `t` (epoch ms) plus one number per series key; null where nothing was read (nobody
 * watched), which the chart draws as a gap, not as a drop to zero.
 */
export type ChartRow = { t: number } & Record<string, number | null>;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface TimeSeriesChartProps {
  title: string;
  /** The current value(s), shown next to the title. */
  summary?: ReactNode;
  rows: ChartRow[];
  series: ChartSeries[];
  /** The visible time span; the right edge is the newest row, so the chart moves with the samples. */
  windowMs: number;
  format(value: number): string;
  /** Stack the series (totals by container) instead of overlaying them. */
  stacked?: boolean;
  /** The value axis reaches at least this high, so near-zero noise is not blown up to full height. */
  minYMax?: number;
  /** Fractional ticks make sense for percentages, not for bytes or process counts. */
  allowDecimals?: boolean;
  /** A horizontal line such as a memory limit. */
  reference?: { value: number; label: string };
  height?: number;
  /** Shown instead of the chart while there is nothing to draw. */
  emptyText?: string;
}

type ChartTooltipProps = Pick<TooltipContentProps, 'active' | 'payload' | 'label'> & { format(value: number): string; stacked?: boolean };

function ChartTooltip({ active, payload, label, format, stacked }: ChartTooltipProps) {
  if (!active || !payload?.length) return null;
  const entries = [...payload].filter((entry) => typeof entry.value === 'number');
  // Stacked bands read top-down like the chart; overlaid lines keep their legend order.
  if (stacked) entries.reverse();
  const total = entries.reduce((sum, entry) => sum + (entry.value as number), 0);
  return (
    <div className="rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900/95">
      <p className="mb-1 font-medium text-slate-700 dark:text-slate-200">{formatClock(Number(label))}</p>
      <table>
        <tbody>
          {entries.map((entry) => (
            <tr key={String(entry.dataKey)}>
              <td className="pr-2">
                <span className="mr-1.5 inline-block h-2 w-2 rounded-full" style={{ backgroundColor: entry.color }} />
                <span className="text-slate-600 dark:text-slate-300">{entry.name}</span>
              </td>
              <td className="text-right font-mono tabular-nums text-slate-900 dark:text-slate-100">{format(entry.value as number)}</td>
            </tr>
          ))}
          {stacked && entries.length > 1 ? (
            <tr className="border-t border-slate-200 dark:border-slate-700">
              <td className="pr-2 pt-1 font-medium text-slate-700 dark:text-slate-200">Total</td>
              <td className="pt-1 text-right font-mono tabular-nums font-medium">{format(total)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** A live time-series card: areas over a sliding window, exact values in the tooltip, legible in both themes. */
export function TimeSeriesChart({ title, summary, rows, series, windowMs, format, stacked, minYMax, allowDecimals = false, reference, height = 180, emptyText }: TimeSeriesChartProps) {
  const newest = rows.at(-1)?.t ?? 0;
  const visible = rows.filter((row) => row.t >= newest - windowMs);
  const withSeconds = windowMs <= 60_000;
  let dataMax = 0;
  for (const row of visible) {
    const values = series.map((line) => row[line.key] ?? 0);
    dataMax = Math.max(dataMax, stacked ? values.reduce((a, b) => a + b, 0) : Math.max(...values));
  }
  const integerTicks = !allowDecimals;
  const tidyTop = niceCeiling(Math.max(minYMax ?? 0, dataMax * 1.05, reference ? reference.value * 1.05 : 0));
  const top = integerTicks ? Math.ceil(tidyTop) : tidyTop;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" aria-label={title}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <span className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</span>
        {summary ? <span className="text-sm tabular-nums">{summary}</span> : null}
      </figcaption>
      {visible.length < 2 ? (
        <div className="flex items-center justify-center text-sm text-slate-500 dark:text-slate-400" style={{ height }}>
          {emptyText ?? 'Collecting samples…'}
        </div>
      ) : (
        <div className="text-slate-500 dark:text-slate-400" style={{ height }} data-testid="chart" data-points={visible.length} data-newest={newest}>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={visible} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={[newest - windowMs, newest]}
                ticks={timeTicks(newest - windowMs, newest, windowMs)}
                tickFormatter={(t: number) => (withSeconds ? formatClock(t) : formatClockMinutes(t))}
                tick={{ fill: 'currentColor', fontSize: 11 }}
                stroke="currentColor"
                strokeOpacity={0.3}
                allowDataOverflow
              />
              <YAxis
                width={72}
                tickFormatter={(value: number) => format(value)}
                tick={{ fill: 'currentColor', fontSize: 11 }}
                stroke="currentColor"
                strokeOpacity={0.3}
                domain={[0, top]}
                ticks={valueTicks(top, integerTicks && top < 1000)}
                interval={0}
              />
              <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} label={props.label} format={format} stacked={stacked} />} isAnimationActive={false} />
              {series.map((line) => (
                <Area
                  key={line.key}
                  dataKey={line.key}
                  name={line.label}
                  type="monotone"
                  stroke={line.color}
                  fill={line.color}
                  fillOpacity={stacked ? 0.55 : 0.12}
                  strokeWidth={1.5}
                  stackId={stacked ? 'total' : undefined}
                  isAnimationActive={false}
                  dot={false}
                  connectNulls={false}
                />
              ))}
              {reference ? (
                <ReferenceLine
                  y={reference.value}
                  stroke="#f43f5e"
                  strokeDasharray="4 3"
                  label={{ value: reference.label, position: 'insideTopRight', fill: 'currentColor', fontSize: 11 }}
                />
              ) : null}
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
      {series.length > 1 ? (
        <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
          {series.map((line) => (
            <li key={line.key} className="flex max-w-48 items-center gap-1.5">
              <span className="inline-block h-2 w-2 shrink-0 rounded-full" style={{ backgroundColor: line.color }} />
              <span className="truncate">{line.label}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}
