/** A determinate progress bar; `fraction` is 0…1. */
export function ProgressBar({ fraction, label, tone = 'cyan' }: { fraction: number; label: string; tone?: 'cyan' | 'emerald' | 'rose' }) {
  const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  const color = { cyan: 'bg-cyan-500', emerald: 'bg-emerald-500', rose: 'bg-rose-500' }[tone];
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
      <div className={`h-full rounded-full ${color} transition-[width] duration-150`} style={{ width: `${percent}%` }} />
    </div>
  );
}
