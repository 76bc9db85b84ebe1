import { useEffect, useRef, useState } from 'react';
import type { VolumeEntry } from '../../../../common/contract';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../../common/contract/containers';
import { api } from '../../api/client';
import { sendInChunks } from '../../lib/files';
import { primaryButtonClass } from '../Modal';
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

/** Uploads a file into a folder of the volume, in chunks as into a container; a failure cancels it, leaving nothing half-written. */
async function uploadToVolume(volume: string, folder: string, file: File, onProgress: (sentBytes: number) => void): Promise<void> {
  const { uploadId } = await api.call('volumes.uploadBegin', { name: volume, directory: folder, fileName: file.name, sizeBytes: file.size });
  await sendInChunks(
    file,
    UPLOAD_CHUNK_BYTES,
    {
      chunk: (dataBase64) => api.call('volumes.uploadChunk', { uploadId, dataBase64 }),
      finish: () => api.call('volumes.uploadFinish', { uploadId }),
      cancel: () => api.call('volumes.uploadCancel', { uploadId }),
    },
    onProgress,
  );
}

/** File browser over a volume: folders open in place, files and folders download, a file uploads into the folder shown. */
export function VolumeBrowser({ volume, path, download }: { volume: string; path: string; download: VolumeDownloadState }) {
  const { data, error, loading, reload } = useLiveData('volumes.browse', { name: volume, path }, []);
  const listing = data;
  const uploadRef = useRef<HTMLInputElement>(null);
  const [uploadState, setUploadState] = useState<{ tone: 'busy' | 'done' | 'error'; text: string }>();
  // A note about an upload is about the folder it went to.
  useEffect(() => setUploadState(undefined), [path]);
  const onUpload = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) return setUploadState({ tone: 'error', text: `${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded.` });
    // The folder on screen (its breadcrumbs), even while its listing is still loading.
    const folder = path;
    setUploadState({ tone: 'busy', text: `Uploading ${file.name}…` });
    uploadToVolume(volume, folder, file, (sent) => setUploadState({ tone: 'busy', text: `Uploading ${file.name}… ${Math.round((sent / Math.max(1, file.size)) * 100)}%` })).then(
      () => {
        setUploadState({ tone: 'done', text: `Uploaded ${file.name} to ${folder}.` });
        reload();
      },
      (err: Error) => setUploadState({ tone: 'error', text: err.message }),
    );
  };

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
      <div className="flex flex-wrap items-center justify-between gap-2 pr-6">
        <Breadcrumbs volume={volume} path={path} />
        <button type="button" className={primaryButtonClass} disabled={uploadState?.tone === 'busy'} onClick={() => uploadRef.current?.click()}>
          Upload a file here
        </button>
        <input
          ref={uploadRef}
          type="file"
          aria-label="File to upload"
          className="hidden"
          onChange={(e) => {
            onUpload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {uploadState ? (
        <p role={uploadState.tone === 'error' ? 'alert' : 'status'} className={`px-6 pb-2 text-sm ${uploadState.tone === 'error' ? 'text-rose-700 dark:text-rose-300' : uploadState.tone === 'done' ? 'text-emerald-700 dark:text-emerald-300' : 'text-slate-500'}`}>
          {uploadState.text}
        </p>
      ) : null}
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
