import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export const ROW_HEIGHT = 20;
/** Browsers cap an element's height (Firefox near 17.8M px); beyond this the scrollbar maps to rows proportionally. */
const MAX_SCROLL_PX = 8_000_000;
/** How close to the bottom still counts as "at the bottom". */
const BOTTOM_SLACK_PX = 4;

/** The rows a list shows: every held line, or the lines a filter keeps. */
export interface RowSource {
  count: number;
  seqAt(row: number): number;
  /** Row of the first line at or after `seq`. */
  indexOf(seq: number): number;
}

export interface LogListProps {
  rows: RowSource;
  /** Changes when the rows' content changes. */
  version: number;
  renderRow(seq: number): ReactNode;
  following: boolean;
  onFollowingChange(following: boolean): void;
  /** Bring this line into view (search navigation); `nonce` repeats a request for the same line. */
  reveal?: { seq: number; nonce: number };
  wrap: boolean;
  label: string;
}

interface Layout {
  spacer: number;
  maxScroll: number;
  exact: boolean;
  visibleRows: number;
}

function layoutFor(count: number, viewport: number): Layout {
  const exact = count * ROW_HEIGHT <= MAX_SCROLL_PX;
  const spacer = Math.max(viewport, exact ? count * ROW_HEIGHT : MAX_SCROLL_PX);
  return { spacer, maxScroll: Math.max(0, spacer - viewport), exact, visibleRows: Math.ceil(viewport / ROW_HEIGHT) + 1 };
}

/** The first row shown at a scroll position, and how far it is scrolled past. */
function rowAt(scrollTop: number, count: number, layout: Layout): { first: number; offset: number } {
  if (layout.exact) return { first: Math.floor(scrollTop / ROW_HEIGHT), offset: scrollTop % ROW_HEIGHT };
  const scrollableRows = Math.max(0, count - layout.visibleRows + 1);
  return { first: Math.round((scrollTop / Math.max(1, layout.maxScroll)) * scrollableRows), offset: 0 };
}

function scrollTopFor(row: number, count: number, layout: Layout): number {
  if (layout.exact) return row * ROW_HEIGHT;
  const scrollableRows = Math.max(1, count - layout.visibleRows + 1);
  return (row / scrollableRows) * layout.maxScroll;
}

/**
 * A virtualized log list that stays fast at millions of rows: only the rows in view exist in the DOM, rows are
 * addressed by index so nothing is measured, and wrapped rows simply grow in place. At the bottom the rows are
 * anchored to the bottom edge, which is what follow mode shows; scrolling up leaves follow mode.
 */
export function LogList({ rows, version, renderRow, following, onFollowingChange, reveal, wrap, label }: LogListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const anchor = useRef<{ seq: number; offset: number } | undefined>(undefined);
  const layout = layoutFor(rows.count, viewport);
  const atBottom = following || scrollTop >= layout.maxScroll - BOTTOM_SLACK_PX;

  useLayoutEffect(() => {
    const element = scroller.current!;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    setViewport(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  // Keep the view where it was: pinned to the bottom when following, else on the same line even as old lines drop.
  useLayoutEffect(() => {
    const element = scroller.current!;
    if (following) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
      return;
    }
    const held = anchor.current;
    if (!held || !layout.exact) return;
    const wanted = rows.indexOf(held.seq) * ROW_HEIGHT + held.offset;
    if (Math.abs(wanted - element.scrollTop) >= 1) {
      element.scrollTop = wanted;
      setScrollTop(element.scrollTop);
    }
  }, [version, following, rows, viewport, wrap]);

  useEffect(() => {
    if (!reveal) return;
    const element = scroller.current!;
    onFollowingChange(false);
    const row = rows.indexOf(reveal.seq);
    element.scrollTop = Math.max(0, scrollTopFor(row, rows.count, layout) - viewport / 2 + ROW_HEIGHT);
    setScrollTop(element.scrollTop);
  }, [reveal]);

  const onScroll = () => {
    const element = scroller.current!;
    const top = element.scrollTop;
    setScrollTop(top);
    const bottom = top >= layout.maxScroll - BOTTOM_SLACK_PX;
    if (bottom !== following) onFollowingChange(bottom);
    if (!bottom && rows.count) {
      const { first, offset } = rowAt(top, rows.count, layout);
      anchor.current = { seq: rows.seqAt(Math.min(first, rows.count - 1)), offset };
    }
  };

  let first: number;
  let offset = 0;
  if (atBottom) first = Math.max(0, rows.count - layout.visibleRows);
  else ({ first, offset } = rowAt(scrollTop, rows.count, layout));
  const last = Math.min(rows.count, first + layout.visibleRows + 1);
  const items: ReactNode[] = [];
  for (let row = first; row < last; row++) items.push(renderRow(rows.seqAt(row)));

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-label={label}
      aria-live="off"
      tabIndex={0}
      className="relative min-h-0 flex-1 overflow-y-auto bg-slate-950 font-mono text-xs text-slate-200 focus:outline-none [--log-bg:#020617] [--log-fg:#e2e8f0]"
    >
      <div className={`sticky top-0 ${wrap ? 'overflow-x-hidden' : 'overflow-x-auto'} overflow-y-hidden`} style={{ height: viewport }}>
        <div
          className={atBottom ? 'absolute bottom-0 left-0 min-w-full' : 'min-w-full'}
          style={{ width: wrap ? '100%' : 'max-content', transform: offset ? `translateY(${-offset}px)` : undefined }}
        >
          {items}
        </div>
      </div>
      <div aria-hidden="true" style={{ height: Math.max(0, layout.spacer - viewport) }} />
    </div>
  );
}
