import type { VolumeEntry } from '../../../../common/contract';
import { ErrorNotice } from '../ErrorNotice';
import { Table, type Column } from '../Table';
import { useLiveData } from '../../hooks/useLiveData';
import { formatBytes, formatRelative } from '../../lib/format';
import { joinPath } from '../../lib/paths';
import { modeString } from '../../lib/file-mode';
import { smallButtonClass } from '../system/compact';
import { volumeHref } from './volume-routes';
import type { VolumeDownloadState } from './useVolumeDownload';


function Breadcrumbs({ volume, path }: { volume: string; path: string }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder" className="flex flex-wrap items-center gap-1 px-6 py-3 font-mono text-sm">
      <a href={volumeHref(volume, 'files', '/')} className="text-cyan-700 hover:underline dark:text-cyan-400">
        {volume}
      </a>
      {parts.map((part, index) => (
        <span key={index} className="flex items-center gap-1">
          <span className="text-slate-400">/</span>
          <a href={volumeHref(volume, 'files', `/${parts.slice(0, index + 1).join('/')}`)} className="text-cyan-700 hover:underline dark:text-cyan-400">
            {part}
          </a>
        </span>
      ))}
    </nav>
  );
}

/** Read-only file browser over a volume: folders open in place, files and folders download. */
export function VolumeBrowser({ volume, path, download }: { volume: string; path: string; download: VolumeDownloadState }) {
  const { data, error, loading } = useLiveData('volumes.browse', { name: volume, path }, []);
  const listing = data;

  const columns: Column<VolumeEntry>[] = [
    {
      header: 'Name',
      cell: (entry) =>
        entry.kind === 'directory' && listing ? (
          <a href={volumeHref(volume, 'files', joinPath(listing.path, entry.name))} className="font-medium text-cyan-700 hover:underline dark:text-cyan-400">
            {entry.name}/
          </a>
        ) : (
          <span className="font-medium">
            {entry.name}
            {entry.linkTarget ? <span className="font-normal text-slate-500"> → {entry.linkTarget}</span> : null}
          </span>
        ),
    },
    { header: 'Size', cell: (entry) => <span className="tabular-nums">{entry.kind === 'symlink' ? '—' : formatBytes(entry.sizeBytes)}</span> },
    { header: 'Modified', cell: (entry) => <span className="whitespace-nowrap text-slate-500">{entry.modified ? formatRelative(entry.modified) : '—'}</span> },
    { header: 'Mode', cell: (entry) => <span className="font-mono text-xs">{modeString(entry.mode, entry.kind)}</span> },
    {
      header: 'Download',
      className: 'text-right',
      cell: (entry) =>
        listing && (entry.kind === 'file' || entry.kind === 'directory') ? (
          <button
            type="button"
            className={smallButtonClass}
            disabled={download.running}
            aria-label={`Download ${entry.name}`}
            onClick={() => download.start(volume, joinPath(listing.path, entry.name), entry.kind === 'file' ? 'file' : 'tar.gz')}
          >
            {entry.kind === 'file' ? 'Download' : 'Download .tar.gz'}
          </button>
        ) : null,
    },
  ];

  return (
    <>
      <Breadcrumbs volume={volume} path={path} />
      {error ? <ErrorNotice error={error} what={`the folder ${path}`} /> : null}
      {!error && loading && !listing ? <p className="px-6 text-sm text-slate-500">Reading the volume…</p> : null}
      {listing && !error ? (
        listing.entries.length ? (
          <Table label="Files" columns={columns} rows={listing.entries} rowKey={(entry) => entry.name} />
        ) : (
          <p className="px-6 py-4 text-sm text-slate-500">This folder is empty.</p>
        )
      ) : null}
    </>
  );
}
