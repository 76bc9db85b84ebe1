import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import type { ApiCall } from '../../../../common/contract/proxy';
import { formatBytes } from '../../lib/format';
import { clientName, formatClock } from './activity-filter';
import { BerthBadge, DurationCell, StatusCell, useNow } from './cells';

/** Grid columns shared by the header and every row. */
const GRID = 'grid grid-cols-[6.5rem_minmax(8rem,1.2fr)_4rem_minmax(14rem,3fr)_8rem_6rem_4.5rem_4.5rem] items-center gap-x-3';
const MIN_WIDTH = 'min-w-[58rem]';
const ROW_HEIGHT = 32;
/** How close to the bottom still counts as "at the bottom" (follows new calls). */
const BOTTOM_SLACK_PX = 8;

const HEADERS = ['Time', 'Client', 'Method', 'Path', 'Status', 'Duration', 'In', 'Out'];

export interface ActivityTableProps {
  calls: readonly ApiCall[];
  selectedId: number | undefined;
  onSelect(id: number | undefined): void;
  /** Pinned to the newest call (the bottom); scrolling up leaves it, like the logs view. */
  following: boolean;
  onFollowingChange(following: boolean): void;
}

function PathCell({ call }: { call: ApiCall }) {
  const query = call.path.indexOf('?');
  const path = query < 0 ? call.path : call.path.slice(0, query);
  return (
    <span className="flex min-w-0 items-baseline gap-1.5 font-mono text-xs" title={call.apiVersion ? `/v${call.apiVersion}${call.path}` : call.path}>
      {call.apiVersion ? <span className="shrink-0 rounded bg-slate-100 px-1 text-[10px] text-slate-500 dark:bg-slate-800 dark:text-slate-400">v{call.apiVersion}</span> : null}
      <span className="truncate">
        {path}
        {query >= 0 ? <span className="text-slate-400 dark:text-slate-500">{call.path.slice(query)}</span> : null}
      </span>
    </span>
  );
}

function ClientCell({ call }: { call: ApiCall }) {
  const details = [call.userAgent, call.pid !== undefined ? `pid ${call.pid}` : undefined].filter(Boolean).join(' · ');
  return (
    <span className="flex min-w-0 items-center gap-1.5" title={details || undefined}>
      {call.origin === 'berth' ? <BerthBadge /> : <span className="truncate">{clientName(call)}</span>}
      {call.origin === 'client' && call.pid !== undefined ? <span className="shrink-0 text-xs tabular-nums text-slate-400 dark:text-slate-500">{call.pid}</span> : null}
    </span>
  );
}

/** The calls as a virtualized table, oldest at the top, newest at the bottom; only the rows in view are in the DOM. */
export function ActivityTable({ calls, selectedId, onSelect, following, onFollowingChange }: ActivityTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: calls.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => calls[index]!.id,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const anyOpenInView = items.some((item) => calls[item.index]?.durationMs === undefined);
  const now = useNow(anyOpenInView);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (following && element) element.scrollTop = element.scrollHeight;
  }, [calls, following]);

  const onScroll = () => {
    const element = scrollRef.current!;
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - BOTTOM_SLACK_PX;
    if (atBottom !== following) onFollowingChange(atBottom);
  };

  const moveSelection = (event: KeyboardEvent, index: number) => {
    const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : -1;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(calls[index]!.id);
      return;
    }
    if (event.key === 'Escape') return onSelect(undefined);
    if (next < 0 || next >= calls.length) return;
    event.preventDefault();
    onSelect(calls[next]!.id);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-call-id="${calls[next]!.id}"]`)?.focus());
  };

  return (
    <div role="table" aria-label="API calls" aria-rowcount={calls.length + 1} className="flex min-h-0 min-w-0 flex-1 flex-col overflow-x-auto text-sm">
      <div role="row" className={`${GRID} ${MIN_WIDTH} border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400`}>
        {HEADERS.map((header) => (
          <div key={header} role="columnheader" className={header === 'In' || header === 'Out' ? 'text-right' : undefined}>
            {header}
          </div>
        ))}
      </div>
      <div ref={scrollRef} onScroll={onScroll} className={`${MIN_WIDTH} min-h-0 flex-1 overflow-y-auto`} data-testid="activity-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const call = calls[item.index]!;
            const selected = call.id === selectedId;
            return (
              <div
                key={item.key}
                role="row"
                tabIndex={selected || (selectedId === undefined && item.index === calls.length - 1) ? 0 : -1}
                aria-selected={selected}
                aria-rowindex={item.index + 2}
                data-call-id={call.id}
                data-origin={call.origin}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(selected ? undefined : call.id)}
                onKeyDown={(event) => moveSelection(event, item.index)}
                className={`${GRID} cursor-default border-b border-slate-100 px-4 outline-none select-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-cyan-500 dark:border-slate-900 ${
                  selected ? 'bg-cyan-50 dark:bg-cyan-950/50' : call.origin === 'berth' ? 'bg-slate-50/60 hover:bg-slate-100/80 dark:bg-slate-900/30 dark:hover:bg-slate-900/70' : 'hover:bg-slate-100/70 dark:hover:bg-slate-900/70'
                }`}
              >
                <div role="cell" className="font-mono text-xs tabular-nums text-slate-500 dark:text-slate-400" title={new Date(call.startedAt).toLocaleString()}>
                  {formatClock(call.startedAt)}
                </div>
                <div role="cell" className="min-w-0">
                  <ClientCell call={call} />
                </div>
                <div role="cell" className="font-mono text-xs font-semibold">
                  {call.method}
                </div>
                <div role="cell" className="min-w-0">
                  <PathCell call={call} />
                </div>
                <div role="cell" className="min-w-0">
                  <StatusCell call={call} />
                </div>
                <div role="cell" className="text-xs">
                  <DurationCell call={call} now={now} />
                </div>
                <div role="cell" className="text-right text-xs tabular-nums text-slate-600 dark:text-slate-300">
                  {formatBytes(call.bytesIn)}
                </div>
                <div role="cell" className="text-right text-xs tabular-nums text-slate-600 dark:text-slate-300">
                  {formatBytes(call.bytesOut)}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
