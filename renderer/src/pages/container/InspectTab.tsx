import { InspectTree } from '../../components/InspectTree';
import { ErrorNotice } from '../../components/ErrorNotice';
import { changesInspect } from '../../hooks/useContainerDetails';
import { useLiveData } from '../../hooks/useLiveData';

/** `docker inspect` as a collapsible, searchable tree, with the whole document one click from the clipboard. */
export function InspectTab({ containerId }: { containerId: string }) {
  const { data, error } = useLiveData('containers.inspectRaw', { id: containerId }, ['container'], (event) => event.actor.id === containerId && changesInspect(event));
  if (error && !data) return <ErrorNotice error={error} what="the inspect data" />;
  if (!data) return <p className="p-6 text-sm text-slate-500">Loading…</p>;
  return (
    <div className="p-6">
      <InspectTree data={data} />
    </div>
  );
}
