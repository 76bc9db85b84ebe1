import { useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../common/errors';
import { buttonClass } from '../Modal';
import { ErrorNotice } from '../ErrorNotice';

/** An object's engine JSON (docker inspect), loaded on mount, with a copy button. */
export function JsonView({ load, what }: { load(): Promise<unknown>; what: string }) {
  const [json, setJson] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [copied, setCopied] = useState(false);
  // Loaded once per mount: callers key this view by the object it shows.
  const loadRef = useRef(load);
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (value) => live && setJson(JSON.stringify(value, null, 2)),
      (err: ApiError) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) return <ErrorNotice error={error} what={what} />;
  if (json === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>;
  return (
    <div className="relative px-6 py-4">
      <button
        type="button"
        className={`${buttonClass} absolute right-8 top-6`}
        onClick={() => void navigator.clipboard?.writeText(json).then(() => setCopied(true), () => setCopied(false))}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <pre aria-label={`${what} JSON`} className="overflow-auto rounded-md border border-slate-200 bg-white p-4 font-mono text-xs leading-relaxed dark:border-slate-800 dark:bg-slate-900">
        {json}
      </pre>
    </div>
  );
}
