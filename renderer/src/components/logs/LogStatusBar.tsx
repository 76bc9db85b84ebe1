import type { LogsState } from '../../hooks/useLogs';
import { CAPACITY_CHOICES } from './preferences';
import { plural } from '../../lib/plural';

function phaseText(logs: LogsState, merged: boolean, following: boolean): { text: string; tone: 'ok' | 'warn' | 'error' } {
  switch (logs.phase) {
    case 'loading':
      return { text: 'Loading…', tone: 'ok' };
    case 'complete':
      return { text: 'Complete: the chosen time range is loaded.', tone: 'ok' };
    case 'engine-lost':
      return { text: 'Engine connection lost. The lines loaded stay; new ones follow when the engine is back.', tone: 'warn' };
    case 'failed':
      return { text: logs.error?.message ?? 'The logs could not be read.', tone: 'error' };
    case 'live': {
      const stopped = logs.sources.filter((source) => !source.running);
      if (!merged && stopped.length) return { text: 'Container stopped. Following resumes when it starts again.', tone: 'warn' };
      if (merged && stopped.length === logs.sources.length) return { text: 'All containers stopped. Following resumes when one starts.', tone: 'warn' };
      return { text: following ? 'Following live output.' : 'Live, view paused: scroll to the bottom to follow.', tone: 'ok' };
    }
  }
}

const countOf = (count: number, noun: string) => plural(count, noun);

const TONES = {
  ok: 'text-slate-600 dark:text-slate-400',
  warn: 'text-amber-700 dark:text-amber-400',
  error: 'text-rose-700 dark:text-rose-400',
};

export interface LogStatusBarProps {
  logs: LogsState;
  /** Rows the filters leave. */
  shown: number;
  capacity: number;
  onCapacityChange(capacity: number): void;
  merged: boolean;
  following: boolean;
}

export function LogStatusBar({ logs, shown, capacity, onCapacityChange, merged, following }: LogStatusBarProps) {
  const { store } = logs;
  const phase = phaseText(logs, merged, following);
  return (
    <footer className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-slate-200 px-4 py-1.5 text-xs dark:border-slate-800">
      <span role={logs.phase === 'failed' ? 'alert' : 'status'} data-phase={logs.phase} className={TONES[phase.tone]}>
        {phase.text}
      </span>
      <span className="tabular-nums text-slate-600 dark:text-slate-400" data-testid="line-count">
        {shown === store.size ? countOf(store.size, 'line') : `${shown.toLocaleString()} of ${countOf(store.size, 'line')}`}
      </span>
      {store.dropped > 0 ? (
        <span className="text-amber-700 dark:text-amber-400" data-testid="dropped-note">
          {store.dropped.toLocaleString()} older lines dropped to stay within the buffer.
        </span>
      ) : null}
      <label className="ml-auto flex items-center gap-1.5 text-slate-600 dark:text-slate-400">
        Buffer
        <select
          aria-label="Buffer size"
          value={capacity}
          onChange={(e) => onCapacityChange(Number(e.target.value))}
          className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900"
        >
          {CAPACITY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice.toLocaleString()} lines
            </option>
          ))}
        </select>
      </label>
    </footer>
  );
}
