import { useMemo, useState } from 'react';
import { version } from '../../../package.json';
import { ActivityDetail } from '../components/activity/ActivityDetail';
import { ActivityEmpty, SocketHint, socketOffText } from '../components/activity/ActivityEmpty';
import { isFiltering, matchesActivityFilter, NO_FILTER, type ActivityFilter } from '../components/activity/activity-filter';
import { ActivityFilters } from '../components/activity/ActivityFilters';
import { ActivityTable } from '../components/activity/ActivityTable';
import { buttonClass, primaryButtonClass } from '../components/Modal';
import { PageHeader } from '../components/PageHeader';
import { Notice } from '../components/system/Toolbar';
import { useActivity, useProxyStatus } from '../hooks/useActivity';
import { saveBlob } from '../lib/files';
import { buildHar, harFileName } from '../lib/har';
import { plural } from '../lib/plural';


/** `#/activity`: every Engine API call that crossed Berth (its socket, and Berth's own), live. */
export function ActivityPage() {
  const activity = useActivity();
  const { status } = useProxyStatus();
  const [filter, setFilter] = useState<ActivityFilter>(NO_FILTER);
  const [selectedId, setSelectedId] = useState<number>();
  const [following, setFollowing] = useState(true);
  const [actionError, setActionError] = useState<string>();

  const rows = useMemo(() => activity.shown.filter((call) => matchesActivityFilter(call, filter)), [activity.shown, filter]);
  const selected = useMemo(
    () => (selectedId === undefined ? undefined : (activity.live.find((call) => call.id === selectedId) ?? activity.shown.find((call) => call.id === selectedId))),
    [selectedId, activity.live, activity.shown],
  );

  const exportHar = () => {
    const har = buildHar(rows, { creatorVersion: version });
    saveBlob(new Blob([JSON.stringify(har, null, 2)], { type: 'application/json' }), harFileName());
  };

  const clear = () => {
    setActionError(undefined);
    setSelectedId(undefined);
    setFollowing(true);
    activity.clear().catch((error: Error) => setActionError(`The activity could not be cleared: ${error.message}`));
  };

  const socketOff = status && status.state !== 'listening';
  const anyClientCall = useMemo(() => activity.live.some((call) => call.origin === 'client'), [activity.live]);
  const subtitle = [
    activity.loaded ? plural(activity.live.length, 'call') : 'Connecting…',
    isFiltering(filter) ? `${rows.length.toLocaleString('en')} shown` : undefined,
    `the last ${activity.capacity.toLocaleString('en')} kept`,
    activity.dropped ? `${activity.dropped.toLocaleString('en')} older dropped` : undefined,
    activity.paused ? `paused, ${plural(activity.newWhilePaused, 'new call')}` : activity.loaded ? 'live' : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="API activity" subtitle={<span data-testid="activity-summary">{subtitle}</span>}>
        <button type="button" className={buttonClass} onClick={exportHar} disabled={!rows.length} title="Download the calls shown (filters applied) as a HAR file">
          Export as HAR
        </button>
        <button type="button" className={buttonClass} onClick={clear} disabled={!activity.live.length && !activity.shown.length}>
          Clear
        </button>
        <button type="button" className={activity.paused ? primaryButtonClass : buttonClass} onClick={() => activity.setPaused(!activity.paused)} aria-pressed={activity.paused}>
          {activity.paused ? `Resume${activity.newWhilePaused ? ` (${activity.newWhilePaused.toLocaleString('en')} new)` : ''}` : 'Pause'}
        </button>
      </PageHeader>
      <ActivityFilters filter={filter} onChange={setFilter} />
      {activity.error ? (
        <Notice tone="error">
          The activity stream stopped: {activity.error.message}{' '}
          <button type="button" className="font-medium underline" onClick={activity.retry}>
            Try again
          </button>
        </Notice>
      ) : null}
      {actionError ? <Notice tone="error">{actionError}</Notice> : null}
      {socketOff && activity.shown.length ? (
        <div className="pb-3">
          <Notice tone="info">
          {socketOffText(status)} Only Berth's own calls are recorded until it is on again (
          <a href="#/engine" className="font-medium text-cyan-700 hover:underline dark:text-cyan-400">
            Engine page
          </a>
          ).
          </Notice>
        </div>
      ) : null}
      {status && !socketOff && activity.shown.length && !anyClientCall ? <SocketHint status={status} /> : null}
      {activity.paused ? (
        <div role="status" className="flex items-center gap-3 border-b border-amber-200 bg-amber-50 px-6 py-1.5 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
          <span data-testid="paused-note">Paused: {plural(activity.newWhilePaused, 'new call')} held back, nothing is lost.</span>
          <button type="button" className="font-medium underline" onClick={() => activity.setPaused(false)}>
            Show them
          </button>
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
          {!activity.loaded && !activity.error ? (
            <p className="px-6 py-8 text-center text-sm text-slate-500">Loading the activity…</p>
          ) : !activity.shown.length ? (
            activity.error ? null : <ActivityEmpty status={status} />
          ) : (
            <>
              <ActivityTable calls={rows} selectedId={selected?.id} onSelect={setSelectedId} following={following} onFollowingChange={setFollowing} />
              {!rows.length ? <p className="pointer-events-none absolute inset-x-0 top-16 text-center text-sm text-slate-500">No call matches the filters.</p> : null}
              {!following && rows.length ? (
                <button
                  type="button"
                  onClick={() => setFollowing(true)}
                  className="absolute bottom-4 right-6 rounded-full bg-cyan-600 px-4 py-1.5 text-xs font-semibold text-white shadow-lg hover:bg-cyan-500"
                >
                  Jump to latest
                </button>
              ) : null}
            </>
          )}
        </div>
        {selected ? <ActivityDetail call={selected} onClose={() => setSelectedId(undefined)} /> : null}
      </div>
    </div>
  );
}
