import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import type { ContainerSummary } from '../../../common/contract';
import { api } from '../api/client';
import { ActionStatus } from '../components/containers/ActionStatus';
import { SIMPLE_ACTIONS, simpleAction, type SimpleAction } from '../components/containers/container-actions';
import { COMPOSE_PROJECT_LABEL } from '../../../common/compose-labels';
import { buildRows, nextSelection, type SortKey, type SortOrder, type StateFilter } from '../components/containers/container-rows';
import { ContainerList, MEDIUM_UP } from '../components/containers/ContainerList';
import { containerMenuItems } from '../components/containers/container-menu';
import { RowMenu } from '../components/RowMenu';
import { useVisibleContainersUsage } from '../components/stats/ContainerUsageCells';
import { useStatsVersionWhile } from '../hooks/useStats';
import { RemoveDialog } from '../components/containers/ContainerDialogs';
import { IconButton } from '../components/containers/IconButton';
import { buttonClass, dangerButtonClass, inputClass, primaryButtonClass } from '../components/Modal';
import type { RunDialogSource } from '../components/containers/RunDialog';
import { LazyRunDialog } from '../components/containers/LazyRunDialog';
import { useActionRunner } from '../components/containers/useActionRunner';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { useContainers } from '../hooks/useContainers';
import { UpdateBadge } from '../components/updates/UpdateBadge';
import { useImageUpdates } from '../components/updates/useImageUpdates';
import { shownOf } from '../lib/plural';

const STATE_FILTERS: { id: StateFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'running', label: 'Running' },
  { id: 'exited', label: 'Stopped' },
  { id: 'paused', label: 'Paused' },
];

/** The group row's links: the project's merged logs and its Compose page. */
const groupLinkClass = 'rounded px-2 py-1 text-xs font-medium text-cyan-700 hover:bg-slate-200 hover:underline dark:text-cyan-300 dark:hover:bg-slate-800';

export function ContainersPage() {
  const { containers, loaded, error } = useContainers();
  const runner = useActionRunner();
  const [query, setQuery] = useState('');
  const [state, setState] = useState<StateFilter>('all');
  const [sort, setSort] = useState<SortOrder>({ key: 'created', descending: true });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string>();
  const [removing, setRemoving] = useState<ContainerSummary[]>();
  const [running, setRunning] = useState(false);
  const [editing, setEditing] = useState<RunDialogSource>();
  const updates = useImageUpdates();

  // Live usage: the running rows on screen are sampled; sorting by CPU or memory samples every running container.
  const sortsByUsage = sort.key === 'cpu' || sort.key === 'memory';
  const [visibleRunning, setVisibleRunning] = useState<string[]>([]);
  const allRunning = useMemo(() => containers.filter((c) => c.state === 'running' || c.state === 'paused').map((c) => c.id), [containers]);
  const usage = useVisibleContainersUsage(sortsByUsage ? allRunning : visibleRunning);
  const usageVersion = useStatsVersionWhile(usage, sortsByUsage);
  const usageOf = useCallback(
    (id: string) => {
      const last = usage.samples(id).at(-1);
      return last ? { cpuPercent: last.cpuPercent, memoryBytes: last.memoryBytes } : undefined;
    },
    // A new function per sample while sorting by usage, so the rows are sorted again.
    [usage, usageVersion],
  );
  const rows = useMemo(
    () => buildRows(containers, { query, state, sort, collapsed, ...(sortsByUsage ? { usage: usageOf } : {}) }),
    [containers, query, state, sort, collapsed, sortsByUsage, usageOf],
  );
  const visibleIds = useMemo(() => rows.flatMap((row) => (row.kind === 'container' ? [row.container.id] : [])), [rows]);
  const byId = useMemo(() => new Map(containers.map((c) => [c.id, c])), [containers]);
  // Containers that disappeared (removed elsewhere) drop out of the selection on their own.
  const selected = useMemo(() => containers.filter((c) => selection.has(c.id)), [containers, selection]);
  const selectedIds = useMemo(() => new Set(selected.map((c) => c.id)), [selected]);
  const runningCount = containers.filter((c) => c.state === 'running').length;

  const onSort = (key: SortKey) =>
    setSort((current) => (current.key === key ? { key, descending: !current.descending } : { key, descending: key === 'created' || key === 'cpu' || key === 'memory' }));

  const select = (container: ContainerSummary, event: MouseEvent, toggleByDefault: boolean) => {
    const mode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey || toggleByDefault ? 'toggle' : 'replace';
    setSelection(nextSelection(selectedIds, visibleIds, container.id, anchor, mode));
    if (!event.shiftKey) setAnchor(container.id);
  };

  const perform = (action: SimpleAction, targets: ContainerSummary[]) =>
    void runner.run(
      { progress: action.progress, failed: action.label.toLowerCase() },
      targets.filter((c) => action.appliesTo(c.state)),
      (id) => action.run(id),
    );

  const projectMembers = (project: string) => containers.filter((c) => c.labels[COMPOSE_PROJECT_LABEL] === project);

  const renderRowActions = (c: ContainerSummary) => {
    const busy = runner.busy.has(c.id);
    const toggle = simpleAction('stop').appliesTo(c.state) ? simpleAction('stop') : simpleAction('start');
    return (
      <>
        <IconButton
          icon={toggle.id === 'stop' ? 'stop' : 'start'}
          label={`${toggle.label} ${c.name}`}
          disabled={busy || !toggle.appliesTo(c.state)}
          onClick={() => perform(toggle, [c])}
        />
        {/* On a narrow list these two live in the ⋮ menu only. */}
        <span className={`contents ${MEDIUM_UP}`}>
          <IconButton icon="edit" label={`Edit ${c.name}`} disabled={busy} onClick={() => setEditing({ containerId: c.id, purpose: 'edit' })} />
          <IconButton icon="remove" label={`Remove ${c.name}`} danger disabled={busy} onClick={() => setRemoving([c])} />
        </span>
        <RowMenu label={`More actions for ${c.name}`} items={containerMenuItems(c, { edit: () => setEditing({ containerId: c.id, purpose: 'edit' }), remove: () => setRemoving([c]) })} />
      </>
    );
  };

  const renderGroupActions = (project: string) => {
    const members = projectMembers(project);
    return (
      <>
        {(['start', 'stop', 'restart'] as const).map((id) => {
          const action = simpleAction(id);
          return (
            <IconButton
              key={id}
              icon={id}
              label={`${action.label} all of ${project}`}
              disabled={!members.some((c) => action.appliesTo(c.state))}
              onClick={() => perform(action, members)}
            />
          );
        })}
        <IconButton icon="remove" label={`Remove all of ${project}`} danger onClick={() => setRemoving(members)} />
        <a className={groupLinkClass} href={`#/logs/project/${encodeURIComponent(project)}`}>
          Logs
        </a>
        <a className={groupLinkClass} href={`#/compose/${encodeURIComponent(project)}`}>
          Compose
        </a>
      </>
    );
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader needsEngine title="Containers" subtitle={loaded ? `${shownOf(visibleIds.length, containers.length, 'container')}, ${runningCount} running` : undefined}>
        <button type="button" className={primaryButtonClass} onClick={() => setRunning(true)}>
          Run a container
        </button>
      </PageHeader>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-6 py-3 dark:border-slate-800">
        <input
          type="search"
          aria-label="Filter containers"
          placeholder="Filter by name, image, id or label (key=value)"
          className={`${inputClass} max-w-md`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div role="radiogroup" aria-label="State" className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {STATE_FILTERS.map((filter) => (
            <button
              key={filter.id}
              type="button"
              role="radio"
              aria-checked={state === filter.id}
              onClick={() => setState(filter.id)}
              className={`px-3 py-1.5 text-sm ${
                state === filter.id ? 'bg-cyan-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'
              }`}
            >
              {filter.label}
            </button>
          ))}
        </div>
        {selected.length ? (
          <div role="toolbar" aria-label="Selected containers" className="flex flex-wrap items-center gap-2">
            <span className="text-sm font-medium">{selected.length} selected</span>
            {SIMPLE_ACTIONS.map((action) => (
              <button key={action.id} type="button" className={buttonClass} disabled={!selected.some((c) => action.appliesTo(c.state))} onClick={() => perform(action, selected)}>
                {action.label}
              </button>
            ))}
            <button type="button" className={dangerButtonClass} onClick={() => setRemoving(selected)}>
              Remove…
            </button>
            <button type="button" className="text-sm text-slate-500 hover:underline" onClick={() => setSelection(new Set())}>
              Clear
            </button>
          </div>
        ) : null}
      </div>
      <ActionStatus runner={runner} />
      {error && !loaded ? <ErrorNotice error={error} what="containers" /> : null}
      {loaded && containers.length === 0 ? (
        <EmptyState title="No containers yet">
          Run one with the button above, or with the docker CLI or Compose: they show up here as soon as the engine reports them.
        </EmptyState>
      ) : loaded && rows.length === 0 ? (
        <EmptyState title="Nothing matches">No container matches the filter. Clear it or pick another state.</EmptyState>
      ) : (
        <ContainerList
          rows={rows}
          selected={selectedIds}
          busy={runner.busy}
          sort={sort}
          onSort={onSort}
          onRowClick={(c, e) => {
            // A plain click opens the container; with Ctrl/Cmd or Shift it selects, as in a file manager.
            if (e.ctrlKey || e.metaKey || e.shiftKey) select(c, e, false);
            else window.location.hash = `#/containers/${c.id}`;
          }}
          onToggle={(c, e) => select(c, e, true)}
          onToggleGroup={(project) =>
            setCollapsed((current) => {
              const next = new Set(current);
              if (next.has(project)) next.delete(project);
              else next.add(project);
              return next;
            })
          }
          allSelected={visibleIds.length > 0 && visibleIds.every((id) => selectedIds.has(id))}
          someSelected={visibleIds.some((id) => selectedIds.has(id))}
          onSelectAll={(all) => setSelection(all ? new Set(visibleIds) : new Set())}
          renderRowActions={renderRowActions}
          renderImageExtra={(c) => <UpdateBadge compact entry={updates.forContainer(c.id)} />}
          renderGroupActions={renderGroupActions}
          usage={usage}
          onVisibleRunningChange={setVisibleRunning}
        />
      )}
      {removing?.some((c) => byId.has(c.id)) ? (
        <RemoveDialog
          targets={removing.filter((c) => byId.has(c.id))}
          onClose={() => setRemoving(undefined)}
          onConfirm={(options) => {
            const targets = removing.filter((c) => byId.has(c.id));
            setRemoving(undefined);
            void runner.run({ progress: 'Removing', failed: 'remove' }, targets, (id) => api.call('containers.remove', { id, ...options }));
          }}
        />
      ) : null}
      {editing ? (
        <LazyRunDialog
          key={`${editing.purpose}-${editing.containerId}`}
          source={editing}
          onClose={() => setEditing(undefined)}
          onStarted={(id) => {
            setEditing(undefined);
            window.location.hash = `#/containers/${id}`;
          }}
        />
      ) : null}
      {running ? (
        <LazyRunDialog
          onClose={() => setRunning(false)}
          onStarted={(id) => {
            setRunning(false);
            window.location.hash = `#/containers/${id}`;
          }}
        />
      ) : null}
    </div>
  );
}
