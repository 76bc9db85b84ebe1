import type { DiskUsage, DiskUsageCategory } from '../../../../common/contract';
import { useLiveData } from '../../hooks/useLiveData';
import { formatBytes } from '../../lib/format';

const CATEGORIES: { key: keyof DiskUsage; label: string; active: string }[] = [
  { key: 'images', label: 'Images', active: 'in use' },
  { key: 'containers', label: 'Containers', active: 'running' },
  { key: 'volumes', label: 'Volumes', active: 'in use' },
  { key: 'buildCache', label: 'Build cache', active: 'in use' },
];

function Category({ label, active, usage }: { label: string; active: string; usage: DiskUsageCategory }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums">{formatBytes(usage.totalBytes)}</dd>
      <dd className="text-xs text-slate-500 dark:text-slate-400">
        {usage.count} total · {usage.active} {active} · {formatBytes(usage.reclaimableBytes)} reclaimable
      </dd>
    </div>
  );
}

/** Space used by images, containers, volumes and build cache (`docker system df`), read on demand: it can be slow. */
export function DiskUsageSummary() {
  const usage = useLiveData('system.diskUsage', {}, []);
  return (
    <section aria-label="Disk usage" className="mx-6 mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex items-center justify-between gap-3">
        <h2 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Disk usage</h2>
        <button
          type="button"
          onClick={usage.reload}
          disabled={usage.loading}
          className="rounded-md border border-slate-300 px-2.5 py-1 text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          {usage.loading ? 'Measuring…' : 'Measure again'}
        </button>
      </div>
      {usage.error && !usage.data ? (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          Could not measure disk usage: {usage.error.message}
        </p>
      ) : usage.data ? (
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          {CATEGORIES.map((category) => (
            <Category key={category.key} label={category.label} active={category.active} usage={usage.data![category.key]} />
          ))}
        </dl>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">Measuring…</p>
      )}
    </section>
  );
}
