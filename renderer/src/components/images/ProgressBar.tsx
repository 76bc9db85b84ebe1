import { formatBytes } from '../../lib/format';

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

/** A byte count's progress: the bar, and "<done> of <total> <verb>" under it. */
export function ByteProgress({ done, total, verb, label }: { done: number; total: number; verb: string; label: string }) {
  return (
    <div className="space-y-1">
      <ProgressBar fraction={total ? done / total : 0} label={label} />
      <p className="text-xs tabular-nums text-slate-500">
        {formatBytes(done)} of {formatBytes(total)} {verb}
      </p>
    </div>
  );
}
