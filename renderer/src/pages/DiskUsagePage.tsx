import { useState } from 'react';
import type { DiskUsage, DiskUsageItem } from '../../../common/contract';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { StatCard } from '../components/StatCard';
import { Table, type Column } from '../components/Table';
import { buttonClass, dangerButtonClass } from '../components/Modal';
import { CATEGORY_LABELS, DiskUsageChart } from '../components/system/DiskUsageChart';
import { PruneWizard } from '../components/system/PruneWizard';
import { useLiveData } from '../hooks/useLiveData';
import { formatBytes, formatRelative } from '../lib/format';

type Category = keyof DiskUsage;

const COLUMNS: Column<DiskUsageItem>[] = [
  { header: 'Name', cell: (item) => <span className="break-all font-medium">{item.name}</span>, className: 'max-w-96' },
  { header: 'Size', cell: (item) => <span className="tabular-nums">{formatBytes(item.sizeBytes)}</span> },
  { header: 'Reclaimable', cell: (item) => <span className="tabular-nums">{item.reclaimableBytes ? formatBytes(item.reclaimableBytes) : '—'}</span> },
  { header: 'State', cell: (item) => (item.inUse ? 'in use' : <span className="text-amber-700 dark:text-amber-300">unused</span>) },
  { header: 'Detail', cell: (item) => <span className="text-xs text-slate-600 dark:text-slate-400">{item.detail ?? ''}</span>, className: 'max-w-72' },
  { header: 'Created', cell: (item) => <span className="whitespace-nowrap text-slate-500">{item.created ? formatRelative(item.created) : '—'}</span> },
];

/** Where the engine's disk space goes, what could be reclaimed, and a guided clean-up. */
export function DiskUsagePage() {
  // `system df` is slow on big engines: loaded on open and on request, not on every engine event.
  const { data: usage, error, loading, reload } = useLiveData('system.diskUsage', {}, []);
  const [category, setCategory] = useState<Category>('images');
  const [wizard, setWizard] = useState(false);
  const categories = Object.keys(CATEGORY_LABELS) as Category[];
  const total = usage ? categories.reduce((sum, key) => sum + usage[key].totalBytes, 0) : 0;
  const reclaimable = usage ? categories.reduce((sum, key) => sum + usage[key].reclaimableBytes, 0) : 0;

  return (
    <>
      <PageHeader
        needsEngine
        title="Disk usage"
        subtitle={
          usage
            ? // As docker system df counts it, which is more than the clean-up's default steps remove (dangling images only): say so.
              `${formatBytes(total)} used, ${formatBytes(reclaimable)} reclaimable by removing every unused image (not only dangling ones), stopped container, unused volume and unused build cache`
            : undefined
        }
      >
        <button type="button" className={buttonClass} onClick={reload} disabled={loading}>
          {loading ? 'Measuring…' : 'Refresh'}
        </button>
        <button type="button" className={dangerButtonClass} onClick={() => setWizard(true)}>
          Clean up…
        </button>
      </PageHeader>
      {error && !usage ? <ErrorNotice error={error} what="disk usage" /> : null}
      {usage ? (
        <>
          <div className="grid gap-4 px-6 py-4 sm:grid-cols-2 xl:grid-cols-4">
            {categories.map((key) => (
              <button key={key} type="button" onClick={() => setCategory(key)} className={`rounded-lg text-left ring-cyan-500 ${key === category ? 'ring-2' : ''}`} aria-pressed={key === category}>
                <StatCard
                  label={CATEGORY_LABELS[key]}
                  value={formatBytes(usage[key].totalBytes)}
                  detail={`${usage[key].count} total, ${usage[key].active} in use · ${formatBytes(usage[key].reclaimableBytes)} reclaimable`}
                />
              </button>
            ))}
          </div>
          <div className="px-6 text-slate-500 dark:text-slate-400">
            <DiskUsageChart usage={usage} />
          </div>
          <h2 className="px-6 pt-4 pb-2 text-sm font-semibold">
            {CATEGORY_LABELS[category]} ({usage[category].count})
          </h2>
          {usage[category].items.length ? (
            <Table label={`${CATEGORY_LABELS[category]} by size`} columns={COLUMNS} rows={usage[category].items} rowKey={(item) => item.id} />
          ) : (
            <p className="px-6 pb-6 text-sm text-slate-500">None.</p>
          )}
        </>
      ) : null}
      {wizard ? (
        <PruneWizard
          onClose={() => {
            setWizard(false);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
