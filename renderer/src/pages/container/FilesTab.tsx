import { useCallback, useEffect, useRef, useState } from 'react';
import type { DirectoryListing, FileEntry } from '../../../../common/contract';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../../common/contract/containers';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { buttonClass, Modal, primaryButtonClass } from '../../components/Modal';
import { base64ToBytes, saveBlob, sendInChunks } from '../../lib/files';
import { formatBytes, formatRelative } from '../../lib/format';
import { joinPath, parentOf, resolveLink } from '../../lib/paths';
import { modeString } from '../../lib/file-mode';

/** Uploads a file into a folder of the container; a failure cancels the upload so nothing half-written is left. */
async function upload(containerId: string, folder: string, file: File, onProgress: (sentBytes: number) => void): Promise<void> {
  const { uploadId } = await api.call('containers.uploadBegin', { id: containerId, directory: folder, fileName: file.name, sizeBytes: file.size });
  await sendInChunks(
    file,
    UPLOAD_CHUNK_BYTES,
    {
      chunk: (dataBase64) => api.call('containers.uploadChunk', { uploadId, dataBase64 }),
      finish: () => api.call('containers.uploadFinish', { uploadId }),
      cancel: () => api.call('containers.uploadCancel', { uploadId }),
    },
    onProgress,
  );
}

/** Text files up to this size open in the viewer; larger ones are downloaded. */
export const VIEWABLE_BYTES = 512 * 1024;

/** Streams a file (or a folder as tar) from the container and hands it to the browser as a download. */
async function download(containerId: string, path: string): Promise<string> {
  const file = await fetchFile(containerId, path);
  saveBlob(new Blob(file.parts, { type: file.contentType }), file.fileName);
  return file.fileName;
}

/** A file's text, or why it is not shown as text (binary). */
async function readText(containerId: string, path: string): Promise<{ text: string } | { binary: true }> {
  const file = await fetchFile(containerId, path);
  const bytes = new Uint8Array(await new Blob(file.parts).arrayBuffer());
  if (bytes.includes(0)) return { binary: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { binary: true };
  }
}

function fetchFile(containerId: string, path: string): Promise<{ fileName: string; contentType: string; parts: BlobPart[] }> {
  return new Promise((resolve, reject) => {
    const parts: BlobPart[] = [];
    let fileName = 'download';
    let contentType = 'application/octet-stream';
    api.subscribe('containers.download', { id: containerId, path }, {
      onEvent: (event) => {
        if (event.type === 'start') {
          fileName = event.fileName;
          contentType = event.contentType;
        } else if (event.type === 'chunk') {
          parts.push(base64ToBytes(event.data));
        }
      },
      onEnd: (error) => {
        if (error) return reject(error);
        resolve({ fileName, contentType, parts });
      },
    });
  });
}

function Breadcrumbs({ path, onOpen }: { path: string; onOpen(path: string): void }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder" className="flex flex-wrap items-center gap-1 font-mono text-sm">
      <button type="button" className="rounded px-1 hover:bg-slate-200 dark:hover:bg-slate-800" onClick={() => onOpen('/')}>
        /
      </button>
      {parts.map((part, i) => {
        const target = `/${parts.slice(0, i + 1).join('/')}`;
        return (
          <span key={target} className="flex items-center gap-1">
            {i > 0 ? <span className="text-slate-400">/</span> : null}
            <button type="button" className="rounded px-1 hover:bg-slate-200 dark:hover:bg-slate-800" onClick={() => onOpen(target)}>
              {part}
            </button>
          </span>
        );
      })}
    </nav>
  );
}

const ENTRY_ICONS: Record<FileEntry['type'], string> = {
  directory: 'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  symlink: 'M4 12h12M12 8l4 4-4 4M20 5v14',
  other: 'M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16z',
};

function EntryName({ entry, onOpen }: { entry: FileEntry; onOpen(): void }) {
  const text = (
    <span className="inline-flex items-center gap-2">
      <svg viewBox="0 0 24 24" className={`h-4 w-4 shrink-0 ${entry.type === 'directory' ? 'text-cyan-600 dark:text-cyan-400' : 'text-slate-400'}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" aria-hidden="true">
        <path d={ENTRY_ICONS[entry.type]} />
      </svg>
      <span>
        {entry.name}
        {entry.linkTarget ? <span className="text-slate-500"> → {entry.linkTarget}</span> : null}
      </span>
    </span>
  );
  return entry.type === 'directory' || (entry.type === 'symlink' && entry.linkTarget) ? (
    <button type="button" onClick={onOpen} className="text-left font-medium hover:text-cyan-700 hover:underline dark:hover:text-cyan-300">
      {text}
    </button>
  ) : (
    text
  );
}

/** Browses the container's filesystem through the archive API: open folders, download files or folders, upload into a folder. */
export function FilesTab({ containerId }: { containerId: string }) {
  const [path, setPath] = useState('/');
  const [listing, setListing] = useState<DirectoryListing>();
  const [error, setError] = useState<ApiError | Error>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const uploadRef = useRef<HTMLInputElement>(null);
  const generation = useRef(0);

  const load = useCallback(
    (target: string) => {
      const mine = ++generation.current;
      setError(undefined);
      // A note about the last download or upload is about another folder: it goes with the folder.
      setNotice(undefined);
      api.call('containers.listFiles', { id: containerId, path: target }).then(
        (result) => {
          if (mine !== generation.current) return;
          setListing(result);
          setPath(result.path);
        },
        (err: ApiError) => {
          if (mine === generation.current) setError(err);
        },
      );
    },
    [containerId],
  );
  useEffect(() => load('/'), [load]);

  const run = async (label: string, work: () => Promise<string>) => {
    setBusy(label);
    setNotice(undefined);
    setError(undefined);
    try {
      setNotice(await work());
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(undefined);
    }
  };

  const [viewing, setViewing] = useState<{ path: string; text: string }>();
  const onView = (target: string) =>
    void run(`Opening ${target}…`, async () => {
      const read = await readText(containerId, target);
      if ('binary' in read) return `${target} is not a text file: download it to open it with another program.`;
      setViewing({ path: target, text: read.text });
      return '';
    });

  const onDownload = (target: string) => void run(`Downloading ${target}…`, async () => `Downloaded ${await download(containerId, target)}.`);

  const onUpload = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(new Error(`${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded.`));
      return;
    }
    const folder = path;
    void run(`Uploading ${file.name}…`, async () => {
      await upload(containerId, folder, file, (sentBytes) => setBusy(`Uploading ${file.name}… ${Math.round((sentBytes / file.size) * 100)}%`));
      load(folder);
      return `Uploaded ${file.name} to ${folder}.`;
    });
  };

  return (
    <div className="space-y-3 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Breadcrumbs path={path} onOpen={load} />
        <div className="flex gap-2">
          <button type="button" className={buttonClass} onClick={() => load(path)}>
            Refresh
          </button>
          <button type="button" className={buttonClass} onClick={() => onDownload(path)} disabled={Boolean(busy)}>
            Download folder (tar)
          </button>
          <button type="button" className={primaryButtonClass} onClick={() => uploadRef.current?.click()} disabled={Boolean(busy)}>
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
      </div>
      {busy ? (
        <p role="status" className="text-sm text-slate-500">
          {busy}
        </p>
      ) : notice ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          {error.message}
        </p>
      ) : null}
      {listing?.truncated ? <p className="text-sm text-amber-700 dark:text-amber-300">This folder is very large; only part of it was read.</p> : null}
      {listing ? (
        <table aria-label="Files" className="w-full border-collapse text-left text-sm">
          <thead className="text-xs tracking-wide text-slate-500 uppercase dark:text-slate-400">
            <tr>
              <th className="border-b border-slate-200 py-2 font-medium dark:border-slate-800">Name</th>
              <th className="border-b border-slate-200 py-2 text-right font-medium dark:border-slate-800">Size</th>
              <th className="border-b border-slate-200 py-2 pl-6 font-medium dark:border-slate-800">Modified</th>
              <th className="border-b border-slate-200 py-2 font-medium dark:border-slate-800">Mode</th>
              <th className="border-b border-slate-200 py-2 dark:border-slate-800">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.path !== '/' ? (
              <tr className="border-b border-slate-100 dark:border-slate-900">
                <td colSpan={5} className="py-1.5">
                  <button type="button" className="font-medium hover:underline" onClick={() => load(parentOf(listing.path))}>
                    ↑ ..
                  </button>
                </td>
              </tr>
            ) : null}
            {listing.entries.map((entry) => (
              <tr key={entry.name} data-file={entry.name} className="border-b border-slate-100 hover:bg-slate-100/70 dark:border-slate-900 dark:hover:bg-slate-900/70">
                <td className="py-1.5 break-all">
                  <EntryName
                    entry={entry}
                    onOpen={() => load(entry.type === 'symlink' && entry.linkTarget ? resolveLink(listing.path, entry.linkTarget) : joinPath(listing.path, entry.name))}
                  />
                </td>
                <td className="py-1.5 text-right tabular-nums text-slate-600 dark:text-slate-300">{entry.type === 'symlink' ? '' : formatBytes(entry.sizeBytes)}</td>
                <td className="py-1.5 pl-6 whitespace-nowrap text-slate-500 dark:text-slate-400">{entry.modified ? formatRelative(entry.modified) : '—'}</td>
                <td className="py-1.5 font-mono text-xs">{modeString(entry.mode, entry.type)}</td>
                <td className="py-1.5 text-right">
                  {entry.type === 'file' && entry.sizeBytes <= VIEWABLE_BYTES ? (
                    <button type="button" className="mr-3 text-xs font-medium text-cyan-700 hover:underline disabled:opacity-50 dark:text-cyan-400" disabled={Boolean(busy)} onClick={() => onView(joinPath(listing.path, entry.name))} aria-label={`View ${entry.name}`}>
                      View
                    </button>
                  ) : null}
                  {entry.type === 'file' || entry.type === 'directory' ? (
                    <button type="button" className="text-xs font-medium text-cyan-700 hover:underline disabled:opacity-50 dark:text-cyan-400" disabled={Boolean(busy)} onClick={() => onDownload(joinPath(listing.path, entry.name))} aria-label={`Download ${entry.name}`}>
                      Download
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : error ? null : (
        <p className="text-sm text-slate-500">Loading…</p>
      )}
      {listing && listing.entries.length === 0 ? <p className="text-sm text-slate-500">This folder is empty.</p> : null}
      {viewing ? (
        <Modal title={viewing.path} submitLabel="Close" onSubmit={() => setViewing(undefined)} onClose={() => setViewing(undefined)} wide>
          <pre aria-label={`Contents of ${viewing.path}`} className="max-h-[60vh] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all dark:border-slate-800 dark:bg-slate-950">
            {viewing.text}
          </pre>
        </Modal>
      ) : null}
    </div>
  );
}
