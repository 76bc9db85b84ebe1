import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type MouseEvent, type ReactNode } from 'react';
import type { ContainerSummary } from '../../../../common/contract';
import { formatRelative, shortId } from '../../lib/format';
import { StateBadge } from '../StateBadge';
import { CpuUsageCell, MemoryUsageCell, useVisibleContainersUsage } from '../stats/ContainerUsageCells';
import { COMPOSE_SERVICE_LABEL } from '../../../../common/compose-labels';
import { primaryIp, type ListRow, type SortKey, type SortOrder } from './container-rows';
import { PortLinks } from './PortLinks';
import { plural } from '../../lib/plural';

/** Grid columns shared by the header and every row. */
const GRID = 'grid grid-cols-[2rem_minmax(9rem,2fr)_minmax(6rem,1.3fr)_minmax(7.5rem,1fr)_minmax(6rem,1fr)_6rem_6.5rem_6.5rem_minmax(6.25rem,0.9fr)_5.75rem] items-center gap-x-2';
/** Below this width the table scrolls sideways instead of squeezing columns. */
const MIN_WIDTH = 'min-w-[65rem]';
const ROW_HEIGHT = 52;
const GROUP_HEIGHT = 40;

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'image', label: 'Image' },
  { key: 'state', label: 'State' },
  { key: 'ports', label: 'Ports' },
  { key: 'ip', label: 'IP address' },
];

/** Live usage columns: sampled only for the rows on screen, so they are not sortable across the whole list. */
const USAGE_COLUMNS = ['CPU', 'Memory'];

const TRAILING_COLUMNS: { key: SortKey; label: string }[] = [{ key: 'created', label: 'Created' }];

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
}

function SortHeader({ column, sort, onSort }: { column: { key: SortKey; label: string }; sort: SortOrder; onSort(key: SortKey): void }) {
  const active = sort.key === column.key;
  return (
    <div role="columnheader" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
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
  const usage = useVisibleContainersUsage(visibleRunningIds);

  return (
    <div role="table" aria-label="Containers" aria-rowcount={rows.length + 1} className="flex min-h-0 flex-1 flex-col overflow-x-auto text-sm">
      <div role="row" className={`${GRID} ${MIN_WIDTH} border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400`}>
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
        {USAGE_COLUMNS.map((label) => (
          <div key={label} role="columnheader" className="uppercase">
            {label}
          </div>
        ))}
        {TRAILING_COLUMNS.map((column) => (
          <SortHeader key={column.key} column={column} sort={sort} onSort={props.onSort} />
        ))}
        <div role="columnheader" className="sr-only">
          Actions
        </div>
      </div>
      <div ref={scrollRef} className={`${MIN_WIDTH} min-h-0 flex-1 overflow-y-auto`} data-testid="container-scroll">
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
                onDoubleClick={() => (window.location.hash = `#/containers/${c.id}`)}
                className={`${GRID} cursor-default border-b border-slate-100 px-4 select-none dark:border-slate-900 ${
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
                  </div>
                </div>
                <div role="cell" className="min-w-0" title={c.image}>
                  <div className="truncate">{c.image}</div>
                  {props.renderImageExtra?.(c)}
                </div>
                <div role="cell" className="min-w-0">
                  <StateBadge state={c.state} />
                  <div className="truncate text-xs text-slate-500 dark:text-slate-400" title={c.status}>
                    {c.status}
                  </div>
                </div>
                <div role="cell" className="min-w-0 overflow-hidden">
                  <PortLinks ports={c.ports} />
                </div>
                <div role="cell" className="truncate font-mono text-xs">
                  {primaryIp(c) || <span className="text-slate-400">—</span>}
                </div>
                <div role="cell" className="min-w-0">
                  <CpuUsageCell usage={usage} id={c.id} />
                </div>
                <div role="cell" className="min-w-0">
                  <MemoryUsageCell usage={usage} id={c.id} />
                </div>
                <div role="cell" className="truncate text-slate-500 dark:text-slate-400" title={new Date(c.created * 1000).toLocaleString()}>
                  {formatRelative(c.created * 1000)}
                </div>
                <div role="cell" className="flex justify-end gap-1" onClick={(e) => e.stopPropagation()}>
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
