import { Suspense, useState } from 'react';
import { UpdateBadge } from '../../components/updates/UpdateBadge';
import { UpdateDialog } from '../../components/updates/UpdateDialog';
import { useImageUpdates } from '../../components/updates/useImageUpdates';
import { buttonClass } from '../../components/Modal';
import { ActionStatus } from '../../components/containers/ActionStatus';
import { ContainerActionBar } from '../../components/containers/ContainerActionBar';
import { useActionRunner } from '../../components/containers/useActionRunner';
import { ErrorNotice } from '../../components/ErrorNotice';
import { StateBadge } from '../../components/StateBadge';
import { useContainerDetails } from '../../hooks/useContainerDetails';
import { shortId } from '../../lib/format';
import { CONTAINER_TABS } from './tabs';

export function containerHref(id: string, tab?: string): string {
  return `#/containers/${encodeURIComponent(id)}${tab ? `/${encodeURIComponent(tab)}` : ''}`;
}

/** `#/containers/<id>/<tab>`: a header with the container's state and actions, then the registered tabs. */
export function ContainerDetailsPage({ path }: { path: string[] }) {
  const [id = '', tabId] = path;
  const { data: container, error } = useContainerDetails(id);
  const runner = useActionRunner();
  const updates = useImageUpdates();
  const [updating, setUpdating] = useState(false);
  const [replacedBy, setReplacedBy] = useState<string>();
  const update = container ? updates.forContainer(container.id) : undefined;
  const active = CONTAINER_TABS.find((tab) => tab.id === tabId) ?? CONTAINER_TABS[0];

  if (error && (!container || error.code === 'not-found')) {
    return (
      <div className="p-6">
        <a href="#/containers" className="text-sm text-cyan-700 hover:underline dark:text-cyan-400">
          ← All containers
        </a>
        {error.code === 'not-found' ? (
          <div role="alert" className="mt-6 rounded-md border border-slate-200 p-4 text-sm dark:border-slate-800">
            <p className="font-semibold">This container no longer exists.</p>
            <p className="mt-1 text-slate-500 dark:text-slate-400">It was removed (by Berth, the CLI or its restart policy). {error.message}</p>
          </div>
        ) : (
          <ErrorNotice error={error} what="the container" />
        )}
      </div>
    );
  }

  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="border-b border-slate-200 px-6 pt-4 dark:border-slate-800">
        <a href="#/containers" className="text-sm text-cyan-700 hover:underline dark:text-cyan-400">
          ← All containers
        </a>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h1 className="flex items-center gap-3 text-xl font-semibold tracking-tight">
              <span className="truncate">{container?.name ?? id}</span>
              {container ? <StateBadge state={container.state} /> : null}
            </h1>
            <p className="mt-0.5 truncate text-sm text-slate-500 dark:text-slate-400">
              {container ? (
                <>
                  <span className="font-mono">{shortId(container.id)}</span> · {container.image} <UpdateBadge entry={update} />
                  {update?.status === 'update-available' ? (
                    <button type="button" className={`${buttonClass} ml-2 py-0.5 text-xs`} onClick={() => setUpdating(true)}>
                      Update…
                    </button>
                  ) : null}
                </>
              ) : (
                'Loading…'
              )}
            </p>
          </div>
          {container ? <ContainerActionBar container={container} runner={runner} onRemoved={() => (window.location.hash = '#/containers')} /> : null}
        </div>
        <nav aria-label="Container sections" className="mt-3 flex gap-1 overflow-x-auto">
          {CONTAINER_TABS.map((tab) => {
            const selected = tab === active;
            return (
              <a
                key={tab.id}
                href={containerHref(id, tab.id)}
                aria-current={selected ? 'page' : undefined}
                className={`border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
                  selected
                    ? 'border-cyan-600 font-medium text-cyan-700 dark:text-cyan-300'
                    : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
                }`}
              >
                {tab.label}
              </a>
            );
          })}
        </nav>
      </header>
      {updating && update && container ? (
        <UpdateDialog
          reference={update.reference}
          containers={[{ id: container.id, name: container.name }]}
          onClose={() => {
            setUpdating(false);
            if (replacedBy) window.location.hash = containerHref(replacedBy);
          }}
          onDone={(summary) => {
            updates.refresh();
            setReplacedBy(summary.updated[0]?.id);
          }}
        />
      ) : null}
      <ActionStatus runner={runner} />
      <div className="min-h-0 flex-1 overflow-auto">
        <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading…</p>}>
          {active && container ? <active.Component key={active.id} containerId={container.id} container={container} /> : null}
        </Suspense>
      </div>
    </div>
  );
}
