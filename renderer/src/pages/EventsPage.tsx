import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { buttonClass, primaryButtonClass } from '../components/Modal';
import { inlineSelectClass } from '../components/system/compact';
import { actorName, EVENT_LOG_LIMIT, matchesEventFilter, type EventFilter, type LoggedEvent } from '../components/system/event-log';
import { useEventLog } from '../components/system/event-store';
import { Notice, SearchBox, Toolbar } from '../components/system/Toolbar';

const TYPES = ['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config'];

function attributesText(event: LoggedEvent): string {
  return Object.entries(event.actor.attributes)
    .filter(([key]) => key !== 'name')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

const COLUMNS: Column<LoggedEvent>[] = [
  { header: 'Time', cell: (event) => <span className="whitespace-nowrap font-mono text-xs">{new Date(event.timeNano / 1e6).toLocaleTimeString()}</span> },
  { header: 'Type', cell: (event) => event.type },
  { header: 'Action', cell: (event) => <span className="font-medium">{event.action}</span> },
  { header: 'Actor', cell: (event) => <span className="break-words">{actorName(event)}</span>, className: 'max-w-64' },
  { header: 'Attributes', cell: (event) => <span className="line-clamp-2 break-all font-mono text-xs text-slate-500 dark:text-slate-400">{attributesText(event)}</span>, className: 'max-w-xl' },
];

/** Live engine events: newest first, the last 1,000 kept, filterable, and pausable without losing what arrives. */
export function EventsPage() {
  const { log, streamError, clear: clearLog } = useEventLog();
  const [paused, setPaused] = useState(false);
  const [frozen, setFrozen] = useState<LoggedEvent[]>();
  const [filter, setFilter] = useState<EventFilter>({ type: '', action: '', name: '' });

  const togglePause = () => {
    setFrozen(paused ? undefined : log);
    setPaused(!paused);
  };

  const clear = () => {
    clearLog();
    if (frozen) setFrozen([]);
  };

  const shown = (frozen ?? log).filter((event) => matchesEventFilter(event, filter));
  const arrivedWhilePaused = frozen ? log.filter((event) => event.seq > (frozen[0]?.seq ?? 0)).length : 0;

  return (
    <>
      <PageHeader title="Events" subtitle={`${log.length} of the last ${EVENT_LOG_LIMIT.toLocaleString('en')} kept${paused ? ` · paused, ${arrivedWhilePaused} new` : ' · live'}`}>
        <button type="button" className={buttonClass} onClick={clear}>
          Clear
        </button>
        <button type="button" className={paused ? primaryButtonClass : buttonClass} onClick={togglePause} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
      </PageHeader>
      <Toolbar>
        <select aria-label="Event type" className={inlineSelectClass} value={filter.type} onChange={(event) => setFilter({ ...filter, type: event.target.value })}>
          <option value="">All types</option>
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        <SearchBox label="Action" value={filter.action} onChange={(action) => setFilter({ ...filter, action })} />
        <SearchBox label="Name or id" value={filter.name} onChange={(name) => setFilter({ ...filter, name })} />
      </Toolbar>
      {streamError ? <Notice tone="error">{streamError}</Notice> : null}
      {shown.length ? (
        <Table label="Engine events" columns={COLUMNS} rows={shown} rowKey={(event) => String(event.seq)} />
      ) : (
        <p className="px-6 py-8 text-center text-sm text-slate-500">
          {log.length ? 'No event matches the filter.' : 'Waiting for the engine to report something (start a container, pull an image…).'}
        </p>
      )}
    </>
  );
}
