const STYLES: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  paused: 'bg-amber-100 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200',
  restarting: 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200',
  created: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  exited: 'bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  dead: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
  removing: 'bg-rose-100 text-rose-800 dark:bg-rose-900/60 dark:text-rose-200',
};

export function StateBadge({ state }: { state: string }) {
  return (
    <span data-state={state} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[state] ?? STYLES.created}`}>
      {state}
    </span>
  );
}
