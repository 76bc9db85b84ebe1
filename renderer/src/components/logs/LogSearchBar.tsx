import type { ReactNode } from 'react';
import type { SearchQuery } from './log-search';
import { smallButtonClass } from '../system/compact';
import { Toggle } from './LogToolbar';

export interface LogSearchBarProps {
  query: SearchQuery;
  onQueryChange(query: SearchQuery): void;
  /** Matches among the visible lines; undefined while there is no valid query. */
  matchCount: number | undefined;
  /** Index of the match shown, or -1. */
  current: number;
  onStep(direction: 1 | -1): void;
  onlyMatching: boolean;
  onOnlyMatchingChange(value: boolean): void;
  /** Why the query cannot be used (invalid regex), shown instead of a count. */
  problem: string | undefined;
  scanMs: number | undefined;
  /** Shown at the end of the bar (copy, download, clear). */
  actions: ReactNode;
}

export function LogSearchBar(props: LogSearchBarProps) {
  const { query, onQueryChange, matchCount, current } = props;
  const counter =
    matchCount === undefined ? '' : matchCount === 0 ? 'No matches' : current >= 0 ? `${(current + 1).toLocaleString()} of ${matchCount.toLocaleString()}` : `${matchCount.toLocaleString()} matches`;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <input
        type="search"
        aria-label="Search logs"
        placeholder={query.regex ? 'Search (regular expression)' : 'Search'}
        value={query.text}
        onChange={(e) => onQueryChange({ ...query, text: e.target.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onStep(e.shiftKey ? -1 : 1);
          }
        }}
        aria-invalid={props.problem ? true : undefined}
        className={`w-72 rounded-md border bg-white px-2.5 py-1 font-mono text-xs text-slate-900 shadow-sm focus:outline-none focus:ring-1 dark:bg-slate-900 dark:text-slate-100 ${
          props.problem ? 'border-rose-500 focus:ring-rose-500' : 'border-slate-300 focus:border-cyan-500 focus:ring-cyan-500 dark:border-slate-700'
        }`}
      />
      <div className="flex items-center gap-1.5">
        <Toggle label=".*" title="Regular expression" checked={query.regex} onChange={(regex) => onQueryChange({ ...query, regex })} />
        <Toggle label="Aa" title="Match case" checked={query.caseSensitive} onChange={(caseSensitive) => onQueryChange({ ...query, caseSensitive })} />
      </div>
      <div className="flex items-center gap-1">
        <button type="button" className={smallButtonClass} aria-label="Previous match" disabled={!matchCount} onClick={() => props.onStep(-1)}>
          ↑
        </button>
        <button type="button" className={smallButtonClass} aria-label="Next match" disabled={!matchCount} onClick={() => props.onStep(1)}>
          ↓
        </button>
      </div>
      <span
        role="status"
        data-testid="match-counter"
        data-scan-ms={props.scanMs === undefined ? undefined : props.scanMs.toFixed(1)}
        title={props.problem}
        // A fixed width: an invalid regex's message (shown here in full on hover) must not push the bar onto a second row.
        className={`w-40 truncate text-xs tabular-nums ${props.problem ? 'text-rose-600 dark:text-rose-400' : 'text-slate-600 dark:text-slate-400'}`}
      >
        {props.problem ?? counter}
      </span>
      <label className="ml-auto flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
        <input type="checkbox" checked={props.onlyMatching} onChange={(e) => props.onOnlyMatchingChange(e.target.checked)} className="accent-cyan-600" />
        Show only matching lines
      </label>
      {props.actions}
    </div>
  );
}
