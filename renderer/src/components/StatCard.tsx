import type { ReactNode } from 'react';

export function StatCard({ label, value, detail, href }: { label: string; value: ReactNode; detail?: ReactNode; href?: string }) {
  const body = (
    <>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      {detail ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{detail}</p> : null}
    </>
  );
  const className = 'block rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900';
  return href ? (
    <a href={href} className={`${className} transition-colors hover:border-cyan-500`} aria-label={label}>
      {body}
    </a>
  ) : (
    <div className={className} aria-label={label}>
      {body}
    </div>
  );
}
