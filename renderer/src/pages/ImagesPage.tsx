import { useState } from 'react';
import type { EngineEvent, ImageSummary } from '../../../common/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { buttonClass, primaryButtonClass } from '../components/Modal';
import { LazyRunDialog } from '../components/containers/LazyRunDialog';
import { BuildDialog } from '../components/images/BuildDialog';
import { HistoryDialog } from '../components/images/HistoryDialog';
import { ImageActions, type ImageAction } from '../components/images/ImageActions';
import { imageRows, IMAGE_SORTS, type ImageFilter, type ImageSort } from '../components/images/image-rows';
import { InspectDialog } from '../components/images/InspectDialog';
import { LoadDialog } from '../components/images/LoadDialog';
import { PruneImagesDialog } from '../components/images/PruneImagesDialog';
import { PullDialog } from '../components/images/PullDialog';
import { PushDialog } from '../components/images/PushDialog';
import { RemoveImageDialog } from '../components/images/RemoveImageDialog';
import { SaveDialog } from '../components/images/SaveDialog';
import { BrowserLoadDialog, BrowserSaveDialog } from '../components/images/BrowserImageTransfer';
import { TagDialog } from '../components/images/TagDialog';
import { SearchBox, SortSelect, Toolbar } from '../components/system/Toolbar';
import { opensRow } from '../lib/row-click';
import { useLiveData } from '../hooks/useLiveData';
import { UpdateBadge } from '../components/updates/UpdateBadge';
import { UpdateDialog } from '../components/updates/UpdateDialog';
import { useImageUpdates } from '../components/updates/useImageUpdates';
import { formatBytes, formatRelative, shortId } from '../lib/format';
import { plural } from '../lib/plural';

type PageDialog = 'pull' | 'build' | 'load' | 'prune';
type Open = { kind: PageDialog } | { kind: ImageAction; image: ImageSummary };

const ROW_ACTIONS: ImageAction[] = ['run', 'tag', 'push', 'save', 'history', 'inspect', 'remove'];
/** Columns that fold away on a narrow list. */
const FOLDS = '@max-[48rem]:hidden';
const FILTERS: Record<ImageFilter, string> = { all: 'All images', tagged: 'Tagged', dangling: 'Dangling' };

/** Container events that change how many containers use an image. */
const countsChange = (event: EngineEvent) => event.type === 'image' || event.action === 'create' || event.action === 'destroy';

function ImageDialog({ open, close }: { open: Open; close(): void }) {
  if (!('image' in open)) {
    if (open.kind === 'pull') return <PullDialog onClose={close} />;
    if (open.kind === 'build') return <BuildDialog onClose={close} />;
    // In browser mode the archive goes through the browser (download, upload); the desktop app reads and writes paths.
    if (open.kind === 'load') return window.berth ? <LoadDialog onClose={close} /> : <BrowserLoadDialog onClose={close} />;
    return <PruneImagesDialog onClose={close} />;
  }
  const { image } = open;
  const name = image.tags[0] ?? shortId(image.id);
  switch (open.kind) {
    case 'run':
      return (
        <LazyRunDialog
          initialImage={image.tags[0] ?? image.id}
          onClose={close}
          onStarted={(id) => {
            close();
            window.location.hash = `#/containers/${id}`;
          }}
        />
      );
    case 'tag':
      return <TagDialog imageId={image.id} suggestion={image.tags[0]} onClose={close} />;
    case 'push':
      return <PushDialog tags={image.tags} onClose={close} />;
    case 'save':
      return window.berth ? <SaveDialog reference={image.tags[0] ?? image.id} onClose={close} /> : <BrowserSaveDialog reference={image.tags[0] ?? image.id} onClose={close} />;
    case 'history':
      return <HistoryDialog imageId={image.id} name={name} onClose={close} />;
    case 'inspect':
      return <InspectDialog imageId={image.id} name={name} onClose={close} />;
    case 'remove':
      return <RemoveImageDialog image={image} onClose={close} />;
  }
}

export function ImagesPage() {
  const { data, error } = useLiveData('images.list', {}, ['image', 'container'], countsChange);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<ImageFilter>('all');
  const [sort, setSort] = useState<ImageSort>('created');
  const [open, setOpen] = useState<Open>();
  const [updating, setUpdating] = useState<string>();
  const updates = useImageUpdates();
  const images = data ?? [];
  const rows = imageRows(images, filter, search, sort);
  const total = images.reduce((sum, image) => sum + image.sizeBytes, 0);
  const dangling = images.filter((image) => image.dangling).length;

  return (
    <>
      <PageHeader
        needsEngine
        title="Images"
        subtitle={data ? `${plural(images.length, 'image')}, ${formatBytes(total)}${dangling ? `, ${dangling} dangling` : ''}` : undefined}
      >
        <button type="button" className={buttonClass} onClick={() => setOpen({ kind: 'load' })}>
          Load
        </button>
        <button type="button" className={buttonClass} onClick={() => setOpen({ kind: 'prune' })}>
          Prune
        </button>
        <button type="button" className={buttonClass} onClick={() => setOpen({ kind: 'build' })}>
          Build
        </button>
        <button type="button" className={primaryButtonClass} onClick={() => setOpen({ kind: 'pull' })}>
          Pull
        </button>
      </PageHeader>
      <Toolbar>
        <SearchBox value={search} onChange={setSearch} label="Search images" />
        <label className="flex items-center gap-2 text-slate-600 dark:text-slate-300">
          Show
          <select aria-label="Show" value={filter} onChange={(event) => setFilter(event.target.value as ImageFilter)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900">
            {(Object.entries(FILTERS) as [ImageFilter, string][]).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <SortSelect value={sort} options={IMAGE_SORTS} onChange={setSort} />
        <div className="ml-auto flex items-center gap-2 text-slate-600 dark:text-slate-300">
          <span data-testid="updates-checked" className="text-xs">
            {updates.checking
              ? 'Checking registries…'
              : updates.state?.lastCheckAt
                ? `Updates checked ${formatRelative(updates.state.lastCheckAt)}`
                : 'Updates not checked yet'}
          </span>
          <select
            aria-label="Check for updates every"
            value={updates.state?.intervalHours ?? 6}
            onChange={(event) => void updates.setInterval(Number(event.target.value))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            {[
              [0, 'Never automatically'],
              [1, 'Every hour'],
              [6, 'Every 6 hours'],
              [24, 'Every day'],
              [168, 'Every week'],
            ].map(([hours, label]) => (
              <option key={hours} value={hours}>
                {label}
              </option>
            ))}
          </select>
          <button type="button" className={buttonClass} disabled={updates.checking} onClick={() => void updates.check()}>
            Check for updates
          </button>
        </div>
      </Toolbar>
      {updates.error ? <p role="alert" className="mx-6 mt-2 text-sm text-rose-700 dark:text-rose-300">{updates.error}</p> : null}
      {error && !data ? <ErrorNotice error={error} what="images" /> : null}
      {data && images.length === 0 ? (
        <EmptyState title="No images">Pull an image, build one from a Dockerfile, or load a .tar: it appears here.</EmptyState>
      ) : data && rows.length === 0 ? (
        <EmptyState title="No image matches">Change the search or the filter.</EmptyState>
      ) : (
        // The list folds by its own width: ID and Created go first, then the row's buttons move into its ⋮ menu.
        <div className="@container overflow-x-auto">
          <table aria-label="Images" className="w-full border-collapse text-left text-sm">
            <thead className="sticky top-0 bg-slate-50/95 text-xs uppercase tracking-wide text-slate-500 backdrop-blur dark:bg-slate-950/95 dark:text-slate-400">
              <tr>
                {['Repository:tag', 'ID', 'Size', 'Created', 'Containers'].map((header) => (
                  <th key={header} scope="col" className={`border-b border-slate-200 px-3 py-2 font-medium first:pl-6 dark:border-slate-800 ${header === 'ID' || header === 'Created' ? FOLDS : ''}`}>
                    {header}
                  </th>
                ))}
                <th scope="col" className="border-b border-slate-200 px-6 py-2 text-right font-medium dark:border-slate-800">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((image) => (
                // Images have no page of their own: a click on the row (not on one of its controls) opens its Inspect.
                <tr
                  key={image.id}
                  onClick={(event) => opensRow(event.target, window.getSelection()?.toString() ?? '') && setOpen({ kind: 'inspect', image })}
                  className="cursor-pointer border-b border-slate-100 hover:bg-slate-100/70 dark:border-slate-900 dark:hover:bg-slate-900/70"
                >
                  <td className="py-2 pl-6 pr-3 align-top">
                    {image.tags.length ? (
                      <ul>
                        {image.tags.map((tag) => (
                          <li key={tag} className="break-words font-medium">
                            {tag}
                          </li>
                        ))}
                        {updates.forImage(image.id).map((entry) => (
                          <li key={`update-${entry.reference}`} className="mt-1 flex flex-wrap items-center gap-2">
                            <UpdateBadge entry={entry} />
                            {entry.status === 'update-available' ? (
                              <button type="button" className={`${buttonClass} py-0.5 text-xs`} onClick={() => setUpdating(entry.reference)}>
                                Update {plural(entry.containers.length, 'container')}…
                              </button>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="italic text-slate-500">&lt;none&gt; (dangling)</span>
                    )}
                  </td>
                  <td className={`px-3 py-2 align-top font-mono text-xs ${FOLDS}`}>{shortId(image.id)}</td>
                  <td className="whitespace-nowrap px-3 py-2 align-top tabular-nums">{formatBytes(image.sizeBytes)}</td>
                  <td className={`whitespace-nowrap px-3 py-2 align-top text-slate-500 dark:text-slate-400 ${FOLDS}`}>{formatRelative(image.created * 1000)}</td>
                  <td className="px-3 py-2 align-top tabular-nums">{image.containers || <span className="text-slate-400">—</span>}</td>
                  <td className="py-1.5 pl-3 pr-6 align-top">
                    <ImageActions image={image} actions={ROW_ACTIONS} onAction={(kind) => setOpen({ kind, image })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open ? <ImageDialog open={open} close={() => setOpen(undefined)} /> : null}
      {updating ? <UpdateDialog reference={updating} onClose={() => setUpdating(undefined)} onDone={() => updates.refresh()} /> : null}
    </>
  );
}
