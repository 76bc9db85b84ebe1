import { useState } from 'react';
import { buttonClass, inputClass } from '../../components/Modal';
import { containsMatch, JsonTree } from '../../components/containers/JsonTree';
import { ErrorNotice } from '../../components/ErrorNotice';
import { changesInspect } from '../../hooks/useContainerDetails';
import { useLiveData } from '../../hooks/useLiveData';

const FOLDED = 1;
const UNFOLDED = 99;

/** `docker inspect` as a collapsible, searchable tree, with the whole document one click from the clipboard. */
export function InspectTab({ containerId }: { containerId: string }) {
  const { data, error } = useLiveData('containers.inspectRaw', { id: containerId }, ['container'], (event) => event.actor.id === containerId && changesInspect(event));
  const [query, setQuery] = useState('');
  const [depth, setDepth] = useState({ value: FOLDED, generation: 0 });
  const [copyState, setCopyState] = useState<string>();

  if (error && !data) return <ErrorNotice error={error} what="the inspect data" />;
  if (!data) return <p className="p-6 text-sm text-slate-500">Loading…</p>;

  const copy = () =>
    void navigator.clipboard.writeText(JSON.stringify(data, null, 2)).then(
      () => setCopyState('Copied'),
      () => setCopyState('Copying was not allowed'),
    );
  const found = query.trim() !== '' && containsMatch('', data as never, query.trim().toLowerCase());

  return (
    <div className="p-6">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <input type="search" aria-label="Search the inspect data" placeholder="Search keys and values" className={`${inputClass} max-w-xs`} value={query} onChange={(e) => setQuery(e.target.value)} />
        {query.trim() && !found ? <span className="text-sm text-slate-500">No match</span> : null}
        <button type="button" className={buttonClass} onClick={() => setDepth((d) => ({ value: UNFOLDED, generation: d.generation + 1 }))}>
          Expand all
        </button>
        <button type="button" className={buttonClass} onClick={() => setDepth((d) => ({ value: FOLDED, generation: d.generation + 1 }))}>
          Collapse all
        </button>
        <button type="button" className={buttonClass} onClick={copy} onBlur={() => setCopyState(undefined)}>
          {copyState ?? 'Copy JSON'}
        </button>
      </div>
      <div className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
        <JsonTree key={depth.generation} value={data} query={query.trim()} defaultDepth={depth.value} />
      </div>
    </div>
  );
}
