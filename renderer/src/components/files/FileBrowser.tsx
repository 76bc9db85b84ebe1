import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_UPLOAD_BYTES } from '../../../../common/contract/containers';
import { modeString } from '../../lib/file-mode';
import { formatBytes, formatRelative } from '../../lib/format';
import { joinPath, parentOf, resolveLink } from '../../lib/paths';
import { buttonClass, Modal, primaryButtonClass } from '../Modal';
import type { FileItem, FileSource, FolderListing } from './file-source';

/** Text files up to this size open in the viewer; larger ones are downloaded. */
export const VIEWABLE_BYTES = 512 * 1024;

const linkClass = 'rounded px-1 text-cyan-700 hover:bg-slate-200 hover:underline dark:text-cyan-400 dark:hover:bg-slate-800';
const rowButtonClass = 'text-xs font-medium text-cyan-700 hover:underline disabled:opacity-50 dark:text-cyan-400';

/** A folder as a link when folders have addresses, else a button that opens it in place. */
function FolderLink({ source, path, onOpen, className, children }: { source: FileSource; path: string; onOpen(path: string): void; className: string; children: React.ReactNode }) {
  return source.folderHref ? (
    <a href={source.folderHref(path)} className={className}>
      {children}
    </a>
  ) : (
    <button type="button" className={className} onClick={() => onOpen(path)}>
      {children}
    </button>
  );
}

function Breadcrumbs({ source, path, onOpen }: { source: FileSource; path: string; onOpen(path: string): void }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder" className="flex min-w-0 flex-wrap items-center gap-1 font-mono text-sm">
      <FolderLink source={source} path="/" onOpen={onOpen} className={linkClass}>
        {source.rootLabel}
      </FolderLink>
      {parts.map((part, i) => {
        const target = `/${parts.slice(0, i + 1).join('/')}`;
        return (
          <span key={target} className="flex items-center gap-1">
            {i > 0 || source.rootLabel !== '/' ? <span className="text-slate-400">/</span> : null}
            <FolderLink source={source} path={target} onOpen={onOpen} className={linkClass}>
              {part}
            </FolderLink>
          </span>
        );
      })}
    </nav>
  );
}

const ENTRY_ICONS: Record<FileItem['kind'], string> = {
  directory: 'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  symlink: 'M4 12h12M12 8l4 4-4 4M20 5v14',
  other: 'M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16z',
};

function EntryName({ source, entry, folder, onOpen }: { source: FileSource; entry: FileItem; folder: string; onOpen(path: string): void }) {
  const text = (
    <span className="inline-flex items-center gap-2">
      <svg viewBox="0 0 24 24" className={`h-4 w-4 shrink-0 ${entry.kind === 'directory' ? 'text-cyan-600 dark:text-cyan-400' : 'text-slate-400'}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" aria-hidden="true">
        <path d={ENTRY_ICONS[entry.kind]} />
      </svg>
      <span>
        {entry.name}
        {entry.linkTarget ? <span className="text-slate-500"> → {entry.linkTarget}</span> : null}
      </span>
    </span>
  );
  const target =
    entry.kind === 'directory' ? joinPath(folder, entry.name) : entry.kind === 'symlink' && entry.linkTarget && source.followsLinks ? resolveLink(folder, entry.linkTarget) : undefined;
  return target ? (
    <FolderLink source={source} path={target} onOpen={onOpen} className="text-left font-medium hover:text-cyan-700 hover:underline dark:hover:text-cyan-300">
      {text}
    </FolderLink>
  ) : (
    text
  );
}

/** The text of a file, or undefined when it is not text (a NUL byte, or not UTF-8). */
async function textOf(blob: Blob): Promise<string | undefined> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const percent = (sent: number, total: number | undefined) => (total ? ` ${Math.min(100, Math.round((sent / Math.max(1, total)) * 100))}%` : ` ${formatBytes(sent)}`);

/**
 * Browses a container's filesystem or a volume (the `source` says which): folders open, files and folders download,
 * small text files open in a viewer, a file uploads into the folder on screen. A note about the last download or
 * upload goes with the folder it was about; a folder that cannot be opened says why and leaves the last one listed.
 */
export function FileBrowser({ source, path: requested = '/' }: { source: FileSource; path?: string }) {
  // Without addresses the folder to show is kept here; with them it is the page's (the route's) path.
  const [opened, setOpened] = useState('/');
  const wanted = source.folderHref ? requested : opened;
  const [listing, setListing] = useState<FolderListing>();
  const [error, setError] = useState<Error>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [viewing, setViewing] = useState<{ path: string; text: string }>();
  const uploadRef = useRef<HTMLInputElement>(null);
  const generation = useRef(0);
  const running = useRef<AbortController>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const load = useCallback(
    (target: string) => {
      const mine = ++generation.current;
      setError(undefined);
      setNotice(undefined);
      source.list(target).then(
        (result) => {
          if (mine === generation.current) setListing(result);
        },
        (err: Error) => {
          if (mine === generation.current) setError(err);
        },
      );
    },
    [source],
  );
  useEffect(() => load(wanted), [load, wanted]);

  const open = (target: string) => {
    // Opening the folder already asked for again (after its error, say) reads it again.
    if (target === opened) load(target);
    else setOpened(target);
  };
  // The folder on screen: the route's when folders have addresses; else the last one listed (a folder that could not
  // be opened leaves the one before it, listed and named, under the error).
  const shown = source.folderHref ? wanted : (listing?.path ?? wanted);
  const stale = listing !== undefined && listing.path !== shown;

  const run = async (label: string, work: (signal: AbortSignal) => Promise<string>) => {
    const controller = new AbortController();
    running.current = controller;
    setBusy(label);
    setNotice(undefined);
    setError(undefined);
    try {
      const note = await work(controller.signal);
      if (!controller.signal.aborted) setNotice(note);
    } catch (err) {
      if (!controller.signal.aborted) setError(err as Error);
    } finally {
      if (running.current === controller) {
        running.current = undefined;
        setBusy(undefined);
      }
    }
  };

  const onView = (target: string) =>
    void run(`Opening ${target}…`, async () => {
      const text = await textOf(await source.read(target));
      if (text === undefined) return `${target} is not a text file: download it to open it with another program.`;
      setViewing({ path: target, text });
      return '';
    });

  const onDownload = (target: string, kind: 'file' | 'directory') => {
    const label = `Downloading ${target}…`;
    void run(label, async (signal) => `Downloaded ${await source.download(target, kind, (sent, total) => setBusy(label + percent(sent, total)), signal)}.`);
  };

  const onUpload = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(new Error(`${file.name} is ${formatBytes(file.size)}; files up to ${formatBytes(MAX_UPLOAD_BYTES)} can be uploaded.`));
      return;
    }
    // The folder on screen, even while its listing is still loading.
    const folder = shown;
    const label = `Uploading ${file.name}…`;
    void run(label, async () => {
      await source.upload(folder, file, (sent) => setBusy(label + percent(sent, file.size)));
      load(folder);
      return `Uploaded ${file.name} to ${folder}.`;
    });
  };

  return (
    <div className="space-y-3 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Breadcrumbs source={source} path={shown} onOpen={open} />
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonClass} onClick={() => load(shown)}>
            Refresh
          </button>
          <button type="button" className={buttonClass} onClick={() => onDownload(shown, 'directory')} disabled={Boolean(busy)}>
            Download folder ({source.folderArchive})
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
        <div className="flex items-center gap-3">
          <p role="status" className="text-sm text-slate-500">
            {busy}
          </p>
          <button type="button" className={rowButtonClass} onClick={() => running.current?.abort()}>
            Cancel
          </button>
        </div>
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
      {listing && !(stale && error) ? (
        <table aria-label="Files" className="w-full border-collapse text-left text-sm">
          <thead className="text-xs tracking-wide text-slate-500 uppercase dark:text-slate-400">
            <tr>
              <th className="border-b border-slate-200 py-2 font-medium dark:border-slate-800">Name</th>
              <th className="border-b border-slate-200 py-2 text-right font-medium dark:border-slate-800">Size</th>
              <th className="border-b border-slate-200 py-2 pl-6 font-medium dark:border-slate-800">Modified</th>
              <th className="border-b border-slate-200 py-2 pl-6 font-medium dark:border-slate-800">Mode</th>
              <th className="border-b border-slate-200 py-2 dark:border-slate-800">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.path !== '/' ? (
              <tr className="border-b border-slate-100 dark:border-slate-900">
                <td colSpan={5} className="py-1.5">
                  <FolderLink source={source} path={parentOf(listing.path)} onOpen={open} className="font-medium hover:underline">
                    ↑ ..
                  </FolderLink>
                </td>
              </tr>
            ) : null}
            {listing.entries.map((entry) => {
              const target = joinPath(listing.path, entry.name);
              return (
                <tr key={entry.name} data-file={entry.name} className="border-b border-slate-100 hover:bg-slate-100/70 dark:border-slate-900 dark:hover:bg-slate-900/70">
                  <td className="py-1.5 break-all">
                    <EntryName source={source} entry={entry} folder={listing.path} onOpen={open} />
                  </td>
                  <td className="py-1.5 text-right whitespace-nowrap tabular-nums text-slate-600 dark:text-slate-300">{entry.kind === 'symlink' ? '—' : formatBytes(entry.sizeBytes)}</td>
                  <td className="py-1.5 pl-6 whitespace-nowrap text-slate-500 dark:text-slate-400">{entry.modified ? formatRelative(entry.modified) : '—'}</td>
                  <td className="py-1.5 pl-6 font-mono text-xs">{modeString(entry.mode, entry.kind)}</td>
                  <td className="py-1.5 text-right whitespace-nowrap">
                    {entry.kind === 'file' && entry.sizeBytes <= VIEWABLE_BYTES ? (
                      <button type="button" className={`mr-3 ${rowButtonClass}`} disabled={Boolean(busy)} onClick={() => onView(target)} aria-label={`View ${entry.name}`}>
                        View
                      </button>
                    ) : null}
                    {entry.kind === 'file' || entry.kind === 'directory' ? (
                      <button type="button" className={rowButtonClass} disabled={Boolean(busy)} onClick={() => onDownload(target, entry.kind === 'file' ? 'file' : 'directory')} aria-label={`Download ${entry.name}`}>
                        {entry.kind === 'file' ? 'Download' : `Download .${source.folderArchive}`}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : error ? null : (
        <p className="text-sm text-slate-500">Loading…</p>
      )}
      {listing && !stale && listing.entries.length === 0 ? <p className="text-sm text-slate-500">This folder is empty.</p> : null}
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
