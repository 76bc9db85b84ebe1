import { memo } from 'react';
import { ansiRuns, withMatches } from './ansi-segments';
import { matchRanges, plainText } from './log-search';

/** Lines longer than this show their start and an expand control, so a 100k-character line never stalls layout. */
export const DISPLAY_CHARS = 2000;
/** An expanded giant line can hold 100k matches; marking the first thousand keeps it responsive. */
const MAX_MARKS_PER_LINE = 1000;

/** Service colours for merged views, readable on the dark log surface. */
const SOURCE_COLOURS = ['text-cyan-300', 'text-amber-300', 'text-fuchsia-300', 'text-lime-300', 'text-sky-300', 'text-orange-300', 'text-violet-300', 'text-emerald-300'];

export function sourceColour(index: number): string {
  return SOURCE_COLOURS[index % SOURCE_COLOURS.length]!;
}

export interface LogRowProps {
  seq: number;
  text: string;
  /** Local time with milliseconds; `timestampTitle` (the engine's UTC with nanoseconds) shows on hover. */
  timestamp?: string;
  timestampTitle?: string;
  stderr: boolean;
  /** Merged views: the service label (padded) and its colour index. */
  source?: { label: string; colour: number };
  wrap: boolean;
  /** Global regular expression of the active search. */
  highlight?: RegExp;
  current: boolean;
  expanded: boolean;
  onToggleExpanded(seq: number): void;
}

function LogRowView({ seq, text, timestamp, timestampTitle, stderr, source, wrap, highlight, current, expanded, onToggleExpanded }: LogRowProps) {
  const long = text.length > DISPLAY_CHARS;
  // A cut could split an escape sequence, so long lines are cut (and searched) as plain text.
  const shown = long && !expanded ? plainText(text).slice(0, DISPLAY_CHARS) : text;
  const runs = ansiRuns(shown);
  const segments = withMatches(runs, highlight ? matchRanges(runs.map((run) => run.text).join(''), highlight, MAX_MARKS_PER_LINE) : []);
  return (
    <div
      data-seq={seq}
      data-stream={stderr ? 'stderr' : 'stdout'}
      title={stderr ? 'stderr' : undefined}
      className={[
        'flex min-h-5 border-l-2 pl-2 pr-3 leading-5',
        stderr ? 'border-rose-500 bg-rose-500/10' : 'border-transparent',
        current ? 'bg-amber-400/25 outline outline-1 -outline-offset-1 outline-amber-400/70' : '',
        wrap ? 'whitespace-pre-wrap break-all' : 'whitespace-pre',
      ].join(' ')}
    >
      {timestamp ? (
        <time className="mr-3 shrink-0 text-slate-500" dateTime={timestampTitle} title={timestampTitle ? `${timestampTitle} (UTC)` : undefined}>
          {timestamp}
        </time>
      ) : null}
      {source ? <span className={`mr-2 shrink-0 ${sourceColour(source.colour)}`}>{source.label} |</span> : null}
      {long ? (
        <button
          type="button"
          onClick={() => onToggleExpanded(seq)}
          title={expanded ? 'Show only the start of this line' : 'Show the whole line'}
          className="mr-2 mt-0.5 h-4 shrink-0 self-start rounded bg-slate-700 px-1.5 text-[11px] leading-4 text-slate-100 hover:bg-slate-600"
        >
          {expanded ? 'Collapse' : `+${(text.length - DISPLAY_CHARS).toLocaleString()} chars`}
        </button>
      ) : null}
      <span className="min-w-0">
        {segments.map((segment, i) =>
          segment.match ? (
            <mark key={i} style={segment.style} className="rounded-sm bg-amber-300 text-slate-950">
              {segment.text}
            </mark>
          ) : (
            <span key={i} style={segment.style}>
              {segment.text}
            </span>
          ),
        )}
      </span>
    </div>
  );
}

export const LogRow = memo(LogRowView);
