import type { ReactNode } from 'react';

/** A titled panel of the Engine page. */
export function Card({ title, actions, children, className = '', label }: { title: string; actions?: ReactNode; children: ReactNode; className?: string; label?: string }) {
  return (
    <section aria-label={label ?? title} className={`rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A one-line failure of an action, shown next to the control that caused it. */
export function ActionError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-3 rounded-md border border-rose-300 bg-rose-50 p-2 text-sm break-words text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
      {message}
    </p>
  );
}
