import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { ContainerSummary } from '../../../../common/contract';
import { formatRelative, shortId } from '../../lib/format';
import { StateBadge } from '../StateBadge';
import { CpuUsageCell, MemoryUsageCell } from '../stats/ContainerUsageCells';
import type { StatsStore } from '../../hooks/useStats';
import { liveStatus } from './live-status';
import { useConfiguredPorts } from './useConfiguredPorts';
import { COMPOSE_SERVICE_LABEL } from '../../../../common/compose-labels';
import { primaryIp, type ListRow, type SortKey, type SortOrder } from './container-rows';
import { PortLinks } from './PortLinks';
import { plural } from '../../lib/plural';

/**
 * Grid columns shared by the header and every row, by the list's own width (container queries), so it fits its
 * pane instead of scrolling sideways: below 76rem the IP address and Created columns fold away, below 60rem the
 * Image (shown under the name instead) and Ports columns too, and the row's Edit and Remove move into its ⋮ menu.
 */
const GRID =
  'grid items-center gap-x-2 grid-cols-[2rem_minmax(8rem,2fr)_minmax(6rem,1.3fr)_minmax(7rem,1fr)_minmax(5.5rem,1fr)_6rem_6.5rem_6.5rem_6rem_7.5rem] @max-[76rem]:grid-cols-[2rem_minmax(8rem,2fr)_minmax(6rem,1.3fr)_minmax(7rem,1fr)_minmax(5.5rem,1fr)_6.5rem_6.5rem_7.5rem] @max-[60rem]:grid-cols-[2rem_minmax(8rem,1fr)_minmax(7rem,1fr)_6.5rem_6.5rem_3.75rem]';
/** Cells of the columns that fold away first, and next. */
export const WIDE_ONLY = '@max-[76rem]:hidden';
export const MEDIUM_UP = '@max-[60rem]:hidden';
const ROW_HEIGHT = 52;
const GROUP_HEIGHT = 40;

interface ColumnSpec {
  key: SortKey;
  label: string;
  className?: string;
}

/** CPU and Memory are live: the rows on screen are sampled, and every running container while the list sorts by them. */
const COLUMNS: ColumnSpec[] = [
  { key: 'name', label: 'Name' },
  { key: 'image', label: 'Image', className: MEDIUM_UP },
  { key: 'state', label: 'State' },
  { key: 'ports', label: 'Ports', className: MEDIUM_UP },
  { key: 'ip', label: 'IP address', className: WIDE_ONLY },
  { key: 'cpu', label: 'CPU' },
  { key: 'memory', label: 'Memory' },
  { key: 'created', label: 'Created', className: WIDE_ONLY },
];

/** When each container's status line was read, to tick its age from there. */
const statusReadAt = new WeakMap<ContainerSummary, number>();
function readAt(container: ContainerSummary): number {
  let at = statusReadAt.get(container);
  if (at === undefined) statusReadAt.set(container, (at = Date.now()));
  return at;
}

/** The time now, renewed every `everyMs`: status lines age while the page is open. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export interface ContainerListProps {
  rows: ListRow[];
  selected: ReadonlySet<string>;
  busy: ReadonlySet<string>;
  sort: SortOrder;
  onSort(key: SortKey): void;
  onRowClick(container: ContainerSummary, event: MouseEvent): void;
  onToggle(container: ContainerSummary, event: MouseEvent): void;
  onToggleGroup(project: string): void;
  /** Every visible container selected / some selected. */
  allSelected: boolean;
  someSelected: boolean;
  onSelectAll(select: boolean): void;
  renderRowActions(container: ContainerSummary): ReactNode;
  /** Shown under the image name, e.g. an update badge. */
  renderImageExtra?(container: ContainerSummary): ReactNode;
  renderGroupActions(project: string): ReactNode;
  /** Live usage of the running containers: the page samples the rows on screen (reported here) or, to sort, all. */
  usage: StatsStore;
  onVisibleRunningChange(ids: string[]): void;
}

function SortHeader({ column, sort, onSort }: { column: ColumnSpec; sort: SortOrder; onSort(key: SortKey): void }) {
  const active = sort.key === column.key;
  return (
    <div role="columnheader" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'} className={column.className}>
      <button type="button" onClick={() => onSort(column.key)} className={`flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white ${active ? 'text-slate-900 dark:text-white' : ''}`}>
        {column.label}
        <span aria-hidden="true" className={active ? '' : 'invisible'}>
          {sort.descending ? '▾' : '▴'}
        </span>
      </button>
    </div>
  );
}

/** The virtualized containers table: only the rows on screen are in the DOM, so thousands stay smooth. */
export function ContainerList(props: ContainerListProps) {
  const { rows, selected, busy, sort } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    getItemKey: (index) => {
      const row = rows[index]!;
      return row.kind === 'group' ? `group:${row.project}` : row.container.id;
    },
    overscan: 12,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const visibleRunningIds = virtualItems.flatMap((item) => {
    const row = rows[item.index];
    return row?.kind === 'container' && (row.container.state === 'running' || row.container.state === 'paused') ? [row.container.id] : [];
  });
  const { usage, onVisibleRunningChange } = props;
  const stoppedWithoutPorts = virtualItems.flatMap((item) => {
    const row = rows[item.index];
    return row?.kind === 'container' && row.container.state !== 'running' && row.container.state !== 'paused' && !row.container.ports.length ? [row.container.id] : [];
  });
  const configuredPorts = useConfiguredPorts(stoppedWithoutPorts);
  const visibleKey = visibleRunningIds.join(',');
  useEffect(() => onVisibleRunningChange(visibleKey ? visibleKey.split(',') : []), [visibleKey, onVisibleRunningChange]);
  const now = useNow(1000);

  return (
    <div role="table" aria-label="Containers" aria-rowcount={rows.length + 1} className="@container flex min-h-0 flex-1 flex-col text-sm">
      <div role="row" className={`${GRID} border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400`}>
        <div role="columnheader">
          <input
            type="checkbox"
            aria-label="Select all shown containers"
            checked={props.allSelected}
            ref={(el) => {
              if (el) el.indeterminate = !props.allSelected && props.someSelected;
            }}
            onChange={(e) => props.onSelectAll(e.target.checked)}
          />
        </div>
        {COLUMNS.map((column) => (
          <SortHeader key={column.key} column={column} sort={sort} onSort={props.onSort} />
        ))}
        <div role="columnheader" className="sr-only">
          Actions
        </div>
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="container-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((item) => {
            const row = rows[item.index]!;
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` };
            if (row.kind === 'group') {
              const running = row.containers.filter((c) => c.state === 'running').length;
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-label={`Compose project ${row.project}`}
                  style={style}
                  className="flex items-center gap-3 border-b border-slate-200 bg-slate-100/80 px-4 dark:border-slate-800 dark:bg-slate-900/80"
                >
                  <button
                    type="button"
                    aria-expanded={!row.collapsed}
                    onClick={() => props.onToggleGroup(row.project)}
                    className="flex min-w-0 items-center gap-2 font-medium"
                  >
                    <span aria-hidden="true" className="w-4 text-slate-500">
                      {row.collapsed ? '▸' : '▾'}
                    </span>
                    <span className="truncate">{row.project}</span>
                    <span className="shrink-0 text-xs font-normal text-slate-500 dark:text-slate-400">
                      Compose · {plural(row.containers.length, 'container')}, {running} running
                    </span>
                  </button>
                  <div className="ml-auto flex items-center gap-1">{props.renderGroupActions(row.project)}</div>
                </div>
              );
            }
            const c = row.container;
            const isSelected = selected.has(c.id);
            const service = row.project ? c.labels[COMPOSE_SERVICE_LABEL] : undefined;
            return (
              <div
                key={item.key}
                role="row"
                aria-selected={isSelected}
                data-container-name={c.name}
                data-state={c.state}
                style={style}
                onClick={(e) => props.onRowClick(c, e)}
                className={`${GRID} cursor-pointer border-b border-slate-100 px-4 select-none dark:border-slate-900 ${
                  isSelected ? 'bg-cyan-50 dark:bg-cyan-950/40' : 'hover:bg-slate-100/70 dark:hover:bg-slate-900/70'
                } ${busy.has(c.id) ? 'opacity-60' : ''}`}
              >
                <div role="cell" onClick={(e) => e.stopPropagation()}>
                  <input type="checkbox" aria-label={`Select ${c.name}`} checked={isSelected} onClick={(e) => props.onToggle(c, e)} readOnly />
                </div>
                <div role="cell" className={`min-w-0 ${row.project ? 'pl-4' : ''}`}>
                  <a href={`#/containers/${c.id}`} onClick={(e) => e.stopPropagation()} className="block truncate font-medium hover:text-cyan-700 hover:underline dark:hover:text-cyan-300" title={c.name}>
                    {c.name}
                  </a>
                  <div className="truncate font-mono text-xs text-slate-500 dark:text-slate-400">
                    {shortId(c.id)}
                    {service ? <span className="font-sans"> · {service}</span> : null}
                    {/* The Image column folds away on a narrow list: the image shows here instead. */}
                    <span className="hidden font-sans @max-[60rem]:inline" title={c.image}>
                      {' '}
                      · {c.image}
                    </span>
                  </div>
                </div>
                <div role="cell" className={`min-w-0 ${MEDIUM_UP}`} title={c.image}>
                  <div className="truncate">{c.image}</div>
                  {props.renderImageExtra?.(c)}
                </div>
                <div role="cell" className="min-w-0">
                  <StateBadge state={c.state} />
                  <div className="truncate text-xs text-slate-500 dark:text-slate-400" data-testid="container-status">
                    {liveStatus(c.status, readAt(c), now)}
                  </div>
                </div>
                <div role="cell" className={`min-w-0 overflow-hidden ${MEDIUM_UP}`}>
                  {!c.ports.length && configuredPorts.get(c.id)?.length ? <PortLinks ports={configuredPorts.get(c.id)!} inactive /> : <PortLinks ports={c.ports} />}
                </div>
                <div role="cell" className={`truncate font-mono text-xs ${WIDE_ONLY}`}>
                  {primaryIp(c) || <span className="text-slate-400">—</span>}
                </div>
                <div role="cell" className="min-w-0">
                  <CpuUsageCell usage={usage} id={c.id} />
                </div>
                <div role="cell" className="min-w-0">
                  <MemoryUsageCell usage={usage} id={c.id} />
                </div>
                <div role="cell" className={`truncate text-slate-500 dark:text-slate-400 ${WIDE_ONLY}`} title={new Date(c.created * 1000).toLocaleString()}>
                  {formatRelative(c.created * 1000, now)}
                </div>
                <div role="cell" className="flex justify-end gap-0.5" onClick={(e) => e.stopPropagation()}>
                  {props.renderRowActions(c)}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
