import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../common/errors';
import { ErrorNotice } from '../ErrorNotice';
import { InspectTree } from '../InspectTree';

/** An object's engine JSON (docker inspect), loaded on mount, as the same searchable tree the container's Inspect tab shows. */
export function JsonView({ load, what }: { load(): Promise<unknown>; what: string }) {
  const [data, setData] = useState<Record<string, unknown>>();
  const [error, setError] = useState<ApiError>();
  // Loaded once per mount: callers key this view by the object it shows.
  const loadRef = useRef(load);
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (value) => live && setData(value as Record<string, unknown>),
      (err: ApiError) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <ErrorNotice error={error} what={what} />;
  if (data === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>;
  return (
    <div className="px-6 py-4">
      <InspectTree data={data} />
    </div>
  );
}
