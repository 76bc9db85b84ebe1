import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLogs, type LogRange, type LogsState, type LogTarget } from '../../hooks/useLogs';
import { saveBlob } from '../../lib/files';
import { logBlob, logFileName } from './download';
import type { SearchQuery } from './log-search';
import { LogList, type RowSource } from './LogList';
import { LogRow } from './LogRow';
import { LogSearchBar } from './LogSearchBar';
import { LogStatusBar } from './LogStatusBar';
import { LogActions, LogToolbar } from './LogToolbar';
import { ServiceFilter, sourceLabels } from './ServiceFilter';
import { useLogSearch } from './useLogSearch';
import { loadLogPreferences, saveLogPreferences, type LogPreferences } from './preferences';
import { useLogBuffer } from './useLogBuffer';

export interface LogViewerProps {
  target: LogTarget;
  /** Used for the downloaded file's name. */
  name: string;
}

/** What an empty log area says: why it is empty, so that it never contradicts the status bar. */
function emptyText(logs: LogsState, filtering: boolean): string {
  if (logs.phase === 'loading') return 'Loading logs…';
  if (logs.phase === 'failed') return logs.error?.message ?? 'The logs could not be read.';
  return filtering ? 'No line matches the search.' : 'No log lines yet.';
}

/** The whole logs experience for one container or one Compose project; used by the details tab and the full window. */
export function LogViewer({ target, name }: LogViewerProps) {
  const [preferences, setPreferences] = useState<LogPreferences>(loadLogPreferences);
  const [range, setRange] = useState<LogRange>({ tail: preferences.tail });
  const [capacity, setCapacity] = useLogBuffer(preferences.capacity);
  const logs = useLogs(target, range, capacity);
  const { store, version, sources } = logs;

  const [query, setQuery] = useState<SearchQuery>({ text: '', regex: false, caseSensitive: false });
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const search = useLogSearch(store, version, query, hidden);
  const [current, setCurrent] = useState(-1);
  const [reveal, setReveal] = useState<{ seq: number; nonce: number }>();
  const [following, setFollowing] = useState(true);
  const [pausedAt, setPausedAt] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [notice, setNotice] = useState<string>();
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const updatePreferences = (patch: Partial<LogPreferences>) => {
    setPreferences((previous) => {
      const next = { ...previous, ...patch };
      saveLogPreferences(next);
      return next;
    });
  };

  const flash = (message: string) => {
    setNotice(message);
    clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(undefined), 4000);
  };
  useEffect(() => () => clearTimeout(noticeTimer.current), []);

  useEffect(() => setCurrent(-1), [search.compiled]);
  useEffect(() => setHidden(new Set()), [store]);

  // The indexes serve as row sources directly (they change only on a new `version`). The unfiltered source is rebuilt
  // on every `version` because it snapshots the store's size, which grows between renders as lines arrive.
  const rows: RowSource = useMemo(() => {
    if (onlyMatching && search.matches) return search.matches;
    if (search.visible) return search.visible;
    return { count: store.size, seqAt: (row) => store.firstSeq + row, indexOf: (seq) => Math.max(0, seq - store.firstSeq) };
  }, [onlyMatching, search.matches, search.visible, store, version]);

  const changeFollowing = useCallback(
    (next: boolean) => {
      setFollowing(next);
      if (!next) setPausedAt(store.endSeq);
    },
    [store],
  );

  const step = (direction: 1 | -1) => {
    const count = search.matches?.count ?? 0;
    if (!count) return;
    const next = current < 0 ? (direction === 1 ? 0 : count - 1) : (current + direction + count) % count;
    setCurrent(next);
    setReveal({ seq: search.matches!.seqAt(next), nonce: Date.now() });
  };

  const toggleExpanded = useCallback((seq: number) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  const merged = target.kind !== 'container';
  const labels = useMemo(() => {
    const texts = sourceLabels(sources);
    const width = Math.max(0, ...texts.map((text) => text.length));
    return texts.map((text) => text.padEnd(width));
  }, [sources]);
  const currentSeq = current >= 0 && search.matches && current < search.matches.count ? search.matches.seqAt(current) : -1;
  const highlight = search.compiled?.ok ? search.compiled.all : undefined;

  const renderRow = (seq: number) => {
    const source = store.sourceAt(seq);
    return (
      <LogRow
        key={seq}
        seq={seq}
        text={store.textAt(seq)}
        timestamp={preferences.timestamps ? store.localTimeAt(seq) : undefined}
        timestampTitle={preferences.timestamps ? store.timestampAt(seq) : undefined}
        stderr={store.isStderr(seq)}
        source={merged ? { label: labels[source] ?? '?', colour: source } : undefined}
        wrap={preferences.wrap}
        highlight={highlight}
        current={seq === currentSeq}
        expanded={expanded.has(seq)}
        onToggleExpanded={toggleExpanded}
      />
    );
  };

  const copySelection = () => {
    const selected = window.getSelection()?.toString() ?? '';
    if (!selected) return flash('Select some log text first, then Copy.');
    navigator.clipboard.writeText(selected).then(
      () => flash(`Copied ${selected.split('\n').length.toLocaleString()} line(s).`),
      () => flash('The clipboard refused the text; use Ctrl+C (⌘C) instead.'),
    );
  };

  const download = () => {
    const blob = logBlob(store, {
      timestamps: preferences.timestamps,
      ...(merged ? { sourceLabel: (source: number) => labels[source]?.trimEnd() ?? '?' } : {}),
      ...(hidden.size ? { keep: (seq: number) => !hidden.has(store.sourceAt(seq)) } : {}),
    });
    saveBlob(blob, logFileName(merged ? name : (sources[0]?.name ?? name)));
  };

  const newLines = following ? 0 : Math.max(0, store.endSeq - pausedAt);

  // Ctrl/Cmd+F searches the whole log (the browser's find sees only the rows on screen).
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return;
      const input = sectionRef.current?.querySelector<HTMLInputElement>('input[aria-label="Search logs"]');
      if (!input) return;
      event.preventDefault();
      input.focus();
      input.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <section ref={sectionRef} className="flex h-full min-h-0 flex-col" aria-label={`Logs of ${name}`}>
      <LogToolbar
        range={range}
        onRangeChange={(next) => {
          setRange(next);
          setFollowing(true);
          if (next.tail !== range.tail) updatePreferences({ tail: next.tail });
        }}
        timestamps={preferences.timestamps}
        onTimestampsChange={(timestamps) => updatePreferences({ timestamps })}
        wrap={preferences.wrap}
        onWrapChange={(wrap) => updatePreferences({ wrap })}
      />
      <LogSearchBar
        query={query}
        onQueryChange={setQuery}
        matchCount={search.matches?.count}
        current={current}
        onStep={step}
        onlyMatching={onlyMatching}
        onOnlyMatchingChange={setOnlyMatching}
        problem={search.compiled && !search.compiled.ok ? search.compiled.message : undefined}
        scanMs={search.scanMs}
        actions={
          <LogActions
            onCopy={copySelection}
            onDownload={download}
            onClear={() => {
              logs.clear();
              setFollowing(true);
              flash('Cleared. Only lines that arrive from now on are shown.');
            }}
            canExport={store.size > 0}
          />
        }
      />
      {merged && sources.length ? (
        <ServiceFilter
          title={target.kind === 'swarm-service' ? 'Tasks' : 'Services'}
          sources={sources}
          hidden={hidden}
          onToggle={(index) =>
            setHidden((previous) => {
              const next = new Set(previous);
              if (!next.delete(index)) next.add(index);
              return next;
            })
          }
        />
      ) : null}
      <div className="relative flex min-h-0 flex-1 flex-col">
        <LogList
          rows={rows}
          version={version}
          renderRow={renderRow}
          following={following}
          onFollowingChange={changeFollowing}
          reveal={reveal}
          wrap={preferences.wrap}
          label={`Log lines of ${name}`}
        />
        {rows.count === 0 ? (
          <p className="pointer-events-none absolute inset-x-0 top-8 text-center text-sm text-slate-400">
            {emptyText(logs, Boolean(query.text && onlyMatching))}
          </p>
        ) : null}
        {!following ? (
          <button
            type="button"
            onClick={() => changeFollowing(true)}
            className="absolute bottom-4 right-6 rounded-full bg-cyan-600 px-4 py-1.5 text-xs font-semibold text-white shadow-lg hover:bg-cyan-500"
          >
            Jump to latest{newLines ? ` (${newLines.toLocaleString()} new)` : ''}
          </button>
        ) : null}
        {notice ? (
          <div role="status" className="absolute left-1/2 top-3 -translate-x-1/2 rounded-md bg-slate-800 px-3 py-1.5 text-xs text-white shadow-lg">
            {notice}
          </div>
        ) : null}
      </div>
      <LogStatusBar
        logs={logs}
        shown={rows.count}
        capacity={capacity}
        onCapacityChange={(lines) => {
          updatePreferences({ capacity: lines });
          setCapacity(lines);
        }}
        merged={merged}
        following={following}
      />
    </section>
  );
}

