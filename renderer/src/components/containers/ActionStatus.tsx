import type { ActionRunner } from './useActionRunner';

/** Progress of running actions, and what failed with the engine's reason. */
export function ActionStatus({ runner }: { runner: ActionRunner }) {
  const { progress, report, dismiss } = runner;
  if (!progress && !report) return null;
  return (
    <div className="space-y-2 px-6 pt-3">
      {progress ? (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
          <span className="h-3 w-3 animate-spin rounded-full border-2 border-cyan-600 border-t-transparent" aria-hidden="true" />
          {progress}
        </p>
      ) : null}
      {report ? (
        <div role="alert" className="flex items-start justify-between gap-4 rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          <div className="min-w-0">
            <p className="font-semibold">{report.title}</p>
            <ul className="mt-1 space-y-0.5">
              {report.failures.map((failure, index) => (
                <li key={index} className="break-words">
                  {report.failures.length > 1 ? <span className="font-medium">{failure.name}: </span> : null}
                  {failure.message}
                </li>
              ))}
            </ul>
          </div>
          <button type="button" onClick={dismiss} className="shrink-0 rounded px-2 py-0.5 text-xs font-medium hover:bg-rose-100 dark:hover:bg-rose-900">
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
