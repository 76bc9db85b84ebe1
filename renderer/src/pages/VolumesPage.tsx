import { useState } from 'react';
import type { VolumeSummary, VolumeUsage } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { RowMenu } from '../components/RowMenu';
import { Table, type Column } from '../components/Table';
import { buttonClass, dangerButtonClass, primaryButtonClass } from '../components/Modal';
import { smallButtonClass } from '../components/system/compact';
import { changesContainerSet } from '../components/system/engine-event-filters';
import { PruneDialog } from '../components/system/PruneDialog';
import { matchesSearch, sortRows } from '../components/system/sorting';
import { Checkbox, Notice, SearchBox, SortSelect, Toolbar } from '../components/system/Toolbar';
import { CreateVolumeDialog } from '../components/volumes/CreateVolumeDialog';
import { DownloadStatus } from '../components/volumes/DownloadStatus';
import { ImportVolumeDialog } from '../components/volumes/ImportVolumeDialog';
import { RemoveVolumeDialog } from '../components/volumes/RemoveVolumeDialog';
import { useVolumeDownload } from '../components/volumes/useVolumeDownload';
import { volumeHref } from '../components/volumes/volume-routes';
import { useLiveData } from '../hooks/useLiveData';
import { formatBytes, formatRelative } from '../lib/format';
import { plural } from '../lib/plural';

/** Row buttons the ⋮ menu also has: hidden on a narrow list (written out whole for Tailwind). */
const NARROW_HIDDEN = '@max-[60rem]:hidden';

const SORTS = { name: 'Name', size: 'Size', created: 'Created', driver: 'Driver', users: 'Containers' } as const;
type SortKey = keyof typeof SORTS;

type Dialog = { kind: 'create' } | { kind: 'import' } | { kind: 'prune' } | { kind: 'remove'; volume: VolumeSummary };

/** Sizes come from `system df`, which is slow on big engines, so they load only when asked for. */
function useVolumeSizes() {
  const [sizes, setSizes] = useState<Map<string, number>>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const load = () => {
    setLoading(true);
    setError(undefined);
    api.call('volumes.usage', {}).then(
      (usage: VolumeUsage[]) => {
        setSizes(new Map(usage.map((entry) => [entry.name, entry.sizeBytes])));
        setLoading(false);
      },
      (err: ApiError) => {
        setError(err);
        setLoading(false);
      },
    );
  };
  return { sizes, loading, error, load };
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (!entries.length) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {entries.slice(0, 3).map(([key, value]) => (
        <li key={key} className="max-w-56 truncate" title={`${key}=${value}`}>
          {key}={value}
        </li>
      ))}
      {entries.length > 3 ? <li className="text-slate-500">+{entries.length - 3} more</li> : null}
    </ul>
  );
}

export function VolumesPage() {
  const { data, error, reload } = useLiveData('volumes.list', {}, ['volume', 'container'], (event) => event.type === 'volume' || changesContainerSet(event));
  const sizes = useVolumeSizes();
  const download = useVolumeDownload();
  const [search, setSearch] = useState('');
  const [unusedOnly, setUnusedOnly] = useState(false);
  const [sort, setSort] = useState<SortKey>('name');
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState<string>();

  const all = data ?? [];
  const visible = sortRows(
    all.filter((volume) => (!unusedOnly || volume.usedBy.length === 0) && matchesSearch(search, [volume.name, volume.driver, ...Object.entries(volume.labels).map(([k, v]) => `${k}=${v}`), ...volume.usedBy.map((user) => user.name)])),
    sort,
    {
      name: (volume) => volume.name,
      size: (volume) => sizes.sizes?.get(volume.name) ?? -1,
      created: (volume) => (volume.createdAt ? Date.parse(volume.createdAt) : 0),
      driver: (volume) => volume.driver,
      users: (volume) => volume.usedBy.length,
    },
  );

  const columns: Column<VolumeSummary>[] = [
    {
      header: 'Name',
      cell: (volume) => (
        <div>
          <a href={volumeHref(volume.name)} className="break-words font-medium text-cyan-700 hover:underline dark:text-cyan-400">
            {volume.name}
          </a>
          <div className="text-xs text-slate-500 dark:text-slate-400">{volume.createdAt ? `created ${formatRelative(Date.parse(volume.createdAt))}` : 'creation time unknown'}</div>
        </div>
      ),
      className: 'min-w-40 max-w-72',
    },
    { header: 'Driver', cell: (volume) => volume.driver, folds: true },
    {
      header: 'Mountpoint',
      cell: (volume) => (
        <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400" title={volume.mountpoint}>
          {volume.mountpoint}
        </span>
      ),
      className: 'max-w-40',
      folds: true,
    },
    {
      header: 'Size',
      cell: (volume) => {
        const size = sizes.sizes?.get(volume.name);
        return <span className="whitespace-nowrap tabular-nums">{size === undefined ? <span className="text-slate-400">—</span> : size < 0 ? 'unknown' : formatBytes(size)}</span>;
      },
    },
    {
      header: 'Used by',
      cell: (volume) =>
        volume.usedBy.length ? (
          <span className="text-xs">{volume.usedBy.map((user) => user.name).join(', ')}</span>
        ) : (
          <span className="rounded bg-slate-200 px-1.5 py-0.5 text-[11px] font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300">unused</span>
        ),
      className: 'max-w-56',
    },
    { header: 'Labels', cell: (volume) => <Labels labels={volume.labels} />, folds: true },
    {
      header: 'Actions',
      className: 'text-right whitespace-nowrap',
      cell: (volume) => (
        <span className="inline-flex items-center gap-2">
          {/* On a narrow list only the ⋮ menu stays; it has these and more at every width. */}
          <button type="button" className={`${smallButtonClass} ${NARROW_HIDDEN}`} disabled={download.running} onClick={() => download.start(volume.name, '/', 'tar.gz')} aria-label={`Export ${volume.name}`}>
            Export
          </button>
          <button type="button" className={`${smallButtonClass} ${NARROW_HIDDEN}`} onClick={() => setDialog({ kind: 'remove', volume })} aria-label={`Delete ${volume.name}`}>
            Delete
          </button>
          <RowMenu
            label={`More actions for ${volume.name}`}
            items={[
              { label: 'Open', href: volumeHref(volume.name) },
              { label: 'Browse files', href: volumeHref(volume.name, 'files') },
              { label: 'Export .tar.gz', onSelect: () => download.start(volume.name, '/', 'tar.gz'), disabled: download.running },
              { label: 'Copy name', onSelect: () => void navigator.clipboard?.writeText(volume.name) },
              { label: 'Inspect', href: volumeHref(volume.name, 'inspect') },
              { label: 'Remove…', onSelect: () => setDialog({ kind: 'remove', volume }), danger: true },
            ]}
          />
        </span>
      ),
    },
  ];

  const close = (message?: string) => {
    setDialog(undefined);
    if (message) setNotice(message);
    reload();
  };

  return (
    <>
      <PageHeader needsEngine title="Volumes" subtitle={data ? `${plural(all.length, 'volume')}, ${all.filter((volume) => !volume.usedBy.length).length} unused` : undefined}>
        <button type="button" className={buttonClass} onClick={() => setDialog({ kind: 'import' })}>
          Import…
        </button>
        <button type="button" className={dangerButtonClass} onClick={() => setDialog({ kind: 'prune' })}>
          Prune unused…
        </button>
        <button type="button" className={primaryButtonClass} onClick={() => setDialog({ kind: 'create' })}>
          Create volume
        </button>
      </PageHeader>
      <Toolbar>
        <SearchBox label="Search volumes" value={search} onChange={setSearch} />
        <Checkbox checked={unusedOnly} onChange={setUnusedOnly}>
          Unused only
        </Checkbox>
        <SortSelect<SortKey> value={sort} options={SORTS} onChange={setSort} />
        <button type="button" className={buttonClass} onClick={sizes.load} disabled={sizes.loading}>
          {sizes.loading ? 'Measuring…' : sizes.sizes ? 'Refresh sizes' : 'Show sizes'}
        </button>
        {sizes.error ? <span className="text-rose-700 dark:text-rose-300">Sizes unavailable: {sizes.error.message}</span> : null}
      </Toolbar>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <DownloadStatus download={download} />
      {error && !data ? <ErrorNotice error={error} what="volumes" /> : null}
      {data && all.length === 0 ? (
        <EmptyState title="No volumes">Create one here, or import an exported .tar.gz. Volumes that containers create show up here too.</EmptyState>
      ) : data && visible.length === 0 ? (
        <EmptyState title="No volume matches">Clear the search or the "Unused only" filter.</EmptyState>
      ) : (
        <Table label="Volumes" columns={columns} rows={visible} rowKey={(volume) => volume.name} onRowClick={(volume) => (window.location.hash = volumeHref(volume.name))} />
      )}
      {dialog?.kind === 'create' ? <CreateVolumeDialog onClose={() => close()} onCreated={(name) => close(`Created volume ${name}.`)} /> : null}
      {dialog?.kind === 'import' ? <ImportVolumeDialog volumes={all} onClose={() => close()} onImported={(name) => close(`Imported into volume ${name}.`)} /> : null}
      {dialog?.kind === 'prune' ? <PruneDialog step="volumes" noun={{ one: 'unused volume', many: 'unused volumes' }} onClose={() => close()} /> : null}
      {dialog?.kind === 'remove' ? (
        <RemoveVolumeDialog volume={dialog.volume} onClose={() => close()} onRemoved={() => close(`Deleted volume ${dialog.volume.name}.`)} />
      ) : null}
    </>
  );
}
