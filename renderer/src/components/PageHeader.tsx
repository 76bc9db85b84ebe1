import type { ReactNode } from 'react';
import { useEngineUnreachable } from '../hooks/useEngineStatus';

/**
 * A page's title, a one-line summary, and its actions. With `needsEngine`, the actions are disabled while the
 * engine cannot be reached, and a summary that has not loaded says why instead of "Loading…" forever.
 */
export function PageHeader({ title, subtitle, children, needsEngine }: { title: string; subtitle?: ReactNode; children?: ReactNode; needsEngine?: boolean }) {
  const unreachable = useEngineUnreachable() && Boolean(needsEngine);
  const summary = subtitle ?? (needsEngine ? (unreachable ? 'Nothing to show: the engine cannot be reached.' : 'Loading…') : undefined);
  return (
    <header className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 px-6 py-4 dark:border-slate-800">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {summary ? <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">{summary}</p> : null}
      </div>
      {children ? (
        // A disabled fieldset disables every control inside it: one switch for all of the page's actions.
        <fieldset disabled={unreachable} title={unreachable ? 'Needs the engine, which cannot be reached' : undefined} className="flex min-w-0 items-center gap-2">
          {children}
        </fieldset>
      ) : null}
    </header>
  );
}
