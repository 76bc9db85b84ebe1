import type { ReactNode } from 'react';
import type { LogRange } from '../../hooks/useLogs';
import { smallButtonClass } from '../system/compact';

export const TAIL_CHOICES: LogRange['tail'][] = [100, 1000, 10_000, 100_000, 'all'];

const control =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-900 shadow-sm focus:border-cyan-500 focus:outline-none focus:ring-1 focus:ring-cyan-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:[color-scheme:dark]';

export function Toggle({ label, checked, onChange, title }: { label: ReactNode; checked: boolean; onChange(value: boolean): void; title?: string }) {
  return (
    <button
      type="button"
      aria-pressed={checked}
      title={title}
      onClick={() => onChange(!checked)}
      className={`rounded-md border px-2.5 py-1 text-xs font-medium shadow-sm ${
        checked
          ? 'border-cyan-600 bg-cyan-600 text-white dark:border-cyan-500 dark:bg-cyan-600'
          : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800'
      }`}
    >
      {label}
    </button>
  );
}

/** `<input type=datetime-local>` speaks local wall-clock time; the engine wants UTC. */
function toUtc(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function toLocal(utc: string | undefined): string {
  if (!utc) return '';
  const time = new Date(utc);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}T${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

export interface LogToolbarProps {
  range: LogRange;
  onRangeChange(range: LogRange): void;
  timestamps: boolean;
  onTimestampsChange(value: boolean): void;
  wrap: boolean;
  onWrapChange(value: boolean): void;
}

export function LogActions({ onCopy, onDownload, onClear, canExport }: { onCopy(): void; onDownload(): void; onClear(): void; canExport: boolean }) {
  return (
    <div className="flex items-center gap-1.5">
      <button type="button" className={smallButtonClass} onClick={onCopy} title="Copy the selected text">
        Copy
      </button>
      <button type="button" className={smallButtonClass} onClick={onDownload} disabled={!canExport} title="Save the loaded lines as a .log file">
        Download
      </button>
      <button type="button" className={smallButtonClass} onClick={onClear} disabled={!canExport} title="Empty the view; only newer lines appear">
        Clear
      </button>
    </div>
  );
}

export function LogToolbar(props: LogToolbarProps) {
  const { range, onRangeChange } = props;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        Show last
        <select
          aria-label="Initial lines"
          className={control}
          value={String(range.tail)}
          onChange={(e) => onRangeChange({ ...range, tail: e.target.value === 'all' ? 'all' : Number(e.target.value) })}
        >
          {TAIL_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {choice === 'all' ? 'all lines' : `${choice.toLocaleString()} lines`}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        Since
        <input
          type="datetime-local"
          step={1}
          aria-label="Since"
          className={control}
          value={toLocal(range.since)}
          onChange={(e) => onRangeChange({ ...range, since: toUtc(e.target.value) })}
        />
      </label>
      <label className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        Until
        <input
          type="datetime-local"
          step={1}
          aria-label="Until"
          className={control}
          value={toLocal(range.until)}
          onChange={(e) => onRangeChange({ ...range, until: toUtc(e.target.value) })}
        />
      </label>
      <div className="flex items-center gap-1.5">
        <Toggle label="Timestamps" checked={props.timestamps} onChange={props.onTimestampsChange} title="Show the engine's timestamp of each line" />
        <Toggle label="Wrap" checked={props.wrap} onChange={props.onWrapChange} title="Wrap long lines" />
      </div>
    </div>
  );
}
